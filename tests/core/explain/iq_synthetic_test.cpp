// The synthetic sets: the tabular generator's correlation and its closed-form ground truth
// (against exact Shapley by enumeration), the image and text sets' cue agreement, roles and truth.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "assay/core/error.h"
#include "assay/explain/shapley.h"
#include "assay/explain/synthetic.h"
#include "synthetic_generators.h"

namespace assay::core::explain {
namespace {

SyntheticSet makeSet(Domain d, double strength, int items, std::int64_t nTrain,
                     std::uint64_t seed = 0) {
    SyntheticOptions o;
    o.domain = d;
    o.strength = strength;
    o.items = items;
    o.nTrain = nTrain;
    o.seed = seed;
    return makeSyntheticSet(o);
}

double correlation(const std::vector<double>& X, std::int64_t n, int D, int col,
                   const std::vector<double>& y) {
    double mx = 0, my = 0;
    for (std::int64_t i = 0; i < n; ++i) mx += X[i * D + col] / n, my += y[i] / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        const double a = X[i * D + col] - mx, b = y[i] - my;
        sxy += a * b, sxx += a * a, syy += b * b;
    }
    return sxy / std::sqrt(sxx * syy);
}

TEST(IqSynthetic, TabularCueCorrelatesWithYAtTheStrength) {
    for (double s : {0.0, 0.5, 0.8, 0.95, 1.0}) {
        const SyntheticSet set = makeSet(Domain::Tabular, s, 0, 20000);
        EXPECT_EQ(set.D, 10);
        EXPECT_NEAR(correlation(set.trainX, set.nTrain, 10, 2, set.trainY), s, 0.02) << s;
        for (std::int64_t i = 0; i < set.nTrain; ++i) {
            ASSERT_LE(std::fabs(set.trainX[i * 10]), M_PI);
            ASSERT_EQ(set.trainY[i], set.trainX[i * 10] * std::sin(set.trainX[i * 10 + 1]));
        }
    }
}

TEST(IqSynthetic, TabularGroundTruthIsTheGeneratorsExactShapley) {
    const SyntheticSet set = makeSet(Domain::Tabular, 0.9, 5, 100);
    const auto generator = functionModel(
        10, 1,
        [](const double* rows, std::int64_t n, double* out) {
            for (std::int64_t i = 0; i < n; ++i) out[i] = rows[i * 10] * std::sin(rows[i * 10 + 1]);
        },
        "x1·sin x2");
    for (const SyntheticItem& item : set.items) {
        ASSERT_EQ(item.groundTruth.size(), 10u);
        EXPECT_EQ(item.groundTruth[2], 0.0);  // g_3 = 0: the generator never reads x3
        for (int j = 3; j < 10; ++j) EXPECT_EQ(item.groundTruth[j], 0.0);
        EXPECT_EQ(item.roles[0], FeatureRole::Causal);
        EXPECT_EQ(item.roles[2], FeatureRole::Spurious);
        EXPECT_EQ(item.roles[9], FeatureRole::Noise);
        const Explanation e = exactShapley(*generator, *item.masker, {0}, JobContext::none());
        for (int j = 0; j < 10; ++j)
            EXPECT_NEAR(item.groundTruth[j], e.attribution(j, 0), 1e-12) << j;
    }
}

TEST(IqSynthetic, ImageCueAgreesWithTheClassAtQ) {
    for (double q : {0.5, 0.9}) {
        const SyntheticSet set = makeSet(Domain::Image, q, 6, 2000);
        EXPECT_EQ(set.D, 16 * 16 * 3);  // the picture 2×2 average-pooled
        EXPECT_EQ(set.outputs, 2);
        const int red = (1 * 16 + 1) * 3;  // red of the pooled block of pixels (2..3, 2..3): patch
        int agree = 0;
        for (std::int64_t i = 0; i < set.nTrain; ++i) {
            const bool isRed = set.trainX[i * set.D + red] > 0.5;
            agree += isRed == (set.trainY[i] == 1) ? 1 : 0;
        }
        EXPECT_NEAR(agree / 2000.0, q, 0.03);
        for (const SyntheticItem& item : set.items) {
            ASSERT_EQ(item.masker->features(), 16);
            ASSERT_EQ(item.image.width, 32);
            ASSERT_EQ(item.segments.size(), 32u * 32u);
            double total = 0;
            int spurious = 0;
            for (int s = 0; s < 16; ++s) {
                total += item.groundTruth[s];
                spurious += item.roles[s] == FeatureRole::Spurious ? 1 : 0;
                EXPECT_EQ(item.roles[s] == FeatureRole::Causal, item.groundTruth[s] > 0) << s;
            }
            EXPECT_NEAR(total, 1.0, 1e-12);
            EXPECT_EQ(spurious, 1);
            EXPECT_EQ(item.roles[item.segments[0]], FeatureRole::Spurious);  // the top-left cell
            EXPECT_EQ(item.featureLabels[item.segments[0]], "r0c0");
            EXPECT_EQ(item.masker->instance(), item.x);
        }
    }
}

TEST(IqSynthetic, TextKeywordCausalNameSpuriousAndCueAgreesAtQ) {
    for (double q : {0.5, 0.9}) {
        const SyntheticSet set = makeSet(Domain::Text, q, 10, 4000);
        const std::vector<int> names = detail::textCueInputs();  // anna, boris
        int agree = 0;
        for (std::int64_t i = 0; i < set.nTrain; ++i) {
            const bool anna = set.trainX[i * set.D + names[0]] == 1;
            EXPECT_NE(anna, set.trainX[i * set.D + names[1]] == 1);  // exactly one name
            agree += anna == (set.trainY[i] == 1) ? 1 : 0;
        }
        EXPECT_NEAR(agree / 4000.0, q, 0.03);
        for (const SyntheticItem& item : set.items) {
            const int M = item.masker->features();
            ASSERT_EQ(static_cast<int>(item.featureLabels.size()), M);
            std::set<std::string> unique(item.featureLabels.begin(), item.featureLabels.end());
            EXPECT_EQ(static_cast<int>(unique.size()), M);  // no repeated word: one entry each
            double words = 0;
            for (double c : item.x) words += c;
            EXPECT_EQ(words, M);
            int causal = 0, spurious = 0;
            for (int p = 0; p < M; ++p) {
                causal += item.roles[p] == FeatureRole::Causal;
                spurious += item.roles[p] == FeatureRole::Spurious;
                EXPECT_EQ(item.groundTruth[p], item.roles[p] == FeatureRole::Causal ? 1.0 : 0.0);
            }
            EXPECT_EQ(causal, 1);
            EXPECT_EQ(spurious, 1);
        }
    }
}

TEST(IqSynthetic, SameSeedSameSetAndBadOptionsAreRefused) {
    for (Domain d : {Domain::Tabular, Domain::Image, Domain::Text}) {
        const SyntheticSet a = makeSet(d, 0.9, 3, 50, 4), b = makeSet(d, 0.9, 3, 50, 4);
        EXPECT_EQ(a.trainX, b.trainX);
        EXPECT_EQ(a.items[2].x, b.items[2].x);
        EXPECT_NE(makeSet(d, 0.9, 3, 50, 5).trainX, a.trainX);
        EXPECT_EQ(domainFromName(domainName(d)), d);
    }
    EXPECT_THROW(makeSet(Domain::Tabular, 1.5, 1, 10), ParameterError);
    EXPECT_THROW(makeSet(Domain::Tabular, -0.1, 1, 10), ParameterError);
    EXPECT_THROW(domainFromName("audio"), ParameterError);
    EXPECT_THROW(modelKindFromName("dirty"), ParameterError);
    EXPECT_EQ(modelKindFromName("shortcut"), ModelKind::Shortcut);
}

}  // namespace
}  // namespace assay::core::explain
