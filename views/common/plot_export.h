#pragma once
// Figure export shared by the window (PlotPanel's "Export..." action) and `assay render`: free
// functions with no dialogs, so the command line runs exactly the screen's code path.
//
// Sizes. A figure is laid out at a "logical" size in screen pixels (96 per inch), where fonts
// have their point sizes, and rendered at `dpi`: a 9 pt label is 9 pt on paper.
//  - widthPx x heightPx: the PNG has exactly these pixels (logical size = px * 96 / dpi).
//  - else widthCm x heightCm: the physical size (PNG pixels = cm / 2.54 * dpi).
//  - else `naturalSize` (the figure's declared size, FigureTabs) or the widget's current size,
//    at 96 dpi: a higher dpi gives more pixels, never a smaller layout.
//  Giving only a width keeps the natural (or widget's) aspect ratio. PDF and SVG take the same
//  physical size.
//
// CSV (plotDataCsv): one tidy table, comma-separated, UTF-8, a header line
//   series,kind,x,y,value,error_minus,error_plus,x_axis,y_axis
// one row per data point of every plottable, in the plot's order:
//  - kind "graph" (also the lines of filled bands), "curve", "bars": x = key, y = value.
//  - kind "x_error_bars" / "y_error_bars": x, y = the point the bars belong to, error_minus and
//    error_plus = the bar lengths.
//  - kind "color_map": x, y = the cell centre in key/value coordinates, value = the cell value.
// `series` is the plottable's name (or "<kind> <index>" when unnamed); x_axis and y_axis are the
// labels of its key and value axes. Numbers use the shortest text that reads back exactly.
#include <QMap>
#include <QSize>
#include <QString>
#include <functional>
#include <optional>

#include "views/common/plot_theme.h"

class QCustomPlot;
class QCPPainter;

namespace assay::views {

struct ExportOptions {
    int widthPx = 0;  // 0: see the size rules above
    int heightPx = 0;
    double widthCm = 0;
    double heightCm = 0;
    int dpi = 150;
    // Logical size (96-dpi pixels) to lay the figure out at when no size is given, and whose
    // aspect a lone width keeps; empty: the widget's size.
    QSize naturalSize;
    // Applied for the export only, then the plot's own theme is restored. Unset: as on screen.
    std::optional<Theme> theme;
    // Written as PNG text chunks, PDF document info + XMP metadata (keys "title", "creator",
    // "subject", "keywords" go to the matching fields), and the SVG <desc>.
    QMap<QString, QString> provenance;
};

enum class ExportFormat { Png, Pdf, Svg, Csv };

// From the file extension (case-insensitive); throws assay::core::OutputError for others.
ExportFormat exportFormatFor(const QString& path);

// Writes `plot` to `path` in the format named by its extension. The file is written to a
// temporary file in the same folder and renamed at the end, so a failure leaves no file behind.
// Throws assay::core::OutputError (unknown extension, unwritable path, failed encoder) or
// assay::core::ParameterError (dpi or sizes out of range).
void exportPlot(QCustomPlot* plot, const QString& path, const ExportOptions& options);

// Any drawing through the same path (sizes, formats, provenance, atomic write): `draw` paints at
// the logical size it is given; `naturalSize` is the on-screen size used when the options give
// none; `csv` returns the drawing's data. The graph canvas exports this way.
using Drawing = std::function<void(QCPPainter& painter, QSize logical)>;
void exportDrawing(const Drawing& draw, QSize naturalSize, const std::function<QString()>& csv,
                   const QString& path, const ExportOptions& options);

// The plotted data of `plot` as CSV text (format above).
QString plotDataCsv(QCustomPlot* plot);

}  // namespace assay::views
