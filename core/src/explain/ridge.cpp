// LIME's surrogate: sklearn's Ridge(alpha, fit_intercept=True).fit(Z, y, sample_weight=w) and its
// score(Z, y, sample_weight=w). sklearn centres Z and y by their weighted means, rescales the rows
// by √w and solves the normal equations (its "cholesky" solver for dense data); the intercept is
// ȳ − z̄·c. The same steps here, in double, accumulated in row order (deterministic).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/explain/lime.h"

namespace assay::core::explain {
namespace {

void checkShapes(const std::vector<double>& Z, std::int64_t n, int M, const std::vector<double>& y,
                 const std::vector<double>& w, double alpha) {
    if (n < 1) throw ParameterError("weightedRidge: n", std::to_string(n) + ", expected ≥ 1");
    if (M < 0) throw ParameterError("weightedRidge: M", std::to_string(M) + ", expected ≥ 0");
    if (Z.size() != static_cast<std::size_t>(n) * static_cast<std::size_t>(M))
        throw ParameterError("weightedRidge: Z",
                             "has " + std::to_string(Z.size()) +
                                 " values, expected n × M = " + std::to_string(n * M));
    if (y.size() != static_cast<std::size_t>(n) || w.size() != static_cast<std::size_t>(n))
        throw ParameterError("weightedRidge: y, w",
                             "expected " + std::to_string(n) + " values each");
    if (!(alpha >= 0) || !std::isfinite(alpha))
        throw ParameterError("weightedRidge: alpha", "expected a finite value ≥ 0");
    for (double v : w)
        if (!(v >= 0) || !std::isfinite(v))
            throw ParameterError("weightedRidge: w", "expected finite weights ≥ 0");
}

// Solves A c = r for the symmetric positive semi-definite M × M matrix A (row-major) by an LDLᵀ
// factorisation. A pivot that vanishes (a column with no weighted variance when alpha = 0) gives
// that direction a zero coefficient instead of a division by zero, as a least-norm solution
// would.
std::vector<double> solveSymmetric(std::vector<double> A, std::vector<double> r, int M) {
    std::vector<double> d(M, 0.0);
    double scale = 0;
    for (int i = 0; i < M; ++i) scale = std::max(scale, std::fabs(A[i * M + i]));
    const double tiny = 1e-13 * (scale > 0 ? scale : 1.0);
    for (int j = 0; j < M; ++j) {
        double dj = A[j * M + j];
        for (int k = 0; k < j; ++k) dj -= A[j * M + k] * A[j * M + k] * d[k];
        d[j] = dj;
        for (int i = j + 1; i < M; ++i) {
            double v = A[i * M + j];
            for (int k = 0; k < j; ++k) v -= A[i * M + k] * A[j * M + k] * d[k];
            A[i * M + j] = dj > tiny ? v / dj : 0.0;  // L below the diagonal
        }
    }
    for (int i = 0; i < M; ++i)  // L z = r
        for (int k = 0; k < i; ++k) r[i] -= A[i * M + k] * r[k];
    for (int i = 0; i < M; ++i) r[i] = d[i] > tiny ? r[i] / d[i] : 0.0;
    for (int i = M - 1; i >= 0; --i)  // Lᵀ c = z
        for (int k = i + 1; k < M; ++k) r[i] -= A[k * M + i] * r[k];
    return r;
}

}  // namespace

RidgeFit weightedRidge(const std::vector<double>& Z, std::int64_t n, int M,
                       const std::vector<double>& y, const std::vector<double>& w, double alpha) {
    checkShapes(Z, n, M, y, w, alpha);
    double wsum = 0;
    for (double v : w) wsum += v;
    if (!(wsum > 0)) throw ParameterError("weightedRidge: w", "all weights are 0");

    std::vector<double> zMean(M, 0.0);
    double yMean = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        const double* z = &Z[static_cast<std::size_t>(i) * M];
        for (int j = 0; j < M; ++j) zMean[j] += w[i] * z[j];
        yMean += w[i] * y[i];
    }
    for (double& v : zMean) v /= wsum;
    yMean /= wsum;

    // Normal equations on the centred data: (Zcᵀ W Zc + αI) c = Zcᵀ W yc.
    std::vector<double> A(static_cast<std::size_t>(M) * M, 0.0), r(M, 0.0), zc(M);
    for (std::int64_t i = 0; i < n; ++i) {
        const double* z = &Z[static_cast<std::size_t>(i) * M];
        for (int j = 0; j < M; ++j) zc[j] = z[j] - zMean[j];
        const double wy = w[i] * (y[i] - yMean);
        for (int j = 0; j < M; ++j) {
            const double wz = w[i] * zc[j];
            r[j] += zc[j] * wy;
            for (int k = 0; k <= j; ++k) A[j * M + k] += wz * zc[k];
        }
    }
    for (int j = 0; j < M; ++j) {
        A[j * M + j] += alpha;
        for (int k = 0; k < j; ++k) A[k * M + j] = A[j * M + k];
    }

    RidgeFit fit;
    fit.coef = solveSymmetric(std::move(A), std::move(r), M);
    fit.intercept = yMean;
    for (int j = 0; j < M; ++j) fit.intercept -= zMean[j] * fit.coef[j];

    // sklearn's r2_score with sample weights; a constant y scores 1 when fitted exactly, else 0
    // (force_finite).
    double ssRes = 0, ssTot = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        const double* z = &Z[static_cast<std::size_t>(i) * M];
        double pred = fit.intercept;
        for (int j = 0; j < M; ++j) pred += z[j] * fit.coef[j];
        ssRes += w[i] * (y[i] - pred) * (y[i] - pred);
        ssTot += w[i] * (y[i] - yMean) * (y[i] - yMean);
    }
    if (ssTot > 0)
        fit.r2 = 1.0 - ssRes / ssTot;
    else
        fit.r2 = ssRes == 0 ? 1.0 : 0.0;
    return fit;
}

}  // namespace assay::core::explain
