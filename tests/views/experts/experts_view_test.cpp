// The Experts view on the trained demo: what each guide step shows, exports, clicks, thresholds.
#include "views/experts/experts_view.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "assay/moe/graph_edges.h"
#include "tests/views/common/demo_view_fixture.h"
#include "views/common/figure_tabs.h"
#include "views/common/graph_canvas.h"
#include "views/common/graph_figure.h"
#include "views/common/guide_panel.h"
#include "views/common/job_runner.h"
#include "views/common/plot_panel.h"
#include "views/experts/experts_controller.h"

namespace assay::views {
namespace {

namespace moe = core::moe;

// The demo MoE is trained once for the whole program (a few seconds); each test starts from the
// declared defaults on that one view.
class ExpertsViewTest : public test::DemoViewFixture<ExpertsView> {
protected:
    void SetUp() override {
        ASSERT_NE(view->controller()->analysis(), nullptr);
        resetToDefaults();
    }
    QCustomPlot* plot(const QString& id) { return view->figures()->panel(id)->plot(); }
    const moe::ExpertsAnalysis& analysis() { return *view->controller()->analysis(); }
};

TEST_F(ExpertsViewTest, GuideStepsShowWhatTheyPromise) {
    GuidePanel* guide = view->guidePanel();
    ASSERT_EQ(guide->stepCount(), 5);
    guide->goToStep(0);
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "graph");
    const GraphScene scene = view->graph()->scene();
    EXPECT_EQ(scene.nodes.size(), 16);
    EXPECT_GE(scene.edges.size(), 16);  // every expert has its Top-3 partners
    const auto& stats = analysis().layers[0].stats;
    int specialised = 0;
    for (auto c : stats.collaborative) specialised += !c;
    EXPECT_GT(specialised, 0);
    EXPECT_LT(specialised, 16);

    // 2: experts specialise by domain (training made it: see tests/core/moe for the untrained
    // baseline).
    guide->goNext();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "domains");
    EXPECT_GT(analysis().layers[0].domains.meanSpecialisation, 0.12 * std::log(2.0));
    auto* domainMap = qobject_cast<QCPColorMap*>(plot("domains")->plottable(0));
    ASSERT_NE(domainMap, nullptr);
    EXPECT_EQ(domainMap->data()->valueSize(), 4);

    // 3: C2R collapses partner sets: each row of C2R's co-activation has at most T partners.
    guide->goNext();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "heatmap");
    ASSERT_EQ(plot("heatmap")->plottableCount(), 2);
    const auto& c2r = analysis().layers[0].c2r;
    const auto& vanilla = analysis().layers[0].vanilla;
    int vanillaPartners = 0, c2rPartners = 0;
    for (int i = 0; i < 16; ++i)
        for (int j = 0; j < 16; ++j)
            if (i != j) {
                vanillaPartners += vanilla.at(i, j) > 0;
                c2rPartners += c2r.at(i, j) > 0;
            }
    EXPECT_LT(c2rPartners, vanillaPartners);

    // 4: the T sweep falls to no change at T = n − 1.
    guide->goNext();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "tsweep");
    const auto& sweep = analysis().c2r.sweep;
    ASSERT_FALSE(sweep.empty());
    EXPECT_GT(sweep.front().mean.changedShare, 0.2);
    EXPECT_EQ(sweep.back().mean.changedShare, 0.0);

    // 5: naive ≥ dedup ≥ C2R on every layer, with 4 devices.
    guide->goNext();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->figures()->currentFigure(), "comm");
    for (const auto& layer : analysis().c2r.communication) {
        EXPECT_EQ(layer.placement.devices, 4);
        EXPECT_GE(layer.naive.bytes, layer.dedup.bytes);
        EXPECT_GE(layer.dedup.bytes, layer.c2r.bytes);
    }
    auto* bars = qobject_cast<QCPBars*>(plot("comm")->plottable(2));
    ASSERT_NE(bars, nullptr);
    EXPECT_DOUBLE_EQ(bars->data()->at(0)->value, analysis().c2r.communication[0].c2r.bytes / 1e6);
}

