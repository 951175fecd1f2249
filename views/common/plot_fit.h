#pragma once
// Layout decisions that depend on the pixels a figure gets and on its theme's type: which
// category labels show and how they turn (plot_category_axis.h), how many legend columns fit the
// width, axis labels longer than their axis broken into lines, marker labels kept inside the
// axes. QCustomPlot knows those pixels only after it has laid the figure out, so the decisions
// are made after a layout and the figure is laid out again until they hold. The screen and every
// export use this, so a figure exported at any size, dpi or theme is laid out for that size.
class QCustomPlot;
class QCPItemText;
class QRect;

namespace assay::views {

// Makes the decisions for the current layout; returns whether one changed (lay out again).
bool fitToLayout(QCustomPlot* plot);

// Lays `plot` out at `viewport` (logical pixels) until fitToLayout changes nothing (a few
// passes at most). Exports call it before drawing; it draws nothing.
void layOutAt(QCustomPlot* plot, const QRect& viewport);

// On screen: after every layout, fits, and when something moved replots once more. Idempotent
// (resetPlot and the heatmap panels call it for every figure).
void keepFitted(QCustomPlot* plot);

// Marks `label` (a QCPItemText beside a vertical marker) as one that may switch to the marker's
// other side when it would run out of the axis rect.
void setFlipsInside(QCPItemText* label);

}  // namespace assay::views
