// Pokes through a masker: baseline pokes equal |f(x) − f(x with j at the background)| worked by
// hand, an ignored feature gets Δ = 0 exactly (and RBP can only shrink it), noisy pokes average
// |f(x) − f(x + noise·σ_j·N)| (E|N| = √(2/π) for a linear feature), seeded.
#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/explain/inversion_metrics.h"

namespace assay::core::explain {
namespace {

// f(x) = 2·x0 + 0·x1 + x2², one output.
std::unique_ptr<Model> handModel() {
    return functionModel(
        3, 1,
        [](const double* rows, std::int64_t n, double* out) {
            for (std::int64_t i = 0; i < n; ++i)
                out[i] = 2 * rows[i * 3] + rows[i * 3 + 2] * rows[i * 3 + 2];
        },
        "2·x0 + x2²");
}

TEST(IqPoke, BaselinePokesAreTheForwardEffectOfEachFeatureOff) {
    const auto model = handModel();
    // Two background rows: feature j off = the mean of f over them with x_j replaced.
    const auto masker = tabularMasker({1.5, -3, 2}, {0, 0, 0, 1, 1, 1}, 2);
    const std::vector<double> a = {3, 1, 4};
    const Pokes p = poke(*model, *masker, 0, a, JobContext::none());
    const double fx = 2 * 1.5 + 4;
    EXPECT_NEAR(p.delta[0], std::fabs(fx - 0.5 * ((0 + 4) + (2 + 4))), 1e-12);
    EXPECT_EQ(p.delta[1], 0.0);  // the model ignores x1
    EXPECT_NEAR(p.delta[2], std::fabs(fx - 0.5 * ((3 + 0) + (3 + 1))), 1e-12);
    EXPECT_DOUBLE_EQ(p.normAttr[1], 1.0 / 8.0);
    EXPECT_EQ(p.normDelta[1], 0.0);
    const std::vector<double> refined = rbpRefine(a, p, 1.0);
    EXPECT_DOUBLE_EQ(refined[1], 1 / (1 + 1.0 / 8.0));
    EXPECT_THROW(poke(*model, *masker, 1, a, JobContext::none()), ParameterError);  // no output 1
    EXPECT_THROW(poke(*model, *masker, 0, {1, 2}, JobContext::none()), ParameterError);
}

TEST(IqPoke, NoisyPokesAverageTheEffectOfGaussianNoise) {
    const auto model = handModel();
    const auto masker = tabularMasker({1.5, -3, 2}, {0, 0, 0}, 1);
    const std::vector<double> a = {1, 1, 1}, scales = {2, 5, 1};
    const Pokes p = poke(*model, *masker, 0, a, JobContext::none(), 20000, 0.1, scales, 3);
    EXPECT_NEAR(p.delta[0], 2 * 0.1 * 2 * std::sqrt(2 / M_PI), 0.01);  // |2·0.1·σ·N|
    EXPECT_EQ(p.delta[1], 0.0);
    const Pokes again = poke(*model, *masker, 0, a, JobContext::none(), 20000, 0.1, scales, 3);
    EXPECT_EQ(p.delta, again.delta);
    EXPECT_THROW(poke(*model, *masker, 0, a, JobContext::none(), 10, 0.1, {1, 1}, 3),
                 ParameterError);
}

}  // namespace
}  // namespace assay::core::explain
