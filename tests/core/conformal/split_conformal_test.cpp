// Split conformal, LOO coverage and p-values against hand-worked cases, brute force and theory.
#include "assay/conformal/split_conformal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "assay/conformal/scored_items.h"
#include "assay/conformal/split_evaluation.h"
#include "assay/core/error.h"
#include "assay/core/random.h"
#include "radix_sort.h"

namespace assay::core::conformal {
namespace {

TEST(SplitConformal, ThresholdRankIsCeilOfNPlusOneTimesOneMinusAlpha) {
    EXPECT_EQ(thresholdRank(99, 0.1), 90u);     // 100 · 0.9 = 90 exactly, despite rounding
    EXPECT_EQ(thresholdRank(9, 0.1), 9u);       // ⌈9.0⌉
    EXPECT_EQ(thresholdRank(5, 0.1), 6u);       // ⌈5.4⌉ = 6 > n: infinite threshold
    EXPECT_EQ(thresholdRank(500, 0.28), 361u);  // ⌈360.72⌉
    EXPECT_THROW(thresholdRank(10, 0.0), ParameterError);
    EXPECT_THROW(thresholdRank(10, 1.0), ParameterError);
}

TEST(SplitConformal, SmallCaseWorkedByHand) {
    // Calibration scores 0.1 0.4 0.2 0.8 0.5, α = 0.4: r = ⌈6 · 0.6⌉ = ⌈3.6⌉ = 4, so q̂ is the
    // 4th smallest of 0.1 0.2 0.4 0.5 0.8 = 0.5.
    EXPECT_DOUBLE_EQ(conformalThreshold({0.1, 0.4, 0.2, 0.8, 0.5}, 0.4), 0.5);
    EXPECT_EQ(conformalThreshold({0.1, 0.4}, 0.1), kInfiniteThreshold);  // ⌈3 · 0.9⌉ = 3 > 2

    // Two options per item; u = 1 − freq. Items 0–4 calibrate, 5–6 test.
    ChoiceData d;
    d.items = 7;
    d.options = 2;
    d.freq = {0.9, 0.1, 0.6, 0.4, 0.8, 0.2, 0.2, 0.8, 0.5, 0.5, 0.7, 0.3, 0.45, 0.55};
    d.gold = {0, 0, 0, 0, 0, 0, 1};
    const ScoredItems s = scoreItems(d, {0.0, 1.0}, Statistic::PredictiveEntropy);
    // Gold scores: 0.1 0.4 0.2 0.8 0.5 | 0.3 0.45. q̂ = 0.5 (above).
    const SplitEvaluation e = evaluateSplit(s, {0, 1, 2, 3, 4}, {5, 6}, 0.4, 0.3);
    EXPECT_DOUBLE_EQ(e.threshold, 0.5);
    // Item 5: u = (0.3, 0.7) → set {A}, covered. Item 6: u = (0.55, 0.45) → set {B}, covered.
    EXPECT_EQ(e.setSize, (std::vector<std::int32_t>{1, 1}));
    EXPECT_EQ(e.covered, (std::vector<std::uint8_t>{1, 1}));
    EXPECT_DOUBLE_EQ(e.all.apss, 1.0);
    EXPECT_DOUBLE_EQ(e.all.emr, 0.0);
    // Entropies: cal H(0.9,0.1)=0.325 H(0.6,0.4)=0.673 H(0.8,0.2)=0.500 H(0.2,0.8)=0.500
    // H(0.5,0.5)=0.693; test H(0.7,0.3)=0.611 → 2 cal ≥ it → p = 3/6; H(.45,.55)=0.688 → 1 → 2/6.
    EXPECT_DOUBLE_EQ(e.pValue[0], 3.0 / 6.0);
    EXPECT_DOUBLE_EQ(e.pValue[1], 2.0 / 6.0);
    // δ = 0.3 keeps both (p > δ); SConU-Pro: LOO rank ⌈5 · 0.6⌉ = 3 → v = 0.4: cal items with
    // s ≤ 0.4 (0.1 0.4 0.2) are LOO-covered; of those, entropy ≥ 0.611: only 0.673 → p' = 2/6.
    EXPECT_DOUBLE_EQ(e.pValuePro[0], 2.0 / 6.0);
    EXPECT_EQ(e.sconu.count, 2u);
}

TEST(SplitConformal, LeaveOneOutCoverageEqualsBruteForce) {
    SplitMix64 rng(7);
    for (int trial = 0; trial < 50; ++trial) {
        const std::size_t n = 2 + rng.below(60);
        std::vector<double> cal(n);
        for (auto& v : cal) v = static_cast<double>(rng.below(8)) / 8.0;  // many ties
        const double alpha = 0.05 + 0.9 * rng.uniform();
        const auto fast = leaveOneOutCovered(cal, alpha);
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<double> others = cal;
            others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
            const double q = conformalThreshold(others, alpha);
            EXPECT_EQ(fast[i], cal[i] <= q ? 1 : 0) << "trial " << trial << " item " << i;
        }
    }
}

TEST(SplitConformal, PValuesEqualBruteForceWithTies) {
    SplitMix64 rng(11);
    std::vector<double> cal(300), test(200);
    std::vector<std::uint8_t> include(cal.size());
    for (auto& v : cal) v = static_cast<double>(rng.below(20)) - 5.0;
    for (auto& v : test) v = static_cast<double>(rng.below(24)) - 7.0;
    for (auto& v : include) v = rng.below(3) != 0;
    const auto p = conformalPValues(cal, {}, test);
    const auto pPro = conformalPValues(cal, include, test);
    for (std::size_t j = 0; j < test.size(); ++j) {
        double count = 0, countPro = 0;
        for (std::size_t i = 0; i < cal.size(); ++i) {
            count += cal[i] >= test[j];
            countPro += (cal[i] >= test[j]) && include[i];
        }
        EXPECT_DOUBLE_EQ(p[j], (1 + count) / (cal.size() + 1.0));
        EXPECT_DOUBLE_EQ(pPro[j], (1 + countPro) / (cal.size() + 1.0));
    }
}

TEST(SplitConformal, RadixSortMatchesStdSortOnSignedZerosAndInfinities) {
    SplitMix64 rng(3);
    std::vector<double> v = {0.0, -0.0, INFINITY, -INFINITY, 1e-300, -1e-300, 5.0, -5.0};
    for (int i = 0; i < 5000; ++i)
        v.push_back((rng.uniform() - 0.5) * std::pow(10.0, rng.below(40) - 20.0));
    std::vector<double> expected = v;
    std::stable_sort(expected.begin(), expected.end());
    const auto sorted = detail::sortedDoubles(v.data(), v.size());
    for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(sorted[i], expected[i]) << i;
    const auto order = detail::argsortDoubles(v.data(), v.size());
    for (std::size_t i = 1; i < order.size(); ++i) EXPECT_LE(v[order[i - 1]], v[order[i]]);
}

TEST(SplitConformal, CoverageWithinThreeStandardErrorsOfTheoryOnExchangeableData) {
    // papers.md §5(f): N = 500, α = 0.1, 2,000 trials. E[coverage] = ⌈(N+1)(1−α)⌉/(N+1).
    const std::size_t n = 500, m = 500;
    const int trials = 2000;
    const double alpha = 0.1;
    SplitMix64 rng(2024);
    std::vector<double> coverage;
    for (int t = 0; t < trials; ++t) {
        std::vector<double> cal(n);
        for (auto& v : cal) v = rng.normal();
        const double q = conformalThreshold(cal, alpha);
        std::size_t hit = 0;
        for (std::size_t j = 0; j < m; ++j) hit += rng.normal() <= q;
        coverage.push_back(static_cast<double>(hit) / m);
    }
    double mean = 0, var = 0;
    for (double c : coverage) mean += c / trials;
    for (double c : coverage) var += (c - mean) * (c - mean) / (trials - 1);
    const double se = std::sqrt(var / trials);
    const double theory = static_cast<double>(thresholdRank(n, alpha)) / (n + 1.0);
    EXPECT_NEAR(mean, theory, 3 * se);
    EXPECT_GE(theory, 1 - alpha);
    EXPECT_LE(theory, 1 - alpha + 1.0 / (n + 1));
}

TEST(SplitConformal, PValuesAreSuperUniformUnderExchangeability) {
    // Continuous ties-free statistics: P(p ≤ δ) = ⌊δ(N+1)⌋/(N+1) ≤ δ exactly.
    const std::size_t n = 199;
    const int trials = 5000;
    SplitMix64 rng(99);
    std::vector<double> tests(trials);
    std::vector<double> cal(n);
    std::vector<double> pv;
    for (int t = 0; t < trials; ++t) {
        for (auto& v : cal) v = rng.normal();
        pv.push_back(conformalPValues(cal, {}, {rng.normal()})[0]);
    }
    for (double delta : {0.05, 0.10, 0.28}) {
        double share = 0;
        for (double p : pv) share += (p <= delta) / static_cast<double>(trials);
        const double exact = std::floor(delta * (n + 1)) / (n + 1);
        const double se = std::sqrt(exact * (1 - exact) / trials);
        EXPECT_NEAR(share, exact, 3 * se) << "delta " << delta;
        EXPECT_LE(share, delta + 3 * se);
    }
}

TEST(SplitConformal, BelowMinimumRiskFrequencyScoresGiveTrivialSets) {
    // Half the calibration questions never sampled their gold answer: α_l = N·0.5/(N+1).
    ChoiceData d;
    d.items = 40;
    d.options = 4;
    for (std::size_t i = 0; i < d.items; ++i) {
        const bool missed = i % 2 == 0;
        d.freq.insert(d.freq.end(), {missed ? 0.0 : 0.7, 0.3, missed ? 0.7 : 0.0, 0.0});
        d.gold.push_back(0);
    }
    const ScoredItems s = scoreItems(d, {0.0, 1.0}, Statistic::PredictiveEntropy);
    std::vector<std::size_t> cal, test;
    for (std::size_t i = 0; i < 30; ++i) cal.push_back(i);
    for (std::size_t i = 30; i < 40; ++i) test.push_back(i);
    const double alphaL = minimumRisk(s, cal);
    EXPECT_DOUBLE_EQ(alphaL, 30 * 0.5 / 31);
    const SplitEvaluation below = evaluateSplit(s, cal, test, alphaL - 0.05, 0.1);
    EXPECT_DOUBLE_EQ(below.threshold, 1.0);
    for (std::int32_t size : below.setSize) EXPECT_EQ(size, 4);
    const SplitEvaluation above = evaluateSplit(s, cal, test, alphaL + 0.05, 0.1);
    EXPECT_LT(above.threshold, 1.0);
    EXPECT_LT(above.all.apss, 4.0);
}

TEST(ScoredItems, BadInputNamesTheField) {
    ChoiceData d;
    d.items = 2;
    d.options = 3;
    d.freq = {0.5, 0.5, 0.0, 1.0, 0.0, 0.0};
    d.gold = {0, 3};
    try {
        scoreItems(d, {}, Statistic::PredictiveEntropy);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("gold"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("row 2"), std::string::npos) << e.what();
    }
    d.gold = {0, 1};
    EXPECT_THROW(scoreItems(d, {1.0, 0.0}, Statistic::PredictiveEntropy),
                 ParameterError);  // no probs
    EXPECT_THROW(scoreItems(d, {}, Statistic::WhiteBoxEntropy), ParameterError);
    d.freq[2] = NAN;
    EXPECT_THROW(scoreItems(d, {}, Statistic::PredictiveEntropy), InputError);
}

}  // namespace
}  // namespace assay::core::conformal
