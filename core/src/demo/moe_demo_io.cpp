// The demo trace (or any in-memory trace) as a safetensors file the trace loader reads back.
#include <cstring>
#include <nlohmann/json.hpp>

#include "assay/demo/moe_demo.h"
#include "assay/io/safetensors.h"

namespace assay::core::moe {
namespace {

io::TensorToWrite floats(std::string name, const std::vector<float>& v,
                         std::vector<std::int64_t> shape) {
    io::TensorToWrite t{std::move(name), io::DType::F32, std::move(shape),
                        std::vector<unsigned char>(v.size() * 4)};
    if (!v.empty()) std::memcpy(t.bytes.data(), v.data(), t.bytes.size());  // little-endian host
    return t;
}

template <typename I>
io::TensorToWrite ints(std::string name, const std::vector<I>& v, std::vector<std::int64_t> shape) {
    return io::tensorFromInt64(std::move(name), std::vector<std::int64_t>(v.begin(), v.end()),
                               std::move(shape));
}

}  // namespace

void writeRoutingTrace(const RoutingTrace& trace, const std::filesystem::path& path) {
    std::vector<io::TensorToWrite> t;
    for (std::size_t l = 0; l < trace.layers.size(); ++l) {
        const LayerRouting& r = trace.layers[l];
        const std::string p = "layers." + std::to_string(l) + ".";
        t.push_back(ints(p + "topk_idx", r.topkIdx, {r.tokens, r.k}));
        if (!r.topkWeight.empty())
            t.push_back(floats(p + "topk_weight", r.topkWeight, {r.tokens, r.k}));
        if (!r.routerLogits.empty())
            t.push_back(floats(p + "router_logits", r.routerLogits, {r.tokens, trace.numExperts}));
    }
    if (!trace.domain.empty())
        t.push_back(ints("domain", trace.domain, {static_cast<std::int64_t>(trace.domain.size())}));
    if (!trace.tokenIds.empty())
        t.push_back(
            ints("token_ids", trace.tokenIds, {static_cast<std::int64_t>(trace.tokenIds.size())}));
    io::writeSafetensors(path, t,
                         {{"num_experts", std::to_string(trace.numExperts)},
                          {"top_k", std::to_string(trace.topK)},
                          {"model", trace.model},
                          {"domain_names", nlohmann::json(trace.domainNames).dump()}});
}

}  // namespace assay::core::moe
