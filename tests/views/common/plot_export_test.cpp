#include "views/common/plot_export.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <cmath>

#include "assay/core/error.h"
#include "views/common/plot_panel.h"

using namespace assay::views;

namespace {

class PlotExport : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_plot.resize(400, 300);
        QCPGraph* coverage = m_plot.addGraph();
        coverage->setName(QStringLiteral("coverage"));
        coverage->setData({0.05, 0.1, 0.2}, {0.951, 0.899, 0.8});
        QCPGraph* target = m_plot.addGraph();
        target->setName(QStringLiteral("target, 1 - alpha"));
        target->setData({0.05, 0.2}, {0.95, 0.8});
        m_plot.xAxis->setLabel(QStringLiteral("alpha level"));
        m_plot.yAxis->setLabel(QStringLiteral("empirical coverage"));
        m_plot.rescaleAxes();
        applyTheme(&m_plot, Theme::Light);

        m_mapPlot.resize(300, 300);
        m_mapPlot.xAxis->setLabel(QStringLiteral("delta"));
        m_mapPlot.yAxis->setLabel(QStringLiteral("alpha"));
        auto* map = new QCPColorMap(m_mapPlot.xAxis, m_mapPlot.yAxis);
        map->setName(QStringLiteral("set size"));
        map->data()->setSize(3, 2);
        map->data()->setRange(QCPRange(0, 1), QCPRange(10, 20));
        for (int k = 0; k < 3; ++k)
            for (int v = 0; v < 2; ++v) map->data()->setCell(k, v, k + 10 * v + 0.5);
        map->rescaleDataRange();
        m_mapPlot.rescaleAxes();
    }

    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    QCustomPlot m_plot;
    QCustomPlot m_mapPlot;
};

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

TEST_F(PlotExport, PngHasRequestedPixelsDpiAndProvenance) {
    ExportOptions options;
    options.widthPx = 600;
    options.heightPx = 450;
    options.dpi = 200;
    options.provenance.insert(QStringLiteral("alpha"), QStringLiteral("0.1"));
    options.provenance.insert(QStringLiteral("version"), QStringLiteral("0.1.0"));
    exportPlot(&m_plot, path("coverage.png"), options);

    QImageReader reader(path("coverage.png"));
    const QImage image = reader.read();
    ASSERT_FALSE(image.isNull()) << reader.errorString().toStdString();
    EXPECT_EQ(image.size(), QSize(600, 450));
    EXPECT_NEAR(image.dotsPerMeterX() * 0.0254, 200.0, 0.5);
    EXPECT_EQ(image.text(QStringLiteral("alpha")), QStringLiteral("0.1"));
    EXPECT_EQ(image.text(QStringLiteral("version")), QStringLiteral("0.1.0"));
}

TEST_F(PlotExport, PngSizeInCentimetresFollowsDpi) {
    ExportOptions options;
    options.widthCm = 8.0;
    options.heightCm = 6.0;
    options.dpi = 300;
    exportPlot(&m_mapPlot, path("map.png"), options);
    const QImage image(path("map.png"));
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.width(), qRound(8.0 / 2.54 * 300));
    EXPECT_EQ(image.height(), qRound(6.0 / 2.54 * 300));
}

TEST_F(PlotExport, PdfStartsWithPdfHeaderAndCarriesTitle) {
    ExportOptions options;
    options.provenance.insert(QStringLiteral("title"), QStringLiteral("Coverage by alpha"));
    exportPlot(&m_plot, path("coverage.pdf"), options);
    const QByteArray pdf = readAll(path("coverage.pdf"));
    ASSERT_TRUE(pdf.startsWith("%PDF")) << pdf.left(16).toStdString();
    EXPECT_TRUE(pdf.contains("Coverage by alpha"));
}

