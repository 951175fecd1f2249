#pragma once
// Shared set-up of single-panel figures: every view's plot functions start from here.
#include <QString>

class QCustomPlot;

namespace assay::views {

// Clears plottables and items and puts the legend in a row under the axes (two entries per line),
// where it never hides a curve whatever the theme's type size.
void resetPlot(QCustomPlot* plot);
// A centred message instead of a figure ("no groups in this data"); works on figures that built
// their own layout too.
void plotMessage(QCustomPlot* plot, const QString& message);
// A title row above a single-panel figure (resetPlot keeps the axes in row 0 otherwise): added
// once, its text replaced on every later call.
void setFigureTitle(QCustomPlot* plot, const QString& title);

}  // namespace assay::views
