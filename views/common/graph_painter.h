#pragma once
// Draws a GraphScene with QPainter (exports; the screen uses the ImGui canvas with the same
// geometry and the same colour rules) and writes it through the one export path.
#include <QPainter>
#include <QRectF>
#include <QTransform>
#include <QVector>
#include <functional>

#include "views/common/graph_scene.h"
#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"

namespace assay::views {

// Margin around the fitted layout, room for node labels (screen and exports alike).
inline constexpr double kGraphMargin = 44.0;

// Maps layout coordinates onto `target`, keeping the aspect ratio, with a margin for labels.
QTransform fitTransform(const QRectF& layoutBounds, const QRectF& target,
                        double margin = kGraphMargin);

// Edge colour with opacity from its weight (and emphasis); shared with the canvas.
QColor edgeColorFor(const GraphScene& scene, const GraphEdge& edge);
double edgeWidthFor(const GraphScene& scene, const GraphEdge& edge);

// Where each node's label goes (target coordinates; an empty rect: left out). The selected node,
// its partners, then the larger nodes first; each takes the first of eight places around its
// node (right, left, above, below, the corners) that stays inside `target` and meets no node
// and no label already placed. So no two labels ever overlap — on screen (the canvas) and in
// exports alike — and on a crowded layout the small experts' names are the ones left out
// (every name is in the CSV and the tooltips). radiusScale: the canvas draws radii × √zoom.
QVector<QRectF> placeNodeLabels(const GraphScene& scene, const QTransform& t, const QRectF& target,
                                const std::function<QSizeF(const QString&)>& labelSize,
                                double radiusScale = 1.0);

void paintGraph(QPainter& painter, const GraphScene& scene, const QRectF& target, Theme theme);

// CSV: "kind,id,from,to,x,y,radius,weight,label" with one row per node then per edge.
QString graphCsv(const GraphScene& scene);

// PNG/PDF/SVG/CSV by extension, like exportPlot; naturalSize is the size when options give none.
void exportGraph(const GraphScene& scene, const QString& path, const ExportOptions& options,
                 QSize naturalSize = QSize(900, 900), Theme theme = Theme::Light);

}  // namespace assay::views
