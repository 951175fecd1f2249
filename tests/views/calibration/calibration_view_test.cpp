#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include "assay/conformal/calibration_analysis.h"
#include "assay/core/error.h"
#include "assay/demo/calibration_demo.h"
#include "calibration_test_fixture.h"
#include "views/common/guide_panel.h"
#include "views/common/settings_panel.h"

namespace assay::views {
namespace {

namespace cf = core::conformal;

TEST_F(CalibrationViewTest, CoverageCurveShowsWhatCoreComputes) {
    const cf::ScoredItems s =
        cf::scoreItems(core::demo::makeCalibrationDemo(), {0, 1}, cf::Statistic::PredictiveEntropy);
    const cf::CalibrationReport expected =
        cf::analyzeCalibration(s, view->controller()->settings().params);
    QCPGraph* g = graph("coverage", "coverage, all");
    ASSERT_NE(g, nullptr);
    for (std::size_t a = 0; a < expected.curves.alpha.size(); ++a)
        EXPECT_DOUBLE_EQ(valueAt(g, expected.curves.alpha[a]), expected.curves.coverage.mean[a]);
    EXPECT_EQ(plot("coverage")->xAxis->label(), "risk level α");
}

TEST_F(CalibrationViewTest, ChangingAlphaRecomputesAndMovesTheMarker) {
    apply({{"alpha", 0.1}, {"delta", 0.05}});
    EXPECT_DOUBLE_EQ(view->controller()->report()->params.alpha, 0.1);
    EXPECT_DOUBLE_EQ(view->controller()->report()->reference.delta, 0.05);
    // The reference split's threshold moved up: lower risk, larger sets.
    QCPGraph* sizes = graph("setsize", "set size, all");
    ASSERT_NE(sizes, nullptr);
    EXPECT_GT(valueAt(sizes, 0.1), valueAt(sizes, 0.5));
    bool marker = false;
    for (int i = 0; i < plot("coverage")->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(plot("coverage")->item(i)))
            marker |= t->text().contains("α = 0.1");
    EXPECT_TRUE(marker);
}

TEST_F(CalibrationViewTest, EveryFigureExportsInEveryFormat) {
    QTemporaryDir dir;
    for (const QString& id : view->figureIds()) {
        for (const QString ext : {"png", "pdf", "svg", "csv"}) {
            const QString path = dir.filePath(id + "." + ext);
            view->exportFigure(id, path, {});
            QFile f(path);
            ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
            const QByteArray bytes = f.readAll();
            ASSERT_FALSE(bytes.isEmpty());
            if (ext == "pdf") {
                EXPECT_TRUE(bytes.startsWith("%PDF"));
            }
            if (ext == "png") {
                EXPECT_FALSE(QImage(path).isNull());
                EXPECT_FALSE(QImage(path).text("assay:version").isEmpty()) << "provenance chunk";
            }
            if (ext == "svg") {
                QXmlStreamReader xml(bytes);
                while (!xml.atEnd()) xml.readNext();
                EXPECT_FALSE(xml.hasError()) << id.toStdString();
            }
        }
    }
    QFile svg(dir.filePath("coverage.svg"));
    ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
    EXPECT_TRUE(svg.readAll().contains("risk level"));
    EXPECT_THROW(view->exportFigure("nonsense", dir.filePath("x.png"), {}), core::ParameterError);
    EXPECT_FALSE(QFile::exists(dir.filePath("x.png")));
}

TEST_F(CalibrationViewTest, CsvHoldsTheCoverageValues) {
    QTemporaryDir dir;
    view->exportFigure("coverage", dir.filePath("c.csv"), {});
    QFile f(dir.filePath("c.csv"));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(f.readAll());
    const auto& r = *view->controller()->report();
    // Rows "series,kind,x,y,...": the mean coverage line's y at each α equals core's mean.
    std::size_t matched = 0;
    for (const QString& line : csv.split('\n')) {
        if (!line.startsWith("\"coverage, all questions\",graph,")) continue;
        const QStringList f = line.mid(QString("\"coverage, all questions\",").size()).split(',');
        const double x = f[1].toDouble(), y = f[2].toDouble();
        for (std::size_t a = 0; a < r.curves.alpha.size(); ++a)
            if (std::abs(r.curves.alpha[a] - x) < 1e-12) {
                EXPECT_DOUBLE_EQ(y, r.curves.coverage.mean[a]);
                ++matched;
            }
    }
    EXPECT_EQ(matched, r.curves.alpha.size()) << csv.left(600).toStdString();
}

TEST_F(CalibrationViewTest, BadFileIsReportedAndTheLastResultStays) {
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.csv");
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("gold,p_A,p_B\nA,0.5,NaN\n");
    f.close();
    const auto* before = view->controller()->report();
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    view->openFile(path);
    ASSERT_TRUE(view->waitUntilIdle(30000));
    ASSERT_EQ(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    EXPECT_TRUE(message.contains("broken.csv")) << message.toStdString();
    EXPECT_TRUE(message.contains("p_B")) << message.toStdString();
    EXPECT_EQ(view->controller()->report(), before);
    EXPECT_TRUE(isDemo());
}

// A CSV in a temporary folder (kept until the test ends).
QString writeCsv(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly)) f.write(text);
    return path;
}

QByteArray mcCsv(bool probabilities, bool frequencies, bool groups) {
    QByteArray text = "gold";
    if (probabilities) text += ",p_A,p_B,p_C";
    if (frequencies) text += ",freq_A,freq_B,freq_C";
    if (groups) text += ",group";
    text += "\n";
    for (int i = 0; i < 90; ++i) {
        text += QByteArray(1, "ABC"[i % 3]);
        const double p = 0.2 + (i % 7) / 20.0;
        if (probabilities)
            text += QStringLiteral(",%1,%2,0.3").arg(p).arg(0.5 - (i % 7) / 20.0 + 0.2).toUtf8();
        if (frequencies)
            text += QStringLiteral(",%1,%2,%3")
                        .arg((i % 5) / 10.0)
                        .arg(0.5)
                        .arg(0.5 - (i % 5) / 10.0)
                        .toUtf8();
        if (groups) text += i % 2 ? ",north" : ",south";
        text += "\n";
    }
    return text;
}

TEST_F(CalibrationViewTest, OpeningTheDemoAppliesTheGuidesFirstStep) {
    // The window opens on the guide's first step, whose α is the default (one demo, one set of
    // defaults: `assay render --demo` and `assay render calibration --demo` agree).
    EXPECT_DOUBLE_EQ(view->controller()->report()->params.alpha,
                     view->settingsSpec().defaults().value("alpha").toDouble());
    EXPECT_EQ(view->guidePanel()->currentStep(), 0);
    EXPECT_TRUE(view->guidePanel()->guide().title.contains("Demo"));
    // Settings given from outside (session, assay render --alpha) are kept instead.
    CalibrationView other(*runner);
    other.applySettings({{"alpha", 0.2}});
    other.openDemo();
    ASSERT_TRUE(other.waitUntilIdle(60000));
    EXPECT_DOUBLE_EQ(other.controller()->report()->params.alpha, 0.2);
}

TEST_F(CalibrationViewTest, AFailedAnalysisIsReportedOnceAndTheSummaryKeepsTheData) {
    QTemporaryDir dir;
    const QString path = writeCsv(dir, "freqonly.csv", mcCsv(false, true, false));
    apply({{"statistic", "whitebox"}});  // needs probabilities, which this file lacks
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    QSignalSpy logs(view, &ViewBase::logMessage);
    QSignalSpy failed(runner, &JobRunner::jobFailed);
    view->openFile(path);
    ASSERT_TRUE(view->waitUntilIdle(30000));
    ASSERT_EQ(errors.count(), 1);
    EXPECT_TRUE(errors.at(0).at(0).toString().contains("whitebox"))
        << errors.at(0).at(0).toString().toStdString();
    for (const auto& l : logs)
        EXPECT_NE(l.at(0).toString(), "error") << l.at(1).toString().toStdString();
    // The window's log shows it once: the failed job says it was handled by the view.
    ASSERT_EQ(failed.count(), 1);
    EXPECT_TRUE(failed.at(0).at(2).toBool());
    const QString summary = view->controls()->summary();
    EXPECT_FALSE(summary.contains("No data")) << summary.toStdString();
    EXPECT_TRUE(summary.contains("90 questions")) << summary.toStdString();
}

TEST_F(CalibrationViewTest, ProbabilitiesOnlyDataSwitchesTheDefaultsToWhiteBox) {
    QTemporaryDir dir;
    const QString path = writeCsv(dir, "probs.csv", mcCsv(true, false, true));
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    QSignalSpy logs(view, &ViewBase::logMessage);
    view->openFile(path);
    ASSERT_TRUE(view->waitUntilIdle(30000));
    EXPECT_EQ(errors.count(), 0);
    EXPECT_EQ(view->settings().value("statistic").toString(), "whitebox");
    EXPECT_EQ(view->settings().value("weights").toList(), (QVariantList{1.0, 0.0}));
    ASSERT_NE(view->controller()->report(), nullptr);
    EXPECT_FALSE(isDemo());
    // The demo's tour gives way to the data's own summary; nothing says "demo".
    EXPECT_FALSE(view->guidePanel()->isShowingGuide());
    EXPECT_FALSE(view->controls()->summary().contains("demo"))
        << view->controls()->summary().toStdString();
    bool said = false;
    for (const auto& l : logs) said |= l.at(1).toString().contains("no sampled answers");
    EXPECT_TRUE(said);
    // The provenance names groups and the role map as assay-run does.
    apply({{"test-group", "north"}});
    const QString params = view->provenance().value("assay:parameters");
    EXPECT_TRUE(params.contains("\"test-group\":\"north\"")) << params.toStdString();
    EXPECT_TRUE(params.contains("\"map\":")) << params.toStdString();
}

TEST_F(CalibrationViewTest, GenericDataRefusesSetSizeFiguresAndMessagesAreReadable) {
    QTemporaryDir dir;
    QByteArray text = "score\n";
    for (int i = 0; i < 50; ++i) text += QByteArray::number(i / 50.0) + "\n";
    view->openFile(writeCsv(dir, "gen.csv", text));
    ASSERT_TRUE(view->waitUntilIdle(30000));
    ASSERT_NE(view->controller()->report(), nullptr);
    EXPECT_EQ(view->controller()->report()->options, 0u);
    for (const char* id : {"setsize", "stratified"}) {
        try {
            view->exportFigure(id, dir.filePath(QString(id) + ".png"), {});
            ADD_FAILURE() << id << ": expected a ParameterError";
        } catch (const core::ParameterError& e) {
            EXPECT_NE(std::string(e.what()).find("option sets"), std::string::npos) << e.what();
        }
        EXPECT_FALSE(QFile::exists(dir.filePath(QString(id) + ".png")));
    }
    EXPECT_NO_THROW(view->exportFigure("coverage", dir.filePath("coverage.png"), {}));
    // The set-size plot shows its message over the whole plot: axes hidden, text not clipped.
    QCustomPlot* p = plot("setsize");
    EXPECT_FALSE(p->xAxis->visible());
    EXPECT_FALSE(p->yAxis->visible());
    bool message = false;
    for (int i = 0; i < p->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(p->item(i)))
            message |= t->text().contains("no prediction sets") && !t->clipToAxisRect() &&
                       t->realVisibility();
    EXPECT_TRUE(message);
    // The message is drawn: dark pixels in the middle of the plot.
    const QImage img = p->toPixmap(800, 500).toImage();
    int dark = 0;
    for (int y = 200; y < 300; ++y)
        for (int x = 0; x < img.width(); ++x) dark += qGray(img.pixel(x, y)) < 128;
    EXPECT_GT(dark, 100);
    // Back on the demo the axes return.
    view->openDemo();
    ASSERT_TRUE(view->waitUntilIdle(60000));
    EXPECT_TRUE(p->xAxis->visible());
    EXPECT_TRUE(p->yAxis->visible());
    EXPECT_TRUE(view->guidePanel()->isShowingGuide());
}

TEST_F(CalibrationViewTest, OutOfRangeValuesAreRefusedAndTheHeatmapMetricComputesNothing) {
    QSignalSpy errors(view, &ViewBase::errorOccurred);
    QSignalSpy started(runner, &JobRunner::jobStarted);
    EXPECT_FALSE(view->applySettings({{"alpha", 1.5}}));
    ASSERT_EQ(errors.count(), 1);
    EXPECT_TRUE(errors.at(0).at(0).toString().contains("(0, 1)"))
        << errors.at(0).at(0).toString().toStdString();
    EXPECT_DOUBLE_EQ(view->controller()->report()->params.alpha, 0.28);
    // A figure-only setting redraws from the report it has.
    apply({{"heatmap", "apss"}});
    EXPECT_EQ(started.count(), 0);
    // The calibration share now reaches the analysis (and its provenance).
    apply({{"cal-fraction", 0.3}});
    EXPECT_DOUBLE_EQ(view->controller()->report()->params.calFraction, 0.3);
    EXPECT_TRUE(view->provenance().value("assay:parameters").contains("\"cal-fraction\":0.3"));
}

TEST_F(CalibrationViewTest, DarkThemeStylesTheColourScale) {
    view->setTheme(Theme::Dark);
    int scales = 0;
    for (QCPLayoutElement* e : plot("crossdomain")->plotLayout()->elements(true))
        if (auto* scale = qobject_cast<QCPColorScale*>(e)) {
            ++scales;
            EXPECT_GT(scale->axis()->labelColor().lightness(), 150);
            EXPECT_GT(scale->axis()->tickLabelColor().lightness(), 150);
        }
    EXPECT_GT(scales, 0);
}

TEST_F(CalibrationViewTest, SessionStateRoundTrips) {
    apply({{"alpha", 0.15}, {"testGroup", "Physics"}, {"figure", "pvalues"}});
    const QJsonObject state = view->saveState(QDir::temp());
    CalibrationView other(*runner);
    other.restoreState(state, QDir::temp());
    ASSERT_TRUE(other.waitUntilIdle(60000));
    EXPECT_EQ(other.settings(), view->settings());
    EXPECT_DOUBLE_EQ(other.controller()->report()->params.alpha, 0.15);
}

}  // namespace
}  // namespace assay::views
