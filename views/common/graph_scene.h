#pragma once
// Prepared geometry of a node-link graph: what the ImGui canvas draws on screen and what
// graph_painter draws into PNG/PDF/SVG. Views fill it from core results (a layout job computes
// the positions); drawing code only walks it.
#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QVector>

namespace assay::views {

struct GraphNode {
    QPointF pos;          // layout coordinates (any scale; the canvas fits them to its view)
    double radius = 6.0;  // in logical pixels at zoom 1
    QColor fill;
    QString label;    // drawn next to the node
    QString tooltip;  // shown on hover (plain text, several lines allowed)
};

struct GraphEdge {
    int from = 0, to = 0;
    double weight = 1.0;  // display weight in [0, 1]: width and opacity grow with it
};

struct GraphScene {
    QVector<GraphNode> nodes;
    QVector<GraphEdge> edges;
    QColor edgeColor{90, 90, 90};
    double maxEdgeWidth = 4.0;
    int selected = -1;         // selected node, or -1
    QVector<int> highlighted;  // nodes to emphasise (the selected node's partners)
    QString legend;            // one line explaining colours and sizes

    QRectF bounds() const;  // of node centres, grown by the largest radius
    bool isHighlighted(int node) const { return highlighted.contains(node); }
    // Edges touching `node` are emphasised when a node is selected.
    bool edgeEmphasised(const GraphEdge& e) const {
        return selected >= 0 && (e.from == selected || e.to == selected);
    }
};

}  // namespace assay::views
