#include "row_kernels.h"

#include <cstdint>

#include "assay/io/chunked_reader.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace assay::core::probes::detail {
namespace {

// Plain loops with the same structure as the AVX2 ones (eight partial sums per row, lanes
// summed pairwise at the end), for CPUs without AVX2 / FMA.
void dotsPlain(const float* const* rows, int count, std::int64_t cols, const double* w,
               double* out) {
    for (int r = 0; r < count; ++r) {
        double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        const float* x = rows[r];
        std::int64_t j = 0;
        for (; j + 8 <= cols; j += 8)
            for (int k = 0; k < 8; ++k) acc[k] += static_cast<double>(x[j + k]) * w[j + k];
        double tail = 0;
        for (; j < cols; ++j) tail += static_cast<double>(x[j]) * w[j];
        out[r] =
            (((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))) +
            tail;
    }
}

void accumulatePlain(const float* const* rows, const double* coef, int count, std::int64_t cols,
                     double* g) {
    for (std::int64_t j = 0; j < cols; ++j) {
        double acc = g[j];
        for (int r = 0; r < count; ++r) acc += coef[r] * static_cast<double>(rows[r][j]);
        g[j] = acc;
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) inline __m256d lowHalf(__m256 x) {
    return _mm256_cvtps_pd(_mm256_castps256_ps128(x));
}
__attribute__((target("avx2,fma"))) inline __m256d highHalf(__m256 x) {
    return _mm256_cvtps_pd(_mm256_extractf128_ps(x, 1));
}

// Lane k of acc0 / acc1 holds the sums of columns ≡ k / k + 4 (mod 8), as in dotsPlain.
__attribute__((target("avx2,fma"))) double finishDot(__m256d acc0, __m256d acc1, double tail) {
    alignas(32) double a[4], b[4];
    _mm256_store_pd(a, acc0);
    _mm256_store_pd(b, acc1);
    return (((a[0] + b[0]) + (a[1] + b[1])) + ((a[2] + b[2]) + (a[3] + b[3]))) + tail;
}

// Four rows at a time, so each pair of weight vectors loaded serves four rows.
__attribute__((target("avx2,fma"))) void dotsAvx2(const float* const* rows, int count,
                                                  std::int64_t cols, const double* w, double* out) {
    const std::int64_t body = cols / 8 * 8;
    int r = 0;
    for (; r + 4 <= count; r += 4) {
        __m256d a[4][2];
        for (auto& p : a) p[0] = p[1] = _mm256_setzero_pd();
        for (std::int64_t j = 0; j < body; j += 8) {
            const __m256d w0 = _mm256_loadu_pd(w + j), w1 = _mm256_loadu_pd(w + j + 4);
            for (int k = 0; k < 4; ++k) {
                const __m256 x = _mm256_loadu_ps(rows[r + k] + j);
                a[k][0] = _mm256_fmadd_pd(lowHalf(x), w0, a[k][0]);
                a[k][1] = _mm256_fmadd_pd(highHalf(x), w1, a[k][1]);
            }
        }
        for (int k = 0; k < 4; ++k) {
            double tail = 0;
            for (std::int64_t j = body; j < cols; ++j)
                tail += static_cast<double>(rows[r + k][j]) * w[j];
            out[r + k] = finishDot(a[k][0], a[k][1], tail);
        }
    }
    for (; r < count; ++r) {
        __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
        for (std::int64_t j = 0; j < body; j += 8) {
            const __m256 x = _mm256_loadu_ps(rows[r] + j);
            a0 = _mm256_fmadd_pd(lowHalf(x), _mm256_loadu_pd(w + j), a0);
            a1 = _mm256_fmadd_pd(highHalf(x), _mm256_loadu_pd(w + j + 4), a1);
        }
        double tail = 0;
        for (std::int64_t j = body; j < cols; ++j) tail += static_cast<double>(rows[r][j]) * w[j];
        out[r] = finishDot(a0, a1, tail);
    }
}

// Eight columns of g held in registers while every row of the block adds to them.
__attribute__((target("avx2,fma"))) void accumulateAvx2(const float* const* rows,
                                                        const double* coef, int count,
                                                        std::int64_t cols, double* g) {
    __m256d c[kBlockRows];
    for (int r = 0; r < count; ++r) c[r] = _mm256_set1_pd(coef[r]);
    const std::int64_t body = cols / 8 * 8;
    for (std::int64_t j = 0; j < body; j += 8) {
        __m256d g0 = _mm256_loadu_pd(g + j), g1 = _mm256_loadu_pd(g + j + 4);
        for (int r = 0; r < count; ++r) {
            const __m256 x = _mm256_loadu_ps(rows[r] + j);
            g0 = _mm256_fmadd_pd(c[r], lowHalf(x), g0);
            g1 = _mm256_fmadd_pd(c[r], highHalf(x), g1);
        }
        _mm256_storeu_pd(g + j, g0);
        _mm256_storeu_pd(g + j + 4, g1);
    }
    for (std::int64_t j = body; j < cols; ++j) {
        double acc = g[j];
        for (int r = 0; r < count; ++r) acc += coef[r] * static_cast<double>(rows[r][j]);
        g[j] = acc;
    }
}

bool haveAvx2Fma() {
    static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return ok;
}
#endif

}  // namespace

void blockDots(const float* const* rows, int count, std::int64_t cols, const double* w,
               double* out) {
#if defined(__x86_64__)
    if (haveAvx2Fma()) return dotsAvx2(rows, count, cols, w, out);
#endif
    dotsPlain(rows, count, cols, w, out);
}

void blockAccumulate(const float* const* rows, const double* coef, int count, std::int64_t cols,
                     double* g) {
#if defined(__x86_64__)
    if (haveAvx2Fma()) return accumulateAvx2(rows, coef, count, cols, g);
#endif
    accumulatePlain(rows, coef, count, cols, g);
}

void loadBlock(const RowView& X, std::int64_t first, int count, std::vector<float>& buffer,
               const float** ptrs) {
    const std::int64_t cols = X.cols;
    if (buffer.size() < static_cast<std::size_t>(count * cols))
        buffer.resize(static_cast<std::size_t>(count * cols));
    for (int r = 0; r < count; ++r) {
        const unsigned char* p = X.rows[static_cast<std::size_t>(first + r)];
        // A float row of the map is read in place when it is aligned (safetensors data usually
        // is); otherwise copied, so no load is misaligned.
        if (X.dtype == io::DType::F32 &&
            reinterpret_cast<std::uintptr_t>(p) % alignof(float) == 0) {
            ptrs[r] = reinterpret_cast<const float*>(p);
            continue;
        }
        float* out = buffer.data() + r * cols;
        io::convertElements(p, X.dtype, 0, cols, out);
        ptrs[r] = out;
    }
}

}  // namespace assay::core::probes::detail
