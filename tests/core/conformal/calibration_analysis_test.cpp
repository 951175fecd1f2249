// The curve engine (one global sort, O(n) per split) against evaluateSplit split by split.
#include "assay/conformal/calibration_analysis.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/demo/calibration_demo.h"
#include "coverage_curves.h"

namespace assay::core::conformal {
namespace {

ScoredItems demoItems(int perDomain = 150) {
    demo::CalibrationDemoSpec spec;
    spec.itemsPerDomain = perDomain;
    return scoreItems(demo::makeCalibrationDemo(spec), {0.0, 1.0}, Statistic::PredictiveEntropy);
}

TEST(CalibrationAnalysis, CurvesEqualSplitBySplitEvaluation) {
    const ScoredItems s = demoItems();
    CalibrationParams p;
    p.repetitions = 6;
    p.alpha = 0.2;
    p.delta = 0.15;
    p.testGroup = 3;
    p.alphaGrid = {0.1, 0.2, 0.35, 0.6};
    const CalibrationReport rep = analyzeCalibration(s, p);
    std::vector<double> cov(p.repetitions * 4), size(cov.size()), covSel(cov.size()),
        sizeSel(cov.size());
    std::vector<double> strB(p.repetitions * 5), strA(strB.size());
    for (int r = 0; r < p.repetitions; ++r) {
        std::vector<std::size_t> cal, test;
        drawSplit(s, p, r, cal, test);
        for (int a = 0; a < 4; ++a) {
            const SplitEvaluation e = evaluateSplit(s, cal, test, p.alphaGrid[a], p.delta);
            cov[r * 4 + a] = 1 - e.all.emr;
            size[r * 4 + a] = e.all.apss;
            covSel[r * 4 + a] = 1 - e.sconu.emr;
            sizeSel[r * 4 + a] = e.sconu.apss;
        }
        const SplitEvaluation e = evaluateSplit(s, cal, test, p.alpha, p.delta);
        std::vector<double> missB(5), cntB(5), missA(5), cntA(5);
        for (std::size_t j = 0; j < test.size(); ++j) {
            const int z = e.setSize[j];
            missB[z] += !e.covered[j];
            cntB[z] += 1;
            if (e.pValue[j] > p.delta) {
                missA[z] += !e.covered[j];
                cntA[z] += 1;
            }
        }
        for (int z = 0; z < 5; ++z) {
            strB[r * 5 + z] = cntB[z] ? missB[z] / cntB[z] : NAN;
            strA[r * 5 + z] = cntA[z] ? missA[z] / cntA[z] : NAN;
        }
    }
    const auto expect = [](const CurveStats& got, const CurveStats& want) {
        ASSERT_EQ(got.mean.size(), want.mean.size());
        for (std::size_t i = 0; i < want.mean.size(); ++i) {
            if (std::isnan(want.mean[i])) {
                EXPECT_TRUE(std::isnan(got.mean[i]));
                continue;
            }
            EXPECT_NEAR(got.mean[i], want.mean[i], 1e-12) << i;
            EXPECT_NEAR(got.std[i], want.std[i], 1e-12) << i;
        }
    };
    const int R = p.repetitions;
    expect(rep.curves.coverage, detail::columnStats(cov, R, 4));
    expect(rep.curves.setSize, detail::columnStats(size, R, 4));
    expect(rep.curves.coverageSelected, detail::columnStats(covSel, R, 4));
    expect(rep.curves.setSizeSelected, detail::columnStats(sizeSel, R, 4));
    expect(rep.stratified.before, detail::columnStats(strB, R, 5));
    expect(rep.stratified.after, detail::columnStats(strA, R, 5));
}

TEST(CalibrationAnalysis, GenericScoresWithTiesAndGroupsEqualSplitBySplitEvaluation) {
    // Integer scores and statistics: many ties, the hard case for the one-pass sweep.
    GenericData g;
    SplitMix64 rng(5);
    for (int i = 0; i < 900; ++i) {
        g.score.push_back(static_cast<double>(rng.below(12)));
        g.statistic.push_back(static_cast<double>(rng.below(7)));
        g.group.push_back(static_cast<std::int32_t>(rng.below(3)));
    }
    const ScoredItems s = scoreItems(g);
    CalibrationParams p;
    p.repetitions = 7;
    p.calGroup = 0;
    p.testGroup = 1;
    p.delta = 0.2;
    p.alphaGrid = {0.02, 0.1, 0.3, 0.31, 0.7, 0.97};
    const CalibrationReport rep = analyzeCalibration(s, p);
    const std::size_t A = p.alphaGrid.size();
    std::vector<double> cov(p.repetitions * A), covSel(cov.size());
    for (int r = 0; r < p.repetitions; ++r) {
        std::vector<std::size_t> cal, test;
        drawSplit(s, p, r, cal, test);
        for (std::size_t a = 0; a < A; ++a) {
            const SplitEvaluation e = evaluateSplit(s, cal, test, p.alphaGrid[a], p.delta);
            cov[r * A + a] = 1 - e.all.emr;
            covSel[r * A + a] = 1 - e.sconu.emr;
        }
    }
    const CurveStats want = detail::columnStats(cov, p.repetitions, A),
                     wantSel = detail::columnStats(covSel, p.repetitions, A);
    for (std::size_t a = 0; a < A; ++a) {
        EXPECT_NEAR(rep.curves.coverage.mean[a], want.mean[a], 1e-12) << a;
        EXPECT_NEAR(rep.curves.coverageSelected.mean[a], wantSel.mean[a], 1e-12) << a;
    }
    EXPECT_TRUE(rep.curves.setSize.mean.empty());  // no option sets in generic data
}

TEST(CalibrationAnalysis, SameSeedSameNumbersOtherSeedOtherSplits) {
    const ScoredItems s = demoItems(100);
    CalibrationParams p;
    p.repetitions = 8;
    const CalibrationReport a = analyzeCalibration(s, p);
    const CalibrationReport b = analyzeCalibration(s, p);
    EXPECT_EQ(a.curves.coverage.mean, b.curves.coverage.mean);
    EXPECT_EQ(a.reference.pValue, b.reference.pValue);
    p.seed = 11;
    const CalibrationReport c = analyzeCalibration(s, p);
    EXPECT_NE(a.curves.coverage.mean, c.curves.coverage.mean);
}

TEST(CalibrationAnalysis, CrossDomainDiagonalMatchesItsOwnSplits) {
    const ScoredItems s = demoItems(100);
    CalibrationParams p;
    p.repetitions = 3;
    const CalibrationReport rep = analyzeCalibration(s, p);
    const std::size_t G = rep.groups.size();
    ASSERT_EQ(G, 4u);
    ASSERT_EQ(rep.crossDomain.original.emr.size(), G * G);
    // Cell (c=1, c'=2) averages evaluateSplit over the same 3 splits.
    CalibrationParams q = p;
    q.calGroup = 1;
    q.testGroup = 2;
    double emr = 0;
    for (int r = 0; r < 3; ++r) {
        std::vector<std::size_t> cal, test;
        drawSplit(s, q, r, cal, test);
        emr += evaluateSplit(s, cal, test, p.alpha, p.delta).all.emr / 3;
    }
    EXPECT_NEAR(rep.crossDomain.original.emr[1 * G + 2], emr, 1e-12);
}

TEST(CalibrationAnalysis, CancelStopsAtTheNextProgressCall) {
    struct CancelAfter : JobContext {
        int calls = 0;
        void onProgress(std::int64_t, std::int64_t) override {
            if (++calls == 2) cancel();
        }
    } ctx;
    const ScoredItems s = demoItems(100);
    CalibrationParams p;
    p.repetitions = 50;
    EXPECT_THROW(analyzeCalibration(s, p, ctx), JobCancelled);
    EXPECT_EQ(ctx.calls, 2);  // the third progress call threw before reaching the listener
}

TEST(CalibrationAnalysis, BadParametersAreNamed) {
    const ScoredItems s = demoItems(20);
    CalibrationParams p;
    p.alpha = 1.5;
    EXPECT_THROW(analyzeCalibration(s, p), ParameterError);
    p = {};
    p.testGroup = 9;
    try {
        analyzeCalibration(s, p);
        FAIL();
    } catch (const ParameterError& e) {
        EXPECT_NE(std::string(e.what()).find("test group"), std::string::npos);
    }
}

TEST(CalibrationAnalysis, BinomialRangeBracketsTheMean) {
    const auto [lo, hi] = detail::binomialRange(1000, 0.9);
    EXPECT_LT(lo, 0.9);
    EXPECT_GT(hi, 0.9);
    // Normal approximation: ±1.96·sqrt(0.09/1000) ≈ ±0.0186.
    EXPECT_NEAR(lo, 0.9 - 0.0186, 0.003);
    EXPECT_NEAR(hi, 0.9 + 0.0186, 0.003);
}

}  // namespace
}  // namespace assay::core::conformal
