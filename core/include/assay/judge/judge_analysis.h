#pragma once
// What the Judge view shows, computed in one call (papers.md §6(e) figures 1–4): the fits of the
// four estimators on every labelled sample (the pmf figure), the adaptive stopping in annotation
// order (the stopping trace), the error margin against m over random orders of the labelled set
// (the error figure) and, when sources are given, the transferred prior (the transfer bars).
// The prior for beta / mixture is the weak one, or the transferred one when sources are chosen;
// the error margin always draws the weak-prior estimators, plus mixture+transfer when it can.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/judge/error_margin.h"
#include "assay/judge/estimators.h"
#include "assay/judge/stopping.h"
#include "assay/judge/transfer.h"

namespace assay::core::judge {

// A labelled target and what prior transfer needs (sources and the target's mean embedding).
struct JudgeInput {
    int n = 0;
    std::vector<int> counts;             // x_i in annotation order
    std::vector<SourceFit> sources;      // fitted sources (empty: no transfer)
    std::vector<double> targetMean;      // the target texts' mean embedding (with sources)
    std::optional<double> trueAccuracy;  // known only for simulated data (the demo)
};

struct JudgeAnalysisOptions {
    Estimator estimator = Estimator::Mixture;  // the one the stopping runs
    StoppingOptions stopping;                  // traceToEnd is forced on (the figure goes on)
    // Which sources the prior comes from, by index into JudgeInput::sources; empty = none (the
    // weak prior everywhere).
    std::vector<int> sources;
    int repetitions = 100;   // random orders behind the error margin
    std::uint64_t seed = 7;  // of those orders
    std::vector<int> ms;     // error-margin sample sizes; empty = defaultMs(m)
    // An error margin computed before for the same counts, sources, repetitions, seed and ms
    // (the view keeps it when only a stopping setting moved); nullptr: compute it.
    const ErrorMargin* reuseMargin = nullptr;
};

struct JudgeAnalysis {
    int n = 0, m = 0;
    std::vector<double> observed;            // share of samples with x = 0…n
    std::vector<Fit> fits;                   // allEstimators() order, with `prior`
    Prior prior;                             // weak or transferred
    std::optional<TransferResult> transfer;  // when sources were chosen
    std::vector<int> sources;                // the chosen ones (indices into the input's)
    std::vector<double> similarities;  // cos(ē_t, ē_s) of every input source (chosen or not)
    StoppingTrace trace;
    ErrorMargin margin;
    std::optional<double> trueAccuracy;
};

// 5, 10, 15, 20, 30, 40, 60, 80, 100, 150, 200 … (a 1-2-3-4-6-8 progression ×10 from 10 on),
// capped at m and at 400; m itself when m < 5.
std::vector<int> defaultMs(int m);

// InputError for empty counts, counts outside [0, n], fewer samples than m0, source indices out
// of range, sources without a target embedding (or of another dimension); ParameterError for
// options out of range. progress over the stopping and the error margin (most of the time);
// cancellable between fits. Once the fits and the stopping are done (well before the error
// margin) it publishes them: a std::shared_ptr<const JudgeAnalysis> whose margin has no curves.
JudgeAnalysis analyseJudge(const JudgeInput& input, const JudgeAnalysisOptions& options,
                           JobContext& job);

}  // namespace assay::core::judge
