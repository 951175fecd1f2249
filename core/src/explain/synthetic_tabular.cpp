// The tabular set (papers.md §7(c), the paper's Figure 1 generator): y = x1·sin x2 with a spurious
// copy x3 = y + ε whose correlation with y is the strength, and N(0,1) noise columns.
#include <cmath>
#include <string>

#include "assay/core/random.h"
#include "synthetic_generators.h"

namespace assay::core::explain::detail {

namespace {

constexpr int kTabularD = 10;
constexpr std::int64_t kTabularTrain = 10000;
// Background rows of the tabular masker: few enough that KernelSHAP's 1,022 coalitions × B model
// rows per item keep the analysis within seconds, enough for a stable E[f].
constexpr std::int64_t kTabularBackground = 32;
constexpr double kPi = 3.14159265358979323846;
// Standard deviation of y = x1·sin x2 for x1, x2 ~ U(−π, π): Var = E[x1²]·E[sin² x2] = π²/3 · ½.
const double kSigmaY = kPi / std::sqrt(6.0);

// One row; returns y. corr(x3, y) = σ_y / sqrt(σ_y² + σ_ε²) = strength.
double drawRow(SplitMix64& rng, double strength, double* row) {
    const double x1 = (2 * rng.uniform() - 1) * kPi;
    const double x2 = (2 * rng.uniform() - 1) * kPi;
    const double y = x1 * std::sin(x2);
    row[0] = x1;
    row[1] = x2;
    if (strength <= 0) {
        row[2] = kSigmaY * rng.normal();  // no correlation at all: an independent column
    } else if (strength >= 1) {
        row[2] = y;
    } else {
        row[2] = y + kSigmaY * std::sqrt(1 / (strength * strength) - 1) * rng.normal();
    }
    for (int j = 3; j < kTabularD; ++j) row[j] = rng.normal();
    return y;
}

// Exact Shapley values of the generator g(x) = x1·sin x2 with the masker's interventional value
// v(S) = mean_b g(x_S, b_S̄): a two-player game in closed form (every other column is a dummy).
std::vector<double> generatorShapley(const std::vector<double>& x,
                                     const std::vector<double>& background, std::int64_t B) {
    double vNone = 0, meanSin2 = 0, mean1 = 0;
    for (std::int64_t b = 0; b < B; ++b) {
        const double* row = background.data() + b * kTabularD;
        vNone += row[0] * std::sin(row[1]);
        meanSin2 += std::sin(row[1]);
        mean1 += row[0];
    }
    vNone /= B;
    meanSin2 /= B;
    mean1 /= B;
    const double v1 = x[0] * meanSin2, v2 = mean1 * std::sin(x[1]), v12 = x[0] * std::sin(x[1]);
    std::vector<double> g(kTabularD, 0.0);
    g[0] = 0.5 * ((v1 - vNone) + (v12 - v2));
    g[1] = 0.5 * ((v2 - vNone) + (v12 - v1));
    return g;
}

}  // namespace

SyntheticSet makeTabularSet(const SyntheticOptions& o) {
    SyntheticSet set;
    set.domain = Domain::Tabular;
    set.strength = o.strength;
    set.D = kTabularD;
    set.outputs = 1;
    set.explainedLabel = 0;
    set.nTrain = o.nTrain > 0 ? o.nTrain : kTabularTrain;
    set.trainX.resize(static_cast<std::size_t>(set.nTrain) * kTabularD);
    set.trainY.resize(static_cast<std::size_t>(set.nTrain));
    SplitMix64 train(streamSeed(o.seed, static_cast<std::uint64_t>(SetStream::Train)));
    for (std::int64_t i = 0; i < set.nTrain; ++i) {
        set.trainY[i] = drawRow(train, o.strength, set.trainX.data() + i * kTabularD);
    }
    set.backgroundRows = kTabularBackground;
    set.background.resize(static_cast<std::size_t>(kTabularBackground) * kTabularD);
    SplitMix64 bg(streamSeed(o.seed, static_cast<std::uint64_t>(SetStream::Background)));
    for (std::int64_t b = 0; b < kTabularBackground; ++b) {
        drawRow(bg, o.strength, set.background.data() + b * kTabularD);
    }
    std::vector<std::string> names;
    std::vector<FeatureRole> roles;
    for (int j = 0; j < kTabularD; ++j) {
        names.push_back("x" + std::to_string(j + 1));
        roles.push_back(j < 2 ? FeatureRole::Causal
                              : (j == 2 ? FeatureRole::Spurious : FeatureRole::Noise));
    }
    SplitMix64 items(streamSeed(o.seed, static_cast<std::uint64_t>(SetStream::Items)));
    for (int i = 0; i < o.items; ++i) {
        SyntheticItem item;
        item.x.resize(kTabularD);
        drawRow(items, o.strength, item.x.data());
        item.featureLabels = names;
        item.roles = roles;
        item.groundTruth = generatorShapley(item.x, set.background, kTabularBackground);
        item.masker = tabularMasker(item.x, set.background, kTabularBackground);
        set.items.push_back(std::move(item));
    }
    return set;
}

}  // namespace assay::core::explain::detail
