// The Pruning view on the trained demo: the mask editor, clicks on the heatmaps, the guide,
// settings refusals and the mask export, checked against core's own evaluation of the same mask.
#include "views/pruning/pruning_view.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <numeric>

#include "assay/prune/expert_mask.h"
#include "assay/prune/pruning_model.h"
#include "tests/views/common/demo_view_fixture.h"
#include "views/common/figure_tabs.h"
#include "views/common/graph_figure.h"
#include "views/common/guide_panel.h"
#include "views/common/job_runner.h"
#include "views/common/plot_panel.h"
#include "views/pruning/pruning_controller.h"

namespace assay::views {
namespace {

namespace prune = core::prune;

std::map<int, std::vector<bool>> keptOf(const prune::ExpertMask& m) {
    std::map<int, std::vector<bool>> k;
    for (const auto& [l, lm] : m.layers) k[l] = lm.kept;
    return k;
}

class PruningViewTest : public test::DemoViewFixture<PruningView> {
protected:
    void SetUp() override {
        ASSERT_NE(view->controller()->analysis(), nullptr);
        resetToDefaults();
        view->resetMask();
        ASSERT_TRUE(view->waitUntilIdle(60000));
    }
    PruningController& controller() { return *view->controller(); }
    QCustomPlot* plot(const QString& id) { return view->figures()->panel(id)->plot(); }
    // The "after" bars of the load figure, per expert.
    std::vector<double> shownLoadAfter() {
        std::vector<double> y;
        QCustomPlot* p = plot("load");
        for (int i = 0; i < p->plottableCount(); ++i)
            if (auto* bars = qobject_cast<QCPBars*>(p->plottable(i));
                bars && bars->name().startsWith("after"))
                for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
                    y.push_back(it->value);
        return y;
    }
    // A kept expert of `layer` that may go (the layer keeps more than k).
    int droppable(int layer) {
        const prune::LayerMask& lm = controller().editorMask().layers.at(layer);
        if (lm.keptCount() <= controller().editorMask().topK) return -1;
        return lm.keptIndices().front();
    }
};

TEST_F(PruningViewTest, DemoFillsEveryFigure) {
    for (const QString& id : view->figureIds())
        EXPECT_TRUE(view->figureUnavailable(id).isEmpty())
            << id.toStdString() << ": " << view->figureUnavailable(id).toStdString();
    const prune::PruningModel& m = *controller().model();
    EXPECT_EQ(m.source(), prune::PruningSource::Demo);
    // The procedure's mask drops round(0.5 n) experts in every layer, and the editor starts there.
    const prune::ExpertMask& mask = controller().editorMask();
    for (int l : m.layers())
        EXPECT_EQ(mask.layers.at(l).keptCount(), m.config().numExperts / 2) << l;
    EXPECT_EQ(keptOf(mask), keptOf(controller().analysis()->result));
}

TEST_F(PruningViewTest, DroppingAnExpertChangesErrorAndLoadAndRestoringBringsThemBack) {
    apply({{"figure", "load"}, {"layer", 1}, {"sparsity", 0.25}});
    const prune::MaskEvaluation before = *controller().editorEvaluation();
    const std::vector<double> barsBefore = shownLoadAfter();
    const int expert = droppable(1);
    ASSERT_GE(expert, 0);
    ASSERT_GT(before.load.at(1)[expert], 0);  // it carried tokens

    ASSERT_TRUE(view->toggleExpert(1, expert).isEmpty());
    ASSERT_TRUE(view->waitUntilIdle(60000));
    const prune::MaskEvaluation dropped = *controller().editorEvaluation();
    EXPECT_EQ(dropped.load.at(1)[expert], 0);
    EXPECT_NE(dropped.taskLoss, before.taskLoss);
    EXPECT_NE(dropped.relativeError.at(1), before.relativeError.at(1));
    // What the figure shows is core's evaluation of that mask, computed here independently.
    const prune::MaskEvaluation direct =
        prune::evaluateMask(*controller().model(), controller().editorMask());
    EXPECT_EQ(direct.load.at(1), dropped.load.at(1));
    EXPECT_DOUBLE_EQ(direct.taskLoss, dropped.taskLoss);
    const std::vector<double> barsDropped = shownLoadAfter();
    ASSERT_EQ(barsDropped.size(), std::size_t(controller().model()->config().numExperts));
    EXPECT_EQ(barsDropped[expert], 0.0);
    EXPECT_NE(barsDropped, barsBefore);
    // Conservation: the tokens of the dropped expert went to the survivors (Σ load = k·T).
    const auto& load = dropped.load.at(1);
    EXPECT_EQ(std::accumulate(load.begin(), load.end(), std::int64_t(0)),
              std::accumulate(before.load.at(1).begin(), before.load.at(1).end(), std::int64_t(0)));

    ASSERT_TRUE(view->toggleExpert(1, expert).isEmpty());
    ASSERT_TRUE(view->waitUntilIdle(60000));
    const prune::MaskEvaluation restored = *controller().editorEvaluation();
    EXPECT_EQ(restored.load.at(1), before.load.at(1));
    EXPECT_EQ(restored.taskLoss, before.taskLoss);
    EXPECT_EQ(restored.relativeError, before.relativeError);
    EXPECT_EQ(shownLoadAfter(), barsBefore);
}

TEST_F(PruningViewTest, ClickingACellTogglesThatExpert) {
    apply({{"figure", "criteria"}, {"sparsity", 0.25}});
    const int layer = controller().model()->layers().front();
    const int expert = droppable(layer);
    ASSERT_GE(expert, 0);
    QCustomPlot* p = plot("criteria");
    p->replot();
    QCPAxisRect* rect = p->axisRects().front();
    const QPoint at(int(rect->axis(QCPAxis::atBottom)->coordToPixel(expert)),
                    int(rect->axis(QCPAxis::atLeft)->coordToPixel(0)));
    QTest::mouseClick(p, Qt::LeftButton, {}, at);
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_FALSE(controller().editorMask().keeps(layer, expert));
    EXPECT_TRUE(controller().editorEdited());
    QTest::mouseClick(p, Qt::LeftButton, {}, at);
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_TRUE(controller().editorMask().keeps(layer, expert));
}

TEST_F(PruningViewTest, EditorRefusesToLeaveFewerThanKExperts) {
    apply({{"sparsity", 0.75}});  // 8 experts, top-2: exactly k remain
    const int layer = controller().model()->layers().front();
    const int k = controller().editorMask().topK;
    ASSERT_EQ(controller().editorMask().layers.at(layer).keptCount(), k);
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    const int kept = controller().editorMask().layers.at(layer).keptIndices().front();
    EXPECT_FALSE(view->toggleExpert(layer, kept).isEmpty());
    EXPECT_EQ(errors.count(), 1);
    EXPECT_TRUE(controller().editorMask().keeps(layer, kept));
}

TEST_F(PruningViewTest, ResetReturnsToTheProceduresResult) {
    const int layer = controller().model()->layers().back();
    const int dropped = controller().editorMask().layers.at(layer).droppedIndices().front();
    view->toggleExpert(layer, dropped);
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_NE(keptOf(controller().editorMask()), keptOf(controller().analysis()->result));
    view->resetMask();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(keptOf(controller().editorMask()), keptOf(controller().analysis()->result));
    EXPECT_FALSE(controller().editorEdited());
}

TEST_F(PruningViewTest, GuideStepsApplyAndShowTheirFigures) {
    GuidePanel* guide = view->guidePanel();
    ASSERT_GE(guide->stepCount(), 4);
    ASSERT_LE(guide->stepCount(), 6);
    for (int s = 0; s < guide->stepCount(); ++s) {
        ASSERT_NO_FATAL_FAILURE(playGuideStep(s));
        const QString figure = view->figures()->currentFigure();
        if (figure == QLatin1String("domains")) {
            // What the step says: the instruction-like domain (the last) loses the most.
            const auto& full = controller().fullEvaluation()->domainAccuracy;
            const auto& now = controller().editorEvaluation()->domainAccuracy;
            ASSERT_EQ(full.size(), now.size());
            const std::size_t instr = full.size() - 1;
            for (std::size_t d = 0; d < instr; ++d)
                EXPECT_GT(full[instr] - now[instr], full[d] - now[d]) << "domain " << d;
        }
    }
}

TEST_F(PruningViewTest, SettingsOutsideTheirRangeAreRefused) {
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    const QVariantMap before = view->settings();
    EXPECT_FALSE(view->applySettings({{"sparsity", 0.9}}));  // > (n − k)/n = 0.75 for the demo
    EXPECT_FALSE(view->applySettings({{"sparsity", 1.0}}));
    EXPECT_FALSE(view->applySettings({{"criterion", "XYZ"}}));
    EXPECT_FALSE(view->applySettings({{"procedure", "greedy"}}));
    EXPECT_FALSE(view->applySettings({{"layer", 9}}));  // 4 layers
    EXPECT_FALSE(view->applySettings({{"held-out", 0.0}}));
    EXPECT_EQ(errors.count(), 6);
    EXPECT_EQ(view->settings(), before);
    EXPECT_TRUE(errors.first().first().toString().contains("0..0.75"))
        << errors.first().first().toString().toStdString();
}

TEST_F(PruningViewTest, MaskExportsAndLoadsBackIntoTheEditor) {
    QTemporaryDir dir;
    const int layer = controller().model()->layers().front();
    const int dropped = controller().editorMask().layers.at(layer).droppedIndices().front();
    view->toggleExpert(layer, dropped);  // restore one: an edited mask
    ASSERT_TRUE(view->waitUntilIdle(60000));
    const prune::ExpertMask edited = controller().editorMask();
    const QString path = dir.filePath("mask.json");
    ASSERT_TRUE(view->exportMask(path));
    const prune::ExpertMask read = prune::readExpertMask(path.toStdString());
    for (const auto& [l, lm] : edited.layers) EXPECT_EQ(read.layers.at(l).kept, lm.kept) << l;
    view->resetMask();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    view->openFile(path);  // a mask.json goes into the editor of the loaded model
    ASSERT_TRUE(view->waitUntilIdle(60000));
    for (const auto& [l, lm] : edited.layers)
        EXPECT_EQ(controller().editorMask().layers.at(l).kept, lm.kept) << l;
    EXPECT_TRUE(view->input().demo);  // the model stays the demo
    // The demo has no checkpoint to write: refused, with the reason.
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    EXPECT_FALSE(view->exportCheckpoint(dir.filePath("ckpt")));
    ASSERT_EQ(errors.count(), 1);
    EXPECT_TRUE(errors.first().first().toString().contains("checkpoint folder"));
}

TEST_F(PruningViewTest, SurvivingGraphShowsTheKeptExpertsOfTheLayer) {
    apply({{"figure", "graph"}, {"layer", 2}});
    const GraphScene scene = view->graph()->scene();
    const std::vector<int> kept = controller().editorMask().layers.at(2).keptIndices();
    ASSERT_EQ(scene.nodes.size(), int(kept.size()));
    for (std::size_t i = 0; i < kept.size(); ++i)
        EXPECT_EQ(scene.nodes[int(i)].label, QStringLiteral("E%1").arg(kept[i]));
    EXPECT_TRUE(scene.legend.contains(QStringLiteral("%1 kept").arg(kept.size())));
}

}  // namespace
}  // namespace assay::views
