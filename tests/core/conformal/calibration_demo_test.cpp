// The demo's claims, as the guide states them, with thresholds.
#include "assay/demo/calibration_demo.h"

#include <gtest/gtest.h>

#include "assay/conformal/calibration_analysis.h"

namespace assay::core::conformal {
namespace {

CalibrationReport demoReport(int testGroup, ScoreWeights weights = {0.0, 1.0}) {
    const ScoredItems s =
        scoreItems(demo::makeCalibrationDemo(), weights, Statistic::PredictiveEntropy);
    CalibrationParams p;  // α = δ = 0.28, 100 splits, seed 10: the paper's defaults
    p.testGroup = testGroup;
    return analyzeCalibration(s, p);
}

std::size_t gridIndex(const CalibrationReport& rep, double alpha) {
    for (std::size_t a = 0; a < rep.curves.alpha.size(); ++a)
        if (std::abs(rep.curves.alpha[a] - alpha) < 1e-9) return a;
    return rep.curves.alpha.size();
}

TEST(CalibrationDemo, IsReproducibleFromItsSeed) {
    const ChoiceData a = demo::makeCalibrationDemo(), b = demo::makeCalibrationDemo();
    EXPECT_EQ(a.freq, b.freq);
    EXPECT_EQ(a.groupNames.size(), 4u);
}

TEST(CalibrationDemo, AllDomainsCoverageTracksTheTarget) {
    // Mixed scores (0.5, 0.5) are nearly tie-free: mean coverage stays inside the finite-sample
    // band, give or take split noise (std over 100 splits / 10).
    const CalibrationReport rep = demoReport(-1, {0.5, 0.5});
    for (std::size_t a = 0; a < rep.curves.alpha.size(); ++a) {
        const double noise = 3 * rep.curves.coverage.std[a] / 10 + 1e-3;
        EXPECT_GT(rep.curves.coverage.mean[a], rep.curves.bandLow[a] - noise)
            << rep.curves.alpha[a];
        EXPECT_LT(rep.curves.coverage.mean[a], rep.curves.bandHigh[a] + noise)
            << rep.curves.alpha[a];
    }
    // Frequency scores tie (multiples of 1/M): coverage is still ≥ 1 − α, but may exceed the
    // upper end of the band, which assumes no ties.
    const CalibrationReport freq = demoReport(-1);
    for (std::size_t a = 0; a < freq.curves.alpha.size(); ++a) {
        const double noise = 3 * freq.curves.coverage.std[a] / 10 + 1e-3;
        EXPECT_GT(freq.curves.coverage.mean[a], freq.curves.bandLow[a] - noise)
            << freq.curves.alpha[a];
    }
}

TEST(CalibrationDemo, ShiftedDomainUnderCoversAndSelectionRepairsIt) {
    const CalibrationReport rep = demoReport(demo::calibrationDemoShiftedGroup());
    const std::size_t a = gridIndex(rep, 0.3);
    ASSERT_LT(a, rep.curves.alpha.size());
    const double target = 1 - 0.3;
    // Plain conformal misses the target on Law by a visible margin ...
    EXPECT_LT(rep.curves.coverage.mean[a], target - 0.08);
    // ... SConU's selection brings the selected questions back to the target.
    EXPECT_GE(rep.curves.coverageSelected.mean[a], target - 0.01);
    // And it does so by abstaining on a real share of Law, not on everything.
    EXPECT_GT(rep.curves.selectedShare.mean[a], 0.2);
    EXPECT_LT(rep.curves.selectedShare.mean[a], 0.8);
    // The reference split at α = δ = 0.28 tells the same story.
    EXPECT_GT(rep.reference.all.emr, 0.28 + 0.05);
    EXPECT_LE(rep.reference.sconu.emr, 0.28 + 0.03);
}

TEST(CalibrationDemo, CrossDomainLawColumnIsRepairedBySConU) {
    const CalibrationReport rep = demoReport(-1);
    const std::size_t G = rep.groups.size();
    const int law = demo::calibrationDemoShiftedGroup();
    for (std::size_t c = 0; c + 1 < G; ++c) {
        EXPECT_GT(rep.crossDomain.original.emr[c * G + law], 0.28 + 0.1) << rep.groups[c];
        EXPECT_LT(rep.crossDomain.sconu.emr[c * G + law],
                  rep.crossDomain.original.emr[c * G + law] - 0.1);
    }
}

}  // namespace
}  // namespace assay::core::conformal