TEST_F(PlotExport, SvgParsesAndContainsAxisLabelAndProvenance) {
    ExportOptions options;
    options.provenance.insert(QStringLiteral("seed"), QStringLiteral("1234"));
    exportPlot(&m_plot, path("coverage.svg"), options);
    const QByteArray svg = readAll(path("coverage.svg"));
    QXmlStreamReader xml(svg);
    QString text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isCharacters()) text += xml.text();
    }
    ASSERT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("empirical coverage"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("seed: 1234")));
}

TEST_F(PlotExport, CsvHoldsTheValuesPutIn) {
    exportPlot(&m_plot, path("coverage.csv"), {});
    const QStringList lines =
        QString::fromUtf8(readAll(path("coverage.csv"))).split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 1 + 3 + 2);
    EXPECT_EQ(lines[0],
              QStringLiteral("series,kind,x,y,value,error_minus,error_plus,x_axis,y_axis"));
    EXPECT_EQ(lines[1],
              QStringLiteral("coverage,graph,0.05,0.951,,,,alpha level,empirical coverage"));
    EXPECT_EQ(lines[3], QStringLiteral("coverage,graph,0.2,0.8,,,,alpha level,empirical coverage"));
    EXPECT_EQ(
        lines[4],
        QStringLiteral("\"target, 1 - alpha\",graph,0.05,0.95,,,,alpha level,empirical coverage"));
}

TEST_F(PlotExport, CsvOfColorMapHasOneRowPerCell) {
    const QStringList lines = plotDataCsv(&m_mapPlot).split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 1 + 6);
    // cell (k = 2, v = 1) is last: key 1, value 20, 2 + 10 + 0.5
    EXPECT_EQ(lines.last(), QStringLiteral("set size,color_map,1,20,12.5,,,delta,alpha"));
    EXPECT_EQ(lines[1], QStringLiteral("set size,color_map,0,10,0.5,,,delta,alpha"));
}

TEST_F(PlotExport, UnknownExtensionThrowsAndWritesNothing) {
    EXPECT_THROW(exportPlot(&m_plot, path("figure.bmpx"), {}), assay::core::OutputError);
    EXPECT_TRUE(QDir(m_dir.path()).entryList(QDir::Files).isEmpty());
}

TEST_F(PlotExport, UnwritablePathThrowsOutputError) {
    try {
        exportPlot(&m_plot, path("no/such/folder/figure.png"), {});
        FAIL() << "expected OutputError";
    } catch (const assay::core::OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("figure.png"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(QDir(m_dir.path()).entryList(QDir::Files).isEmpty());
}

TEST_F(PlotExport, ExportThemeIsTemporary) {
    applyTheme(&m_plot, Theme::Dark);
    ExportOptions options;
    options.theme = Theme::Paper;
    options.widthPx = 100;
    options.heightPx = 80;
    exportPlot(&m_plot, path("paper.png"), options);
    const QImage image(path("paper.png"));
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(QColor(image.pixel(1, 1)), QColor(Qt::white));  // rendered in Paper
    EXPECT_EQ(currentTheme(&m_plot), Theme::Dark);            // and restored
}

TEST(PlotPanel, ExportsOffscreenWithItsThemeAndTitle) {
    QTemporaryDir dir;
    PlotPanel panel(QStringLiteral("Set size"));
    panel.resize(300, 200);
    panel.plot()->addGraph()->setData({1, 2}, {3, 4});
    panel.setTheme(Theme::Dark);
    EXPECT_EQ(currentTheme(panel.plot()), Theme::Dark);
    panel.setProvenance({{QStringLiteral("delta"), QStringLiteral("0.28")}});
    const QString file = dir.filePath(QStringLiteral("set_size.png"));
    panel.exportTo(file);
    const QImage image(file);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.text(QStringLiteral("delta")), QStringLiteral("0.28"));
    EXPECT_EQ(image.text(QStringLiteral("title")), QStringLiteral("Set size"));
    EXPECT_LT(QColor(image.pixel(1, 1)).lightness(), 80);
}
