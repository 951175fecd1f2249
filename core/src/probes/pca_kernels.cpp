// A portable entry and an AVX2+FMA entry (chosen at run time). Every step is one fused
// multiply-add (std::fma, the FMA instruction on AVX2), rounding once, in the same order per
// output element, so both entries give the same bits. This file is compiled with
// -ffp-contract=off (analysis.cmake): no other multiply-add is fused behind our back.
#include "pca_kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>

namespace assay::core::probes::detail {
namespace {

// R rows of Y, columns [c0, c0 + kTile): Σ_j x[r][j] · q[j][c], j ascending.
template <int R>
inline void projectTile(const double* x, std::int64_t d, const double* q, std::int64_t kp,
                        std::int64_t c0, double* y) {
    double acc[R][kTile] = {};
    for (std::int64_t j = 0; j < d; ++j) {
        const double* qj = q + j * kp + c0;
        for (int r = 0; r < R; ++r) {
            const double v = x[r * d + j];
            for (int c = 0; c < kTile; ++c) acc[r][c] = std::fma(v, qj[c], acc[r][c]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < kTile; ++c) y[r * kp + c0 + c] = acc[r][c];
}

// R rows of G starting at j, columns [c0, c0 + kTile): += Σ_i x[i][j + r] · y[i][c], i ascending.
template <int R>
inline void accumulateTile(const double* x, std::int64_t rows, std::int64_t d, const double* y,
                           std::int64_t kp, double* g, std::int64_t j, std::int64_t c0) {
    double acc[R][kTile];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < kTile; ++c) acc[r][c] = g[(j + r) * kp + c0 + c];
    for (std::int64_t i = 0; i < rows; ++i) {
        const double* yi = y + i * kp + c0;
        const double* xi = x + i * d + j;
        for (int r = 0; r < R; ++r) {
            const double v = xi[r];
            for (int c = 0; c < kTile; ++c) acc[r][c] = std::fma(v, yi[c], acc[r][c]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < kTile; ++c) g[(j + r) * kp + c0 + c] = acc[r][c];
}

inline void projectRows(const double* x, std::int64_t rows, std::int64_t d, const double* q,
                        std::int64_t kp, double* y) {
    std::int64_t i = 0;
    for (; i + 4 <= rows; i += 4)
        for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
            projectTile<4>(x + i * d, d, q, kp, c0, y + i * kp);
    for (; i < rows; ++i)
        for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
            projectTile<1>(x + i * d, d, q, kp, c0, y + i * kp);
}

inline void accumulateColumns(const double* x, std::int64_t rows, std::int64_t d, const double* y,
                              std::int64_t kp, double* g, std::int64_t j0, std::int64_t j1) {
    std::int64_t j = j0;
    for (; j + 4 <= j1; j += 4)
        for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
            accumulateTile<4>(x, rows, d, y, kp, g, j, c0);
    for (; j < j1; ++j)
        for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
            accumulateTile<1>(x, rows, d, y, kp, g, j, c0);
}

__attribute__((flatten)) void projectPortable(const double* x, std::int64_t rows, std::int64_t d,
                                              const double* q, std::int64_t kp, double* y) {
    projectRows(x, rows, d, q, kp, y);
}
__attribute__((flatten)) void accumulatePortable(const double* x, std::int64_t rows, std::int64_t d,
                                                 const double* y, std::int64_t kp, double* g,
                                                 std::int64_t j0, std::int64_t j1) {
    accumulateColumns(x, rows, d, y, kp, g, j0, j1);
}

// The AVX2 tiles: the same fused steps as the templates above, R rows × 8 columns in 2R
// registers, written with intrinsics (the compiler's own vectorisation of the templates spills).
template <int R>
__attribute__((target("avx2,fma"))) inline void projectTileAvx2(const double* x, std::int64_t d,
                                                                const double* q, std::int64_t kp,
                                                                std::int64_t c0, std::int64_t j0,
                                                                std::int64_t j1, double* y) {
    __m256d lo[R], hi[R];
    for (int r = 0; r < R; ++r) {
        lo[r] = j0 ? _mm256_loadu_pd(y + r * kp + c0) : _mm256_setzero_pd();
        hi[r] = j0 ? _mm256_loadu_pd(y + r * kp + c0 + 4) : _mm256_setzero_pd();
    }
    for (std::int64_t j = j0; j < j1; ++j) {
        const __m256d q0 = _mm256_loadu_pd(q + j * kp + c0),
                      q1 = _mm256_loadu_pd(q + j * kp + c0 + 4);
        for (int r = 0; r < R; ++r) {
            const __m256d v = _mm256_broadcast_sd(x + r * d + j);
            lo[r] = _mm256_fmadd_pd(v, q0, lo[r]);
            hi[r] = _mm256_fmadd_pd(v, q1, hi[r]);
        }
    }
    for (int r = 0; r < R; ++r) {
        _mm256_storeu_pd(y + r * kp + c0, lo[r]);
        _mm256_storeu_pd(y + r * kp + c0 + 4, hi[r]);
    }
}

template <int R>
__attribute__((target("avx2,fma"))) inline void accumulateTileAvx2(const double* x, std::int64_t i0,
                                                                   std::int64_t i1, std::int64_t d,
                                                                   const double* y, std::int64_t kp,
                                                                   double* g, std::int64_t j,
                                                                   std::int64_t c0) {
    __m256d lo[R], hi[R];
    for (int r = 0; r < R; ++r) {
        lo[r] = _mm256_loadu_pd(g + (j + r) * kp + c0);
        hi[r] = _mm256_loadu_pd(g + (j + r) * kp + c0 + 4);
    }
    for (std::int64_t i = i0; i < i1; ++i) {
        const __m256d y0 = _mm256_loadu_pd(y + i * kp + c0),
                      y1 = _mm256_loadu_pd(y + i * kp + c0 + 4);
        for (int r = 0; r < R; ++r) {
            const __m256d v = _mm256_broadcast_sd(x + i * d + j + r);
            lo[r] = _mm256_fmadd_pd(v, y0, lo[r]);
            hi[r] = _mm256_fmadd_pd(v, y1, hi[r]);
        }
    }
    for (int r = 0; r < R; ++r) {
        _mm256_storeu_pd(g + (j + r) * kp + c0, lo[r]);
        _mm256_storeu_pd(g + (j + r) * kp + c0 + 4, hi[r]);
    }
}

// Cache blocking: Q in chunks of kChunkD rows (kChunkD × kp doubles stay in L2 while 4 rows of X
// pass over them), X and Y in chunks of kChunkRows rows for G. Sums keep their ascending order.
constexpr std::int64_t kChunkD = 256, kChunkRows = 64;

__attribute__((target("avx2,fma"))) void projectAvx2(const double* x, std::int64_t rows,
                                                     std::int64_t d, const double* q,
                                                     std::int64_t kp, double* y) {
    for (std::int64_t j0 = 0; j0 < d; j0 += kChunkD) {
        const std::int64_t j1 = std::min(d, j0 + kChunkD);
        std::int64_t i = 0;
        for (; i + 4 <= rows; i += 4)
            for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
                projectTileAvx2<4>(x + i * d, d, q, kp, c0, j0, j1, y + i * kp);
        for (; i < rows; ++i)
            for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
                projectTileAvx2<1>(x + i * d, d, q, kp, c0, j0, j1, y + i * kp);
    }
}

__attribute__((target("avx2,fma"))) void accumulateAvx2(const double* x, std::int64_t rows,
                                                        std::int64_t d, const double* y,
                                                        std::int64_t kp, double* g, std::int64_t j0,
                                                        std::int64_t j1) {
    for (std::int64_t i0 = 0; i0 < rows; i0 += kChunkRows) {
        const std::int64_t i1 = std::min(rows, i0 + kChunkRows);
        std::int64_t j = j0;
        for (; j + 4 <= j1; j += 4)
            for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
                accumulateTileAvx2<4>(x, i0, i1, d, y, kp, g, j, c0);
        for (; j < j1; ++j)
            for (std::int64_t c0 = 0; c0 < kp; c0 += kTile)
                accumulateTileAvx2<1>(x, i0, i1, d, y, kp, g, j, c0);
    }
}

bool haveAvx2Fma() {
    static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return ok;
}

}  // namespace

void projectBlock(const double* x, std::int64_t rows, std::int64_t d, const double* q,
                  std::int64_t kp, double* y) {
    if (haveAvx2Fma())
        projectAvx2(x, rows, d, q, kp, y);
    else
        projectPortable(x, rows, d, q, kp, y);
}

void accumulateBlock(const double* x, std::int64_t rows, std::int64_t d, const double* y,
                     std::int64_t kp, double* g, std::int64_t j0, std::int64_t j1) {
    if (haveAvx2Fma())
        accumulateAvx2(x, rows, d, y, kp, g, j0, j1);
    else
        accumulatePortable(x, rows, d, y, kp, g, j0, j1);
}

void projectBlockPortable(const double* x, std::int64_t rows, std::int64_t d, const double* q,
                          std::int64_t kp, double* y) {
    projectPortable(x, rows, d, q, kp, y);
}

void accumulateBlockPortable(const double* x, std::int64_t rows, std::int64_t d, const double* y,
                             std::int64_t kp, double* g, std::int64_t j0, std::int64_t j1) {
    accumulatePortable(x, rows, d, y, kp, g, j0, j1);
}

}  // namespace assay::core::probes::detail
