#include "views/common/graph_painter.h"

#include <qcustomplot.h>

#include <QFontMetricsF>
#include <algorithm>
#include <cmath>

namespace assay::views {

QRectF GraphScene::bounds() const {
    if (nodes.isEmpty()) return QRectF(0, 0, 1, 1);
    double minX = nodes[0].pos.x(), maxX = minX, minY = nodes[0].pos.y(), maxY = minY, r = 0;
    for (const GraphNode& n : nodes) {
        minX = std::min(minX, n.pos.x());
        maxX = std::max(maxX, n.pos.x());
        minY = std::min(minY, n.pos.y());
        maxY = std::max(maxY, n.pos.y());
        r = std::max(r, n.radius);
    }
    QRectF b(QPointF(minX, minY), QPointF(maxX, maxY));
    if (b.width() < 1e-9) b.adjust(-1, 0, 1, 0);
    if (b.height() < 1e-9) b.adjust(0, -1, 0, 1);
    return b;
}

QTransform fitTransform(const QRectF& layout, const QRectF& target, double margin) {
    const QRectF inner = target.adjusted(margin, margin, -margin, -margin);
    const double scale = std::min(inner.width() / layout.width(), inner.height() / layout.height());
    QTransform t;
    t.translate(inner.center().x(), inner.center().y());
    t.scale(scale, scale);
    t.translate(-layout.center().x(), -layout.center().y());
    return t;
}

QColor edgeColorFor(const GraphScene& scene, const GraphEdge& e) {
    QColor c = scene.edgeColor;
    const double w = std::clamp(e.weight, 0.0, 1.0);
    const bool dimmed = scene.selected >= 0 && !scene.edgeEmphasised(e);
    c.setAlphaF(dimmed ? 0.05 + 0.1 * w : 0.15 + 0.75 * w);
    return c;
}

double edgeWidthFor(const GraphScene& scene, const GraphEdge& e) {
    const double w = std::clamp(e.weight, 0.0, 1.0);
    return 0.5 + (scene.maxEdgeWidth - 0.5) * w * (scene.edgeEmphasised(e) ? 1.3 : 1.0);
}

namespace {

// Node labels after every node, so that no node hides one; the selected node, its partners and
// then the larger nodes first, each right of its node or else left of it, and left out where it
// would leave the figure or run into a label already placed: on a dense graph the big experts
// keep their names (every name is in the CSV).
void paintNodeLabels(QPainter& painter, const GraphScene& scene, const QTransform& t,
                     const QRectF& target, const QColor& ink) {
    QVector<int> order;
    for (int i = 0; i < scene.nodes.size(); ++i)
        if (!scene.nodes[i].label.isEmpty()) order << i;
    auto rank = [&](int i) { return i == scene.selected ? 2 : scene.isHighlighted(i) ? 1 : 0; };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (rank(a) != rank(b)) return rank(a) > rank(b);
        return scene.nodes[a].radius > scene.nodes[b].radius;
    });
    const QFontMetricsF metrics(painter.font(), painter.device());
    QVector<QRectF> placed;
    for (int i = 0; i < scene.nodes.size(); ++i) {  // nodes are in the way of labels too
        const QPointF p = t.map(scene.nodes[i].pos);
        const double r = scene.nodes[i].radius;
        placed << QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r).adjusted(1, 1, -1, -1);
    }
    painter.setPen(ink);
    for (int i : order) {
        const GraphNode& n = scene.nodes[i];
        const QPointF p = t.map(n.pos);
        const double w = metrics.horizontalAdvance(n.label);
        const double baseline = p.y() + (metrics.ascent() - metrics.descent()) / 2;
        for (double x : {p.x() + n.radius + 2, p.x() - n.radius - 2 - w}) {
            const QRectF box(x, baseline - metrics.ascent(), w,
                             metrics.ascent() + metrics.descent());
            bool free = target.contains(box);
            for (int k = 0; free && k < placed.size(); ++k)
                free = k == i || !placed[k].intersects(box);
            if (!free) continue;
            painter.drawText(QPointF(x, baseline), n.label);
            placed << box;
            break;
        }
    }
}

}  // namespace

