#pragma once
// Heatmap figures shared by the views (Calibration's cross-domain matrices, the Experts view's
// co-activation, entropy and domain maps): panels in one row with one colour scale, category
// axes that stay readable (plot_category_axis.h), colours from the metric's possible range
// (plot_colour_scale.h), and the cell values written in the cells only where they fit at the
// size and type the figure is drawn with. The values are always in the CSV export.
#include <QString>
#include <QStringList>
#include <QVector>
#include <vector>

#include "views/common/plot_colour_scale.h"

class QCustomPlot;
class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;

namespace assay::views {

// cols x rows cells, row-major: the value of column c in row r is values[r * cols + c]; NaN
// draws nothing (a masked diagonal, a group pair without data). Row 0 is drawn on top, as in a
// table. Empty names number the categories 0..n-1.
struct HeatmapCells {
    int cols = 0;
    int rows = 0;
    std::vector<double> values;
    QStringList colNames, rowNames;
};

struct HeatmapPanels {
    QVector<QCPAxisRect*> rects;
    QCPColorScale* scale = nullptr;
};

// Clears `plot` and lays out `count` axis rects in one row (equal margins, so cells line up)
// and a colour scale on the right; above them `title` when it is not empty.
HeatmapPanels heatmapPanels(QCustomPlot* plot, int count, const QString& title = {});

// Fills `rect` with `cells`: a colour map named `name` (the CSV's series) on category axes.
// `decimals` < 0: no numbers in the cells; else the numbers, with that many decimals, where the
// widest fits its cell (the type may shrink to 3/4 of the tick labels' first).
QCPColorMap* addHeatmap(QCPAxisRect* rect, const QString& name, const HeatmapCells& cells,
                        int decimals);

// Colours every map of `panels` with one scale for `metric` over all their values, labels the
// colour bar and returns the scale used.
ColourScale applyColourScale(const HeatmapPanels& panels, const QVector<QCPColorMap*>& maps,
                             const MetricRange& metric, const QString& label);

// The number of decimals `map` writes in its cells (-1: none; addHeatmap's value), and whether
// at its last drawing they fitted and were written.
int heatmapDecimals(const QCPColorMap* map);
bool heatmapNumbersShown(const QCPColorMap* map);

}  // namespace assay::views
