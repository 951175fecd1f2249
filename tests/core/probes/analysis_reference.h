#pragma once
// Plain references for the Probes analysis tests: double loops written for clarity, sharing no
// code with core/src/probes (a classical-pivot Jacobi instead of core's cyclic one, Gram–Schmidt
// on Gaussian matrices for random orthogonal matrices, pair counting for AUROC).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "assay/core/random.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes::test {

using Matrix = std::vector<double>;  // row-major

inline Matrix gaussian(std::int64_t rows, std::int64_t cols, std::uint64_t seed) {
    SplitMix64 rng(seed);
    Matrix m(static_cast<std::size_t>(rows * cols));
    for (double& v : m) v = rng.normal();
    return m;
}

// a [n × k] · b [k × m]
inline Matrix multiply(const Matrix& a, const Matrix& b, std::int64_t n, std::int64_t k,
                       std::int64_t m) {
    Matrix c(static_cast<std::size_t>(n * m), 0.0);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < m; ++j)
            for (std::int64_t l = 0; l < k; ++l) c[i * m + j] += a[i * k + l] * b[l * m + j];
    return c;
}

inline Matrix transpose(const Matrix& a, std::int64_t n, std::int64_t m) {
    Matrix t(a.size());
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < m; ++j) t[j * n + i] = a[i * m + j];
    return t;
}

// A random n × n orthogonal matrix: classical Gram–Schmidt on the columns of a Gaussian matrix.
inline Matrix randomOrthogonal(int n, std::uint64_t seed) {
    Matrix g = gaussian(n, n, seed);
    for (int j = 0; j < n; ++j) {
        for (int p = 0; p < j; ++p) {
            double dotp = 0;
            for (int i = 0; i < n; ++i) dotp += g[i * n + j] * g[i * n + p];
            for (int i = 0; i < n; ++i) g[i * n + j] -= dotp * g[i * n + p];
        }
        double norm = 0;
        for (int i = 0; i < n; ++i) norm += g[i * n + j] * g[i * n + j];
        norm = std::sqrt(norm);
        for (int i = 0; i < n; ++i) g[i * n + j] /= norm;
    }
    return g;
}

// Sample covariance (n − 1) of x [n × d].
inline Matrix covariance(const Matrix& x, std::int64_t n, std::int64_t d) {
    std::vector<double> mean(static_cast<std::size_t>(d), 0.0);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < d; ++j) mean[j] += x[i * d + j] / static_cast<double>(n);
    Matrix c(static_cast<std::size_t>(d * d), 0.0);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t a = 0; a < d; ++a)
            for (std::int64_t b = 0; b < d; ++b)
                c[a * d + b] += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]) /
                                static_cast<double>(n - 1);
    return c;
}

// Classical Jacobi: rotate away the largest off-diagonal element until none is left. Returns
// (values, vectors) unsorted; column k of vectors belongs to values[k].
inline std::pair<std::vector<double>, Matrix> jacobiReference(Matrix a, int n) {
    Matrix v(static_cast<std::size_t>(n * n), 0.0);
    for (int i = 0; i < n; ++i) v[i * n + i] = 1;
    for (int iter = 0; iter < 100 * n * n; ++iter) {
        int p = 0, q = 1;
        double big = 0;
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                if (std::abs(a[i * n + j]) > big) big = std::abs(a[i * n + j]), p = i, q = j;
        if (big < 1e-300) break;
        const double phi = 0.5 * std::atan2(2 * a[p * n + q], a[q * n + q] - a[p * n + p]);
        const double c = std::cos(phi), s = std::sin(phi);
        // Columns p, q of A and V rotated by G, then rows of A by Gᵀ.
        for (int k = 0; k < n; ++k) {
            const double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
            const double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
        for (int k = 0; k < n; ++k) {
            const double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        if (std::abs(a[p * n + q]) >= big) break;  // no progress: rounding floor reached
    }
    std::vector<double> values(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) values[i] = a[i * n + i];
    return {values, v};
}

// P(score of a 1 > score of a 0) + ½ P(equal), by counting every pair.
inline double aurocPairs(const std::vector<double>& s, const std::vector<std::uint8_t>& y) {
    double wins = 0, pairs = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        for (std::size_t j = 0; j < s.size(); ++j)
            if (y[i] == 1 && y[j] == 0) {
                pairs += 1;
                wins += s[i] > s[j] ? 1.0 : (s[i] == s[j] ? 0.5 : 0.0);
            }
    return wins / pairs;
}

// Row-major doubles as a RowView (the buffer outlives the view).
inline RowView viewOf(const Matrix& x, std::int64_t cols) {
    RowView v;
    v.dtype = io::DType::F64;
    v.cols = cols;
    for (std::size_t i = 0; i < x.size() / static_cast<std::size_t>(cols); ++i)
        v.rows.push_back(reinterpret_cast<const unsigned char*>(x.data() + i * cols));
    return v;
}

inline RowView viewOf(const std::vector<float>& x, std::int64_t cols) {
    RowView v;
    v.dtype = io::DType::F32;
    v.cols = cols;
    for (std::size_t i = 0; i < x.size() / static_cast<std::size_t>(cols); ++i)
        v.rows.push_back(reinterpret_cast<const unsigned char*>(x.data() + i * cols));
    return v;
}

inline double dot(const double* a, const double* b, std::int64_t n) {
    double s = 0;
    for (std::int64_t i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}

// L layers of Gaussian classes whose separation grows with the layer, with anisotropic noise so
// that PCA has distinct eigenvalues: [L, N, d] floats, labels alternating.
struct States {
    std::vector<float> hidden;
    std::vector<std::uint8_t> labels;
};

inline States layeredStates(int L, std::int64_t n, int d, std::uint64_t seed) {
    States s;
    for (std::int64_t i = 0; i < n; ++i)
        s.labels.push_back(static_cast<std::uint8_t>((i * 7) % 3 == 0));
    for (int l = 0; l < L; ++l) {
        const Matrix z = test::gaussian(n, d, seed + l);
        const Matrix u = test::gaussian(1, d, seed + 100 + l);
        for (std::int64_t i = 0; i < n; ++i)
            for (int j = 0; j < d; ++j)
                s.hidden.push_back(
                    static_cast<float>(z[i * d + j] * (1.0 + 0.3 * j) + 0.5 +
                                       (s.labels[i] ? (0.4 + 0.4 * l) * u[j] : 0.0)));
    }
    return s;
}

}  // namespace assay::core::probes::test
