#pragma once
// Internal to core: whether Assay's CUDA kernels are linked in, and the raw-pointer launchers.
#include <cstdint>
#include <string>

namespace assay::core {

bool kernelsAvailable();
std::string cudaDeviceName();

// For each query q[j]: out[j] = #{ i : sorted[i] >= q[j] } over an ascending array.
// Device pointers; runs on the current CUDA stream of LibTorch. Only valid when
// kernelsAvailable(); CPU twin: conformal/count_at_least.cpp.
void countAtLeastCuda(const double* sortedDevice, std::int64_t n, const double* queryDevice,
                      std::int64_t m, std::int64_t* outDevice);

// Co-activation counts of idxDevice [rows,k] int32 (k <= 32): pairsDevice[i*n+j] (i<j) += tokens
// choosing both, usageDevice[i] += tokens choosing i (both zeroed by the caller), *badDevice = 1
// for an index outside [0,n) or a repeated expert. Device pointers, LibTorch's current stream. CPU
// twin: moe/coactivation_cpu.cpp.
void coactivationCuda(const std::int32_t* idxDevice, std::int64_t rows, int k, int n,
                      std::int64_t* pairsDevice, std::int64_t* usageDevice,
                      std::int32_t* badDevice);

}  // namespace assay::core
