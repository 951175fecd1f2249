// LIME's surrogate: sklearn's Ridge(alpha, fit_intercept=True).fit(Z, y, sample_weight=w) and its
// score(Z, y, sample_weight=w). sklearn centres Z and y by their weighted means, rescales the rows
// by √w and solves the normal equations (its "cholesky" solver for dense data); the intercept is
// ȳ − z̄·c. The same steps here, in double, accumulated in row order (deterministic); the Gram
// matrix is formed once for all the labels of one explanation.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/explain/lime.h"
#include "ridge_internal.h"

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
}  // namespace

std::vector<double> detail::solveSymmetric(std::vector<double> A, std::vector<double> r, int M) {
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

std::vector<RidgeFit> detail::weightedRidgeColumns(const std::vector<double>& Z, std::int64_t n,
                                                   int M, const double* Y, int C,
                                                   const std::vector<int>& columns,
                                                   const std::vector<double>& w, double alpha) {
    double wsum = 0;
    for (double v : w) wsum += v;
    if (!(wsum > 0)) throw ParameterError("weightedRidge: w", "all weights are 0");
    if (M >= 1 && M <= kBinaryRidgeMaxFeatures &&
        std::all_of(Z.begin(), Z.end(), [](double v) { return v == 0.0 || v == 1.0; }))
        return weightedRidgeBinary(Z, n, M, Y, C, columns, w, alpha);
    const std::size_t L = columns.size();
    auto yAt = [&](std::int64_t i, std::size_t l) {
        return Y[static_cast<std::size_t>(i) * C + columns[l]];
    };

    std::vector<double> zMean(M, 0.0), yMean(L, 0.0);
    for (std::int64_t i = 0; i < n; ++i) {
        const double* z = &Z[static_cast<std::size_t>(i) * M];
        for (int j = 0; j < M; ++j) zMean[j] += w[i] * z[j];
        for (std::size_t l = 0; l < L; ++l) yMean[l] += w[i] * yAt(i, l);
    }
    for (double& v : zMean) v /= wsum;
    for (double& v : yMean) v /= wsum;

    // Normal equations on the centred data, (Zcᵀ W Zc + αI) c = Zcᵀ W yc: the Gram matrix is
    // shared by every label. Rows go four at a time so that each update of A carries four
    // products (A stays in L1; its loads and stores are the limit otherwise).
    std::vector<double> A(static_cast<std::size_t>(M) * M, 0.0),
        r(static_cast<std::size_t>(M) * L, 0.0);
    constexpr int kBlock = 4;
    std::vector<double> zc(static_cast<std::size_t>(kBlock) * M), wz(zc.size());
    for (std::int64_t i0 = 0; i0 < n; i0 += kBlock) {
        const int rows = static_cast<int>(std::min<std::int64_t>(kBlock, n - i0));
        for (int b = 0; b < kBlock; ++b)
            for (int j = 0; j < M; ++j) {
                const std::int64_t i = i0 + b;
                const double c = b < rows ? Z[static_cast<std::size_t>(i) * M + j] - zMean[j] : 0.0;
                zc[b * M + j] = c;
                wz[b * M + j] = b < rows ? w[i] * c : 0.0;
            }
        for (int j = 0; j < M; ++j) {
            const double w0 = wz[j], w1 = wz[M + j], w2 = wz[2 * M + j], w3 = wz[3 * M + j];
            double* row = &A[static_cast<std::size_t>(j) * M];
            for (int k = 0; k < M; ++k)
                row[k] += w0 * zc[k] + w1 * zc[M + k] + w2 * zc[2 * M + k] + w3 * zc[3 * M + k];
        }
        for (int b = 0; b < rows; ++b)
            for (std::size_t l = 0; l < L; ++l) {
                const double yc = yAt(i0 + b, l) - yMean[l];
                for (int j = 0; j < M; ++j) r[l * M + j] += wz[b * M + j] * yc;
            }
    }
    for (int j = 0; j < M; ++j) A[static_cast<std::size_t>(j) * M + j] += alpha;

    std::vector<RidgeFit> fits(L);
    for (std::size_t l = 0; l < L; ++l) {
        RidgeFit& fit = fits[l];
        fit.coef =
            solveSymmetric(A, std::vector<double>(r.begin() + l * M, r.begin() + (l + 1) * M), M);
        fit.intercept = yMean[l];
        for (int j = 0; j < M; ++j) fit.intercept -= zMean[j] * fit.coef[j];
        // sklearn's r2_score with sample weights; a constant y scores 1 when fitted exactly,
        // else 0 (force_finite).
        double ssRes = 0, ssTot = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            const double* z = &Z[static_cast<std::size_t>(i) * M];
            double pred = fit.intercept;
            for (int j = 0; j < M; ++j) pred += z[j] * fit.coef[j];
            const double y = yAt(i, l);
            ssRes += w[i] * (y - pred) * (y - pred);
            ssTot += w[i] * (y - yMean[l]) * (y - yMean[l]);
        }
        if (ssTot > 0)
            fit.r2 = 1.0 - ssRes / ssTot;
        else
            fit.r2 = ssRes == 0 ? 1.0 : 0.0;
    }
    return fits;
}

RidgeFit weightedRidge(const std::vector<double>& Z, std::int64_t n, int M,
                       const std::vector<double>& y, const std::vector<double>& w, double alpha) {
    checkShapes(Z, n, M, y, w, alpha);
    return detail::weightedRidgeColumns(Z, n, M, y.data(), 1, {0}, w, alpha).front();
}

}  // namespace assay::core::explain
