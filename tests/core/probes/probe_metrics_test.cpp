// Metrics against brute force: AUROC as the pair count (ties ½), ROC points and the operating
// point by scanning every threshold, and the Gaussian-class value Φ(δ/√2).
#include "assay/probes/probe_metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "assay/core/error.h"
#include "assay/core/random.h"

namespace assay::core::probes {
namespace {

struct Scored {
    std::vector<double> scores;
    std::vector<std::uint8_t> labels;
};

// Scores on a coarse grid (many ties, within and across classes), positives shifted up.
Scored tiedScores(int n, std::uint64_t seed) {
    SplitMix64 rng(seed);
    Scored s;
    for (int i = 0; i < n; ++i) {
        const bool pos = rng.uniform() < 0.4;
        s.labels.push_back(pos ? 1 : 0);
        s.scores.push_back(double(rng.below(7)) + (pos ? 1.0 : 0.0));
    }
    return s;
}

double pairCount(const Scored& s) {
    double won = 0, pairs = 0;
    for (std::size_t i = 0; i < s.scores.size(); ++i)
        for (std::size_t j = 0; j < s.scores.size(); ++j)
            if (s.labels[i] == 1 && s.labels[j] == 0) {
                pairs += 1;
                won += s.scores[i] > s.scores[j] ? 1.0 : s.scores[i] == s.scores[j] ? 0.5 : 0.0;
            }
    return won / pairs;
}

TEST(ProbeMetrics, AurocIsThePairCountWithTiesHalf) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        const Scored s = tiedScores(157, seed);
        EXPECT_DOUBLE_EQ(auroc(s.scores, s.labels), pairCount(s));
    }
    // Perfect, reversed and all-tied detectors.
    const std::vector<std::uint8_t> y = {0, 1, 0, 1};
    EXPECT_EQ(auroc({0, 1, 0.5, 2}, y), 1.0);
    EXPECT_EQ(auroc({3, 1, 2, 0}, y), 0.0);
    EXPECT_EQ(auroc({5, 5, 5, 5}, y), 0.5);
}

TEST(ProbeMetrics, AurocOfGaussianClassesIsPhiOfShiftOverRootTwo) {
    SplitMix64 rng(7);
    Scored s;
    const double delta = 1.3;
    for (int i = 0; i < 40000; ++i) {
        const bool pos = (i % 2) == 0;
        s.labels.push_back(pos ? 1 : 0);
        s.scores.push_back(rng.normal() + (pos ? delta : 0.0));
    }
    const double expected = 0.5 * std::erfc(-delta / 2);      // Φ(δ/√2) = ½ erfc(−δ/2)
    EXPECT_NEAR(auroc(s.scores, s.labels), expected, 0.006);  // ~3 standard errors
}

TEST(ProbeMetrics, RocCurveHasOnePointPerDistinctThreshold) {
    const Scored s = tiedScores(120, 5);
    const RocCurve roc = rocCurve(s.scores, s.labels);
    std::set<double, std::greater<>> thresholds(s.scores.begin(), s.scores.end());
    ASSERT_EQ(roc.fpr.size(), thresholds.size() + 1);
    EXPECT_EQ(roc.fpr[0], 0.0);
    EXPECT_EQ(roc.tpr[0], 0.0);
    EXPECT_EQ(roc.threshold[0], std::numeric_limits<double>::infinity());
    double pos = 0, neg = 0;
    for (std::uint8_t y : s.labels) (y ? pos : neg) += 1;
    std::size_t k = 1;
    for (double t : thresholds) {
        double tp = 0, fp = 0;
        for (std::size_t i = 0; i < s.scores.size(); ++i)
            if (s.scores[i] >= t) (s.labels[i] ? tp : fp) += 1;
        EXPECT_EQ(roc.threshold[k], t);
        EXPECT_DOUBLE_EQ(roc.tpr[k], tp / pos);
        EXPECT_DOUBLE_EQ(roc.fpr[k], fp / neg);
        ++k;
    }
    EXPECT_EQ(roc.tpr.back(), 1.0);
    EXPECT_EQ(roc.fpr.back(), 1.0);
    // The trapezoid area under the curve is the AUROC (ties are the diagonal segments).
    double area = 0;
    for (std::size_t i = 1; i < roc.fpr.size(); ++i)
        area += (roc.fpr[i] - roc.fpr[i - 1]) * (roc.tpr[i] + roc.tpr[i - 1]) / 2;
    EXPECT_NEAR(area, auroc(s.scores, s.labels), 1e-12);
}

TEST(ProbeMetrics, SpecificityAtSensitivityIsTheFirstThresholdReachingIt) {
    const Scored s = tiedScores(200, 9);
    double pos = 0, neg = 0;
    for (std::uint8_t y : s.labels) (y ? pos : neg) += 1;
    for (double want : {0.0, 0.3, 0.8, 0.95, 1.0}) {
        const OperatingPoint op = specificityAtSensitivity(s.scores, s.labels, want);
        // Brute force: the highest threshold t (rows with score ≥ t flagged) whose TPR ≥ want.
        std::set<double, std::greater<>> ts(s.scores.begin(), s.scores.end());
        double bestT = std::numeric_limits<double>::infinity(), tpr = 0, fpr = 0;
        if (want > 0)
            for (double t : ts) {
                double tp = 0, fp = 0;
                for (std::size_t i = 0; i < s.scores.size(); ++i)
                    if (s.scores[i] >= t) (s.labels[i] ? tp : fp) += 1;
                if (tp / pos >= want) {
                    bestT = t;
                    tpr = tp / pos;
                    fpr = fp / neg;
                    break;
                }
            }
        EXPECT_EQ(op.threshold, bestT) << want;
        EXPECT_DOUBLE_EQ(op.sensitivity, tpr) << want;
        EXPECT_DOUBLE_EQ(op.specificity, 1 - fpr) << want;
    }
    EXPECT_THROW(specificityAtSensitivity(s.scores, s.labels, 1.5), ParameterError);
}

TEST(ProbeMetrics, AccuracyCountsScoresAboveTheThreshold) {
    const Scored s = tiedScores(99, 4);
    for (double t : {-1.0, 2.0, 3.5}) {
        double right = 0;
        for (std::size_t i = 0; i < s.scores.size(); ++i)
            right += (s.scores[i] > t) == (s.labels[i] == 1);
        EXPECT_DOUBLE_EQ(accuracy(s.scores, s.labels, t), right / 99);
    }
}

TEST(ProbeMetrics, RejectsMismatchedOrOneClassInput) {
    EXPECT_THROW(auroc({1, 2}, {0}), ParameterError);
    EXPECT_THROW(auroc({1, 2}, {1, 1}), ParameterError);
    EXPECT_THROW(auroc({1, std::nan("")}, {0, 1}), ParameterError);
    EXPECT_THROW(rocCurve({1, 2}, {0, 0}), ParameterError);
    EXPECT_THROW(accuracy({1, 2}, {0}), ParameterError);
}

}  // namespace
}  // namespace assay::core::probes
