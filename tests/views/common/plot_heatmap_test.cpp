// The shared heatmap: category axes readable from 2 to 64 categories in every theme (checked
// from the exported SVG's text), cell numbers only where they fit, every value in the CSV.
#include "views/common/plot_heatmap.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QTemporaryDir>

#include "svg_text_layout.h"
#include "views/common/plot_category_axis.h"
#include "views/common/plot_export.h"
#include "views/common/plot_fit.h"
#include "views/common/plot_theme.h"

using namespace assay::views;

namespace {

QStringList names(int n) {
    static const QStringList subjects = {"abstract_algebra", "anatomy",      "astronomy",
                                         "econometrics",     "formal_logic", "jurisprudence",
                                         "virology",         "sociology"};
    QStringList out;
    for (int i = 0; i < n; ++i) out << subjects[i % subjects.size()] + QStringLiteral("_%1").arg(i);
    return out;
}

// A one-panel heatmap of n x n values i / n + j / (n n), named categories or numbered ones.
QCPColorMap* fill(QCustomPlot& plot, int n, bool named, Theme theme) {
    const HeatmapPanels panels = heatmapPanels(&plot, 1);
    HeatmapCells cells{
        n, n, {}, named ? names(n) : QStringList(), named ? names(n) : QStringList()};
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) cells.values.push_back(double(r) / n + double(c) / (n * n));
    QCPColorMap* map = addHeatmap(panels.rects[0], QStringLiteral("value"), cells, 2);
    applyColourScale(panels, {map}, {0.0, 1.0, std::nullopt}, QStringLiteral("value in [0, 1]"));
    panels.rects[0]->axis(QCPAxis::atBottom)->setLabel(QStringLiteral("test group"));
    panels.rects[0]->axis(QCPAxis::atLeft)->setLabel(QStringLiteral("calibration group"));
    applyTheme(&plot, theme);
    return map;
}

TEST(Heatmap, CategoryLabelsStayApartFromTwoToSixtyFourCategories) {
    QTemporaryDir dir;
    for (int n : {2, 5, 14, 40, 64})
        for (bool named : {true, false})
            for (Theme theme : {Theme::Paper, Theme::Light, Theme::Dark, Theme::Presentation}) {
                QCustomPlot plot;
                plot.resize(900, 600);
                fill(plot, n, named, theme);
                const QString path = dir.filePath(
                    QStringLiteral("h%1-%2-%3.svg").arg(n).arg(named).arg(themeName(theme)));
                ExportOptions options;
                options.naturalSize = QSize(900, 600);
                exportPlot(&plot, path, options);
                const QStringList problems =
                    layoutcheck::textLayoutProblems(layoutcheck::readSvgTextLayout(path));
                EXPECT_TRUE(problems.isEmpty())
                    << path.toStdString() << ":\n"
                    << problems.mid(0, 5).join(QLatin1Char('\n')).toStdString();
            }
}

TEST(Heatmap, FortyNamesTurnOrThin) {
    QCustomPlot plot;
    plot.resize(900, 600);
    QCPColorMap* map = fill(plot, 40, true, Theme::Light);
    layOutAt(&plot, QRect(0, 0, 900, 600));
    QCPAxis* x = map->keyAxis();
    QCPAxis* y = map->valueAxis();
    EXPECT_DOUBLE_EQ(x->tickLabelRotation(), -90.0);  // every name stays, turned
    // 40 rows in about 500 px: a line of 9 pt type each is too tight, every second shows.
    ASSERT_NE(categoryTicker(y), nullptr);
    EXPECT_GT(categoryTicker(y)->labelStep(), 1);
    // Numbered categories are thinned to round steps, never turned.
    QCPColorMap* numbered = fill(plot, 64, false, Theme::Presentation);
    layOutAt(&plot, QRect(0, 0, 900, 600));
    EXPECT_DOUBLE_EQ(numbered->keyAxis()->tickLabelRotation(), 0.0);
    const int step = categoryTicker(numbered->keyAxis())->labelStep();
    EXPECT_TRUE(step == 2 || step == 5 || step == 10 || step == 20) << step;
}

TEST(Heatmap, FewCategoriesKeepEveryLabelUpright) {
    QCustomPlot plot;
    QCPColorMap* map = fill(plot, 4, true, Theme::Light);
    layOutAt(&plot, QRect(0, 0, 900, 600));
    EXPECT_DOUBLE_EQ(map->keyAxis()->tickLabelRotation(), 0.0);
    EXPECT_EQ(categoryTicker(map->keyAxis())->labelStep(), 1);
    EXPECT_EQ(categoryTicker(map->valueAxis())->labelStep(), 1);
}

TEST(Heatmap, CellNumbersOnlyWhereTheyFitAndAlwaysInTheCsv) {
    QTemporaryDir dir;
    for (int n : {4, 64}) {
        QCustomPlot plot;
        QCPColorMap* map = fill(plot, n, false, Theme::Light);
        ExportOptions options;
        options.naturalSize = QSize(900, 600);
        exportPlot(&plot, dir.filePath(QStringLiteral("m%1.svg").arg(n)), options);
        EXPECT_EQ(heatmapNumbersShown(map), n == 4) << n;
        const QString csv = plotDataCsv(&plot);
        EXPECT_EQ(csv.count(QStringLiteral(",color_map,")), n * n) << n;
        EXPECT_TRUE(csv.contains(QStringLiteral(",0.5,"))) << "row 2 of 4 starts at 0.5";
    }
}

TEST(Heatmap, MaskedCellsAreEmptyAndTheColourBarTakesTheScale) {
    QCustomPlot plot;
    const HeatmapPanels panels = heatmapPanels(&plot, 2);
    ASSERT_EQ(panels.rects.size(), 2);
    HeatmapCells cells{2, 2, {NAN, 2.0, 4.0, NAN}, {}, {}};
    QCPColorMap* a = addHeatmap(panels.rects[0], QStringLiteral("a"), cells, 0);
    QCPColorMap* b = addHeatmap(panels.rects[1], QStringLiteral("b"), cells, 0);
    const ColourScale s =
        applyColourScale(panels, {a, b}, {0.0, INFINITY, std::nullopt}, QStringLiteral("count"));
    EXPECT_DOUBLE_EQ(s.range.lower, 0.0);
    EXPECT_DOUBLE_EQ(s.range.upper, 4.0);
    EXPECT_DOUBLE_EQ(panels.scale->dataRange().upper, 4.0);
    EXPECT_EQ(panels.scale->axis()->label(), QStringLiteral("count"));
    EXPECT_TRUE(std::isnan(a->data()->cell(0, 0)));
    EXPECT_DOUBLE_EQ(a->data()->cell(1, 0), 2.0);  // column 1 of row 0
    EXPECT_EQ(heatmapDecimals(a), 0);
}

}  // namespace
