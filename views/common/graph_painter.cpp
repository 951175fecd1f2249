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

QVector<QRectF> placeNodeLabels(const GraphScene& scene, const QTransform& t, const QRectF& target,
                                const std::function<QSizeF(const QString&)>& labelSize,
                                double radiusScale) {
    QVector<QRectF> out(scene.nodes.size());
    QVector<int> order;
    for (int i = 0; i < scene.nodes.size(); ++i)
        if (!scene.nodes[i].label.isEmpty()) order << i;
    auto rank = [&](int i) { return i == scene.selected ? 2 : scene.isHighlighted(i) ? 1 : 0; };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        if (rank(a) != rank(b)) return rank(a) > rank(b);
        return scene.nodes[a].radius > scene.nodes[b].radius;
    });
    QVector<QRectF> placed;
    for (int i = 0; i < scene.nodes.size(); ++i) {  // nodes are in the way of labels too
        const QPointF p = t.map(scene.nodes[i].pos);
        const double r = scene.nodes[i].radius * radiusScale;
        placed << QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r).adjusted(1, 1, -1, -1);
    }
    for (int i : order) {
        const GraphNode& n = scene.nodes[i];
        const QPointF p = t.map(n.pos);
        const QSizeF size = labelSize(n.label);
        const double w = size.width(), h = size.height(), r = n.radius * radiusScale, gap = 2;
        // Right, left, above, below, then the four corners: the first place that is free.
        const QPointF corners[] = {
            {p.x() + r + gap, p.y() - h / 2},       {p.x() - r - gap - w, p.y() - h / 2},
            {p.x() - w / 2, p.y() - r - gap - h},   {p.x() - w / 2, p.y() + r + gap},
            {p.x() + 0.7 * r, p.y() - 0.7 * r - h}, {p.x() - 0.7 * r - w, p.y() - 0.7 * r - h},
            {p.x() + 0.7 * r, p.y() + 0.7 * r},     {p.x() - 0.7 * r - w, p.y() + 0.7 * r}};
        for (const QPointF& c : corners) {
            const QRectF box(c, QSizeF(w, h));
            bool free = target.contains(box);
            for (int k = 0; free && k < placed.size(); ++k)
                free = k == i || !placed[k].intersects(box);
            if (!free) continue;
            out[i] = box;
            placed << box;
            break;
        }
    }
    return out;
}

namespace {

// Node labels after every node, so that no node hides one (placeNodeLabels chooses where).
void paintNodeLabels(QPainter& painter, const GraphScene& scene, const QTransform& t,
                     const QRectF& target, const QColor& ink) {
    const QFontMetricsF metrics(painter.font(), painter.device());
    const QVector<QRectF> boxes = placeNodeLabels(scene, t, target, [&](const QString& label) {
        return QSizeF(metrics.horizontalAdvance(label), metrics.ascent() + metrics.descent());
    });
    painter.setPen(ink);
    for (int i = 0; i < boxes.size(); ++i)
        if (!boxes[i].isEmpty())
            painter.drawText(QPointF(boxes[i].left(), boxes[i].top() + metrics.ascent()),
                             scene.nodes[i].label);
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
