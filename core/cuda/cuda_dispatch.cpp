// Linked only when LibTorch has CUDA: checks a GPU is present and launches on LibTorch's stream.
#include <ATen/Context.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime.h>

#include "assay/core/error.h"
#include "cuda/kernels_available.h"

namespace assay::core {
namespace cuda {
void launchCountAtLeast(const double* sorted, std::int64_t n, const double* query, std::int64_t m,
                        std::int64_t* out, cudaStream_t stream);
bool launchCoactivation(const std::int32_t* idx, std::int64_t rows, int k, int n,
                        std::int64_t* pairs, std::int64_t* usage, std::int32_t* bad,
                        cudaStream_t stream);
}  // namespace cuda

bool kernelsAvailable() { return true; }

std::string cudaDeviceName() {
    cudaDeviceProp prop{};
    int device = 0;
    if (cudaGetDevice(&device) != cudaSuccess ||
        cudaGetDeviceProperties(&prop, device) != cudaSuccess)
        return "unknown GPU";
    return prop.name;
}

void countAtLeastCuda(const double* sorted, std::int64_t n, const double* query, std::int64_t m,
                      std::int64_t* out) {
    cuda::launchCountAtLeast(sorted, n, query, m, out, c10::cuda::getCurrentCUDAStream());
    const cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess)
        throw Error(std::string("CUDA kernel count_at_least: ") + cudaGetErrorString(err));
}

void coactivationCuda(const std::int32_t* idx, std::int64_t rows, int k, int n, std::int64_t* pairs,
                      std::int64_t* usage, std::int32_t* bad) {
    if (!cuda::launchCoactivation(idx, rows, k, n, pairs, usage, bad,
                                  c10::cuda::getCurrentCUDAStream()))
        throw Error("CUDA kernel coactivation: k = " + std::to_string(k) + " exceeds 32");
    const cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess)
        throw Error(std::string("CUDA kernel coactivation: ") + cudaGetErrorString(err));
}

}  // namespace assay::core
