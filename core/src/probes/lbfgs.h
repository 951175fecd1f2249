#pragma once
// Unconstrained L-BFGS (Nocedal & Wright, Alg. 7.4/7.5) with a backtracking Armijo line search,
// for smooth convex objectives where every evaluation of f and ∇f is one pass over data (the
// logistic probe): curvature s·y > 0 always holds there, so Armijo steps keep the update positive
// definite and the unit step is accepted almost always. Stopping mirrors SciPy's L-BFGS-B, which
// sklearn's lbfgs solver calls: max|∇f| ≤ gtol, or a relative reduction of f below ftol
// ((f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol, SciPy's factr · eps), or maxIterations.
#include <functional>
#include <vector>

namespace assay::core::probes::detail {

struct LbfgsOptions {
    int memory = 10;  // SciPy's maxcor
    double gtol = 1e-4;
    double ftol = 2.220446049250313e-09;  // SciPy's default (factr = 1e7)
    int maxIterations = 1000;
    int maxLineSearch = 20;  // SciPy's maxls
    // The gradient's size for the gtol test (default max|g_i|); a caller minimising in
    // transformed variables measures the gradient of the original ones here.
    std::function<double(const std::vector<double>& g)> gradientSize;
};

struct LbfgsResult {
    int iterations = 0;
    bool converged = false;
    double value = 0;
    int evaluations = 0;
};

// f(x, g) returns f(x) and writes ∇f(x) to g (same size as x). x: start in, minimiser out.
// afterIteration(k) is called after iteration k (1-based), e.g. for progress / cancellation.
using Objective = std::function<double(const std::vector<double>& x, std::vector<double>& g)>;
LbfgsResult minimizeLbfgs(std::vector<double>& x, const Objective& f, const LbfgsOptions& options,
                          const std::function<void(int)>& afterIteration);

}  // namespace assay::core::probes::detail
