#pragma once
// Adaptive stopping of the annotation (papers.md §6(c), PROPOSAL): after each new label
// (m = m0, m0+1, …) refit, take the leave-one-out estimates Â_m^(−i), residuals
// R_i = |Â_m^(−i) − Â_m| and q_m = the ⌈(m+1)(1−γ)⌉-th smallest R_i (the split-conformal rank of
// core/conformal). While that rank exceeds m (m < (1−γ)/γ, e.g. m ≤ 8 at γ = 0.1) q_m = +∞: so
// few residuals cannot back a 1−γ statement, so the procedure cannot stop there. Stop when
// q_m ≤ ε or m reaches the budget; the interval is [Â_m − q_m, Â_m + q_m] clipped to [0, 1].
//
// Radius::Jackknife (the default; Assay's choice over the PROPOSAL, README says why) scales the
// residuals to the estimate's own error: a leave-one-out residual is about one sample's
// influence / (m − 1), so it shrinks like 1/m while |Â_m − A| shrinks like 1/√m, and the literal
// rule (Radius::LeaveOneOut) stops early with bands that miss. The jackknife pseudo-value
// deviations (m − 1)·R_i spread like the per-sample influence, and their conformal quantile / √m
// is the jackknife's 1 − γ half-width: q_m = Q_{1−γ}((m − 1)·R_i) / √m.
// tests/core/judge/stopping_coverage_test.cpp measures both radii's coverage over random orders.
#include <cstddef>
#include <string>
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
    enum class Radius { Jackknife, LeaveOneOut };
    Radius radius = Radius::Jackknife;
};
const char* radiusName(StoppingOptions::Radius r);                // "jackknife", "loo"
StoppingOptions::Radius radiusFromName(const std::string& name);  // ParameterError otherwise

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
