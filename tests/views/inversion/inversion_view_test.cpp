// The Inversion view driven as a user would, on a hand-made analysis (the controller's analyser
// replaced, so no model trains): the settings reach the request, figure settings redraw without
// a new analysis, each figure is available exactly where its domain and settings allow and says
// why otherwise, every available figure exports (PNG, SVG, CSV) with the shown numbers, the
// guide plays step by step, an `assay-run explain` result opens into the bars and other files
// are refused with a message.
#include "views/inversion/inversion_view.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <atomic>

#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "tests/views/common/demo_view_fixture.h"
#include "tests/views/inversion/handmade_analysis.h"
#include "views/common/plot_panel.h"
#include "views/inversion/inversion_controller.h"
#include "views/inversion/inversion_figure_data.h"

namespace assay::views {
namespace {

namespace ex = core::explain;

std::atomic<int> g_calls{0};
// Written on the device lane, read after waitUntilIdle (the job's end orders them).
std::vector<ex::InversionRequest> g_requests;

class InversionViewTest : public test::DemoViewFixture<InversionView> {
public:
    // Hides the fixture's: the analyser is replaced before the demo opens.
    static void SetUpTestSuite() {
        runner = new JobRunner;
        view = new InversionView(*runner);
        view->controller()->setAnalyser([](const ex::InversionRequest& r, core::JobContext&) {
            ++g_calls;
            g_requests.push_back(r);
            return test::handmadeAnalysis(r);
        });
        view->resize(QSize(1400, 900));
        view->show();
        view->openDemo();
        ASSERT_TRUE(view->waitUntilIdle(60000));
    }

protected:
    void SetUp() override {
        ASSERT_NE(view->controller()->analysis(ex::Domain::Tabular), nullptr);
        resetToDefaults();
    }
    const ex::InversionAnalysis& analysis(ex::Domain d = ex::Domain::Tabular) {
        return *view->controller()->analysis(d);
    }
    QCustomPlot* plot(const char* id) { return view->figures()->panel(id)->plot(); }
};

TEST_F(InversionViewTest, SettingsReachTheRequestOfEveryDomain) {
    g_requests.clear();
    apply({{"model", "clean"},
           {"strength", 0.7},
           {"sweep", true},
           {"sweep-points", 3},
           {"p", 3.0},
           {"lambda", 2.5},
           {"items", 4},
           {"nsamples", 500},
           {"stability-seeds", 2},
           {"seed", 7}});
    ASSERT_EQ(g_requests.size(), 3u);  // one analysis per domain, in one job
    const ex::Domain domains[] = {ex::Domain::Tabular, ex::Domain::Image, ex::Domain::Text};
    for (std::size_t d = 0; d < 3; ++d) {
        const ex::InversionRequest& r = g_requests[d];
        EXPECT_EQ(r.domain, domains[d]);
        EXPECT_EQ(r.model, ex::ModelKind::Clean);
        EXPECT_EQ(r.strengths, (std::vector<double>{0.7, 0.0, 0.5, 1.0}));
        EXPECT_DOUBLE_EQ(r.p, 3.0);
        EXPECT_DOUBLE_EQ(r.lambda, 2.5);
        EXPECT_EQ(r.items, 4);
        EXPECT_EQ(r.nsamples, 500);
        EXPECT_EQ(r.stabilitySeeds, 2);
        EXPECT_EQ(r.seed, 7u);
        EXPECT_EQ(r.methods, (std::vector<ex::Method>{ex::Method::Lime, ex::Method::KernelShap}));
        EXPECT_EQ(analysis(domains[d]).request.domain, domains[d]);
    }
    // The explained strength is not trained twice: 0.5 is the sweep's first point.
    g_requests.clear();
    apply({{"strength", 0.5}});
    ASSERT_EQ(g_requests.size(), 3u);
    EXPECT_EQ(g_requests[0].strengths, (std::vector<double>{0.5, 0.0, 1.0}));
}

TEST_F(InversionViewTest, FigureSettingsRedrawWithoutANewAnalysis) {
    const int before = g_calls;
    apply({{"item", 3}, {"method", "lime"}, {"figure", "bars"}, {"domain", "image"}});
    apply({{"domain", "tabular"}});
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

TEST_F(InversionViewTest, FiguresAreAvailableWhereTheSettingsAllow) {
    // The defaults (the demo): every figure, the image and text ones from their own domains.
    for (const QString& id : view->figureIds())
        EXPECT_TRUE(view->figureUnavailable(id).isEmpty())
            << id.toStdString() << ": " << view->figureUnavailable(id).toStdString();
    apply({{"item", 25}});
    for (const char* id : {"bars", "image", "text", "poke", "stability"})
        EXPECT_TRUE(view->figureUnavailable(id).contains("items"))
            << id << ": " << view->figureUnavailable(id).toStdString();
    EXPECT_TRUE(view->figureUnavailable("scatter").isEmpty());
    apply({{"item", 0}, {"sweep", false}, {"stability-seeds", 0}});
    EXPECT_TRUE(view->figureUnavailable("sweep").contains("sweep"));
    EXPECT_TRUE(view->figureUnavailable("stability").contains("stability"));
    EXPECT_TRUE(view->figureUnavailable("image").isEmpty());
}

TEST_F(InversionViewTest, EveryAvailableFigureExports) {
    QTemporaryDir dir;
    for (const char* domain : {"tabular", "image", "text"}) {
        apply({{"domain", domain}});
        for (const QString& id : view->figureIds()) {
            if (!view->figureUnavailable(id).isEmpty()) continue;
            // Every format once (tabular), PNG for the other domains' figures.
            const QStringList formats = QLatin1String(domain) == QLatin1String("tabular")
                                            ? QStringList{"png", "svg", "csv"}
                                            : QStringList{"png"};
            for (const QString& ext : formats) {
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

// Writes what `assay-run explain` writes for 3 rows × 4 features × 1 output (the CLI tests check
// the command itself), or with `metadata` false a tensor file of someone else's.
QString writeExplainResult(const QTemporaryDir& dir, bool metadata) {
    namespace io = core::io;
    const QString path = dir.filePath(metadata ? "cancer.safetensors" : "other.safetensors");
    std::vector<double> a(12), fx{0.9, 0.2, 0.6};
    for (int i = 0; i < 12; ++i) a[std::size_t(i)] = (i % 5) - 2.0 + 0.25 * i;
    std::map<std::string, std::string> meta;
    if (metadata)
        meta["assay"] = R"({"format":"assay-explain","method":"kernelshap","model":"linear W[1,4] )"
                        R"(sigmoid","feature_names":["radius","texture","area","symmetry"]})";
    io::writeSafetensors(path.toStdString(),
                         {io::tensorFromDoubles("attributions", a, {3, 4, 1}),
                          io::tensorFromDoubles("fx", fx, {3, 1}),
                          io::tensorFromDoubles("expected_value", {0.5}, {1}),
                          io::tensorFromInt64("rows", {10, 11, 12}, {3})},
                         meta);
    return path;
}

// Runs last of the suite's file tests: it leaves the view on the demo again.
TEST_F(InversionViewTest, OpensAnExplainResultAndRefusesOtherFiles) {
    QTemporaryDir dir;
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    view->openFile(dir.filePath("some-table.csv"));
    ASSERT_TRUE(view->waitUntilIdle(10000));
    ASSERT_EQ(errors.size(), 1);
    EXPECT_TRUE(errors.back().front().toString().contains("assay-run explain"));
    view->openFile(writeExplainResult(dir, false));
    ASSERT_TRUE(view->waitUntilIdle(10000));
    ASSERT_EQ(errors.size(), 2);
    EXPECT_TRUE(errors.back().front().toString().contains("not written by assay-run explain"));
    EXPECT_EQ(view->controller()->result(), nullptr);

    const QString path = writeExplainResult(dir, true);
    FileContents file;
    file.suffix = "safetensors";
    file.tensors = core::io::TensorFile::open(path.toStdString()).tensors();
    EXPECT_TRUE(inversionViewEntry().canOpen(file));
    view->openFile(path);
    ASSERT_TRUE(view->waitUntilIdle(10000));
    EXPECT_EQ(errors.size(), 2);
    ASSERT_NE(view->controller()->result(), nullptr);
    apply({{"item", 1}});
    // Row 1's attributions a[4..7] = 3, -0.75, 0.5, 1.75 as signed shares of Σ|a| = 6.
    const QCPBars* bars = qobject_cast<QCPBars*>(plot("bars")->plottable(0));
    ASSERT_NE(bars, nullptr);
    ASSERT_EQ(bars->data()->size(), 4);
    const double expected[] = {0.5, -0.125, 0.5 / 6, 1.75 / 6};
    for (int j = 0; j < 4; ++j) EXPECT_NEAR((bars->data()->begin() + j)->value, expected[j], 1e-12);
    EXPECT_TRUE(plot("bars")->xAxis->label() == "feature");
    EXPECT_TRUE(view->figureUnavailable("bars").isEmpty());
    EXPECT_TRUE(view->figureUnavailable("scatter").contains("attributions only"));
    apply({{"item", 0}});
    const QString png = dir.filePath("bars.png");
    view->exportFigure("bars", png, {});
    EXPECT_TRUE(QFile::exists(png));

    view->openDemo();  // back to the synthetic sets for the other tests
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_EQ(view->controller()->result(), nullptr);
    EXPECT_TRUE(view->figureUnavailable("scatter").isEmpty());
}

}  // namespace
}  // namespace assay::views
