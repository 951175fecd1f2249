#include "analysis_linalg.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace assay::core::probes::detail {
namespace {

constexpr int kMaxSweeps = 100;
constexpr double kEps = 1e-15;

// (a, b) ← (c·a − s·b, s·a + c·b) elementwise over n values: one plane rotation.
void rotate(double* a, double* b, std::int64_t n, double c, double s) {
    for (std::int64_t i = 0; i < n; ++i) {
        const double x = a[i], y = b[i];
        a[i] = c * x - s * y;
        b[i] = s * x + c * y;
    }
}

double dot(const double* a, const double* b, std::int64_t n) {
    double s = 0;
    for (std::int64_t i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}

// t of the rotation that zeroes the off-diagonal term: the smaller root of t² + 2θt − 1 = 0.
double rotationTangent(double theta) {
    const double t = 1.0 / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
    return theta < 0 ? -t : t;
}

// Orthonormalises k contiguous vectors of length d (rows of `v`), modified Gram–Schmidt twice,
// replacing a collapsed vector by the unit vector e_i that keeps the most of its length.
void orthonormaliseRows(std::vector<double>& v, std::int64_t d, int k) {
    std::vector<double> candidate(static_cast<std::size_t>(d));
    auto project = [&](double* x, int upTo) {
        for (int pass = 0; pass < 2; ++pass)
            for (int j = 0; j < upTo; ++j) {
                const double* q = v.data() + j * d;
                const double p = dot(q, x, d);
                for (std::int64_t i = 0; i < d; ++i) x[i] -= p * q[i];
            }
        return std::sqrt(dot(x, x, d));
    };
    for (int j = 0; j < k; ++j) {
        double* x = v.data() + j * d;
        const double before = std::sqrt(dot(x, x, d));
        double after = project(x, j);
        if (!(after > 1e-10 * before) || before == 0) {
            // Linearly dependent: the first e_i keeping over half its length (one exists unless
            // j ≥ ¾d), else the best of all of them.
            double best = -1;
            std::vector<double> bestVector;
            for (std::int64_t i = 0; i < d; ++i) {
                std::fill(candidate.begin(), candidate.end(), 0.0);
                candidate[static_cast<std::size_t>(i)] = 1.0;
                const double r = project(candidate.data(), j);
                if (r > best) {
                    best = r;
                    bestVector = candidate;
                }
                if (r > 0.5) break;
            }
            std::copy(bestVector.begin(), bestVector.end(), x);
            after = best;
        }
        for (std::int64_t i = 0; i < d; ++i) x[i] /= after;
    }
}

}  // namespace

SymmetricEigen symmetricEigen(std::vector<double> a, int n) {
    const std::size_t N = static_cast<std::size_t>(n);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = i + 1; j < N; ++j) a[j * N + i] = a[i * N + j];
    // Rows of vt are the eigenvectors while rotating (contiguous for rotate()).
    std::vector<double> vt(N * N, 0.0);
    for (std::size_t i = 0; i < N; ++i) vt[i * N + i] = 1.0;
    std::vector<double> column(2 * N);
    for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
        double off = 0, diagonal = 0;
        for (std::size_t i = 0; i < N; ++i) {
            diagonal += a[i * N + i] * a[i * N + i];
            for (std::size_t j = i + 1; j < N; ++j) off += a[i * N + j] * a[i * N + j];
        }
        if (off <= kEps * kEps * diagonal || off == 0) break;
        for (std::size_t p = 0; p < N; ++p)
            for (std::size_t q = p + 1; q < N; ++q) {
                const double apq = a[p * N + q];
                if (apq == 0) continue;
                const double t = rotationTangent((a[q * N + q] - a[p * N + p]) / (2 * apq));
                const double c = 1.0 / std::sqrt(t * t + 1), s = t * c;
                // A ← Jᵀ A J: columns p, q, then rows p, q.
                for (std::size_t r = 0; r < N; ++r) {
                    column[r] = a[r * N + p];
                    column[N + r] = a[r * N + q];
                }
                rotate(column.data(), column.data() + N, n, c, s);
                for (std::size_t r = 0; r < N; ++r) {
                    a[r * N + p] = column[r];
                    a[r * N + q] = column[N + r];
                }
                rotate(a.data() + p * N, a.data() + q * N, n, c, s);
                a[p * N + q] = a[q * N + p] = 0.0;
                rotate(vt.data() + p * N, vt.data() + q * N, n, c, s);
            }
    }
    std::vector<int> order(N);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int x, int y) { return a[x * N + x] > a[y * N + y]; });
    SymmetricEigen out;
    out.values.resize(N);
    out.vectors.resize(N * N);
    for (std::size_t k = 0; k < N; ++k) {
        const std::size_t src = static_cast<std::size_t>(order[k]);
        out.values[k] = a[src * N + src];
        for (std::size_t r = 0; r < N; ++r) out.vectors[r * N + k] = vt[src * N + r];
    }
    return out;
}

