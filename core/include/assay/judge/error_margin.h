#pragma once
// Error margin against the number of labels (papers.md §6(c), PROPOSAL): over random annotation
// orders of a fully labelled set, mean |Â_m − A_full| for each estimator, A_full = the empirical
// majority rate of the whole set. Repetition r shuffles with streamSeed(seed, r), so identical
// inputs give identical curves.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/judge/estimators.h"

namespace assay::core::judge {

struct ErrorCurve {
    std::string label;  // the estimator's name, or "mixture+transfer"
    Estimator estimator = Estimator::Mixture;
    bool transfer = false;
    std::vector<double> meanError;  // per m
    std::vector<double> stdError;   // standard error of that mean (sd / √repetitions)
};

struct ErrorMargin {
    std::vector<int> ms;
    int repetitions = 0;
    double aFull = 0;
    std::vector<ErrorCurve> curves;  // the estimators in the order given, then mixture+transfer
};

// ms: each in [1, counts.size()]; repetitions ≥ 1; `prior` for beta/mixture, `transferred` (if
// given) adds a mixture curve fitted with it. progress(r, repetitions).
ErrorMargin errorMargin(const std::vector<int>& counts, int n, const std::vector<int>& ms,
                        int repetitions, const std::vector<Estimator>& estimators,
                        const Prior& prior, const std::optional<Prior>& transferred,
                        std::uint64_t seed, JobContext& job);

}  // namespace assay::core::judge
