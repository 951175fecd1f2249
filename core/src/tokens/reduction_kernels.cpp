// The inner loops of token_reduction.h (see reduction_kernels.h). Every loop keeps a fixed
// summation order per lane, so the AVX2 code and the portable fallback give the same bits; this
// file is compiled with -ffp-contract=off (methods.cmake) so no multiply-add is fused behind our
// back, and the Gram matrix fuses them explicitly (std::fma in the fallback, the FMA instruction
// in the AVX2 path: both round once, in double).
#include "reduction_kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <vector>

namespace assay::core::tokens::detail {
namespace {

constexpr int kLanes = 8;
constexpr int kChunk = 128;  // channels per block of the Gram matrix (576 rows: 576 KiB)

std::atomic<bool> g_portable{false};

bool haveAvx2Fma() {
    static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return ok && !g_portable.load(std::memory_order_relaxed);
}
bool haveF16c() {
    static const bool ok = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
    return ok && !g_portable.load(std::memory_order_relaxed);
}

// The Gram matrix in double: each channel block of the features is converted once to a
// block-major double copy (rows × len, len ≤ kChunk), then 3 × 4 tiles of entries accumulate fused
// multiply-adds in four lanes per entry. Products of floats are exact in double, so each step
// rounds once; the lanes are reduced as (l0 + l2) + (l1 + l3) on both paths.
double laneSum(const double* l) { return (l[0] + l[2]) + (l[1] + l[3]); }

double chunkDotPortable(const double* a, const double* b, int len) {
    double l[4] = {};
    const int body = len / 4 * 4;
    for (int c = 0; c < body; c += 4)
        for (int k = 0; k < 4; ++k) l[k] = std::fma(a[c + k], b[c + k], l[k]);
    double s = laneSum(l);
    for (int c = body; c < len; ++c) s = std::fma(a[c], b[c], s);
    return s;
}

__attribute__((target("avx2,fma"))) double hsum256(__m256d v) {
    const __m128d s2 = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
    return _mm_cvtsd_f64(_mm_add_sd(s2, _mm_unpackhi_pd(s2, s2)));
}

__attribute__((target("avx2,fma"))) double chunkDotAvx2(const double* a, const double* b, int len) {
    __m256d acc = _mm256_setzero_pd();
    const int body = len / 4 * 4;
    for (int c = 0; c < body; c += 4)
        acc = _mm256_fmadd_pd(_mm256_loadu_pd(a + c), _mm256_loadu_pd(b + c), acc);
    double s = hsum256(acc);
    for (int c = body; c < len; ++c) s = std::fma(a[c], b[c], s);
    return s;
}

// A 3 × 4 tile of entries over one block: twelve named accumulators (an array of them ends up
// on the stack), the rows' loads shared.
__attribute__((target("avx2,fma"))) void tile34Avx2(const double* x, int len, int i0, int j0,
                                                    double* gram, int rows) {
    const double* a0 = x + static_cast<std::size_t>(i0) * len;
    const double* a1 = a0 + len;
    const double* a2 = a1 + len;
    const double* b0 = x + static_cast<std::size_t>(j0) * len;
    const double* b1 = b0 + len;
    const double* b2 = b1 + len;
    const double* b3 = b2 + len;
    __m256d c00 = _mm256_setzero_pd(), c01 = c00, c02 = c00, c03 = c00;
    __m256d c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    __m256d c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    const int body = len / 4 * 4;
    for (int c = 0; c < body; c += 4) {
        const __m256d va0 = _mm256_loadu_pd(a0 + c), va1 = _mm256_loadu_pd(a1 + c),
                      va2 = _mm256_loadu_pd(a2 + c);
        __m256d vb = _mm256_loadu_pd(b0 + c);
        c00 = _mm256_fmadd_pd(va0, vb, c00);
        c10 = _mm256_fmadd_pd(va1, vb, c10);
        c20 = _mm256_fmadd_pd(va2, vb, c20);
        vb = _mm256_loadu_pd(b1 + c);
        c01 = _mm256_fmadd_pd(va0, vb, c01);
        c11 = _mm256_fmadd_pd(va1, vb, c11);
        c21 = _mm256_fmadd_pd(va2, vb, c21);
        vb = _mm256_loadu_pd(b2 + c);
        c02 = _mm256_fmadd_pd(va0, vb, c02);
        c12 = _mm256_fmadd_pd(va1, vb, c12);
        c22 = _mm256_fmadd_pd(va2, vb, c22);
        vb = _mm256_loadu_pd(b3 + c);
        c03 = _mm256_fmadd_pd(va0, vb, c03);
        c13 = _mm256_fmadd_pd(va1, vb, c13);
        c23 = _mm256_fmadd_pd(va2, vb, c23);
    }
    const __m256d acc[3][4] = {{c00, c01, c02, c03}, {c10, c11, c12, c13}, {c20, c21, c22, c23}};
    const double* a[3] = {a0, a1, a2};
    const double* b[4] = {b0, b1, b2, b3};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 4; ++j) {
            double s = hsum256(acc[i][j]);
            for (int c = body; c < len; ++c) s = std::fma(a[i][c], b[j][c], s);
            gram[static_cast<std::size_t>(i0 + i) * rows + (j0 + j)] += s;
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

constexpr int kBlock = 16;  // channels per register block of s_w and of the mean

namespace {

// The portable path; the AVX2 one below does the same operations in the same order, fused
// multiply-adds written out on both (GCC fuses intrinsics' mul + add in an FMA-enabled function
// even under -ffp-contract=off, so the portable path has to fuse too).
double groupCosinePortable(const float* x, int dim, const int* members, int k,
                           const double* invNorm, int& c0) {
    double l[4] = {};
    for (c0 = 0; c0 + kBlock <= dim; c0 += kBlock) {
        double a[kBlock] = {};
        for (int m = 0; m < k; ++m) {
            const double s = invNorm[members[m]];
            const float* v = x + static_cast<std::size_t>(members[m]) * dim + c0;
            for (int q = 0; q < kBlock; ++q) a[q] = std::fma(static_cast<double>(v[q]), s, a[q]);
        }
        for (int q = 0; q < kBlock; ++q) l[q % 4] = std::fma(a[q], a[q], l[q % 4]);
    }
    return (l[0] + l[2]) + (l[1] + l[3]);
}

__attribute__((target("avx2,fma"))) double groupCosineAvx2(const float* x, int dim,
                                                           const int* members, int k,
                                                           const double* invNorm, int& c0) {
    __m256d l = _mm256_setzero_pd();
    for (c0 = 0; c0 + kBlock <= dim; c0 += kBlock) {
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        for (int m = 0; m < k; ++m) {
            const __m256d s = _mm256_set1_pd(invNorm[members[m]]);
            const float* v = x + static_cast<std::size_t>(members[m]) * dim + c0;
            a0 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(v)), s, a0);
            a1 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(v + 4)), s, a1);
            a2 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(v + 8)), s, a2);
            a3 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(v + 12)), s, a3);
        }
        l = _mm256_fmadd_pd(a0, a0, l);
        l = _mm256_fmadd_pd(a1, a1, l);
        l = _mm256_fmadd_pd(a2, a2, l);
        l = _mm256_fmadd_pd(a3, a3, l);
    }
    alignas(32) double lanes[4];
    _mm256_store_pd(lanes, l);
    return (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
}

}  // namespace

