#pragma once
// Internal to core/explain: the pieces of KernelSHAP (shapley.h), apart so that tests can check
// each against shap 0.46's KernelExplainer (explain, solve) and sklearn's LassoLarsIC.
#include <cstdint>
#include <vector>

namespace assay::core::explain::detail {

// The coalitions KernelExplainer.explain() builds for M ≥ 2 features and a budget `nsamples`
// (already "auto"-resolved and capped at 2^M − 2): size classes enumerated in order with
// complements while they fit, the rest sampled from `seed`. masks: count × M (0/1), weights:
// count (the enumerated ones' Shapley-kernel weights, then the sampled ones rescaled to the
// weight left).
struct CoalitionPlan {
    std::int64_t count = 0;
    std::vector<std::uint8_t> masks;
    std::vector<double> weights;
    int fullSizeClasses = 0;  // size classes enumerated completely
};
CoalitionPlan kernelShapCoalitions(int M, std::int64_t nsamples, std::uint64_t seed);

// KernelExplainer.solve() for one output: eyAdj = v(z) − E[f] per coalition, delta = f(x) − E[f].
// l1: run the Lasso-AIC selection first (the caller decides, from the fraction enumerated).
// Returns φ (M), exactly 0 where |φ| < 1e-10 as shap rounds.
std::vector<double> kernelShapSolve(const CoalitionPlan& plan, int M,
                                    const std::vector<double>& eyAdj, double delta, bool l1);

// sklearn make_pipeline(StandardScaler(with_mean=False), LassoLarsIC(criterion="aic")).fit(X, y)
// and the indices of its nonzero coefficients. X: n × p row-major. Departure: when the OLS noise
// variance is not positive (a perfect fit) every index is returned (sklearn would divide by 0).
std::vector<int> lassoAicSelect(const std::vector<double>& X, std::int64_t n, int p,
                                const std::vector<double>& y);

// The LARS-Lasso path of sklearn's lars_path(X, y, method="lasso", alpha_min=0) on X (n × p,
// already centred): coefficient vectors p each, from all-zero on.
std::vector<std::vector<double>> larsLassoPath(const std::vector<double>& X, std::int64_t n, int p,
                                               const std::vector<double>& y);

// Solves A x = b (A: k × k, row-major) by Gaussian elimination with partial pivoting; false when
// a pivot is exactly zero (numpy's LinAlgError), then x is untouched.
bool solveLinear(std::vector<double> A, std::vector<double> b, int k, std::vector<double>& x);

}  // namespace assay::core::explain::detail
