// The Token windows view on the trained demo: clicking the overlay selects a patch whose group is
// highlighted (checked against an explicit loop over the window geometry and against core's
// reduction), the members figure holds their pairwise cosines (checked against double loops), the
// guide step by step, a budget that does not divide, and every figure's export.
#include "views/windows/windows_view.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <set>

#include "assay/demo/windows_demo.h"
#include "assay/tokens/token_reduction.h"
#include "tests/views/common/demo_view_fixture.h"
#include "views/common/figure_tabs.h"
#include "views/common/guide_panel.h"
#include "views/common/job_runner.h"
#include "views/common/painted_figure.h"
#include "views/common/plot_panel.h"
#include "views/windows/windows_controller.h"

namespace assay::views {
namespace {

namespace tokens = core::tokens;

class WindowsViewTest : public test::DemoViewFixture<WindowsView> {
protected:
    void SetUp() override {
        ASSERT_NE(view->controller()->analysis(), nullptr);
        resetToDefaults();
    }
    // Clicks patch (r, c) of panel `panel` of the overlay as a user would.
    void clickPatch(int panel, int r, int c) {
        view->figures()->setCurrentFigure("overlay");
        PaintedFigure* f = view->overlay();
        QApplication::processEvents();
        const OverlayScene& s = view->overlayScene();
        const OverlayLayout l = overlayLayout(s, QSizeF(f->size()), f->theme(), f);
        ASSERT_LT(std::size_t(panel), l.squares.size());
        const QRectF sq = l.squares[std::size_t(panel)];
        const QPoint at(int(sq.left() + (c + 0.5) * sq.width() / s.grid.cols),
                        int(sq.top() + (r + 0.5) * sq.height() / s.grid.rows));
        QTest::mouseClick(f, Qt::LeftButton, {}, at);
        ASSERT_TRUE(view->waitUntilIdle(60000));
    }
    const tokens::PatchFeatures& features() { return *view->controller()->data()->features; }
};

std::set<int> asSet(const std::vector<int>& v) { return {v.begin(), v.end()}; }

TEST_F(WindowsViewTest, DemoFillsEveryFigure) {
    for (const QString& id : view->figureIds())
        EXPECT_TRUE(view->figureUnavailable(id).isEmpty())
            << id.toStdString() << ": " << view->figureUnavailable(id).toStdString();
    EXPECT_EQ(features().grid().rows, 24);
    EXPECT_TRUE(view->controller()->data()->demoEncoder);
    EXPECT_FALSE(view->overlayScene().image.isNull());
    // The overlay says where its features come from.
    EXPECT_TRUE(view->overlayScene().caption.join(' ').contains("not CLIP"));
}

TEST_F(WindowsViewTest, ClickingAWindowHighlightsExactlyItsMembers) {
    apply({{"method", "wico"}, {"out-grid", 8}, {"compare", "one"}});
    const int r = 10, c = 17;
    clickPatch(0, r, c);
    EXPECT_EQ(view->settings().value("patch").toInt(), r * 24 + c);
    // 8 × 8 output grid over 24 × 24: κ = s = 3, the window holding (r, c) by an explicit loop.
    std::set<int> window;
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) window.insert((r / 3 * 3 + a) * 24 + (c / 3 * 3 + b));
    ASSERT_EQ(view->overlayScene().panels.size(), 1u);
    EXPECT_EQ(asSet(view->overlayScene().panels[0].highlighted), window);
    EXPECT_EQ(asSet(view->memberPatches()), window);
    // The members figure: pairwise cosines of those patches, by double loops.
    const std::vector<float> rows = features().imageRows(0);
    const int d = features().dim();
    const std::vector<int> m(window.begin(), window.end());
    QCustomPlot* plot = view->figures()->panel("members")->plot();
    QCPColorMap* map = nullptr;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto* cm = qobject_cast<QCPColorMap*>(plot->plottable(i))) map = cm;
    ASSERT_NE(map, nullptr);
    ASSERT_EQ(map->data()->keySize(), 9);
    for (int i = 0; i < 9; ++i)
        for (int j = 0; j < 9; ++j) {
            double dot = 0, ni = 0, nj = 0;
            for (int k = 0; k < d; ++k) {
                const double x = rows[std::size_t(m[i]) * d + k],
                             y = rows[std::size_t(m[j]) * d + k];
                dot += x * y, ni += x * x, nj += y * y;
            }
            // Row 0 is drawn on top: cell (column j, row i) holds value row i.
            const double shown = map->data()->cell(j, 8 - i);
            const double shownTop = map->data()->cell(j, i);
            const double expected = dot / std::sqrt(ni * nj);
            EXPECT_TRUE(std::abs(shown - expected) < 1e-5 || std::abs(shownTop - expected) < 1e-5)
                << i << "," << j;
        }
    // A second click clears the selection.
    clickPatch(0, r, c);
    EXPECT_EQ(view->settings().value("patch").toInt(), -1);
    EXPECT_TRUE(view->overlayScene().panels[0].highlighted.empty());
}

