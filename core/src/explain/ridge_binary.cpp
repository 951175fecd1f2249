// The weighted ridge on a 0/1 design matrix with few columns, summed per row pattern: LIME
// tabular's discretised representation has D ≤ 12 columns and 5000 rows, so at most 2^D distinct
// rows. Weighted sums per pattern give the same weighted means, Gram matrix and right-hand sides
// as the row-by-row sums (up to rounding); R² is still taken sample by sample.
#include <algorithm>
#include <vector>

#include "ridge_internal.h"

namespace assay::core::explain::detail {

std::vector<RidgeFit> weightedRidgeBinary(const std::vector<double>& Z, std::int64_t n, int M,
                                          const double* Y, int C, const std::vector<int>& columns,
                                          const std::vector<double>& w, double alpha) {
    const std::size_t L = columns.size();
    const std::size_t P = std::size_t{1} << M;
    std::vector<std::uint32_t> pattern(static_cast<std::size_t>(n));
    std::vector<double> sw(P, 0.0), swy(P * L, 0.0);
    for (std::int64_t i = 0; i < n; ++i) {
        const double* z = &Z[static_cast<std::size_t>(i) * M];
        std::uint32_t p = 0;
        for (int j = 0; j < M; ++j) p |= static_cast<std::uint32_t>(z[j] != 0.0) << j;
        pattern[i] = p;
        sw[p] += w[i];
        for (std::size_t l = 0; l < L; ++l)
            swy[p * L + l] += w[i] * Y[static_cast<std::size_t>(i) * C + columns[l]];
    }
    std::vector<std::uint32_t> seen;
    for (std::uint32_t p = 0; p < P; ++p)
        if (sw[p] > 0) seen.push_back(p);

    double wsum = 0;
    std::vector<double> zMean(M, 0.0), yMean(L, 0.0);
    for (std::uint32_t p : seen) {
        wsum += sw[p];
        for (int j = 0; j < M; ++j)
            if (p >> j & 1u) zMean[j] += sw[p];
        for (std::size_t l = 0; l < L; ++l) yMean[l] += swy[p * L + l];
    }
    for (double& v : zMean) v /= wsum;
    for (double& v : yMean) v /= wsum;

    std::vector<double> A(static_cast<std::size_t>(M) * M, 0.0),
        r(static_cast<std::size_t>(M) * L, 0.0), zc(M);
    for (std::uint32_t p : seen) {
        for (int j = 0; j < M; ++j) zc[j] = static_cast<double>(p >> j & 1u) - zMean[j];
        for (int j = 0; j < M; ++j) {
            const double wz = sw[p] * zc[j];
            for (int k = 0; k < M; ++k) A[static_cast<std::size_t>(j) * M + k] += wz * zc[k];
        }
        for (std::size_t l = 0; l < L; ++l) {
            // Σ_i∈p w_i (y_i − ȳ) = swy − ȳ·sw
            const double wyc = swy[p * L + l] - yMean[l] * sw[p];
            for (int j = 0; j < M; ++j) r[l * M + j] += zc[j] * wyc;
        }
    }
    for (int j = 0; j < M; ++j) A[static_cast<std::size_t>(j) * M + j] += alpha;

    std::vector<RidgeFit> fits(L);
    std::vector<double> prediction(P);
    for (std::size_t l = 0; l < L; ++l) {
        RidgeFit& fit = fits[l];
        fit.coef =
            solveSymmetric(A, std::vector<double>(r.begin() + l * M, r.begin() + (l + 1) * M), M);
        fit.intercept = yMean[l];
        for (int j = 0; j < M; ++j) fit.intercept -= zMean[j] * fit.coef[j];
        for (std::uint32_t p : seen) {
            double v = fit.intercept;
            for (int j = 0; j < M; ++j)
                if (p >> j & 1u) v += fit.coef[j];
            prediction[p] = v;
        }
        double ssRes = 0, ssTot = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            const double y = Y[static_cast<std::size_t>(i) * C + columns[l]];
            const double e = y - prediction[pattern[i]], d = y - yMean[l];
            ssRes += w[i] * e * e;
            ssTot += w[i] * d * d;
        }
        fit.r2 = ssTot > 0 ? 1.0 - ssRes / ssTot : (ssRes == 0 ? 1.0 : 0.0);
    }
    return fits;
}

}  // namespace assay::core::explain::detail
