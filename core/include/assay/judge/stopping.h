#pragma once
// Adaptive stopping of the annotation (papers.md §6(c), PROPOSAL): after each new label
// (m = m0, m0+1, …) refit, take the leave-one-out estimates Â_m^(−i), residuals
// R_i = |Â_m^(−i) − Â_m| and q_m = the ⌈(m+1)(1−γ)⌉-th smallest R_i (the split-conformal rank of
// core/conformal). While that rank exceeds m (m < (1−γ)/γ, e.g. m ≤ 8 at γ = 0.1) q_m = +∞: so
// few residuals cannot back a 1−γ statement, so the procedure cannot stop there. Stop when
// q_m ≤ ε or m reaches the budget; the interval is [Â_m − q_m, Â_m + q_m] clipped to [0, 1].
#include <cstddef>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/judge/estimators.h"

namespace assay::core::judge {

struct StoppingOptions {
    int m0 = 5;             // first m at which to test (≥ 2: a leave-one-out fit needs a sample)
    double epsilon = 0.03;  // stop once q_m ≤ ε
    double gamma = 0.1;     // miscoverage of the conformal quantile, in (0, 1)
    int budget = 100;       // the most labels to spend
    bool traceToEnd = false;  // keep going after the stop (for the figure), stopIndex unchanged
};

enum class StopReason { Epsilon, Budget, Exhausted };  // Exhausted: the labels ran out first
const char* stopReasonName(StopReason r);              // "epsilon", "budget", "exhausted"

struct StoppingStep {
    int m = 0;
    double accuracy = 0;  // Â_m
    double q = 0;         // q_m (+∞ while the conformal rank exceeds m)
    double lo = 0, hi = 1;
};

struct StoppingTrace {
    std::vector<StoppingStep> steps;
    std::size_t stopIndex = 0;  // into steps
    int stopM = 0;
    StopReason reason = StopReason::Budget;
};

// counts in annotation order. ParameterError for options out of range; InputError for counts
// outside [0, n] or fewer than m0 of them. progress(step, steps) per m.
StoppingTrace adaptiveStopping(const std::vector<int>& counts, int n, Estimator estimator,
                               const Prior& prior, const StoppingOptions& options, JobContext& job);

}  // namespace assay::core::judge
