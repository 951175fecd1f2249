// Expert co-activation counts on the GPU (CPU twin: core/src/moe/coactivation_cpu.cpp).
// One thread per token row (grid-stride): checks its k indices, adds usage and the k(k−1)/2
// unordered pairs (i<j). For n <= 128 each block counts into shared memory (the strict upper
// triangle, n(n−1)/2 + n uint32 <= 33 KiB) and flushes once; beyond, atomics go to global memory.
#include <cuda_runtime.h>

#include <cstdint>

namespace assay::core::cuda {
namespace {

constexpr int kMaxK = 32;  // = detail::kMaxCudaK
constexpr int kSharedMaxN = 128;
constexpr int kThreads = 256;

__device__ __forceinline__ int triIndex(int i, int j, int n) {  // i < j
    return i * (2 * n - i - 1) / 2 + (j - i - 1);
}

// Loads row t; false (and *bad = 1) when an index is outside [0,n) or repeats.
__device__ __forceinline__ bool loadRow(const std::int32_t* __restrict__ idx, std::int64_t t, int k,
                                        int n, int* s, std::int32_t* bad) {
    const std::int32_t* row = idx + t * k;
    bool ok = true;
    for (int p = 0; p < k; ++p) {
        s[p] = row[p];
        ok &= static_cast<unsigned>(s[p]) < static_cast<unsigned>(n);
        for (int q = 0; q < p; ++q) ok &= s[q] != s[p];
    }
    if (!ok) *bad = 1;
    return ok;
}

__global__ void coactivationSharedKernel(const std::int32_t* __restrict__ idx, std::int64_t rows,
                                         int k, int n, unsigned long long* pairs,
                                         unsigned long long* usage, std::int32_t* bad) {
    extern __shared__ unsigned int hist[];  // [tri | usage]
    const int tri = n * (n - 1) / 2, cells = tri + n;
    for (int c = threadIdx.x; c < cells; c += blockDim.x) hist[c] = 0u;
    __syncthreads();
    int s[kMaxK];
    const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
    for (std::int64_t t = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
         t < rows; t += stride) {
        if (!loadRow(idx, t, k, n, s, bad)) continue;
        for (int p = 0; p < k; ++p) {
            atomicAdd(&hist[tri + s[p]], 1u);
            for (int q = p + 1; q < k; ++q) {
                const int a = min(s[p], s[q]), b = max(s[p], s[q]);
                atomicAdd(&hist[triIndex(a, b, n)], 1u);
            }
        }
    }
    __syncthreads();
    for (int c = threadIdx.x; c < n * n; c += blockDim.x) {
        const int i = c / n, j = c % n;
        if (i < j) {
            const unsigned int v = hist[triIndex(i, j, n)];
            if (v) atomicAdd(&pairs[c], static_cast<unsigned long long>(v));
        }
    }
    for (int i = threadIdx.x; i < n; i += blockDim.x)
        if (hist[tri + i]) atomicAdd(&usage[i], static_cast<unsigned long long>(hist[tri + i]));
}

__global__ void coactivationGlobalKernel(const std::int32_t* __restrict__ idx, std::int64_t rows,
                                         int k, int n, unsigned long long* pairs,
                                         unsigned long long* usage, std::int32_t* bad) {
    int s[kMaxK];
    const std::int64_t stride = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
    for (std::int64_t t = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
         t < rows; t += stride) {
        if (!loadRow(idx, t, k, n, s, bad)) continue;
        for (int p = 0; p < k; ++p) {
            atomicAdd(&usage[s[p]], 1ull);
            for (int q = p + 1; q < k; ++q) {
                const int a = min(s[p], s[q]), b = max(s[p], s[q]);
                atomicAdd(&pairs[static_cast<std::int64_t>(a) * n + b], 1ull);
            }
        }
    }
}

}  // namespace

// Returns false for k > kMaxK (the caller uses the CPU twin then).
bool launchCoactivation(const std::int32_t* idx, std::int64_t rows, int k, int n,
                        std::int64_t* pairs, std::int64_t* usage, std::int32_t* bad,
                        cudaStream_t stream) {
    if (k > kMaxK) return false;
    if (rows == 0) return true;
    int device = 0, sms = 1;
    cudaGetDevice(&device);
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
    const std::int64_t wanted = (rows + kThreads - 1) / kThreads;
    const auto blocks = static_cast<unsigned>(wanted < 8LL * sms ? wanted : 8LL * sms);
    auto* p = reinterpret_cast<unsigned long long*>(pairs);
    auto* u = reinterpret_cast<unsigned long long*>(usage);
    if (n <= kSharedMaxN) {
        const std::size_t shared =
            (static_cast<std::size_t>(n) * (n - 1) / 2 + n) * sizeof(unsigned int);
        coactivationSharedKernel<<<blocks, kThreads, shared, stream>>>(idx, rows, k, n, p, u, bad);
    } else {
        coactivationGlobalKernel<<<blocks, kThreads, 0, stream>>>(idx, rows, k, n, p, u, bad);
    }
    return true;
}

}  // namespace assay::core::cuda
