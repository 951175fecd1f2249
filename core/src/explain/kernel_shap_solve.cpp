// KernelExplainer.solve() of shap 0.46 (kernel_shap_internal.h): optional Lasso-AIC selection on
// the augmented problem, then the weighted least squares with the last selected feature
// eliminated by the efficiency constraint, solved by the normal equations (numpy.linalg.solve)
// or, when they are singular, by the minimum-norm least squares (numpy.linalg.lstsq).
#include <cmath>
#include <limits>
#include <numeric>

#include "kernel_shap_internal.h"

namespace assay::core::explain::detail {
namespace {

// Symmetric eigen-decomposition by cyclic Jacobi rotations (k ≤ a few dozen): A = V Λ Vᵀ.
void jacobiEigen(std::vector<double> A, int k, std::vector<double>& lambda,
                 std::vector<double>& V) {
    V.assign(static_cast<std::size_t>(k * k), 0.0);
    for (int i = 0; i < k; ++i) V[i * k + i] = 1;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (int p = 0; p < k; ++p)
            for (int q = p + 1; q < k; ++q) off += A[p * k + q] * A[p * k + q];
        if (off < 1e-300) break;
        for (int p = 0; p < k; ++p)
            for (int q = p + 1; q < k; ++q) {
                const double apq = A[p * k + q];
                if (apq == 0) continue;
                const double theta = (A[q * k + q] - A[p * k + p]) / (2 * apq);
                const double t =
                    (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (int r = 0; r < k; ++r) {  // A ← A·J
                    const double arp = A[r * k + p], arq = A[r * k + q];
                    A[r * k + p] = c * arp - s * arq;
                    A[r * k + q] = s * arp + c * arq;
                }
                for (int r = 0; r < k; ++r) {  // A ← Jᵀ·A
                    const double apr = A[p * k + r], aqr = A[q * k + r];
                    A[p * k + r] = c * apr - s * aqr;
                    A[q * k + r] = s * apr + c * aqr;
                }
                for (int r = 0; r < k; ++r) {
                    const double vrp = V[r * k + p], vrq = V[r * k + q];
                    V[r * k + p] = c * vrp - s * vrq;
                    V[r * k + q] = s * vrp + c * vrq;
                }
            }
    }
    lambda.resize(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i) lambda[i] = A[i * k + i];
}

// Minimum-norm solution of the normal equations G x = r (G = XᵀWX), singular values of √W·X
// below eps·max(n, k)·s_max dropped as numpy.linalg.lstsq(rcond=None) does.
std::vector<double> minNormSolve(const std::vector<double>& G, const std::vector<double>& r, int k,
                                 std::int64_t n) {
    std::vector<double> lambda, V;
    jacobiEigen(G, k, lambda, V);
    double top = 0;
    for (double l : lambda) top = std::max(top, l);
    const double cut =
        std::numeric_limits<double>::epsilon() * double(std::max<std::int64_t>(n, k));
    std::vector<double> x(static_cast<std::size_t>(k), 0.0);
    for (int e = 0; e < k; ++e) {
        if (!(lambda[e] > 0) || std::sqrt(lambda[e]) <= cut * std::sqrt(top)) continue;
        double proj = 0;
        for (int i = 0; i < k; ++i) proj += V[i * k + e] * r[i];
        for (int i = 0; i < k; ++i) x[i] += V[i * k + e] * proj / lambda[e];
    }
    return x;
}

}  // namespace

bool solveLinear(std::vector<double> A, std::vector<double> b, int k, std::vector<double>& x) {
    for (int c = 0; c < k; ++c) {
        int piv = c;
        for (int r = c + 1; r < k; ++r)
            if (std::fabs(A[r * k + c]) > std::fabs(A[piv * k + c])) piv = r;
        if (A[piv * k + c] == 0) return false;
        if (piv != c) {
            for (int j = 0; j < k; ++j) std::swap(A[c * k + j], A[piv * k + j]);
            std::swap(b[c], b[piv]);
        }
        for (int r = c + 1; r < k; ++r) {
            const double f = A[r * k + c] / A[c * k + c];
            if (f == 0) continue;
            for (int j = c; j < k; ++j) A[r * k + j] -= f * A[c * k + j];
            b[r] -= f * b[c];
        }
    }
    x.assign(static_cast<std::size_t>(k), 0.0);
    for (int r = k - 1; r >= 0; --r) {
        double s = b[r];
        for (int j = r + 1; j < k; ++j) s -= A[r * k + j] * x[j];
        x[r] = s / A[r * k + r];
    }
    return true;
}

std::vector<double> kernelShapSolve(const CoalitionPlan& plan, int M,
                                    const std::vector<double>& eyAdj, double delta, bool l1) {
    const std::int64_t K = plan.count;
    auto z = [&](std::int64_t i, int j) { return double(plan.masks[i * M + j]); };
    std::vector<int> keep(static_cast<std::size_t>(M));
    std::iota(keep.begin(), keep.end(), 0);
    if (l1) {
        // The augmented problem: each coalition once as is (weight w·(M−|z|)) and once against
        // the full output (weight w·|z|), rows scaled by √weight.
        std::vector<double> X(static_cast<std::size_t>(2 * K * M)),
            y(static_cast<std::size_t>(2 * K));
        for (std::int64_t i = 0; i < K; ++i) {
            double s = 0;
            for (int j = 0; j < M; ++j) s += z(i, j);
            const double a = std::sqrt(plan.weights[i] * (M - s)),
                         b = std::sqrt(plan.weights[i] * s);
            y[i] = eyAdj[i] * a;
            y[K + i] = (eyAdj[i] - delta) * b;
            for (int j = 0; j < M; ++j) {
                X[i * M + j] = a * z(i, j);
                X[(K + i) * M + j] = b * (z(i, j) - 1);
            }
        }
        keep = lassoAicSelect(X, 2 * K, M, y);
    }
    std::vector<double> phi(static_cast<std::size_t>(M), 0.0);
    if (keep.empty()) return phi;
    const int last = keep.back(), k = static_cast<int>(keep.size()) - 1;
    // E_{·j} = z_j − z_last, target ŷ − z_last·Δ; normal equations EᵀWE φ = EᵀW target.
    std::vector<double> G(static_cast<std::size_t>(k * k), 0.0),
        r(static_cast<std::size_t>(k), 0.0);
    std::vector<double> e(static_cast<std::size_t>(k));
    for (std::int64_t i = 0; i < K; ++i) {
        const double w = plan.weights[i], zl = z(i, last);
        for (int a = 0; a < k; ++a) e[a] = z(i, keep[a]) - zl;
        const double t = eyAdj[i] - zl * delta;
        for (int a = 0; a < k; ++a) {
            if (e[a] == 0) continue;
            r[a] += w * e[a] * t;
            for (int b = 0; b < k; ++b) G[a * k + b] += w * e[a] * e[b];
        }
    }
    std::vector<double> w;
    if (k > 0 && !solveLinear(G, r, k, w)) w = minNormSolve(G, r, k, K);
    double sum = 0;
    for (int a = 0; a < k; ++a) {
        phi[static_cast<std::size_t>(keep[a])] = w[a];
        sum += w[a];
    }
    phi[static_cast<std::size_t>(last)] = delta - sum;
    for (double& p : phi)
        if (std::fabs(p) < 1e-10) p = 0;  // shap's clean-up of rounding errors
    return phi;
}

}  // namespace assay::core::explain::detail