Svd jacobiSvd(const std::vector<double>& a, std::int64_t m, int n) {
    const std::size_t M = static_cast<std::size_t>(m), N = static_cast<std::size_t>(n);
    // Columns of A and of V as contiguous rows.
    std::vector<double> at(N * M), vt(N * N, 0.0);
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t j = 0; j < N; ++j) at[j * M + i] = a[i * N + j];
    for (std::size_t j = 0; j < N; ++j) vt[j * N + j] = 1.0;
    for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
        bool rotated = false;
        for (std::size_t p = 0; p < N; ++p)
            for (std::size_t q = p + 1; q < N; ++q) {
                double* ap = at.data() + p * M;
                double* aq = at.data() + q * M;
                const double alpha = dot(ap, ap, m), beta = dot(aq, aq, m), gamma = dot(ap, aq, m);
                if (alpha == 0 || beta == 0 || std::abs(gamma) <= kEps * std::sqrt(alpha * beta))
                    continue;
                rotated = true;
                const double t = rotationTangent((beta - alpha) / (2 * gamma));
                const double c = 1.0 / std::sqrt(t * t + 1), s = t * c;
                rotate(ap, aq, m, c, s);
                rotate(vt.data() + p * N, vt.data() + q * N, n, c, s);
            }
        if (!rotated) break;
    }
    std::vector<double> norm(N);
    for (std::size_t j = 0; j < N; ++j)
        norm[j] = std::sqrt(dot(at.data() + j * M, at.data() + j * M, m));
    std::vector<int> order(N);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return norm[x] > norm[y]; });
    const double largest = N ? norm[static_cast<std::size_t>(order[0])] : 0.0;
    const double tiny = largest * static_cast<double>(std::max(M, N)) * 1e-15;

    Svd out;
    out.s.resize(N);
    out.v.resize(N * N);
    std::vector<double> ut(N * M, 0.0);  // columns of U as rows
    for (std::size_t k = 0; k < N; ++k) {
        const std::size_t src = static_cast<std::size_t>(order[k]);
        out.s[k] = norm[src];
        for (std::size_t r = 0; r < N; ++r) out.v[r * N + k] = vt[src * N + r];
        if (norm[src] > tiny)
            for (std::size_t i = 0; i < M; ++i) ut[k * M + i] = at[src * M + i] / norm[src];
    }
    // Columns of zero singular values are completed (and the others polished) to an orthonormal
    // set, so that U Vᵀ is orthogonal even for a rank-deficient A.
    orthonormaliseRows(ut, m, n);
    out.u.resize(M * N);
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t k = 0; k < N; ++k) out.u[i * N + k] = ut[k * M + i];
    return out;
}

void orthonormaliseColumns(std::vector<double>& q, std::int64_t d, int k) {
    const std::size_t D = static_cast<std::size_t>(d), K = static_cast<std::size_t>(k);
    std::vector<double> rows(K * D);
    for (std::size_t i = 0; i < D; ++i)
        for (std::size_t j = 0; j < K; ++j) rows[j * D + i] = q[i * K + j];
    orthonormaliseRows(rows, d, k);
    for (std::size_t i = 0; i < D; ++i)
        for (std::size_t j = 0; j < K; ++j) q[i * K + j] = rows[j * D + i];
}

}  // namespace assay::core::probes::detail
