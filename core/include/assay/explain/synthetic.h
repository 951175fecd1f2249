#pragma once
// Synthetic explanation sets with a spurious correlation and known ground truth (papers.md §7(c),
// PROPOSAL details there), and the "clean" and "shortcut" models core trains on them from a seed in
// seconds (plain C++: MLP / logistic with Adam, one thread, identical numbers on every run).
//   tabular  x1, x2 ~ U(−π, π), y = x1·sin x2; spurious x3 = y + ε, σ_ε set by strength
//            (corr(x3, y) = strength); x4..xD ~ N(0,1). D = 10. Ground truth: exact Shapley of
//            the generator over the same background (g_3 = 0, noise 0). Clean model: trained with
//            x3 shuffled; shortcut: trained on x3 as generated.
//   image    32×32 RGB, class = shape (circle / square) at a random position; a corner colour patch
//            agrees with the class with probability q = strength. Features = superpixels (4×4 grid
//            default). Ground truth: each segment's share of shape pixels; roles: segments touching
//            the shape causal, the cue's segment spurious, others noise.
//   text     template sentences; label = sentiment keyword from a lexicon; a spurious name token
//            co-occurs with the label with probability q. Model input: bag of words over the
//            vocabulary; features = word positions. Ground truth: keyword causal (1), name
//            spurious (0 truth), others noise.
// Clean models are trained with the cue decorrelated (q = 0.5 / x3 shuffled), so they do not use
// it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "assay/explain/inversion_metrics.h"
#include "assay/explain/model.h"
#include "assay/jobs/job_context.h"
#include "assay/tokens/image.h"

namespace assay::core::explain {

enum class Domain { Tabular, Image, Text };
const char* domainName(Domain d);                // "tabular", "image", "text"
Domain domainFromName(const std::string& name);  // ParameterError otherwise
enum class ModelKind { Clean, Shortcut };
const char* modelKindName(ModelKind k);  // "clean", "shortcut"
ModelKind modelKindFromName(const std::string& name);

// One explained item: its model input, the masker that turns its features on and off, and the
// ground truth. M may differ between items (text: sentence length).
struct SyntheticItem {
    std::vector<double> x;                   // D (model input)
    int label = 0;                           // the true class (tabular: 0; y is continuous)
    std::vector<std::string> featureLabels;  // M: column names, "r0c1" cells, words
    std::vector<double> groundTruth;         // M
    std::vector<FeatureRole> roles;          // M
    std::shared_ptr<const Masker> masker;    // features → model input (baseline = off)
    tokens::RgbImage image;                  // image domain: the 32×32 picture
    std::vector<std::int32_t> segments;      // image domain: per pixel, the feature
};

struct SyntheticSet {
    Domain domain = Domain::Tabular;
    double strength = 0.9;
    int D = 0;                   // model inputs
    int outputs = 1;             // tabular 1 (regression), image/text 2 (softmax)
    int explainedLabel = 0;      // the output the explanations are of (image/text: class 1)
    std::vector<double> trainX;  // nTrain × D
    std::vector<double> trainY;  // nTrain (tabular: y; image/text: class 0/1)
    std::int64_t nTrain = 0;
    std::vector<double> background;  // B × D (tabular: the masker's background rows)
    std::int64_t backgroundRows = 0;
    std::vector<SyntheticItem> items;  // the explained items
};

struct SyntheticOptions {
    Domain domain = Domain::Tabular;
    double strength = 0.9;    // corr(x3, y) (tabular) or cue agreement q (image, text), in [0, 1]
    int items = 20;           // explained items
    std::int64_t nTrain = 0;  // 0 = the domain's default (10k tabular)
    std::uint64_t seed = 0;
};
SyntheticSet makeSyntheticSet(const SyntheticOptions& options);

// Trains the clean or the shortcut model on the set (seeded; progress per epoch).
std::unique_ptr<Model> trainSyntheticModel(const SyntheticSet& set, ModelKind kind,
                                           std::uint64_t seed, JobContext& job);

}  // namespace assay::core::explain
