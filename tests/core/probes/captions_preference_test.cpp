// Caption scoring (per-token probabilities, TruthPrInt's backtrack positions, object-token AUROC)
// and preference-pair separability, against plain loops: a planted separable set scores ≈ 1, a
// shuffled one ≈ 0.5, the mass-mean AUROC equals a brute-force pair count on the same split.
#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/probes/caption_scores.h"
#include "assay/probes/preference_separability.h"
#include "tests/core/probes/analysis_reference.h"

namespace assay::core::probes {
namespace {

using test::Matrix;

Caption caption(std::vector<std::string> tokens, std::vector<int> labels,
                std::vector<double> confidences) {
    Caption c;
    c.tokens = std::move(tokens);
    c.labels = std::move(labels);
    c.confidences = std::move(confidences);
    return c;
}

struct CaptionCase {
    std::vector<Caption> captions;
    std::vector<float> states;  // [2 layers, T, d]
    ProbeFile probe;
    static constexpr int d = 3;
};

CaptionCase captionCase() {
    CaptionCase c;
    c.captions.push_back(caption({"A", " dog", " on", " grass", ".", " A", " cat", " ."},
                                 {-1, 0, -1, 1, -1, -1, 1, -1},
                                 {0.9, 0.4, 0.8, 0.3, 0.95, 0.7, 0.5, 0.9}));
    c.captions.push_back(caption({"Two", " birds", "."}, {-1, 0, -1}, {}));  // no confidences
    c.captions.push_back(caption({"Snow", " .", " It", " is", " cold"}, {1, -1, -1, 0, -1},
                                 {0.2, 0.2, 0.6, 0.1, 0.1}));
    const Matrix s = test::gaussian(2 * 16, CaptionCase::d, 61);
    c.states.assign(s.begin(), s.end());
    c.probe.layers = {5};
    c.probe.width = CaptionCase::d;
    c.probe.weights = {0.7, -1.1, 0.4};
    c.probe.bias = {0.2};
    c.probe.direction = c.probe.probeDirection = {1, 0, 0};
    c.probe.sigma = c.probe.sigmaProbe = {1};
    return c;
}

TEST(ScoreCaptions, ProbabilitiesBacktrackAndObjectAuroc) {
    CaptionCase c = captionCase();
    const std::vector<Caption> given = c.captions;
    const CaptionSet set = CaptionSet::fromMemory(c.captions, {3, 5}, CaptionCase::d, c.states);
    const CaptionScores scores = scoreCaptions(set, c.probe, 5);
    EXPECT_EQ(scores.layer, 5);
    ASSERT_EQ(scores.captions.size(), 3u);
    std::vector<double> objectScores;
    std::vector<std::uint8_t> objectLabels;
    std::int64_t row = 16;  // layer 5 is the second of the [L, T, d] states
    for (std::size_t k = 0; k < given.size(); ++k) {
        const Caption& g = given[k];
        const CaptionScore& cs = scores.captions[k];
        ASSERT_EQ(cs.probability.size(), g.tokens.size());
        for (std::size_t t = 0; t < g.tokens.size(); ++t, ++row) {
            double s = c.probe.bias[0];
            for (int j = 0; j < CaptionCase::d; ++j)
                s += c.probe.weights[j] * static_cast<double>(c.states[row * CaptionCase::d + j]);
            EXPECT_NEAR(cs.probability[t], 1 / (1 + std::exp(-s)), 1e-12);
            if (g.labels[t] >= 0) {
                objectScores.push_back(s);
                objectLabels.push_back(static_cast<std::uint8_t>(g.labels[t]));
            }
            // Brute force: the sentence starts after the last token "." (spaces trimmed) before
            // t; the first lowest confidence from there to t.
            int expected = -1;
            if (!g.confidences.empty()) {
                int start = 0;
                for (std::size_t i = 0; i < t; ++i)
                    if (g.tokens[i] == "." || g.tokens[i] == " .") start = static_cast<int>(i) + 1;
                expected = start;
                for (std::size_t i = start; i <= t; ++i)
                    if (g.confidences[i] < g.confidences[expected]) expected = static_cast<int>(i);
            }
            EXPECT_EQ(cs.backtrackTo[t], expected) << "caption " << k << " token " << t;
        }
    }
    EXPECT_NEAR(scores.aurocObjects, test::aurocPairs(objectScores, objectLabels), 1e-12);
    // Hand-checked positions of the first caption: "grass" (0.3) for the first sentence, then
    // " cat" (0.5) after the ".".
    EXPECT_EQ(scores.captions[0].backtrackTo, (std::vector<int>{0, 1, 1, 3, 3, 5, 6, 6}));
}

TEST(ScoreCaptions, RefusesLayersOutsideTheProbeOrTheStates) {
    CaptionCase c = captionCase();
    const CaptionSet set = CaptionSet::fromMemory(c.captions, {3, 5}, CaptionCase::d, c.states);
    EXPECT_THROW(scoreCaptions(set, c.probe, 3), InputError);  // not in the probe
    ProbeFile other = c.probe;
    other.layers = {9};
    EXPECT_THROW(scoreCaptions(set, other, 9), InputError);  // not in the states
    ProbeFile wide = c.probe;
    wide.width = 4;
    wide.weights.push_back(1);
    EXPECT_THROW(scoreCaptions(set, wide, 5), InputError);
}

TEST(ScoreCaptions, ObjectAurocIsNanWithOneClass) {
    CaptionCase c = captionCase();
    for (Caption& cap : c.captions)
        for (int& l : cap.labels)
            if (l == 1) l = 0;
    const CaptionSet set = CaptionSet::fromMemory(c.captions, {3, 5}, CaptionCase::d, c.states);
    EXPECT_TRUE(std::isnan(scoreCaptions(set, c.probe, 5).aurocObjects));
}

// Layer 0: chosen = rejected + δ·u (separable); layer 1: each pair's two members swapped at
// random (no preference signal).
PreferencePairs pairSet(std::int64_t n, int d, std::uint64_t seed) {
    const Matrix base = test::gaussian(2 * n, d, seed), noise = test::gaussian(2 * n, d, seed + 1);
    std::vector<double> u = test::gaussian(1, d, seed + 2);
    SplitMix64 coin(seed + 3);
    std::vector<float> chosen(static_cast<std::size_t>(2 * n * d)), rejected(chosen.size());
    for (std::int64_t i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j) {
            const double b = base[i * d + j];
            chosen[i * d + j] = static_cast<float>(b + 1.5 * u[j] + 0.3 * noise[i * d + j]);
            rejected[i * d + j] = static_cast<float>(b);
        }
    for (std::int64_t i = 0; i < n; ++i) {
        const bool swap = coin.below(2) == 1;
        for (int j = 0; j < d; ++j) {
            const float a = static_cast<float>(base[(n + i) * d + j] + 1.5 * u[j]);
            const float b = static_cast<float>(base[(n + i) * d + j]);
            chosen[(n + i) * d + j] = swap ? b : a;
            rejected[(n + i) * d + j] = swap ? a : b;
        }
    }
    return PreferencePairs::fromFloats("planted", {0, 1}, n, d, chosen, rejected);
}

TEST(PreferenceSeparability, PlantedSetSeparatesShuffledOneDoesNot) {
    const std::int64_t n = 400;
    const int d = 6;
    const PreferencePairs set = pairSet(n, d, 71);
    PreferenceRequest request;
    request.seed = 3;
    const PreferenceResult r = preferenceSeparability({&set}, request);
    ASSERT_EQ(r.datasets.size(), 1u);
    EXPECT_EQ(r.datasets[0].name, "planted");
    EXPECT_EQ(r.layers, (std::vector<int>{0, 1}));
    const PreferenceLayer& sep = r.datasets[0].layers[0];
    const PreferenceLayer& shuffled = r.datasets[0].layers[1];
    EXPECT_GT(sep.auroc, 0.99);
    EXPECT_GT(sep.accuracy, 0.95);
    EXPECT_GT(sep.massMeanAuroc, 0.99);
    EXPECT_NEAR(shuffled.auroc, 0.5, 0.1);
    EXPECT_NEAR(shuffled.massMeanAuroc, 0.5, 0.1);

    // Brute-force mass-mean AUROC on the same split of the pairs (groups = pair index).
    std::vector<std::uint8_t> labels(2 * n, 0);
    std::vector<std::int64_t> groups(2 * n);
    for (std::int64_t i = 0; i < n; ++i) labels[i] = 1, groups[i] = groups[n + i] = i;
    const ProbeSplit split = makeSplit(labels, std::nullopt, groups, 0.25, 3);
    for (int layer = 0; layer < 2; ++layer) {
        const io::HiddenMatrix c = set.chosen(layer), rj = set.rejected(layer);
        auto row = [&](std::int64_t i, int j) {
            const float* base = static_cast<const float*>(i < n ? c.data : rj.data);
            return static_cast<double>(base[(i < n ? i : i - n) * d + j]);
        };
        std::vector<double> mc(d, 0), mr(d, 0);
        double nc = 0, nr = 0;
        for (std::int64_t i : split.train) {
            (i < n ? nc : nr) += 1;
            for (int j = 0; j < d; ++j) (i < n ? mc : mr)[j] += row(i, j);
        }
        std::vector<double> scores;
        std::vector<std::uint8_t> y;
        for (std::int64_t i : split.test) {
            double s = 0;
            for (int j = 0; j < d; ++j) s += (mc[j] / nc - mr[j] / nr) * row(i, j);
            scores.push_back(s);
            y.push_back(labels[i]);
        }
        EXPECT_NEAR(r.datasets[0].layers[layer].massMeanAuroc, test::aurocPairs(scores, y), 1e-12);
    }
}

TEST(PreferenceSeparability, SeveralDatasetsInOrderAndNoneRefused) {
    const PreferencePairs a = pairSet(100, 4, 81), b = pairSet(120, 4, 82);
    const PreferenceResult r = preferenceSeparability({&a, &b}, PreferenceRequest{});
    ASSERT_EQ(r.datasets.size(), 2u);
    EXPECT_EQ(r.datasets[1].layers.size(), 2u);
    EXPECT_THROW(preferenceSeparability({}, PreferenceRequest{}), ParameterError);
}

}  // namespace
}  // namespace assay::core::probes