TEST_F(WindowsViewTest, ClickingAMergedTokenHighlightsItsSourcePatchesInEveryMethod) {
    apply({{"compare", "all"}, {"out-grid", 12}});
    const OverlayScene& s = view->overlayScene();
    ASSERT_GE(s.panels.size(), 4u);
    const int tomePanel = [&] {
        for (std::size_t i = 0; i < s.panels.size(); ++i)
            if (s.panels[i].title.contains("ToMe")) return int(i);
        return -1;
    }();
    ASSERT_GE(tomePanel, 0);
    const int r = 2, c = 5;
    clickPatch(tomePanel, r, c);
    const int patch = r * 24 + c;
    // ToMe straight from core on the same features: the patches with the same source.
    tokens::ReductionSpec spec;
    spec.method = tokens::ReductionMethod::Tome;
    spec.out = {12, 12};
    const std::vector<float> rows = features().imageRows(0);
    const tokens::TokenReduction tome =
        tokens::reduceTokens(rows.data(), features().grid(), features().dim(), spec);
    std::set<int> group;
    for (int i = 0; i < 576; ++i)
        if (tome.source[std::size_t(i)] == tome.source[std::size_t(patch)]) group.insert(i);
    EXPECT_EQ(asSet(view->overlayScene().panels[std::size_t(tomePanel)].highlighted), group);
    // Every other panel highlights the group that holds the same patch in its own method.
    for (const OverlayPanel& p : view->overlayScene().panels) {
        if (p.source[std::size_t(patch)] < 0) {  // CLS selection dropped it: nothing holds it
            EXPECT_TRUE(p.highlighted.empty()) << p.title.toStdString();
            continue;
        }
        std::set<int> own;
        for (int i = 0; i < 576; ++i)
            if (p.source[std::size_t(i)] == p.source[std::size_t(patch)]) own.insert(i);
        EXPECT_EQ(asSet(p.highlighted), own) << p.title.toStdString();
        EXPECT_TRUE(own.count(patch));
    }
}

TEST_F(WindowsViewTest, ABudgetThatDoesNotDivideIsRefusedWithTheSidesThatWork) {
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    apply({{"out-grid", 5}});
    ASSERT_GE(errors.count(), 1);
    const QString message = errors.back().front().toString();
    EXPECT_TRUE(message.contains("12")) << message.toStdString();
    EXPECT_FALSE(view->figureUnavailable("overlay").isEmpty());
    apply({{"out-grid", 12}});
    EXPECT_TRUE(view->figureUnavailable("overlay").isEmpty());
}

