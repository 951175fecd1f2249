// Line-figure helpers and the layout fitting every figure gets: bands inside the possible range,
// marker labels inside the axes, legend columns and axis labels that fit the width.
#include "views/common/plot_series.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include "svg_text_layout.h"
#include "views/common/plot_export.h"
#include "views/common/plot_fit.h"
#include "views/common/plot_layout.h"

using namespace assay::views;

namespace {

QCPGraph* named(QCustomPlot& plot, const QString& name) {
    for (int i = 0; i < plot.graphCount(); ++i)
        if (plot.graph(i)->name() == name) return plot.graph(i);
    return nullptr;
}

TEST(PlotSeries, MeanBandStaysInsideThePossibleRange) {
    QCustomPlot plot;
    resetPlot(&plot);
    QCPGraph* mean =
        addMeanBand(&plot, QStringLiteral("coverage"), {0.1, 0.5, 0.9}, {0.95, 0.5, 0.05},
                    {0.1, 0.1, 0.1}, Qt::blue, Theme::Light, QCPRange(0, 1));
    ASSERT_NE(mean, nullptr);
    EXPECT_DOUBLE_EQ(mean->data()->at(0)->value, 0.95);  // the mean is never clipped
    QCPGraph* high = named(plot, QStringLiteral("coverage + std"));
    QCPGraph* low = named(plot, QStringLiteral("coverage − std"));
    ASSERT_TRUE(high && low);
    EXPECT_DOUBLE_EQ(high->data()->at(0)->value, 1.0);
    EXPECT_DOUBLE_EQ(high->data()->at(1)->value, 0.6);
    EXPECT_DOUBLE_EQ(low->data()->at(2)->value, 0.0);
    EXPECT_EQ(plot.legend->itemCount(), 1);  // the band's edges stay out of the legend
}

TEST(PlotSeries, MarkerLabelSwitchesSidesToStayInsideTheAxes) {
    QCustomPlot plot;
    resetPlot(&plot);
    addLine(&plot, QStringLiteral("line"), {0, 1}, {0, 1}, Qt::black, Theme::Light);
    plot.xAxis->setRange(0, 1);
    QCPItemText* left =
        addVerticalMarker(&plot, 0.1, QStringLiteral("α = 0.1, a long marker label"), Theme::Light);
    QCPItemText* right = addVerticalMarker(
        &plot, 0.95, QStringLiteral("δ = 0.95: 120 of 300 answered"), Theme::Light);
    layOutAt(&plot, QRect(0, 0, 700, 400));
    EXPECT_TRUE(left->positionAlignment() & Qt::AlignLeft);    // text right of its line
    EXPECT_TRUE(right->positionAlignment() & Qt::AlignRight);  // text left of its line
    EXPECT_TRUE(right->positionAlignment() & Qt::AlignTop);
}

TEST(PlotFit, LegendTakesOneColumnWhenTwoDoNotFit) {
    QCustomPlot plot;
    resetPlot(&plot);
    const QString longName =
        QStringLiteral("finite-sample band high (1 − α + 1/(n+1)), a long entry");
    addLine(&plot, longName, {0, 1}, {0, 1}, Qt::black, Theme::Presentation);
    addLine(&plot, longName + QStringLiteral(" 2"), {0, 1}, {1, 0}, Qt::red, Theme::Presentation);
    applyTheme(&plot, Theme::Presentation);
    layOutAt(&plot, QRect(0, 0, 700, 500));
    EXPECT_EQ(plot.legend->wrap(), 1);
    layOutAt(&plot, QRect(0, 0, 2400, 500));
    EXPECT_EQ(plot.legend->wrap(), 2);
}

TEST(PlotFit, LongAxisLabelsBreakIntoLinesButNotInTheCsv) {
    QCustomPlot plot;
    resetPlot(&plot);
    addLine(&plot, QStringLiteral("line"), {0, 1}, {0, 1}, Qt::black, Theme::Light);
    const QString label = QStringLiteral(
        "coverage 1 − EMR (± std over the splits, of the questions the selection kept)");
    plot.yAxis->setLabel(label);
    applyTheme(&plot, Theme::Presentation);
    layOutAt(&plot, QRect(0, 0, 600, 300));
    EXPECT_TRUE(plot.yAxis->label().contains(QLatin1Char('\n')));
    EXPECT_TRUE(plotDataCsv(&plot).contains(label));
    layOutAt(&plot, QRect(0, 0, 1600, 1600));  // room again: one line
    EXPECT_EQ(plot.yAxis->label(), label);
    // A label set by the plot code replaces the kept one.
    plot.yAxis->setLabel(QStringLiteral("short"));
    layOutAt(&plot, QRect(0, 0, 600, 300));
    EXPECT_EQ(plot.yAxis->label(), QStringLiteral("short"));
}

TEST(PlotFit, ExportedLegendAndLabelsFitAtEveryTheme) {
    QTemporaryDir dir;
    for (Theme theme : {Theme::Paper, Theme::Light, Theme::Dark, Theme::Presentation}) {
        QCustomPlot plot;
        resetPlot(&plot);
        for (int i = 0; i < 5; ++i)
            addMeanBand(
                &plot,
                QStringLiteral("coverage of split family %1, SConU-selected (δ = 0.1)").arg(i),
                {0, 0.5, 1}, {0.2, 0.5, 0.8}, {0.1, 0.1, 0.1}, paletteColor(i, theme), theme,
                QCPRange(0, 1));
        plot.xAxis->setLabel(QStringLiteral("risk level α"));
        plot.yAxis->setLabel(
            QStringLiteral("coverage 1 − EMR (± std over 20 splits, all questions)"));
        addVerticalMarker(&plot, 0.97, QStringLiteral("α = 0.97"), theme);
        applyTheme(&plot, theme);
        ExportOptions options;
        options.naturalSize = QSize(640, 480);
        const QString path = dir.filePath(themeName(theme) + QStringLiteral(".svg"));
        exportPlot(&plot, path, options);
        const QStringList problems =
            layoutcheck::textLayoutProblems(layoutcheck::readSvgTextLayout(path));
        EXPECT_TRUE(problems.isEmpty()) << themeName(theme).toStdString() << ":\n"
                                        << problems.mid(0, 5).join(QLatin1Char('\n')).toStdString();
    }
}

}  // namespace
