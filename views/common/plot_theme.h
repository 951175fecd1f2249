#pragma once
// Looks for QCustomPlot figures, shared by the window and the exports.
//  - Paper: white, black axes, no grid, compact type: for figures in articles.
//  - Light: the default on screen, a light grid.
//  - Dark: light ink on a dark background.
//  - Presentation: large type and thick lines, readable from the back of a lecture room.
// The palette is Okabe & Ito's, which stays distinct under the common colour-vision deficiencies.
#include <QColor>
#include <QString>

class QCustomPlot;
class QCPItemText;

namespace assay::views {

enum class Theme { Paper, Light, Dark, Presentation };

// Sets background, axes, grid, tick label and label fonts, legend and line widths of every
// graph (keeping their colours); records the theme on the plot (see currentTheme). Does not
// replot: call plot->replot() to show it.
void applyTheme(QCustomPlot* plot, Theme theme);

// Marks a text item (a marker's label) to take the tick labels' type and ink in applyTheme.
void styleLikeTickLabels(QCPItemText* item);

// The theme last applied to `plot` with applyTheme, or Light if none was.
Theme currentTheme(const QCustomPlot* plot);

// Okabe-Ito colour i (cycles after 8). On Dark the black entry becomes light grey.
QColor paletteColor(int i, Theme theme = Theme::Light);

// Pen width in pixels for data lines under `theme` (for graphs added after applyTheme).
double lineWidth(Theme theme);

// "paper", "light", "dark", "presentation": for command lines and sessions.
QString themeName(Theme theme);
// Case-insensitive inverse of themeName; throws assay::core::ParameterError for other names.
Theme themeFromName(const QString& name);

}  // namespace assay::views
