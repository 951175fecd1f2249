// IQ and RBP metrics against hand-worked cases and brute-force references: spurious mass,
// output-swap reliance, Spearman faithfulness (average ranks), precision@k, the IS bounds, the
// RBP identity and shrinkage, stability.
#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/inversion_metrics.h"

namespace assay::core::explain {
namespace {

using R = FeatureRole;

// Ranks by counting (1 + smaller + ½·equal others), Pearson of those: the textbook Spearman.
double bruteSpearman(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    auto ranks = [n](const std::vector<double>& v) {
        std::vector<double> r(n, 1.0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                if (j != i) r[i] += v[j] < v[i] ? 1.0 : (v[j] == v[i] ? 0.5 : 0.0);
        return r;
    };
    const auto rx = ranks(x), ry = ranks(y);
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) mx += rx[i] / n, my += ry[i] / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

TEST(IqMetrics, SpuriousMassIsTheSpuriousShareOfAbsoluteAttribution) {
    EXPECT_DOUBLE_EQ(spuriousMass({1, -2, 3, 0}, {R::Causal, R::Spurious, R::Spurious, R::Noise}),
                     5.0 / 6.0);
    EXPECT_EQ(spuriousMass({0, 0}, {R::Spurious, R::Causal}), 0.0);
    EXPECT_EQ(spuriousMass({1, 2}, {R::Causal, R::Noise}), 0.0);
    EXPECT_THROW(spuriousMass({1, 2}, {R::Causal}), ParameterError);
}

TEST(IqMetrics, OutputSwapRelianceIsTheRelativeL1Change) {
    EXPECT_DOUBLE_EQ(outputSwapReliance({1, 2}, {1, -2}), 4.0 / 6.0);
    EXPECT_EQ(outputSwapReliance({1, 2}, {1, 2}), 0.0);
    EXPECT_EQ(outputSwapReliance({0, 0}, {0, 0}), 0.0);
    EXPECT_DOUBLE_EQ(outputSwapReliance({1, 0}, {0, 1}), 1.0);
}

TEST(IqMetrics, SpearmanMatchesBruteForceWithTies) {
    SplitMix64 rng(11);
    for (int t = 0; t < 20; ++t) {
        const int n = 3 + static_cast<int>(rng.below(15));
        std::vector<double> x(n), y(n);
        for (int i = 0; i < n; ++i) {
            x[i] = static_cast<double>(rng.below(5)) - 2;  // ties and signs
            y[i] = x[i] * 0.5 + static_cast<double>(rng.below(4));
        }
        bool constant = true;
        for (int i = 1; i < n; ++i) constant = constant && x[i] == x[0];
        if (constant) continue;
        EXPECT_NEAR(rankCorrelation(x, y), bruteSpearman(x, y), 1e-12);
        std::vector<double> ax(n), ay(n);
        for (int i = 0; i < n; ++i) ax[i] = std::fabs(x[i]), ay[i] = std::fabs(y[i]);
        const double ref = bruteSpearman(ax, ay);
        EXPECT_NEAR(spearmanFaithfulness(x, y), std::isnan(ref) ? 0.0 : std::max(0.0, ref), 1e-12);
    }
}

TEST(IqMetrics, FaithfulnessHandCases) {
    EXPECT_DOUBLE_EQ(spearmanFaithfulness({3, -1, 2}, {30, 10, -20}), 1.0);
    EXPECT_EQ(spearmanFaithfulness({1, 2, 3}, {3, 2, 1}), 0.0);  // ρ = −1, clipped
    EXPECT_EQ(spearmanFaithfulness({1, 1, 1}, {3, 2, 1}), 0.0);  // constant: no ranking
    // One-hot truth (text): the keyword ranked first among tied zeros gives ρ = 1.
    EXPECT_DOUBLE_EQ(spearmanFaithfulness({0, 5, 0, 0}, {0, 1, 0, 0}), 1.0);
}

TEST(IqMetrics, PrecisionAtKCountsCausalFeaturesAmongTheTopK) {
    const std::vector<R> roles = {R::Causal, R::Spurious, R::Causal, R::Noise};
    EXPECT_DOUBLE_EQ(precisionAtK({0.1, -5, 3, 0}, roles, 1), 0.0);
    EXPECT_DOUBLE_EQ(precisionAtK({0.1, -5, 3, 0}, roles, 2), 0.5);
    EXPECT_DOUBLE_EQ(precisionAtK({0.1, -5, 3, 0}, roles, 3), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(precisionAtK({1, 1, 1, 1}, roles, 1), 1.0);  // ties: lower index first
    EXPECT_THROW(precisionAtK({1, 2, 3, 4}, roles, 0), ParameterError);
    EXPECT_THROW(precisionAtK({1, 2, 3, 4}, roles, 5), ParameterError);
}

TEST(IqMetrics, InversionScoreStaysInTheUnitIntervalAndIsAPowerMean) {
    EXPECT_EQ(inversionScore(0, 1), 0.0);
    EXPECT_DOUBLE_EQ(inversionScore(1, 0), 1.0);
    EXPECT_DOUBLE_EQ(inversionScore(0.5, 0.5, 1), 0.5);
    EXPECT_DOUBLE_EQ(inversionScore(1, 1, 2), std::sqrt(0.5));
    for (double p : {1.0, 1.5, 2.0, 3.0, 7.5}) {
        for (int i = 0; i <= 10; ++i) {
            for (int k = 0; k <= 10; ++k) {
                const double Rv = i / 10.0, F = k / 10.0;
                const double is = inversionScore(Rv, F, p);
                EXPECT_GE(is, 0.0);
                EXPECT_LE(is, 1.0);
                EXPECT_GE(is, std::min(Rv, 1 - F) - 1e-15);  // a mean lies between its terms
                EXPECT_LE(is, std::max(Rv, 1 - F) + 1e-15);
                if (p == 1) {
                    EXPECT_NEAR(is, 0.5 * (Rv + 1 - F), 1e-15);
                }
                EXPECT_LE(inversionScore(Rv, F, 1), is + 1e-15);  // power means grow with p
            }
        }
    }
    EXPECT_THROW(inversionScore(0.5, 0.5, 0.9), ParameterError);
    EXPECT_THROW(inversionScore(1.5, 0.5), ParameterError);
    EXPECT_THROW(inversionScore(0.5, std::nan("")), ParameterError);
}

TEST(IqMetrics, RbpIdentityLeavesReproducedAttributionsUnchanged) {
    SplitMix64 rng(3);
    std::vector<double> a(12), delta(12);
    for (int j = 0; j < 12; ++j) {
        a[j] = rng.normal();
        delta[j] = std::fabs(a[j]);  // Δ ∝ |a| ⇒ Δ̂ = â
    }
    const Pokes p = pokesFromDeltas(a, delta);
    for (double lambda : {0.5, 1.0, 2.0, 5.0}) {
        const std::vector<double> refined = rbpRefine(a, p, lambda);
        for (int j = 0; j < 12; ++j) EXPECT_EQ(refined[j], a[j]);
    }
    for (double& d : delta) d *= 3.7;
    const std::vector<double> scaled = rbpRefine(a, pokesFromDeltas(a, delta), 5.0);
    for (int j = 0; j < 12; ++j) EXPECT_NEAR(scaled[j], a[j], 1e-14 * std::fabs(a[j]));
}

TEST(IqMetrics, RbpShrinksAnAttributedFeatureThePokeDoesNotReproduce) {
    // Feature 1 is spurious: attributed 40% of the mass but Δ = 0 (the model ignores it).
    const std::vector<double> a = {3, -4, 2, 1};
    const std::vector<R> roles = {R::Causal, R::Spurious, R::Causal, R::Noise};
    const Pokes p = pokesFromDeltas(a, {3, 0, 2, 1});
    EXPECT_DOUBLE_EQ(p.normAttr[1], 0.4);
    EXPECT_EQ(p.normDelta[1], 0.0);
    EXPECT_DOUBLE_EQ(p.discrepancy[1], 0.4);
    for (double lambda : {0.5, 1.0, 2.0, 5.0}) {
        const std::vector<double> refined = rbpRefine(a, p, lambda);
        EXPECT_DOUBLE_EQ(refined[1], -4 / (1 + lambda * 0.4));  // 1/(1 + λ·â_j)
        EXPECT_LT(spuriousMass(refined, roles), spuriousMass(a, roles));
        EXPECT_GE(spearmanFaithfulness(refined, {3, 0, 2, 1}),
                  spearmanFaithfulness(a, {3, 0, 2, 1}));
    }
    EXPECT_EQ(rbpRefine(a, p, 0), a);
    EXPECT_THROW(rbpRefine(a, p, -1), ParameterError);
}

TEST(IqMetrics, PokesShareZeroWhenNothingMoves) {
    const Pokes p = pokesFromDeltas({0, 0, 0}, {0, 0, 0});
    EXPECT_EQ(p.normAttr, std::vector<double>(3, 0.0));
    EXPECT_EQ(p.normDelta, std::vector<double>(3, 0.0));
    EXPECT_EQ(p.discrepancy, std::vector<double>(3, 0.0));
    EXPECT_THROW(pokesFromDeltas({1, 2}, {1}), ParameterError);
    EXPECT_THROW(pokesFromDeltas({1, 2}, {1, -1}), ParameterError);
}

TEST(IqMetrics, StabilityIsThePerFeatureSpreadOverSeeds) {
    const Stability s = stability({1, 2, 3, 6}, 2, 2);  // runs (1, 2) and (3, 6)
    EXPECT_EQ(s.mean, (std::vector<double>{2, 4}));
    EXPECT_EQ(s.stddev, (std::vector<double>{1, 2}));  // ddof 0
    EXPECT_DOUBLE_EQ(s.meanStd, 1.5 / 3.0);
    const Stability one = stability({1, -2}, 1, 2);
    EXPECT_EQ(one.stddev, (std::vector<double>{0, 0}));
    EXPECT_EQ(one.meanStd, 0.0);
    EXPECT_THROW(stability({1, 2, 3}, 2, 2), ParameterError);
}

TEST(IqMetrics, RoleNames) {
    EXPECT_STREQ(featureRoleName(R::Causal), "causal");
    EXPECT_STREQ(featureRoleName(R::Spurious), "spurious");
    EXPECT_STREQ(featureRoleName(R::Noise), "noise");
}

}  // namespace
}  // namespace assay::core::explain
