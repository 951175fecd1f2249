// The app with the real Calibration view: the demo through the menu, sessions, `assay render`.
#include <gtest/gtest.h>

#include <QAction>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <memory>

#include "app/main_window.h"
#include "app/view_list.h"
#include "run_assay.h"
#include "views/calibration/calibration_view.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::app {
namespace {

constexpr int kWaitMs = 120000;

views::ViewRegistry appRegistry() {
    views::ViewRegistry registry;
    registerViews(registry);
    return registry;
}

TEST(CalibrationApp, OpenDemoFromTheMenuPopulatesTheView) {
    const views::ViewRegistry registry = appRegistry();
    MainWindow window(registry);
    auto* view = qobject_cast<views::CalibrationView*>(window.view(QStringLiteral("calibration")));
    ASSERT_NE(view, nullptr);
    window.setCurrentView(QStringLiteral("calibration"));
    window.action(QStringLiteral("openDemo"))->trigger();
    ASSERT_TRUE(view->waitUntilIdle(kWaitMs));
    QTemporaryDir dir;
    const QString svg = dir.filePath(QStringLiteral("coverage.svg"));
    view->exportFigure(QStringLiteral("coverage"), svg, {});  // throws when nothing was computed
    EXPECT_TRUE(QFile::exists(svg));
}

TEST(CalibrationApp, SessionRoundTripGivesEqualSettings) {
    QTemporaryDir dir;
    const QString session = dir.filePath(QStringLiteral("calib.assay"));
    const views::ViewRegistry registry = appRegistry();
    QJsonObject saved;
    {
        MainWindow window(registry);
        auto* view =
            qobject_cast<views::CalibrationView*>(window.view(QStringLiteral("calibration")));
        window.openDemo();
        ASSERT_TRUE(view->waitUntilIdle(kWaitMs));
        view->applySettings({{QStringLiteral("alpha"), 0.15},
                             {QStringLiteral("delta"), 0.2},
                             {QStringLiteral("repetitions"), 20},
                             {QStringLiteral("figure"), QStringLiteral("pvalues")}});
        ASSERT_TRUE(view->waitUntilIdle(kWaitMs));
        saved = view->saveState(QDir(dir.path()));
        ASSERT_TRUE(window.saveSession(session));
    }
    MainWindow window(registry);
    ASSERT_TRUE(window.openSession(session));
    auto* view = qobject_cast<views::CalibrationView*>(window.view(QStringLiteral("calibration")));
    ASSERT_TRUE(view->waitUntilIdle(kWaitMs));
    const QJsonObject restored = view->saveState(QDir(dir.path()));
    EXPECT_EQ(restored.value(QStringLiteral("settings")), saved.value(QStringLiteral("settings")));
    EXPECT_EQ(view->settings().value(QStringLiteral("alpha")).toDouble(), 0.15);
    EXPECT_EQ(view->settings().value(QStringLiteral("figure")).toString(),
              QStringLiteral("pvalues"));
}

int runAssay(const QStringList& args, QString* err = nullptr) { return test::runAssay(args, err); }

QStringList renderCalibration(const QString& figure, const QString& out) {
    return {QStringLiteral("render"),
            QStringLiteral("calibration"),
            QStringLiteral("--demo"),
            QStringLiteral("--repetitions"),
            QStringLiteral("10"),
            QStringLiteral("--figure"),
            figure,
            QStringLiteral("--out"),
            out};
}

TEST(CalibrationRender, SvgParsesAndHoldsTheAxisLabel) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("x.svg"));
    QString err;
    ASSERT_EQ(runAssay(renderCalibration(QStringLiteral("coverage"), out), &err), 0)
        << err.toStdString();
    QFile f(out);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QXmlStreamReader xml(bytes);
    while (!xml.atEnd()) xml.readNext();
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_TRUE(QString::fromUtf8(bytes).contains(QStringLiteral("risk level")));
}

TEST(CalibrationRender, CsvHoldsThePlottedData) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("x.csv"));
    ASSERT_EQ(runAssay(renderCalibration(QStringLiteral("setsize"), out)), 0);
    QFile f(out);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    ASSERT_GT(lines.size(), 2);
    EXPECT_TRUE(lines[0].startsWith("series,kind,x,y"));
}

TEST(CalibrationRender, BadFigureIsExitCode2AndNoFile) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("x.png"));
    QString err;
    EXPECT_EQ(runAssay(renderCalibration(QStringLiteral("nosuch"), out), &err), 2);
    EXPECT_TRUE(err.contains(QStringLiteral("nosuch")));
    EXPECT_FALSE(QFile::exists(out));
}

TEST(CalibrationRender, BadAlphaIsExitCode2AndNoFile) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("x.png"));
    QStringList args = renderCalibration(QStringLiteral("coverage"), out);
    args << QStringLiteral("--alpha") << QStringLiteral("1.5");
    QString err;
    EXPECT_EQ(runAssay(args, &err), 2);
    EXPECT_TRUE(err.contains(QStringLiteral("alpha")));
    EXPECT_FALSE(QFile::exists(out));
}

TEST(CalibrationRender, DemoWritesEveryFigureAsPng) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("demo"));
    ASSERT_EQ(runAssay({QStringLiteral("render"), QStringLiteral("--demo"), QStringLiteral("--out"),
                        out}),
              0);
    const QStringList pngs = QDir(out).entryList({QStringLiteral("*.png")}, QDir::Files);
    // Every figure of every registered view, plus a window capture per view.
    const views::ViewRegistry registry = appRegistry();
    int expected = 0;
    for (const views::ViewEntry& entry : registry.views()) {
        views::JobRunner runner;
        std::unique_ptr<views::ViewBase> v(registry.create(entry.id, runner));
        for (const QString& figure : v->figureIds()) {
            EXPECT_TRUE(pngs.contains(entry.id + "-" + figure + ".png"))
                << (entry.id + "-" + figure).toStdString();
            ++expected;
        }
        EXPECT_TRUE(pngs.contains("window-" + entry.id + ".png"));
        ++expected;
    }
    EXPECT_EQ(pngs.size(), expected) << pngs.join(QLatin1Char(' ')).toStdString();
    const QImage window(QDir(out).filePath(QStringLiteral("window-calibration.png")));
    EXPECT_EQ(window.size(), QSize(1600, 1000));
}

TEST(CalibrationRender, SessionRendersEveryFigure) {
    QTemporaryDir dir;
    const QString session = dir.filePath(QStringLiteral("s.assay"));
    {
        const views::ViewRegistry registry = appRegistry();
        MainWindow window(registry);
        window.openDemo();
        ASSERT_TRUE(window.currentView()->waitUntilIdle(kWaitMs));
        ASSERT_TRUE(window.saveSession(session));
    }
    const QString out = dir.filePath(QStringLiteral("figs"));
    ASSERT_EQ(runAssay({QStringLiteral("render"), QStringLiteral("--session"), session,
                        QStringLiteral("--out"), out}),
              0);
    // Counted per view: the session opened only the Calibration demo.
    const QStringList figures = views::calibrationViewEntry().figures;
    for (const QString& figure : figures)
        EXPECT_TRUE(QFile::exists(QDir(out).filePath("calibration-" + figure + ".png")))
            << figure.toStdString();
    EXPECT_EQ(QDir(out).entryList({QStringLiteral("calibration-*.png")}, QDir::Files).size(),
              figures.size());
    EXPECT_TRUE(QDir(out).entryList({QStringLiteral("experts-*.png")}, QDir::Files).isEmpty());
}

}  // namespace
}  // namespace assay::app
