// The inner loops of token_reduction.h (see reduction_kernels.h). Every loop keeps a fixed
// summation order per lane, so the AVX2 code and the portable fallback give the same bits; this
// file is compiled with -ffp-contract=off (methods.cmake) so no multiply-add is fused behind our
// back, and the Gram matrix fuses them explicitly (std::fma in the fallback, the FMA instruction
// in the AVX2 path: both round once).
#include "reduction_kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace assay::core::tokens::detail {
namespace {

constexpr int kLanes = 8;
constexpr int kChunk = 128;  // channels per fp32 block of the Gram matrix

bool haveAvx2Fma() {
    static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return ok;
}
bool haveF16c() {
    static const bool ok = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
    return ok;
}

// Eight fp32 lanes reduced in the order the AVX2 path uses: (l0+l4 + l2+l6) + (l1+l5 + l3+l7).
float laneSum(const float* l) {
    const float t0 = l[0] + l[4], t1 = l[1] + l[5], t2 = l[2] + l[6], t3 = l[3] + l[7];
    return (t0 + t2) + (t1 + t3);
}

// One Gram entry over channels [0, len): lanes of fused products, then the tail in order.
float chunkDotPortable(const float* a, const float* b, int len) {
    float l[kLanes] = {};
    const int body = len / kLanes * kLanes;
    for (int c = 0; c < body; c += kLanes)
        for (int k = 0; k < kLanes; ++k) l[k] = std::fma(a[c + k], b[c + k], l[k]);
    float s = laneSum(l);
    for (int c = body; c < len; ++c) s = std::fma(a[c], b[c], s);
    return s;
}

__attribute__((target("avx2,fma"))) float hsum256(__m256 v) {
    const __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    return _mm_cvtss_f32(_mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 0x55)));
}

__attribute__((target("avx2,fma"))) float chunkDotAvx2(const float* a, const float* b, int len) {
    __m256 acc = _mm256_setzero_ps();
    const int body = len / kLanes * kLanes;
    for (int c = 0; c < body; c += kLanes)
        acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + c), _mm256_loadu_ps(b + c), acc);
    float s = hsum256(acc);
    for (int c = body; c < len; ++c) s = std::fma(a[c], b[c], s);
    return s;
}

// A 3 × 4 tile of Gram entries over one channel block (12 accumulators, the rows' loads shared).
__attribute__((target("avx2,fma"))) void tile34Avx2(const float* x, std::size_t dim, int i0, int j0,
                                                    int c0, int len, double* gram, int rows) {
    const float* a0 = x + (i0 + 0) * dim + c0;
    const float* a1 = x + (i0 + 1) * dim + c0;
    const float* a2 = x + (i0 + 2) * dim + c0;
    const float* b[4];
    for (int j = 0; j < 4; ++j) b[j] = x + (j0 + j) * dim + c0;
    __m256 acc[3][4];
    for (auto& r : acc)
        for (__m256& v : r) v = _mm256_setzero_ps();
    const int body = len / kLanes * kLanes;
    for (int c = 0; c < body; c += kLanes) {
        const __m256 va0 = _mm256_loadu_ps(a0 + c), va1 = _mm256_loadu_ps(a1 + c),
                     va2 = _mm256_loadu_ps(a2 + c);
        for (int j = 0; j < 4; ++j) {
            const __m256 vb = _mm256_loadu_ps(b[j] + c);
            acc[0][j] = _mm256_fmadd_ps(va0, vb, acc[0][j]);
            acc[1][j] = _mm256_fmadd_ps(va1, vb, acc[1][j]);
            acc[2][j] = _mm256_fmadd_ps(va2, vb, acc[2][j]);
        }
    }
    const float* a[3] = {a0, a1, a2};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j) {
            float s = hsum256(acc[i][j]);
            for (int c = body; c < len; ++c) s = std::fma(a[i][c], b[j][c], s);
            gram[static_cast<std::size_t>(i0 + i) * rows + (j0 + j)] += static_cast<double>(s);
        }
}

}  // namespace

__attribute__((target_clones("avx2", "default"))) void inverseNorms(const float* x, int rows,
                                                                    int dim, double* out) {
    for (int r = 0; r < rows; ++r) {
        const float* v = x + static_cast<std::size_t>(r) * dim;
        double l[kLanes] = {};
        const int body = dim / kLanes * kLanes;
        for (int c = 0; c < body; c += kLanes)
            for (int k = 0; k < kLanes; ++k) l[k] += double(v[c + k]) * double(v[c + k]);
        double s = ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
        for (int c = body; c < dim; ++c) s += double(v[c]) * double(v[c]);
        out[r] = s > 0 ? 1.0 / std::sqrt(s) : 0.0;
    }
}

