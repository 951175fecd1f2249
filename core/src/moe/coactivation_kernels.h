#pragma once
// Internal to core/src/moe: the device twins behind coactivationCounts().
#include <cstdint>
#include <vector>

namespace assay::core::moe::detail {

// Raw counts of one batch of rows. pairs[a*n+b] counts the tokens whose row holds a and b with
// a in an earlier slot than b (CPU) or a < b (CUDA); C_ij = pairs_ij + pairs_ji for i != j.
// bad: some index lies outside [0,n) or a row repeats an expert (the caller finds which).
struct PairCounts {
    std::vector<std::int64_t> pairs;  // [n,n]
    std::vector<std::int64_t> usage;  // [n]
    bool bad = false;
};

// parallelFor workers (up to computeThreads()), each with its own 32-bit histogram (flushed
// before it could wrap), merged in worker order.
PairCounts countPairsCpu(const std::int32_t* idx, std::int64_t rows, int k, int n);

// Only when the CUDA kernels are linked in and k <= kMaxCudaK.
inline constexpr int kMaxCudaK = 32;
PairCounts countPairsCuda(const std::int32_t* idx, std::int64_t rows, int k, int n);

}  // namespace assay::core::moe::detail