TEST_F(ExpertsViewTest, TheForceLayoutShowsItsPositionsWhileItSettles) {
    apply({{"layout", "circular"}});
    QSignalSpy frames(view->controller(), &ExpertsController::layoutReady);
    apply({{"layout", "force"}});
    ASSERT_GE(frames.count(), 2);
    EXPECT_TRUE(frames.first().at(0).toBool());  // partial positions first, marked as such
    EXPECT_FALSE(frames.last().at(0).toBool());  // then the final layout
    EXPECT_FALSE(view->layoutSettling());
    EXPECT_FALSE(view->graph()->scene().legend.contains("settling"));
    // The final positions equal core's layout of this layer along its drawn (lift) links.
    const int T = analysis().layers[0].stats.topT;
    const auto expected = moe::forceLayout(
        moe::topLinkMatrix(moe::linkWeights(analysis().layers[0].vanilla, moe::EdgeWeight::Lift),
                           analysis().n, T),
        analysis().n, 300);
    ASSERT_EQ(view->controller()->positions().size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_DOUBLE_EQ(view->controller()->positions()[i].x, expected[i].x);
}

TEST_F(ExpertsViewTest, DataLimitsAreRefusedAndEveryFigureCarriesProvenance) {
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    EXPECT_FALSE(view->applySettings({{"layer", 2}}));   // the demo has layers 0 and 1
    EXPECT_FALSE(view->applySettings({{"top-t", 16}}));  // 16 experts: T <= 15
    EXPECT_EQ(errors.count(), 2);
    EXPECT_EQ(view->settings().value("layer").toInt(), 0);
    for (const QString& id : view->figureIds()) {
        QTemporaryDir dir;
        view->exportFigure(id, dir.filePath("f.png"), {});
        const QImage image(dir.filePath("f.png"));
        EXPECT_FALSE(image.text("assay:version").isEmpty()) << id.toStdString();
        EXPECT_FALSE(image.text("assay:device").isEmpty()) << id.toStdString();
        EXPECT_TRUE(image.text("assay:inputs").contains("demo")) << id.toStdString();
        EXPECT_TRUE(image.text("assay:parameters").contains("\"top-t\":3")) << id.toStdString();
    }
}

TEST_F(ExpertsViewTest, ThresholdChangesTheEdgeCountAndExportsWork) {
    apply({{"edges", "threshold"}, {"threshold", 0.05}});
    const int many = view->graph()->scene().edges.size();
    apply({{"threshold", 0.5}});
    const int few = view->graph()->scene().edges.size();
    EXPECT_GT(many, few);
    EXPECT_GT(few, 0);

    QTemporaryDir dir;
    for (const QString& id : view->figureIds())
        for (const char* ext : {"png", "svg", "pdf", "csv"}) {
            const QString path = dir.filePath(id + "." + ext);
            view->exportFigure(id, path, {});
            QFile f(path);
            ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
            EXPECT_GT(f.size(), 100) << path.toStdString();
        }
    QFile csv(dir.filePath("graph.csv"));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromUtf8(csv.readAll()).count(QStringLiteral("\nedge,")), few);
}

// The T sweep keeps shares on a 0..1 axis and the volume (MB) on its own axes below, from 0:
// on a second axis beside the shares the volume read as a share above 1.
TEST_F(ExpertsViewTest, TSweepVolumeHasItsOwnAxes) {
    QCustomPlot* p = plot("tsweep");
    ASSERT_EQ(p->axisRects().size(), 2);
    EXPECT_FALSE(p->yAxis2->visible());
    EXPECT_LE(p->yAxis->range().upper, 1.05);
    QCPAxisRect* volume = p->axisRects()[1];
    EXPECT_EQ(volume->axis(QCPAxis::atLeft)->range().lower, 0.0);
    EXPECT_TRUE(volume->axis(QCPAxis::atLeft)->label().contains("MB"));
    QCPGraph* v = nullptr;
    for (int i = 0; i < p->graphCount(); ++i)
        if (p->graph(i)->valueAxis() == volume->axis(QCPAxis::atLeft)) v = p->graph(i);
    ASSERT_NE(v, nullptr);
    EXPECT_DOUBLE_EQ(v->data()->at(0)->value, analysis().c2r.sweep.front().c2rBytes / 1e6);
    // Drawing it again (a new analysis) keeps two axis rects, not three.
    apply({{"devices", 2}});
    EXPECT_EQ(plot("tsweep")->axisRects().size(), 2);
}

// Symbols are symbols: no raw "H_i" or "V_C2R" in any axis label, legend name or title.
TEST_F(ExpertsViewTest, FigureTextHasNoRawUnderscores) {
    for (const QString& id : view->figures()->ids()) {
        PlotPanel* panel = view->figures()->panel(id);
        if (!panel) continue;
        QCustomPlot* p = panel->plot();
        for (QCPAxisRect* r : p->axisRects())
            for (QCPAxis* axis : r->axes())
                EXPECT_FALSE(axis->label().contains('_'))
                    << id.toStdString() << ": " << axis->label().toStdString();
        for (int i = 0; i < p->plottableCount(); ++i)
            EXPECT_FALSE(p->plottable(i)->name().contains('_'))
                << id.toStdString() << ": " << p->plottable(i)->name().toStdString();
    }
    EXPECT_TRUE(plot("entropy")->plottable(0)->name().contains(QStringLiteral("Hᵢ")));
}

TEST_F(ExpertsViewTest, ClickingAnExpertHighlightsItsTopTPartners) {
    GraphCanvas* canvas = view->graph()->canvas();
    if (!canvas) GTEST_SKIP() << "no OpenGL widgets on this platform (run under xvfb-run)";
    apply({{"figure", "graph"}, {"topT", 3}});
    for (int i = 0; i < 20; ++i) QTest::qWait(20);
    const QPoint at = canvas->nodeScreenPos(5).toPoint();
    QTest::mouseMove(canvas, at);
    for (int i = 0; i < 10; ++i) QTest::qWait(20);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, at);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return view->settings().value("selected").toInt() == 5; }, 5000));
    // The partners the drawn edges use: Top-T by the default edge weight (lift).
    const auto& stats = analysis().layers[0].stats;
    const auto links = moe::topLinks(
        moe::linkWeights(analysis().layers[0].vanilla, moe::EdgeWeight::Lift), 16, stats.topT);
    EXPECT_EQ(view->graph()->scene().highlighted, QVector<int>(links[5].begin(), links[5].end()));
    EXPECT_EQ(view->graph()->scene().selected, 5);
}

}  // namespace
}  // namespace assay::views