void paintGraph(QPainter& painter, const GraphScene& scene, const QRectF& target, Theme theme) {
    const bool dark = theme == Theme::Dark;
    painter.save();
    painter.fillRect(target, dark ? QColor(30, 31, 34) : QColor(Qt::white));
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QTransform t = fitTransform(scene.bounds(), target);
    // Edges first (weakest first, so strong links stay on top), then nodes, then labels.
    QVector<int> order(scene.edges.size());
    for (int i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return scene.edges[a].weight < scene.edges[b].weight; });
    for (int i : order) {
        const GraphEdge& e = scene.edges[i];
        if (e.from < 0 || e.to < 0 || e.from >= scene.nodes.size() || e.to >= scene.nodes.size())
            continue;
        QPen pen(edgeColorFor(scene, e), edgeWidthFor(scene, e));
        pen.setCapStyle(Qt::RoundCap);
        painter.setPen(pen);
        painter.drawLine(t.map(scene.nodes[e.from].pos), t.map(scene.nodes[e.to].pos));
    }
    const QColor ink = dark ? QColor(230, 230, 230) : QColor(40, 40, 40);
    QFont font = painter.font();
    font.setPointSizeF(theme == Theme::Presentation ? 13 : 8);
    painter.setFont(font);
    for (int i = 0; i < scene.nodes.size(); ++i) {
        const GraphNode& n = scene.nodes[i];
        const QPointF p = t.map(n.pos);
        const bool selected = i == scene.selected, partner = scene.isHighlighted(i);
        QColor fill = n.fill;
        if (scene.selected >= 0 && !selected && !partner) fill.setAlphaF(0.3);
        painter.setBrush(fill);
        painter.setPen(QPen(selected ? ink : (partner ? QColor(230, 159, 0) : fill.darker(140)),
                            selected || partner ? 2.5 : 1.0));
        painter.drawEllipse(p, n.radius, n.radius);
    }
    paintNodeLabels(painter, scene, t, target, ink);
    if (!scene.legend.isEmpty()) {
        painter.setPen(ink);
        // Wrapped at the figure's width: a narrow export keeps the whole legend.
        painter.drawText(target.adjusted(8, 4, -8, -4),
                         Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, scene.legend);
    }
    painter.restore();
}

QString graphCsv(const GraphScene& scene) {
    auto quote = [](const QString& s) {
        if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"'))) return s;
        QString q = s;
        q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QStringLiteral("\"%1\"").arg(q);
    };
    QString csv = QStringLiteral("kind,id,from,to,x,y,radius,weight,label\n");
    for (int i = 0; i < scene.nodes.size(); ++i) {
        const GraphNode& n = scene.nodes[i];
        csv += QStringLiteral("node,%1,,,%2,%3,%4,,%5\n")
                   .arg(i)
                   .arg(n.pos.x(), 0, 'g', 17)
                   .arg(n.pos.y(), 0, 'g', 17)
                   .arg(n.radius, 0, 'g', 17)
                   .arg(quote(n.label));
    }
    for (int i = 0; i < scene.edges.size(); ++i) {
        const GraphEdge& e = scene.edges[i];
        csv += QStringLiteral("edge,%1,%2,%3,,,,%4,\n")
                   .arg(i)
                   .arg(e.from)
                   .arg(e.to)
                   .arg(e.weight, 0, 'g', 17);
    }
    return csv;
}

void exportGraph(const GraphScene& scene, const QString& path, const ExportOptions& options,
                 QSize naturalSize, Theme theme) {
    const Theme used = options.theme.value_or(theme);
    exportDrawing(
        [&](QCPPainter& painter, QSize logical) {
            paintGraph(painter, scene, QRectF(QPointF(0, 0), QSizeF(logical)), used);
        },
        naturalSize, [&] { return graphCsv(scene); }, path, options);
}

}  // namespace assay::views
