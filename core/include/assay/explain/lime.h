#pragma once
// LIME as lime 0.2.0.1 computes it (papers.md §7(c)), as an algorithm: samples around (or away
// from) the instance, distances, the exponential kernel sqrt(exp(−d²/w²)), and a weighted ridge
// surrogate (α = 1, intercept) per explained output, whose coefficients are the explanation, with
// its intercept and weighted R² (sklearn's Ridge.score with sample weights). Every feature is
// kept (lime's feature selection "auto" picks num_features of them; Assay reports all, the README
// says so). The first sample is the instance itself.
//   tabular  kernel width 0.75·√D, 5000 samples; discretize = true: quartile bins from the
//            training statistics, a bin drawn per feature from the training frequencies, values
//            drawn in the bin (truncated normal), binary representation (same bin as x);
//            discretize = false: N(0,1)·scale + mean (sample_around_instance = false), the
//            representation is (z − mean)/scale; euclidean distance on the scaled values.
//   text     kernel width 25, 5000 samples: a uniform count s ∈ [1, M] of distinct words removed;
//            cosine distance of the word-presence vectors × 100.
//   image    kernel width 0.25, 1000 samples: Bernoulli(½) per superpixel; cosine distance.
// Text and image perturbations are masks evaluated through the masker (masker.h).
#include <cstdint>
#include <vector>

#include "assay/explain/explanation.h"
#include "assay/explain/masker.h"

namespace assay::core::explain {

// Training statistics of lime's LimeTabularExplainer (mean, std with ddof 0 — std 0 → 1 —,
// quartiles, per-bin frequencies, means, stds, min and max) from X: n × D.
struct TabularStats {
    int D = 0;
    std::vector<double> mean, scale;         // D
    std::vector<std::vector<double>> edges;  // D: the quartile boundaries (≤ 3, distinct)
    std::vector<std::vector<double>> binFrequency, binMean, binStd, binMin, binMax;  // D × bins
};
TabularStats tabularStats(const std::vector<double>& X, std::int64_t n, int D);

struct LimeOptions {
    int numSamples = 0;      // 0 = the domain's default (5000 / 5000 / 1000)
    double kernelWidth = 0;  // 0 = the domain's default
    bool discretize = true;  // tabular only
    std::uint64_t seed = 0;
    std::vector<int> labels;  // empty = all outputs
    double ridgeAlpha = 1.0;
};
Explanation limeTabular(const Model& model, const std::vector<double>& x, const TabularStats& stats,
                        const LimeOptions& options, JobContext& job);
Explanation limeText(const Model& model, const Masker& words, const LimeOptions& options,
                     JobContext& job);
Explanation limeImage(const Model& model, const Masker& superpixels, const LimeOptions& options,
                      JobContext& job);

// --- Added by the lime part: the two halves of every LIME explainer, so that a caller can hand
// the same perturbation samples to another implementation (bench_lime, the tests). ---

// The perturbations of one explained instance. Row 0 is the instance itself.
struct LimeSamples {
    std::int64_t n = 0;
    int features = 0;                    // M: the surrogate's inputs
    int inputs = 0;                      // D: the model's inputs (tabular; 0 for masks)
    std::vector<double> rows;            // n × D: what the model sees (tabular only)
    std::vector<double> representation;  // n × M: the surrogate's design matrix
    std::vector<double> distances;       // n: from row 0 (euclidean; cosine; cosine × 100)
};
// Tabular samples as limeTabular draws them (options.numSamples, .discretize, .seed). Feature j's
// draws come from the stream streamSeed(seed, j), so they do not depend on D's other columns.
// InputError when x has the wrong length or is not finite.
LimeSamples limeTabularSamples(const std::vector<double>& x, const TabularStats& stats,
                               const LimeOptions& options);
// Masks for text (a uniform number of distinct words removed) and images (Bernoulli(½) per
// superpixel): representation = the 0/1 masks, distances as documented above.
LimeSamples limeTextSamples(int words, const LimeOptions& options);
LimeSamples limeImageSamples(int segments, const LimeOptions& options);

// lime's kernel sqrt(exp(−d²/w²)).
double limeKernel(double distance, double kernelWidth);
// The surrogates from samples and the model's outputs y (n × C): one weighted ridge per label
// (labels empty = all C), weights limeKernel(distance, kernelWidth). fx = y's row 0; modelRows
// = n. ParameterError for a label outside [0, C) or y of the wrong size.
Explanation limeFit(const LimeSamples& samples, const std::vector<double>& y, int C,
                    double kernelWidth, const std::vector<int>& labels, double ridgeAlpha);

// The surrogate: minimise Σ_i w_i (y_i − b − z_i·c)² + α‖c‖² (sklearn Ridge with
// sample_weight); r2 = the weighted coefficient of determination. Z: n × M, y, w: n.
struct RidgeFit {
    std::vector<double> coef;
    double intercept = 0;
    double r2 = 0;
};
RidgeFit weightedRidge(const std::vector<double>& Z, std::int64_t n, int M,
                       const std::vector<double>& y, const std::vector<double>& w, double alpha);

}  // namespace assay::core::explain
