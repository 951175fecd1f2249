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

}  // namespace assay::core
