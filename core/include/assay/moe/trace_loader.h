#pragma once
// Routing traces from safetensors files (format in the README, "Experts" view):
//   layers.{l}.topk_idx      integer (I64/I32/I16/U8) [T,k]  selected experts, distinct per row
//   layers.{l}.topk_weight   float [T,k]                      optional combine weights
//   layers.{l}.router_logits float [T,n]                      optional; top-k is derived from it
//                                                             when topk_idx is absent
//   token_ids, domain        integer [T]                      optional
//   __metadata__: num_experts, top_k, model, domain_names (a JSON list of strings)
// Layers are numbered 0..L-1 without gaps. Every error is an InputError naming the file, the
// tensor (so the layer) and what was expected.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "assay/core/shard.h"
#include "assay/jobs/job_context.h"
#include "assay/moe/routing_trace.h"

namespace assay::core::moe {

// A trace read chunk by chunk from the memory map, for files larger than memory. open() checks
// names, dtypes and shapes (k equal in every layer, T equal in every tensor); expert indices
// are checked as the chunks are read. When the metadata lacks num_experts, open() scans every
// topk_idx once to infer n = max index + 1 and says so in warnings().
//
// `layers` (empty = all) opens only those layers: the others' tensors are neither checked nor
// read (their bytes in the map are never touched), so `coactivation --layers 3` costs one layer
// and a fault elsewhere in the file does not stop it. forEachChunk() on another layer is a
// ParameterError; an index outside the trace's layers is one at open() ("--layers").
//
// Router logits, where a layer has them, are checked finite as its chunks are read (also beside
// topk_idx): an InputError names the tensor, the row (counted from 1) and the expert.
class TraceSource {
public:
    static TraceSource open(const std::filesystem::path& path, const std::vector<int>& layers = {});

    TraceSource(TraceSource&&) noexcept;
    TraceSource& operator=(TraceSource&&) noexcept;
    ~TraceSource();

    const std::filesystem::path& path() const;
    int layerCount() const;
    std::int64_t tokens() const;  // T
    int k() const;
    int numExperts() const;  // n
    const std::string& model() const;
    const std::vector<std::string>& domainNames() const;
    bool hasDomain() const;
    bool hasWeights(int layer) const;
    bool hasLogits(int layer) const;
    // Set when something was inferred rather than read ("num_experts missing: inferred 64").
    const std::vector<std::string>& warnings() const;

    // Calls fn(idx, rows) for consecutive chunks of layer's indices: idx is [rows,k] int32,
    // row-major, valid only during the call; rows <= chunkTokens. From topk_idx when present,
    // else the top-k of router_logits (ties to the lower index, order by descending logit).
    // Reports progress(rows done, T) after each chunk (so cancels between chunks). Throws
    // InputError naming the tensor and row (from 1) for an index outside [0,n), a repeated
    // expert or a non-finite logit.
    using ChunkFn = std::function<void(const std::int32_t* idx, std::int64_t rows)>;
    void forEachChunk(int layer, std::int64_t chunkTokens, const ChunkFn& fn,
                      JobContext& job) const;
    // The same over rows [rows.begin, rows.end) only (a shard's); progress counts those rows,
    // error messages the row in the whole trace. ParameterError for a range outside [0, T].
    void forEachChunk(int layer, std::int64_t chunkTokens, const ChunkFn& fn, JobContext& job,
                      RowRange rows) const;

    // Whole optional tensors, converted (in memory: [T,k], [T,n], [T]); empty when absent.
    std::vector<float> weights(int layer) const;
    std::vector<float> logits(int layer) const;
    std::vector<std::int32_t> domain() const;  // checked to lie in [0, D)
    std::vector<std::int32_t> tokenIds() const;

    struct Impl;

private:
    explicit TraceSource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The whole trace in memory (for small files, the demo's size): every layer's indices, weights
// and logits when present, domain and token ids. Progress counts layers.
RoutingTrace loadTrace(const std::filesystem::path& path, JobContext& job = JobContext::none());

}  // namespace assay::core::moe
