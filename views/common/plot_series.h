#pragma once
// Line figures' building blocks shared by the views: named lines, a mean line with a ± spread
// band kept inside what the quantity can be (a coverage band above 1 or a set-size band below 0
// would show values that cannot occur), and marker lines for a chosen α or δ.
#include <qcustomplot.h>

#include <QColor>
#include <QString>
#include <QVector>

#include "views/common/plot_theme.h"

namespace assay::views {

// A line in the legend under `name`, with the theme's line width.
QCPGraph* addLine(QCustomPlot* plot, const QString& name, const QVector<double>& x,
                  const QVector<double>& y, const QColor& color, Theme theme,
                  Qt::PenStyle style = Qt::SolidLine, QCPAxis* valueAxis = nullptr);

// The mean with circles, and a translucent band from mean − spread to mean + spread clipped to
// `possible`. The band's edges are graphs "<name> − <spreadName>" and "<name> + <spreadName>"
// (in the CSV, not in the legend); returns the mean's graph.
QCPGraph* addMeanBand(QCustomPlot* plot, const QString& name, const QVector<double>& x,
                      const QVector<double>& mean, const QVector<double>& spread,
                      const QColor& color, Theme theme, const QCPRange& possible,
                      const QString& spreadName = QStringLiteral("std"));

// A grey dash-dot vertical line at key `x` across the axes, labelled at their top, on the side
// of the line where the label fits inside the axes (decided at each layout: plot_fit.h).
QCPItemText* addVerticalMarker(QCustomPlot* plot, double x, const QString& label, Theme theme);

// A grey dash-dot horizontal line at value `y` (its meaning goes in the axis label).
QCPItemStraightLine* addHorizontalMarker(QCustomPlot* plot, double y, Theme theme);

}  // namespace assay::views
