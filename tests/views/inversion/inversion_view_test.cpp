// The Inversion view driven as a user would, on a hand-made analysis (the controller's analyser
// replaced, so no model trains): the settings reach the request, figure settings redraw without
// a new analysis, each figure is available exactly where its domain and settings allow and says
// why otherwise, every available figure exports (PNG, SVG, CSV) with the shown numbers, the
// guide plays step by step, and files are refused with a message.
#include "views/inversion/inversion_view.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <atomic>

#include "tests/views/common/demo_view_fixture.h"
#include "tests/views/inversion/handmade_analysis.h"
#include "views/common/plot_panel.h"
#include "views/inversion/inversion_controller.h"
#include "views/inversion/inversion_figure_data.h"

namespace assay::views {
namespace {

namespace ex = core::explain;

std::atomic<int> g_calls{0};
ex::InversionRequest g_last;  // written on the device lane, read after waitUntilIdle

class InversionViewTest : public test::DemoViewFixture<InversionView> {
public:
    // Hides the fixture's: the analyser is replaced before the demo opens.
    static void SetUpTestSuite() {
        runner = new JobRunner;
        view = new InversionView(*runner);
        view->controller()->setAnalyser([](const ex::InversionRequest& r, core::JobContext&) {
            ++g_calls;
            g_last = r;
            return test::handmadeAnalysis(r);
        });
        view->resize(QSize(1400, 900));
        view->show();
        view->openDemo();
        ASSERT_TRUE(view->waitUntilIdle(60000));
    }

protected:
    void SetUp() override {
        ASSERT_NE(view->controller()->analysis(), nullptr);
        resetToDefaults();
    }
    const ex::InversionAnalysis& analysis() { return *view->controller()->analysis(); }
    QCustomPlot* plot(const char* id) { return view->figures()->panel(id)->plot(); }
};

TEST_F(InversionViewTest, SettingsReachTheRequest) {
    apply({{"domain", "text"},
           {"model", "clean"},
           {"strength", 0.7},
           {"sweep", true},
           {"sweep-points", 3},
           {"p", 3.0},
           {"lambda", 2.5},
           {"items", 4},
           {"nsamples", 500},
           {"stability-seeds", 2},
           {"seed", 7}});
    EXPECT_EQ(g_last.domain, ex::Domain::Text);
    EXPECT_EQ(g_last.model, ex::ModelKind::Clean);
    EXPECT_EQ(g_last.strengths, (std::vector<double>{0.7, 0.0, 0.5, 1.0}));
    EXPECT_DOUBLE_EQ(g_last.p, 3.0);
    EXPECT_DOUBLE_EQ(g_last.lambda, 2.5);
    EXPECT_EQ(g_last.items, 4);
    EXPECT_EQ(g_last.nsamples, 500);
    EXPECT_EQ(g_last.stabilitySeeds, 2);
    EXPECT_EQ(g_last.seed, 7u);
    EXPECT_EQ(g_last.methods, (std::vector<ex::Method>{ex::Method::Lime, ex::Method::KernelShap}));
}

TEST_F(InversionViewTest, FigureSettingsRedrawWithoutANewAnalysis) {
    const int before = g_calls;
    apply({{"item", 3}, {"method", "lime"}, {"figure", "bars"}});
    EXPECT_EQ(g_calls, before);
    const inversion::ItemRows rows = inversion::itemRows(analysis(), 3, ex::Method::Lime);
    QCPBars* refined = nullptr;
    for (int i = 0; i < plot("bars")->plottableCount(); ++i)
        if (auto* b = qobject_cast<QCPBars*>(plot("bars")->plottable(i));
            b && b->name().contains("after RBP"))
            refined = b;
    ASSERT_NE(refined, nullptr);
    EXPECT_TRUE(refined->name().startsWith("LIME"));
    for (int j = 0; j < 10; ++j)
        EXPECT_DOUBLE_EQ(refined->data()->at(j)->value, rows.rows.back().shares[j]);
}

TEST_F(InversionViewTest, FiguresAreAvailableWhereTheirDomainAndSettingsAllow) {
    EXPECT_TRUE(view->figureUnavailable("bars").isEmpty());
    EXPECT_TRUE(view->figureUnavailable("image").contains("domain"));
    EXPECT_TRUE(view->figureUnavailable("text").contains("domain"));
    EXPECT_TRUE(view->figureUnavailable("sweep").contains("sweep"));
    apply({{"item", 25}});
    EXPECT_TRUE(view->figureUnavailable("bars").contains("items"))
        << view->figureUnavailable("bars").toStdString();
    EXPECT_TRUE(view->figureUnavailable("scatter").isEmpty());
    apply({{"item", 0}, {"domain", "image"}, {"sweep", true}, {"stability-seeds", 0}});
    EXPECT_TRUE(view->figureUnavailable("image").isEmpty());
    EXPECT_TRUE(view->figureUnavailable("sweep").isEmpty());
    EXPECT_TRUE(view->figureUnavailable("stability").contains("stability"));
    apply({{"domain", "text"}});
    EXPECT_TRUE(view->figureUnavailable("text").isEmpty());
    EXPECT_FALSE(view->figureUnavailable("image").isEmpty());
}

TEST_F(InversionViewTest, EveryAvailableFigureExports) {
    QTemporaryDir dir;
    for (const char* domain : {"tabular", "image", "text"}) {
        apply({{"domain", domain}, {"sweep", true}});
        for (const QString& id : view->figureIds()) {
            if (!view->figureUnavailable(id).isEmpty()) continue;
            for (const char* ext : {"png", "svg", "csv"}) {
                const QString path = dir.filePath(QStringLiteral("%1-%2.%3").arg(domain, id, ext));
                ExportOptions o;
                EXPECT_NO_THROW(view->exportFigure(id, path, o)) << path.toStdString();
                EXPECT_GT(QFile(path).size(), 100) << path.toStdString();
            }
        }
    }
    // The bars' CSV carries the ground truth's shares of the shown item.
    apply({{"domain", "tabular"}});
    const QString csv = dir.filePath("bars.csv");
    view->exportFigure("bars", csv, {});
    QFile f(csv);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    const double share = inversion::signedShares(analysis().set.items[0].groundTruth)[1];
    EXPECT_TRUE(text.contains(QString::number(share, 'g', QLocale::FloatingPointShortest)))
        << text.left(400).toStdString();
}

TEST_F(InversionViewTest, GuideStepsPlay) {
    const int steps = int(view->guidePanel()->guide().steps.size());
    EXPECT_GE(steps, 4);
    EXPECT_LE(steps, 6);
    for (int s = 0; s < steps; ++s) playGuideStep(s);
}

TEST_F(InversionViewTest, FilesAreRefusedWithAMessage) {
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    view->openFile("/tmp/some-table.csv");
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors.front().front().toString().contains("assay-run explain"));
    FileContents file;
    file.suffix = "csv";
    file.table = true;
    EXPECT_FALSE(inversionViewEntry().canOpen(file));
}

}  // namespace
}  // namespace assay::views