TEST_F(WindowsViewTest, GuideStepsApplyAndShowTheirFigures) {
    GuidePanel* guide = view->guidePanel();
    ASSERT_GE(guide->stepCount(), 4);
    ASSERT_LE(guide->stepCount(), 6);
    for (int s = 0; s < guide->stepCount(); ++s) {
        ASSERT_NO_FATAL_FAILURE(playGuideStep(s));
        const QVariantMap set = guide->guide().steps[s].settings;
        const QString figure = view->figures()->currentFigure();
        if (set.value("heatmap").toString() == "error") {
            // What the step says: concatenation loses nothing, pooling does.
            for (const tokens::MethodResult& r : view->controller()->analysis()->results) {
                if (r.method == tokens::ReductionMethod::Wico ||
                    r.method == tokens::ReductionMethod::Concat1d) {
                    EXPECT_EQ(r.meanError, 0.0) << tokens::reductionMethodName(r.method);
                }
                if (r.method == tokens::ReductionMethod::Pool) {
                    EXPECT_GT(r.meanError, 0.0);
                }
            }
        }
    }
}

TEST_F(WindowsViewTest, EveryFigureExportsInEveryFormat) {
    QTemporaryDir dir;
    apply({{"patch", 300}, {"compare", "all"}});
    for (const QString& id : view->figureIds())
        for (const char* ext : {"png", "svg", "pdf", "csv"}) {
            const QString path = dir.filePath(id + "." + ext);
            ExportOptions o;
            o.dpi = 300;
            o.theme = Theme::Presentation;
            ASSERT_NO_THROW(view->exportFigure(id, path, o)) << id.toStdString() << "." << ext;
            QFile f(path);
            ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
            EXPECT_GT(f.size(), 100) << path.toStdString();
            if (QLatin1String(ext) == QLatin1String("png")) {
                const QImage png(path);
                EXPECT_EQ(png.dotsPerMeterX(), qRound(300 / 0.0254)) << id.toStdString();
                EXPECT_GT(png.width(), 1500) << id.toStdString();  // 300 dpi, not 96
            }
        }
    // The overlay's CSV names the highlighted patches.
    QFile csv(dir.filePath("overlay.csv"));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_TRUE(csv.readAll().contains(",1\n"));
}

TEST_F(WindowsViewTest, PhotographsArePaddedOrCroppedAndSayTheEncoder) {
    const QString chelsea =
        "/usr/lib/python3/dist-packages/skimage/data/chelsea.png";  // 451 × 300, not square
    if (!QFile::exists(chelsea)) GTEST_SKIP() << "python3-skimage is not installed";
    JobRunner r;
    WindowsView v(r);
    v.resize(1400, 900);
    v.openFile(chelsea);
    ASSERT_TRUE(v.waitUntilIdle(300000));
    ASSERT_NE(v.controller()->analysis(), nullptr);
    const OverlayScene& s = v.overlayScene();
    EXPECT_EQ(s.image.width(), 336);
    // Pad: the photograph (wider than high) fills the width, padding above and below.
    EXPECT_NEAR(s.photoRect.width(), 336, 1);
    EXPECT_NEAR(s.photoRect.height(), 336.0 * 300 / 451, 1.5);
    EXPECT_GT(s.photoRect.top(), 50);
    EXPECT_TRUE(s.caption.join(' ').contains("not CLIP"));
    EXPECT_TRUE(s.caption.join(' ').contains("padding"));
    // The features are the demo encoder's on that square.
    const tokens::PatchFeatures again = v.controller()->demo()->encode(tokens::prepareImage(
        tokens::readImage(chelsea.toStdString()), 336, tokens::Preprocess::Pad));
    EXPECT_EQ(again.imageRows(0), v.controller()->data()->features->imageRows(0));
    // Crop: the whole square is photograph.
    ASSERT_TRUE(v.applySettings({{"preprocess", "crop"}}));
    ASSERT_TRUE(v.waitUntilIdle(300000));
    EXPECT_NEAR(v.overlayScene().photoRect.height(), 336, 1);
    EXPECT_TRUE(v.overlayScene().caption.join(' ').contains("crop"));
}

}  // namespace
}  // namespace assay::views
