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
#include "views/calibration/calibration_controls.h"

namespace assay::views {
namespace {

namespace cf = core::conformal;

TEST_F(CalibrationViewTest, CoverageCurveShowsWhatCoreComputes) {
    const cf::ScoredItems s = cf::scoreItems(core::demo::makeCalibrationDemo(), {0, 1}, cf::Statistic::PredictiveEntropy);
    const cf::CalibrationReport expected = cf::analyzeCalibration(s, view->controller()->settings().params);
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
    QSignalSpy errors(view.get(), &ViewBase::errorOccurred);
    view->openFile(path);
    ASSERT_TRUE(view->waitUntilIdle(30000));
    ASSERT_EQ(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    EXPECT_TRUE(message.contains("broken.csv")) << message.toStdString();
    EXPECT_TRUE(message.contains("p_B")) << message.toStdString();
    EXPECT_EQ(view->controller()->report(), before);
    EXPECT_TRUE(view->controller()->isDemo());
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
