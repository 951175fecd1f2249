// The Lasso-AIC feature selection of shap's l1_reg="auto" (kernel_shap_internal.h), as sklearn
// 1.2 computes it: StandardScaler(with_mean=False), centring (fit_intercept), the LARS-Lasso path
// (lars_path, method="lasso", Gram form), then AIC = n·log(2πσ²) + RSS/σ² + 2·df per path point
// with σ² from the OLS fit, the first minimum chosen.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "kernel_shap_internal.h"

namespace assay::core::explain::detail {
namespace {

constexpr double kTiny32 = 1.1754943508222875e-38;    // np.finfo(np.float32).tiny
constexpr double kEqualityTolerance = 1.1920929e-07;  // np.finfo(np.float32).eps
constexpr double kEps = std::numeric_limits<double>::epsilon();

// arrayfuncs.min_pos: the smallest positive entry, or DBL_MAX.
double minPos(const std::vector<double>& v) {
    double m = std::numeric_limits<double>::max();
    for (double x : v)
        if (x > 0 && x < m) m = x;
    return m;
}

// np.around(x, decimals=15)
double around15(double x) { return std::nearbyint(x * 1e15) / 1e15; }

// Solves (L Lᵀ) x = b for lower-triangular L (k × k, leading dimension ld).
std::vector<double> cholSolve(const std::vector<double>& L, int ld, int k, std::vector<double> b) {
    for (int i = 0; i < k; ++i) {
        for (int j = 0; j < i; ++j) b[i] -= L[i * ld + j] * b[j];
        b[i] /= L[i * ld + i];
    }
    for (int i = k - 1; i >= 0; --i) {
        for (int j = i + 1; j < k; ++j) b[i] -= L[j * ld + i] * b[j];
        b[i] /= L[i * ld + i];
    }
    return b;
}

}  // namespace

std::vector<std::vector<double>> larsLassoPath(const std::vector<double>& X, std::int64_t n, int p,
                                               const std::vector<double>& y) {
    std::vector<double> G(static_cast<std::size_t>(p * p), 0.0),
        Xy(static_cast<std::size_t>(p), 0.0);
    for (std::int64_t i = 0; i < n; ++i)
        for (int a = 0; a < p; ++a) {
            const double xa = X[i * p + a];
            Xy[a] += xa * y[i];
            for (int b = 0; b < p; ++b) G[a * p + b] += xa * X[i * p + b];
        }
    const int maxIter = 500;
    std::vector<double> cov = Xy, coef(static_cast<std::size_t>(p), 0.0);
    std::vector<char> isActive(static_cast<std::size_t>(p), 0);
    std::vector<int> active;
    std::vector<double> sign, L(static_cast<std::size_t>(p * p), 0.0);
    std::vector<std::vector<double>> path{coef};
    double prevAlpha = 0;
    bool drop = false;
    // Cholesky row for active[m] against active[0..m): false when degenerate (sklearn skips it).
    auto factorRow = [&](int m) {
        const int j = active[m];
        for (int c = 0; c < m; ++c) {
            double s = G[j * p + active[c]];
            for (int t = 0; t < c; ++t) s -= L[m * p + t] * L[c * p + t];
            L[m * p + c] = s / L[c * p + c];
        }
        double v = 0;
        for (int t = 0; t < m; ++t) v += L[m * p + t] * L[m * p + t];
        L[m * p + m] = std::max(std::sqrt(std::fabs(G[j * p + j] - v)), kEps);
        return L[m * p + m] >= 1e-7;
    };
    for (int iter = 0;;) {
        int best = -1;
        double C = 0;
        for (int j = 0; j < p; ++j)
            if (!isActive[j] && (best < 0 || std::fabs(cov[j]) > C))
                best = j, C = std::fabs(cov[j]);
        const double alpha = C / double(n);
        if (alpha <= kEqualityTolerance) break;
        if (iter >= maxIter || static_cast<int>(active.size()) >= p) break;
        if (!drop) {
            active.push_back(best);
            sign.push_back(cov[best] > 0 ? 1.0 : (cov[best] < 0 ? -1.0 : 0.0));
            isActive[best] = 1;
            if (!factorRow(static_cast<int>(active.size()) - 1)) {
                active.pop_back(), sign.pop_back(), isActive[best] = 0;
                cov[best] = 0;
                continue;
            }
        }
        if (iter > 0 && prevAlpha < alpha) break;
        const int k = static_cast<int>(active.size());
        std::vector<double> ls = cholSolve(L, p, k, sign);
        double AA = 1.0;
        double dot = 0;
        for (int a = 0; a < k; ++a) dot += ls[a] * sign[a];
        if (k == 1 && ls[0] == 0) {
            ls[0] = 1;
        } else {
            AA = 1.0 / std::sqrt(std::max(dot, kEps));
            for (double& v : ls) v *= AA;
        }
        std::vector<double> ced(static_cast<std::size_t>(p), 0.0), g1v, g2v;
        for (int j = 0; j < p; ++j) {
            if (isActive[j]) continue;
            double s = 0;
            for (int a = 0; a < k; ++a) s += G[j * p + active[a]] * ls[a];
            ced[j] = around15(s);
            g1v.push_back((C - cov[j]) / (AA - ced[j] + kTiny32));
            g2v.push_back((C + cov[j]) / (AA + ced[j] + kTiny32));
        }
        double gamma = std::min({minPos(g1v), minPos(g2v), C / AA});
        std::vector<double> zv(static_cast<std::size_t>(k));
        for (int a = 0; a < k; ++a) zv[a] = -coef[active[a]] / (ls[a] + kTiny32);
        const double zPos = minPos(zv);
        drop = zPos < gamma;
        if (drop) gamma = zPos;
        ++iter;
        for (int a = 0; a < k; ++a) coef[active[a]] += gamma * ls[a];
        for (int j = 0; j < p; ++j)
            if (!isActive[j]) cov[j] -= gamma * ced[j];
        prevAlpha = alpha;
        if (drop) {
            // Remove every active index whose z hit zPos (last first), refactor the rest, and
            // give the dropped ones their current correlation.
            for (int a = k - 1; a >= 0; --a) {
                if (zv[a] != zPos) continue;
                const int j = active[a];
                isActive[j] = 0;
                active.erase(active.begin() + a);
                sign.erase(sign.begin() + a);
                double s = Xy[j];
                for (int b = 0; b < p; ++b) s -= G[j * p + b] * coef[b];
                cov[j] = s;
            }
            for (int m = 0; m < static_cast<int>(active.size()); ++m) factorRow(m);
        }
        path.push_back(coef);
    }
    return path;
}

std::vector<int> lassoAicSelect(const std::vector<double>& X, std::int64_t n, int p,
                                const std::vector<double>& y) {
    std::vector<int> all(static_cast<std::size_t>(p));
    std::iota(all.begin(), all.end(), 0);
    if (n <= p + 1) return all;  // sklearn refuses to estimate the noise variance here
    // Scale by the column std (ddof 0; ~0 → 1), then centre X and y.
    std::vector<double> Xc = X, yc = y;
    for (int j = 0; j < p; ++j) {
        double mean = 0, ss = 0;
        for (std::int64_t i = 0; i < n; ++i) mean += X[i * p + j];
        mean /= double(n);
        for (std::int64_t i = 0; i < n; ++i) ss += (X[i * p + j] - mean) * (X[i * p + j] - mean);
        double sd = std::sqrt(ss / double(n));
        if (sd < 10 * kEps) sd = 1;
        double cmean = 0;
        for (std::int64_t i = 0; i < n; ++i) cmean += Xc[i * p + j] /= sd;
        cmean /= double(n);
        for (std::int64_t i = 0; i < n; ++i) Xc[i * p + j] -= cmean;
    }
    const double ymean = std::accumulate(y.begin(), y.end(), 0.0) / double(n);
    for (double& v : yc) v -= ymean;
    const std::vector<std::vector<double>> path = larsLassoPath(Xc, n, p, yc);
    auto rss = [&](const std::vector<double>& c) {
        double s = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            double r = yc[i];
            for (int j = 0; j < p; ++j) r -= Xc[i * p + j] * c[j];
            s += r * r;
        }
        return s;
    };
    // σ² from the OLS fit on the centred data (minimum-norm when singular).
    std::vector<double> G(static_cast<std::size_t>(p * p), 0.0),
        r(static_cast<std::size_t>(p), 0.0);
    for (std::int64_t i = 0; i < n; ++i)
        for (int a = 0; a < p; ++a) {
            r[a] += Xc[i * p + a] * yc[i];
            for (int b = 0; b < p; ++b) G[a * p + b] += Xc[i * p + a] * Xc[i * p + b];
        }
    std::vector<double> ols;
    if (!solveLinear(G, r, p, ols)) return all;
    const double sigma2 = rss(ols) / double(n - p - 1);
    if (!(sigma2 > 0) || !std::isfinite(sigma2)) return all;
    std::size_t bestPoint = 0;
    double bestAic = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < path.size(); ++k) {
        int df = 0;
        for (double c : path[k]) df += std::fabs(c) > kEps;
        const double aic =
            double(n) * std::log(2 * M_PI * sigma2) + rss(path[k]) / sigma2 + 2.0 * df;
        if (aic < bestAic) bestAic = aic, bestPoint = k;
    }
    std::vector<int> keep;
    for (int j = 0; j < p; ++j)
        if (path[bestPoint][j] != 0) keep.push_back(j);
    return keep;
}

}  // namespace assay::core::explain::detail
