#pragma once
// Internal to the Pruning engine (LibTorch module): borrowed views as ATen tensors, fp32 chunks of
// half-precision data, the SwiGLU expert applied chunk by chunk over f, and per-expert token lists.
#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "prune_engine.h"

namespace assay::core::prune::engine {

// Rows of f converted per chunk for half-precision weights (~4M elements per matrix chunk), and
// tokens per chunk everywhere: both bound the working memory to a few tens of MB beyond the layer.
inline constexpr std::int64_t kChunkElements = std::int64_t{1} << 22;
inline constexpr std::int64_t kTokenChunk = 8192;

at::ScalarType scalarType(io::DType dtype);
// The view as a tensor over the borrowed memory (no copy; never written).
at::Tensor viewTensor(const WeightView& w);
at::Tensor inputTensor(const BlockInput& x);  // [rows, cols] over the whole matrix
// Whole (small) tensor in fp32: a view when already fp32, else a converted copy.
at::Tensor fp32(const at::Tensor& t);
// fp32 rows [begin, end) of the block input (after `select`).
at::Tensor inputRows(const BlockInput& x, std::int64_t begin, std::int64_t end);
// fp32 rows of the block input at the given positions (positions index the selected rows).
at::Tensor inputGather(const BlockInput& x, const std::int64_t* positions, std::int64_t count);

// Rows of f per chunk for this expert: all of f when the weights are fp32 (no copy), else a
// chunk of about kChunkElements elements per matrix.
std::int64_t fChunkRows(const ExpertWeights& e);
struct ExpertChunk {
    at::Tensor gate, up, down;  // fp32 [c,d], [c,d], [d,c]
};
ExpertChunk expertChunk(const ExpertWeights& e, std::int64_t f0, std::int64_t f1);

// A = down · (silu(gate · x) ⊙ (up · x)) for x [t,d] fp32, summed over the f chunks.
at::Tensor applyExpert(const ExpertWeights& e, const at::Tensor& x);

// Tokens routed to each expert (positions in the block input, ascending) and their weights.
struct ExpertTokens {
    std::vector<std::vector<std::int64_t>> rows;  // n
    std::vector<std::vector<float>> weight;       // n
};
ExpertTokens expertTokens(const Routing& r, int n);

at::Tensor droppedMask(const std::vector<bool>& kept);  // bool [n], true where dropped

}  // namespace assay::core::prune::engine
