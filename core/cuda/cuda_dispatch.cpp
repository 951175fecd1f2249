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
}

bool kernelsAvailable() { return true; }

std::string cudaDeviceName() {
    cudaDeviceProp prop{};
    int device = 0;
    if (cudaGetDevice(&device) != cudaSuccess || cudaGetDeviceProperties(&prop, device) != cudaSuccess)
        return "unknown GPU";
    return prop.name;
}

void countAtLeastCuda(const double* sorted, std::int64_t n, const double* query, std::int64_t m,
                      std::int64_t* out) {
    cuda::launchCountAtLeast(sorted, n, query, m, out, c10::cuda::getCurrentCUDAStream());
    const cudaError_t err = cudaGetLastError();
    if (err != cudaSuccess) throw Error(std::string("CUDA kernel count_at_least: ") + cudaGetErrorString(err));
}

}  // namespace assay::core
