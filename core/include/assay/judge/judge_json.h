#pragma once
// JSON forms of the Judge analysis (issue 13), for assay-run and for scripts that check them:
// a fully labelled source's fit (written by `assay-run judge-fit`, read back by `judge
// --source`) and the result of `assay-run judge`. README "Judge (BetaConform, command line)",
// Outputs, lists every key. q = +∞ (too few residuals for the conformal rank) is written as null.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "assay/judge/estimators.h"
#include "assay/judge/stopping.h"
#include "assay/judge/transfer.h"

namespace assay::core::judge {

// A source fit as stored: fit.name, fit.params, fit.meanEmbedding (empty = not recorded).
struct SourceFitRecord {
    SourceFit fit;
    int n = 0;  // judges per sample
    int m = 0;  // labelled samples it was fitted on
    Estimator estimator = Estimator::Mixture;
    double accuracy = 0;  // A(θ̂) of the fit
    double logPosterior = 0;
};

// {"format": "assay-judge-source", "name", "n", "m", "estimator", "params": {pi, a1, b1, a2,
// b2}, "accuracy", "log_posterior", "mean_embedding" (only when recorded)}.
nlohmann::json toJson(const SourceFitRecord& record);
// InputError "<fileLabel>: <key>: expectation" for a missing or mistyped key, another format or
// estimator, or invalid parameters.
SourceFitRecord sourceFitFromJson(const nlohmann::json& j, const std::string& fileLabel);
SourceFitRecord readSourceFit(const std::filesystem::path& path);

nlohmann::json toJson(const MixtureParams& params);  // {pi, a1, b1, a2, b2}
nlohmann::json toJson(const Prior& prior);           // {a_pi, b_pi, mu_a1, mu_b1, mu_a2, mu_b2, s}
// {estimator, accuracy, p, log_posterior, iterations, pmf, params (beta and mixture only)}.
nlohmann::json toJson(const Fit& fit);
// {m0, epsilon, gamma, budget, stop_m, reason, q (null for +∞), trace: {m, accuracy, q, lo, hi}}.
nlohmann::json toJson(const StoppingTrace& trace, const StoppingOptions& options);

// Everything `assay-run judge` computed.
struct JudgeResult {
    int n = 0, m = 0;
    std::vector<std::string> judges;
    Estimator estimator = Estimator::Mixture;
    std::vector<Fit> fits;  // one per allEstimators(), on every row, with `prior`
    Prior prior;            // weakPrior(), or the transferred one
    StoppingOptions stopping;
    StoppingTrace trace;  // the chosen estimator in annotation order
    std::vector<std::string> sourceNames;
    std::optional<TransferResult> transfer;
};
// accuracy, accuracy_interval, accuracy_<name> ×4, estimator, n, m, judges, fits, prior,
// stopping, stop_m, stop_reason, transfer (when sources were given). Without provenance: the
// command adds it.
nlohmann::json toJson(const JudgeResult& result);

}  // namespace assay::core::judge
