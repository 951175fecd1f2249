#pragma once
// MoE routing traces held in memory (the demo's, or a small file's). Large trace files are read
// chunk by chunk from the memory map instead (see trace_source.h once it exists); both give the
// statistics the same LayerRouting rows.
#include <cstdint>
#include <string>
#include <vector>

namespace assay::core::moe {

// One MoE layer's routing of T tokens.
struct LayerRouting {
    std::int64_t tokens = 0;            // T
    int k = 0;                          // experts per token
    std::vector<std::int32_t> topkIdx;  // [T,k] row-major, each in [0, n), distinct within a row
    std::vector<float> topkWeight;      // [T,k] combine weights, or empty
    std::vector<float> routerLogits;    // [T,n] router logits, or empty (needed by C2R)
};

struct RoutingTrace {
    int numExperts = 0;                    // n
    int topK = 0;                          // k (same in every layer)
    std::vector<LayerRouting> layers;      // L layers
    std::vector<std::int32_t> domain;      // [T] domain per token, or empty
    std::vector<std::string> domainNames;  // index = domain id
    std::vector<std::int32_t> tokenIds;    // [T] or empty
    std::string model;                     // free text from the file's metadata
};

}  // namespace assay::core::moe