double groupCosineMean(const float* x, int dim, const int* members, int k, const double* invNorm) {
    if (k < 2) return std::nan("");
    int nonzero = 0;
    for (int m = 0; m < k; ++m) nonzero += invNorm[members[m]] != 0;
    // Blocks of 16 channels: the block's Σ_i u_i stays in registers while the members are added
    // (no pass over a dim-long accumulator), then its squares go to four lanes.
    int c0 = 0;
    double sq = haveAvx2Fma() ? groupCosineAvx2(x, dim, members, k, invNorm, c0)
                              : groupCosinePortable(x, dim, members, k, invNorm, c0);
    for (int c = c0; c < dim; ++c) {  // the tail, channel by channel
        double a = 0;
        for (int m = 0; m < k; ++m)
            a += static_cast<double>(x[static_cast<std::size_t>(members[m]) * dim + c]) *
                 invNorm[members[m]];
        sq += a * a;
    }
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
                                                                int dim, float* out) {
    const double inv = 1.0 / k;
    int c0 = 0;
    for (; c0 + kBlock <= dim; c0 += kBlock) {  // as groupCosineMean: the block in registers
        double a[kBlock] = {};
        for (int j = 0; j < k; ++j)
            for (int q = 0; q < kBlock; ++q) a[q] += static_cast<double>(rows[j][c0 + q]);
        for (int q = 0; q < kBlock; ++q) out[c0 + q] = static_cast<float>(a[q] * inv);
    }
    for (int c = c0; c < dim; ++c) {
        double a = 0;
        for (int j = 0; j < k; ++j) a += static_cast<double>(rows[j][c]);
        out[c] = static_cast<float>(a * inv);
    }
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
    std::vector<double> block(n * static_cast<std::size_t>(std::min(kChunk, dim)));
    for (int c0 = 0; c0 < dim; c0 += kChunk) {
        const int len = std::min(kChunk, dim - c0);
        for (std::size_t r = 0; r < n; ++r)
            for (int c = 0; c < len; ++c)
                block[r * len + c] = static_cast<double>(x[r * dim + c0 + c]);
        auto row = [&](int r) { return block.data() + static_cast<std::size_t>(r) * len; };
        // Upper triangle (j ≥ i) in 3 × 4 tiles, 96 columns at a time so that their rows of the
        // block (96 KiB) stay in the L2 cache while every row triple passes; a tile may reach
        // below the diagonal (those entries are overwritten by the mirror), the rest by single
        // entries.
        constexpr int kColumns = 96;
        for (int jb = 0; jb < jTiles; jb += kColumns) {
            const int jEnd = std::min(jTiles, jb + kColumns);
            for (int i0 = 0; i0 < iTiles && i0 < jEnd; i0 += 3)
                for (int j0 = std::max(jb, std::max(0, i0 - 3) / 4 * 4); j0 < jEnd; j0 += 4)
                    tile34Avx2(block.data(), len, i0, j0, gram, rows);
        }
        for (int i0 = 0; i0 < iTiles; i0 += 3)
            for (int j = std::max(jTiles, i0); j < rows; ++j)
                for (int i = i0; i < i0 + 3 && i <= j; ++i)
                    gram[i * n + j] += entry(row(i), row(j), len);
        for (int i = iTiles; i < rows; ++i)
            for (int j = i; j < rows; ++j) gram[i * n + j] += entry(row(i), row(j), len);
    }
    // The lower triangle from the upper, in 32 × 32 blocks (a plain column walk misses the cache).
    constexpr std::size_t kT = 32;
    for (std::size_t i0 = 0; i0 < n; i0 += kT)
        for (std::size_t j0 = i0; j0 < n; j0 += kT)
            for (std::size_t i = i0; i < std::min(n, i0 + kT); ++i)
                for (std::size_t j = std::max(j0, i + 1); j < std::min(n, j0 + kT); ++j)
                    gram[j * n + i] = gram[i * n + j];
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

void forcePortableKernels(bool on) { g_portable.store(on); }

void halfToFloat(const std::uint16_t* in, std::size_t n, float* out) {
    if (haveF16c()) return halfToFloatF16c(in, n, out);
    for (std::size_t i = 0; i < n; ++i) out[i] = halfToFloatOne(in[i]);
}

}  // namespace assay::core::tokens::detail
