#include "views/common/plot_theme.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QSet>

#include "assay/core/error.h"

using namespace assay::views;

TEST(PlotTheme, SwitchingThemeChangesBackgroundAndInk) {
    QCustomPlot plot;
    applyTheme(&plot, Theme::Light);
    const QColor lightBackground = plot.axisRect()->backgroundBrush().color();
    const QColor lightInk = plot.xAxis->tickLabelColor();
    applyTheme(&plot, Theme::Dark);
    EXPECT_NE(plot.axisRect()->backgroundBrush().color(), lightBackground);
    EXPECT_NE(plot.xAxis->tickLabelColor(), lightInk);
    EXPECT_LT(plot.axisRect()->backgroundBrush().color().lightness(), 80);
    EXPECT_EQ(currentTheme(&plot), Theme::Dark);
}

TEST(PlotTheme, PresentationUsesLargeTypeAndThickLines) {
    QCustomPlot plot;
    QCPGraph* graph = plot.addGraph();
    graph->setPen(QPen(paletteColor(0), 1.0));
    applyTheme(&plot, Theme::Light);
    const int lightPt = plot.xAxis->tickLabelFont().pointSize();
    const double lightPen = graph->pen().widthF();
    applyTheme(&plot, Theme::Presentation);
    EXPECT_GE(plot.xAxis->tickLabelFont().pointSize(), lightPt * 2);
    EXPECT_GT(graph->pen().widthF(), lightPen);
    EXPECT_EQ(graph->pen().color(), paletteColor(0));  // colours are kept
}

TEST(PlotTheme, NamesRoundTripAndUnknownNamesAreRejected) {
    for (Theme t : {Theme::Paper, Theme::Light, Theme::Dark, Theme::Presentation})
        EXPECT_EQ(themeFromName(themeName(t)), t);
    EXPECT_EQ(themeFromName(QStringLiteral("Presentation")), Theme::Presentation);
    EXPECT_THROW(themeFromName(QStringLiteral("neon")), assay::core::ParameterError);
}

TEST(PlotTheme, PaletteHasEightDistinctOkabeItoColours) {
    QSet<QRgb> colours;
    for (int i = 0; i < 8; ++i) colours.insert(paletteColor(i).rgb());
    EXPECT_EQ(colours.size(), 8);
    EXPECT_EQ(paletteColor(8), paletteColor(0));
    EXPECT_EQ(paletteColor(1), QColor(0xD5, 0x5E, 0x00));  // vermillion
}
