#pragma once
// Independent references for the Token windows analysis tests: plain double loops written from
// the formulas in reconstruction.h / token_budget.h, not from the code under test.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "assay/tokens/token_reduction.h"
#include "methods_test_util.h"

namespace assay::core::tokens::test {

inline std::vector<float> randomFeatures(std::int64_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, 1.0f);
    std::vector<float> v(static_cast<std::size_t>(n));
    for (float& x : v) x = d(rng);
    return v;
}

// torch.nn.functional.interpolate(mode="bilinear", align_corners=False) on one output index:
// returns (i0, i1, λ1).
struct Sample {
    int i0, i1;
    double l1;
};
inline Sample halfPixel(int out, int in, int i) {
    double src = (i + 0.5) * double(in) / double(out) - 0.5;
    if (src < 0) src = 0;
    const int i0 = int(src);
    const int i1 = i0 < in - 1 ? i0 + 1 : i0;
    return {i0, i1, src - i0};
}
// align_corners=True: src = i·(in − 1)/(out − 1).
inline Sample corners(int out, int in, int i) {
    if (out == 1 || in == 1) return {0, 0, 0.0};
    const double src = double(i) * double(in - 1) / double(out - 1);
    const int i0 = std::min(int(std::floor(src)), in - 1);
    const int i1 = std::min(i0 + 1, in - 1);
    return {i0, i1, src - i0};
}

// A [from.rows·from.cols, ch] grid resampled to `to` with per-axis samplers.
template <class Sampler>
std::vector<double> resample(const std::vector<float>& src, GridSize from, int ch, GridSize to,
                             Sampler sampler) {
    std::vector<double> out(static_cast<std::size_t>(to.patches() * ch));
    for (int r = 0; r < to.rows; ++r)
        for (int c = 0; c < to.cols; ++c) {
            const Sample sr = sampler(to.rows, from.rows, r), sc = sampler(to.cols, from.cols, c);
            for (int k = 0; k < ch; ++k) {
                auto at = [&](int rr, int cc) {
                    return double(src[static_cast<std::size_t>((rr * from.cols + cc) * ch + k)]);
                };
                out[static_cast<std::size_t>((r * to.cols + c) * ch + k)] =
                    (1 - sr.l1) * ((1 - sc.l1) * at(sr.i0, sc.i0) + sc.l1 * at(sr.i0, sc.i1)) +
                    sr.l1 * ((1 - sc.l1) * at(sr.i1, sc.i0) + sc.l1 * at(sr.i1, sc.i1));
            }
        }
    return out;
}

// Window means over κr × κc windows, tokens in raster order of windows.
inline std::vector<float> windowMeans(const std::vector<float>& v, GridSize grid, int dim,
                                      GridSize out) {
    const int kr = grid.rows / out.rows, kc = grid.cols / out.cols;
    std::vector<float> t(static_cast<std::size_t>(out.patches() * dim));
    for (int R = 0; R < out.rows; ++R)
        for (int C = 0; C < out.cols; ++C)
            for (int k = 0; k < dim; ++k) {
                double s = 0;
                for (int a = 0; a < kr; ++a)
                    for (int b = 0; b < kc; ++b)
                        s += v[static_cast<std::size_t>(
                            ((R * kr + a) * grid.cols + C * kc + b) * dim + k)];
                t[static_cast<std::size_t>((R * out.cols + C) * dim + k)] = float(s / (kr * kc));
            }
    return t;
}

// s_w and cosines by their definitions: methods_test_util.h (cosine, bruteSimilarity).
inline double groupCosine(const std::vector<float>& v, int dim, const std::vector<int>& members) {
    return bruteSimilarity(v, dim, members);
}

inline double relativeError(const float* v, const double* r, int dim) {
    double d = 0, n = 0;
    for (int k = 0; k < dim; ++k) {
        d += (r[k] - v[k]) * (r[k] - v[k]);
        n += double(v[k]) * v[k];
    }
    return d / n;
}

// Solves A x = B (n × n, n × m, row-major) by Gaussian elimination with partial pivoting.
inline std::vector<double> solve(std::vector<double> a, std::vector<double> b, int n, int m) {
    for (int col = 0; col < n; ++col) {
        int piv = col;
        for (int r = col + 1; r < n; ++r)
            if (std::abs(a[std::size_t(r) * n + col]) > std::abs(a[std::size_t(piv) * n + col]))
                piv = r;
        for (int k = 0; k < n; ++k)
            std::swap(a[std::size_t(col) * n + k], a[std::size_t(piv) * n + k]);
        for (int k = 0; k < m; ++k)
            std::swap(b[std::size_t(col) * m + k], b[std::size_t(piv) * m + k]);
        for (int r = 0; r < n; ++r) {
            if (r == col) continue;
            const double f = a[std::size_t(r) * n + col] / a[std::size_t(col) * n + col];
            for (int k = 0; k < n; ++k)
                a[std::size_t(r) * n + k] -= f * a[std::size_t(col) * n + k];
            for (int k = 0; k < m; ++k)
                b[std::size_t(r) * m + k] -= f * b[std::size_t(col) * m + k];
        }
    }
    for (int r = 0; r < n; ++r)
        for (int k = 0; k < m; ++k) b[std::size_t(r) * m + k] /= a[std::size_t(r) * n + r];
    return b;
}

}  // namespace assay::core::tokens::test
