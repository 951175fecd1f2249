// Plays the Calibration guide step by step and checks what the view shows at each step.
#include <QTabWidget>

#include "assay/demo/calibration_demo.h"
#include "calibration_test_fixture.h"
#include "views/common/guide_panel.h"

namespace assay::views {
namespace {

TEST_F(CalibrationViewTest, GuideStepsShowWhatTheyPromise) {
    GuidePanel* guide = view->guidePanel();
    ASSERT_NE(guide, nullptr);
    ASSERT_EQ(guide->stepCount(), 5);
    const int law = core::demo::calibrationDemoShiftedGroup();

    // 1: all domains, coverage tracks the target at α = 0.3.
    guide->goToStep(0);
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "coverage");
    // On or just above the target (frequency scores tie, which adds a little coverage).
    EXPECT_GE(valueAt(graph("coverage", "coverage, all"), 0.3), 0.7 - 0.01);
    EXPECT_LE(valueAt(graph("coverage", "coverage, all"), 0.3), 0.7 + 0.03);

    // 2: test on Law — blue under-covers, orange (selected) back on target.
    guide->goNext();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->controller()->report()->params.testGroup, law);
    EXPECT_LT(valueAt(graph("coverage", "coverage, all"), 0.3), 0.7 - 0.08);
    EXPECT_GE(valueAt(graph("coverage", "coverage, SConU"), 0.3), 0.7 - 0.01);

    // 3: p-values, with abstentions left of δ.
    guide->goNext();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "pvalues");
    const auto& ref = view->controller()->report()->reference;
    EXPECT_LT(ref.sconu.count, ref.testItems.size());

    // 4: cross-domain heatmaps; the Law column red for the original procedure.
    guide->goNext();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "crossdomain");
    QCustomPlot* heat = plot("crossdomain");
    ASSERT_EQ(heat->plottableCount(), 3);
    auto* original = qobject_cast<QCPColorMap*>(heat->plottable(0));
    auto* sconu = qobject_cast<QCPColorMap*>(heat->plottable(1));
    ASSERT_TRUE(original && sconu);
    for (int c = 0; c < law; ++c) {
        EXPECT_GT(original->data()->cell(law, c), 0.28 + 0.1);
        EXPECT_LT(sconu->data()->cell(law, c), original->data()->cell(law, c) - 0.1);
    }

    // 5: stratified EMR with SSM in the legend.
    guide->goNext();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "stratified");
    EXPECT_NE(graph("stratified", "EMRₛ, all (SSM"), nullptr);
}

}  // namespace
}  // namespace assay::views
