// Conformal p-value counting on the GPU: one thread per query, binary search in the sorted
// calibration statistics (lower bound of q gives the count of values >= q).
#include <cuda_runtime.h>

#include <cstdint>

namespace assay::core::cuda {

__global__ void countAtLeastKernel(const double* __restrict__ sorted, std::int64_t n,
                                   const double* __restrict__ query, std::int64_t m,
                                   std::int64_t* __restrict__ out) {
    const std::int64_t j = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
    if (j >= m) return;
    const double q = query[j];
    std::int64_t lo = 0, hi = n;
    while (lo < hi) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < q)
            lo = mid + 1;
        else
            hi = mid;
    }
    out[j] = n - lo;
}

void launchCountAtLeast(const double* sorted, std::int64_t n, const double* query, std::int64_t m,
                        std::int64_t* out, cudaStream_t stream) {
    if (m == 0) return;
    constexpr int kThreads = 256;
    const auto blocks = static_cast<unsigned>((m + kThreads - 1) / kThreads);
    countAtLeastKernel<<<blocks, kThreads, 0, stream>>>(sorted, n, query, m, out);
}

}  // namespace assay::core::cuda