__attribute__((target_clones("avx2", "default"))) double groupCosineMean(const float* x, int dim,
                                                                         const int* members, int k,
                                                                         const double* invNorm,
                                                                         double* acc) {
    if (k < 2) return std::nan("");
    std::fill(acc, acc + dim, 0.0);
    int nonzero = 0;
    for (int m = 0; m < k; ++m) {
        const double s = invNorm[members[m]];
        if (s == 0) continue;
        ++nonzero;
        const float* v = x + static_cast<std::size_t>(members[m]) * dim;
        for (int c = 0; c < dim; ++c) acc[c] += static_cast<double>(v[c]) * s;
    }
    double l[4] = {};
    const int body = dim / 4 * 4;
    for (int c = 0; c < body; c += 4)
        for (int q = 0; q < 4; ++q) l[q] += acc[c + q] * acc[c + q];
    double sq = (l[0] + l[2]) + (l[1] + l[3]);
    for (int c = body; c < dim; ++c) sq += acc[c] * acc[c];
    return (sq - nonzero) / (static_cast<double>(k) * (k - 1));
}

__attribute__((target_clones("avx2", "default"))) void interleaveRows(const float* const* rows,
                                                                      int k, int dim, float* out) {
    if (k == 4) {  // the 2×2 window and groups of four: the common case, written out
        const float *r0 = rows[0], *r1 = rows[1], *r2 = rows[2], *r3 = rows[3];
        for (int c = 0; c < dim; ++c) {
            out[4 * c + 0] = r0[c];
            out[4 * c + 1] = r1[c];
            out[4 * c + 2] = r2[c];
            out[4 * c + 3] = r3[c];
        }
        return;
    }
    for (int j = 0; j < k; ++j) {
        const float* r = rows[j];
        for (int c = 0; c < dim; ++c) out[static_cast<std::size_t>(c) * k + j] = r[c];
    }
}

__attribute__((target_clones("avx2", "default"))) void meanRows(const float* const* rows, int k,
                                                                int dim, float* out, double* acc) {
    std::fill(acc, acc + dim, 0.0);
    for (int j = 0; j < k; ++j) {
        const float* r = rows[j];
        for (int c = 0; c < dim; ++c) acc[c] += static_cast<double>(r[c]);
    }
    const double inv = 1.0 / k;
    for (int c = 0; c < dim; ++c) out[c] = static_cast<float>(acc[c] * inv);
}

__attribute__((target_clones("avx2", "default"))) double dotDouble(const float* a, const float* b,
                                                                   int n) {
    double l[kLanes] = {};
    const int body = n / kLanes * kLanes;
    for (int c = 0; c < body; c += kLanes)
        for (int k = 0; k < kLanes; ++k) l[k] += double(a[c + k]) * double(b[c + k]);
    double s = ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
    for (int c = body; c < n; ++c) s += double(a[c]) * double(b[c]);
    return s;
}

void gramBlocked(const float* x, int rows, int dim, double* gram) {
    const std::size_t n = static_cast<std::size_t>(rows);
    std::fill(gram, gram + n * n, 0.0);
    const bool fast = haveAvx2Fma();
    const auto entry = fast ? chunkDotAvx2 : chunkDotPortable;
    const int iTiles = fast ? rows / 3 * 3 : 0, jTiles = fast ? rows / 4 * 4 : 0;
    for (int c0 = 0; c0 < dim; c0 += kChunk) {
        const int len = std::min(kChunk, dim - c0);
        // Upper triangle (j ≥ i) in 3 × 4 tiles; a tile may reach below the diagonal (computed
        // twice, the same bits: fp32 products commute), the rest by single entries.
        for (int i0 = 0; i0 < iTiles; i0 += 3) {
            const int jStart = std::max(0, i0 - 3) / 4 * 4;
            for (int j0 = jStart; j0 < jTiles; j0 += 4)
                tile34Avx2(x, dim, i0, j0, c0, len, gram, rows);
            for (int j = std::max(jTiles, i0); j < rows; ++j)
                for (int i = i0; i < i0 + 3 && i <= j; ++i)
                    gram[i * n + j] += static_cast<double>(
                        entry(x + i * dim + c0, x + j * static_cast<std::size_t>(dim) + c0, len));
        }
        for (int i = iTiles; i < rows; ++i)
            for (int j = i; j < rows; ++j)
                gram[i * n + j] +=
                    static_cast<double>(entry(x + i * static_cast<std::size_t>(dim) + c0,
                                              x + j * static_cast<std::size_t>(dim) + c0, len));
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) gram[j * n + i] = gram[i * n + j];
}

namespace {

// Field-moving conversion, exact for every half (the F16C instruction agrees on all non-NaN).
float halfToFloatOne(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    std::uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu, bits;
    if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            int e = -1;
            do {
                ++e;
                mant <<= 1;
            } while ((mant & 0x400u) == 0);
            bits =
                sign | (static_cast<std::uint32_t>(127 - 15 - e) << 23) | ((mant & 0x3ffu) << 13);
        }
    } else {
        bits = sign | ((exp + 112u) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

__attribute__((target("avx,f16c"))) void halfToFloatF16c(const std::uint16_t* in, std::size_t n,
                                                         float* out) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(
            out + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i))));
    for (; i < n; ++i) out[i] = halfToFloatOne(in[i]);
}

}  // namespace

void halfToFloat(const std::uint16_t* in, std::size_t n, float* out) {
    if (haveF16c()) return halfToFloatF16c(in, n, out);
    for (std::size_t i = 0; i < n; ++i) out[i] = halfToFloatOne(in[i]);
}

}  // namespace assay::core::tokens::detail
