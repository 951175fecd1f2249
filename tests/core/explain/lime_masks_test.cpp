// LIME text and image: the masks' documented distributions (lime_text: s ~ U{1..M} distinct words
// removed; lime_image: Bernoulli(½) per superpixel), the cosine distances, and explanations of
// models that are linear in the mask, where the surrogate must recover the per-feature effects.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/lime.h"
#include "assay/explain/masker.h"
#include "assay/explain/segmentation.h"
#include "lime_test_util.h"

namespace assay::core::explain {
namespace {

double onesIn(const LimeSamples& s, std::int64_t i) {
    double k = 0;
    for (int j = 0; j < s.features; ++j) k += s.representation[i * s.features + j];
    return k;
}

TEST(LimeTextSamples, RemoveAUniformNumberOfDistinctWords) {
    const int M = 7;
    LimeOptions o;
    o.seed = 3;
    const LimeSamples s = limeTextSamples(M, o);
    ASSERT_EQ(s.n, 5000);  // lime_text's default
    EXPECT_EQ(onesIn(s, 0), M);
    EXPECT_EQ(s.distances[0], 0.0);
    std::vector<double> removedCount(M + 1, 0.0), removedWord(M, 0.0);
    for (std::int64_t i = 1; i < s.n; ++i) {
        const int removed = M - int(onesIn(s, i));
        ASSERT_GE(removed, 1);
        ASSERT_LE(removed, M);
        removedCount[removed] += 1;
        for (int j = 0; j < M; ++j) removedWord[j] += 1.0 - s.representation[i * M + j];
        const double k = M - removed;
        EXPECT_NEAR(s.distances[i], 100.0 * (1.0 - std::sqrt(k / M)), 1e-12);
    }
    for (int r = 1; r <= M; ++r) EXPECT_NEAR(removedCount[r] / (s.n - 1), 1.0 / M, 0.02);
    // Each word is removed with probability E[s]/M = (M + 1)/(2M).
    for (int j = 0; j < M; ++j)
        EXPECT_NEAR(removedWord[j] / (s.n - 1), (M + 1.0) / (2.0 * M), 0.025);
}

TEST(LimeImageSamples, SwitchEachSuperpixelOffWithProbabilityHalf) {
    const int M = 12;
    LimeOptions o;
    o.seed = 5;
    const LimeSamples s = limeImageSamples(M, o);
    ASSERT_EQ(s.n, 1000);  // lime_image's default
    EXPECT_EQ(onesIn(s, 0), M);
    double on = 0;
    for (std::int64_t i = 1; i < s.n; ++i) {
        const double k = onesIn(s, i);
        on += k;
        EXPECT_NEAR(s.distances[i], k > 0 ? 1.0 - std::sqrt(k / M) : 1.0, 1e-12);
    }
    EXPECT_NEAR(on / ((s.n - 1) * M), 0.5, 0.02);
    o.seed = 6;
    EXPECT_NE(limeImageSamples(M, o).representation, s.representation);
    EXPECT_THROW(limeImageSamples(0, o), ParameterError);
    EXPECT_THROW(limeTextSamples(0, o), ParameterError);
}

// A bag-of-words model y = b + Σ c_j·present_j is linear in the mask: with α = 0 the surrogate
// is exact; with lime's α = 1 it is close.
TEST(LimeText, RecoversWordEffectsOfABagOfWordsModel) {
    const int M = 6;
    const std::vector<double> c = {2.0, -1.0, 0.0, 0.5, 3.0, -0.25};
    test::LinearTestModel model(c, {0.1}, 1, M);
    std::vector<int> groups(M);
    for (int j = 0; j < M; ++j) groups[j] = j;
    const auto words =
        groupedMasker(std::vector<double>(M, 1.0), groups, M, std::vector<double>(M, 0.0));
    LimeOptions o;
    o.ridgeAlpha = 0.0;
    const Explanation exact = limeText(model, *words, o, JobContext::none());
    for (int j = 0; j < M; ++j) EXPECT_NEAR(exact.attribution(j, 0), c[j], 1e-9);
    EXPECT_NEAR(exact.intercept[0], 0.1, 1e-9);
    EXPECT_NEAR(exact.localR2[0], 1.0, 1e-12);
    o.ridgeAlpha = 1.0;
    const Explanation lime = limeText(model, *words, o, JobContext::none());
    for (int j = 0; j < M; ++j) EXPECT_NEAR(lime.attribution(j, 0), c[j], 0.02);
    EXPECT_NEAR(lime.fx[0], 0.1 + 2.0 - 1.0 + 0.5 + 3.0 - 0.25, 1e-12);
    EXPECT_EQ(lime.modelRows, 5000);
}

// A linear model of the pixels, superpixels on a grid filled with their mean colour: switching
// superpixel j off changes the output by Σ_{p ∈ j} w_p (x_p − mean_j), exactly linear in the mask.
TEST(LimeImage, RecoversSuperpixelEffectsWithMeanColourFill) {
    const int W = 6, H = 6, D = W * H * 3;
    tokens::RgbImage image{W, H, {}};
    SplitMix64 rng(21);
    for (int i = 0; i < D; ++i) image.rgb.push_back(std::uint8_t(rng.below(256)));
    const Segmentation seg = gridSegmentation(W, H, 3, 3);
    const std::vector<double> means = segmentMeanColours(image, seg);
    std::vector<double> x(D), fill(D), w(D);
    std::vector<int> groups(D);
    std::vector<double> effect(seg.segments, 0.0);
    for (int p = 0; p < W * H; ++p)
        for (int ch = 0; ch < 3; ++ch) {
            const int d = p * 3 + ch, l = seg.labels[p];
            x[d] = image.rgb[d] / 255.0;
            fill[d] = means[l * 3 + ch] / 255.0;
            groups[d] = l;
            w[d] = rng.normal();
            effect[l] += w[d] * (x[d] - fill[d]);
        }
    test::LinearTestModel model(w, {0.0}, 1, D);
    const auto superpixels = groupedMasker(x, groups, seg.segments, fill);
    LimeOptions o;
    o.ridgeAlpha = 0.0;
    const Explanation e = limeImage(model, *superpixels, o, JobContext::none());
    ASSERT_EQ(e.features, 9);
    for (int l = 0; l < seg.segments; ++l) EXPECT_NEAR(e.attribution(l, 0), effect[l], 1e-9);
    EXPECT_NEAR(e.localR2[0], 1.0, 1e-10);
}

TEST(LimeFit, RejectsBadOutputsAndLabels) {
    LimeOptions o;
    o.numSamples = 10;
    const LimeSamples s = limeImageSamples(3, o);
    EXPECT_THROW(limeFit(s, std::vector<double>(9), 1, 0.25, {}, 1.0), ParameterError);
    EXPECT_THROW(limeFit(s, std::vector<double>(20), 2, 0.25, {2}, 1.0), ParameterError);
    EXPECT_THROW(limeFit(s, std::vector<double>(10), 1, 0.0, {}, 1.0), ParameterError);
    std::vector<double> y(10, 1.0);
    y[3] = NAN;
    EXPECT_THROW(limeFit(s, y, 1, 0.25, {}, 1.0), InputError);
}

}  // namespace
}  // namespace assay::core::explain
