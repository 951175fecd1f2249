// Built when LibTorch has no CUDA (or nvcc is missing): the kernels are never dispatched to.
#include "assay/core/error.h"
#include "cuda/kernels_available.h"

namespace assay::core {

bool kernelsAvailable() { return false; }
std::string cudaDeviceName() { return {}; }

void countAtLeastCuda(const double*, std::int64_t, const double*, std::int64_t, std::int64_t*) {
    throw Error("Assay was built without CUDA kernels");
}

void coactivationCuda(const std::int32_t*, std::int64_t, int, int, std::int64_t*, std::int64_t*,
                      std::int32_t*) {
    throw Error("Assay was built without CUDA kernels");
}

}  // namespace assay::core
