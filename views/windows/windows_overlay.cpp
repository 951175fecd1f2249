#include "views/windows/windows_overlay.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "views/common/painted_figure.h"

namespace assay::views {

namespace {

// Two decimals, and "0.00" where a value just below zero would print as "-0.00".
QString tickText(double v) {
    const QString text = QString::number(v, 'f', 2);
    return text == QStringLiteral("-0.00") ? QStringLiteral("0.00") : text;
}

const QColor kHighlight(0xD5, 0x5E, 0x00);  // Okabe-Ito vermillion
const QColor kPadding(0xE6, 0x9F, 0x00);    // Okabe-Ito orange

int columnsFor(int panels) { return panels <= 3 ? std::max(1, panels) : (panels + 1) / 2; }

}  // namespace

OverlayLayout overlayLayout(const OverlayScene& scene, QSizeF size, Theme theme,
                            QPaintDevice* device) {
    const PaintLook look = paintLook(theme);
    const QFontMetricsF title(paintFont(look.labelPt + 1, true), device);
    const QFontMetricsF label(paintFont(look.labelPt), device);
    const QFontMetricsF tick(paintFont(look.tickPt), device);
    OverlayLayout l;
    const double margin = std::max(8.0, tick.height() * 0.6);
    double y = margin;
    if (!scene.title.isEmpty()) {
        l.title = QRectF(margin, y, size.width() - 2 * margin, title.height());
        y += title.height() + margin * 0.5;
    }
    const double captionHeight =
        scene.caption.isEmpty() ? 0 : tick.lineSpacing() * scene.caption.size() + margin * 0.5;
    const double barWidth = scene.showHeat ? tick.horizontalAdvance(QStringLiteral("0.00")) +
                                                 label.height() * 2.2 + margin
                                           : 0;
    const int n = int(scene.panels.size());
    const int cols = columnsFor(n), rows = (n + cols - 1) / std::max(1, cols);
    const double headingHeight = label.height() + tick.height() + 4;
    const QRectF area(margin, y, size.width() - 2 * margin - barWidth,
                      size.height() - y - margin - captionHeight);
    const double cellW = area.width() / std::max(1, cols);
    const double cellH = area.height() / std::max(1, rows);
    const double side = std::max(10.0, std::min(cellW - margin, cellH - headingHeight - margin));
    // The panels packed and centred, the colour bar right after them (not at the far edge).
    const double pitch = side + margin;
    const double left = area.left() + std::max(0.0, (area.width() - cols * pitch) / 2);
    for (int i = 0; i < n; ++i) {
        const int r = i / cols, c = i % cols;
        const double x0 = left + c * pitch + margin / 2;
        const double y0 = area.top() + r * cellH;
        l.headings.push_back(QRectF(x0 - margin / 2, y0, side + margin, headingHeight));
        l.squares.push_back(QRectF(x0, y0 + headingHeight, side, side));
    }
    if (scene.showHeat) {
        const double top = l.squares.empty() ? area.top() : l.squares.front().top();
        const double h = l.squares.empty() ? area.height() : std::min(side, area.height());
        l.colourBar = QRectF(left + cols * pitch + margin * 0.5, top + tick.height() / 2,
                             label.height() * 0.9, h - tick.height());
    }
    double bottom = area.top();
    for (const QRectF& s : l.squares) bottom = std::max(bottom, s.bottom());
    l.caption = QRectF(margin, bottom + margin * 0.5, size.width() - 2 * margin, captionHeight);
    return l;
}

OverlayHit overlayHitAt(const OverlayScene& scene, const OverlayLayout& layout, QPointF at) {
    OverlayHit hit;
    for (std::size_t i = 0; i < layout.squares.size(); ++i) {
        const QRectF& s = layout.squares[i];
        if (!s.contains(at)) continue;
        const int c = std::clamp(int((at.x() - s.left()) / s.width() * scene.grid.cols), 0,
                                 scene.grid.cols - 1);
        const int r = std::clamp(int((at.y() - s.top()) / s.height() * scene.grid.rows), 0,
                                 scene.grid.rows - 1);
        hit.panel = int(i);
        hit.patch = r * scene.grid.cols + c;
        return hit;
    }
    return hit;
}

namespace {

void paintPanel(QPainter& p, const OverlayScene& scene, const OverlayPanel& panel,
                const QRectF& square, const PaintLook& look) {
    const int H = scene.grid.rows, W = scene.grid.cols;
    const double cw = square.width() / W, ch = square.height() / H;
    auto cell = [&](int patch) {
        return QRectF(square.left() + (patch % W) * cw, square.top() + (patch / W) * ch, cw, ch);
    };
    // The image (or a neutral square).
    if (!scene.image.isNull())
        p.drawImage(square, scene.image);
    else
        p.fillRect(square, QColor(128, 128, 128, 60));
    // Heatmap.
    if (scene.showHeat && panel.heat.size() == std::size_t(H) * W && scene.opacity > 0) {
        QCPColorGradient gradient = scene.scale.gradient;  // color() is not const
        for (int i = 0; i < H * W; ++i) {
            const double v = panel.heat[std::size_t(i)];
            if (!std::isfinite(v)) continue;
            QColor c = QColor::fromRgba(gradient.color(v, scene.scale.range, false));
            c.setAlphaF(scene.opacity);
            p.fillRect(cell(i), c);
        }
    }
    // Dropped patches (CLS selection): hatched.
    const bool hasSource = panel.source.size() == std::size_t(H) * W;
    if (hasSource)
        for (int i = 0; i < H * W; ++i)
            if (panel.source[std::size_t(i)] < 0) {
                p.fillRect(cell(i), QColor(128, 128, 128, 120));
                p.fillRect(cell(i), QBrush(QColor(0, 0, 0, 150), Qt::BDiagPattern));
            }
    // A selection dims everything else.
    if (!panel.highlighted.empty()) {
        const std::set<int> members(panel.highlighted.begin(), panel.highlighted.end());
        QColor dim = look.background;
        dim.setAlphaF(0.5);
        for (int i = 0; i < H * W; ++i)
            if (!members.count(i)) p.fillRect(cell(i), dim);
    }
    // Patch grid.
    if (scene.showGrid) {
        p.setPen(QPen(QColor(0, 0, 0, 55), 0.6 * look.line));
        for (int c = 1; c < W; ++c)
            p.drawLine(QPointF(square.left() + c * cw, square.top()),
                       QPointF(square.left() + c * cw, square.bottom()));
        for (int r = 1; r < H; ++r)
            p.drawLine(QPointF(square.left(), square.top() + r * ch),
                       QPointF(square.right(), square.top() + r * ch));
    }
    // Group boundaries: an edge between neighbours of different groups; a dark halo under a
    // white line keeps them visible over light and dark image content alike.
    auto boundaryPath = [&](const std::function<int(int)>& in) {
        QPainterPath path;
        for (int r = 0; r < H; ++r)
            for (int c = 0; c < W; ++c) {
                const int i = r * W + c;
                const QRectF q = cell(i);
                if (c + 1 < W && in(i) != in(i + 1)) {
                    path.moveTo(q.topRight());
                    path.lineTo(q.bottomRight());
                }
                if (r + 1 < H && in(i) != in(i + W)) {
                    path.moveTo(q.bottomLeft());
                    path.lineTo(q.bottomRight());
                }
            }
        return path;
    };
    if (hasSource) {
        const QPainterPath groups =
            boundaryPath([&](int i) { return panel.source[std::size_t(i)]; });
        p.setPen(QPen(QColor(0, 0, 0, 150), 2.6 * look.line));
        p.drawPath(groups);
        p.setPen(QPen(QColor(255, 255, 255, 235), 1.2 * look.line));
        p.drawPath(groups);
    }
    // The photograph inside the padding.
    if (!scene.image.isNull() && !scene.photoRect.isEmpty()) {
        const double k = square.width() / scene.image.width();
        const QRectF photo(square.left() + scene.photoRect.left() * k,
                           square.top() + scene.photoRect.top() * k, scene.photoRect.width() * k,
                           scene.photoRect.height() * k);
        if (photo.width() < square.width() - 1 || photo.height() < square.height() - 1) {
            p.setPen(QPen(kPadding, 2.0 * look.line, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(photo);
        }
    }
    // The selected group's outline.
    if (!panel.highlighted.empty()) {
        const std::set<int> members(panel.highlighted.begin(), panel.highlighted.end());
        QPainterPath outline = boundaryPath([&](int i) { return int(members.count(i)); });
        // Members on the square's border: close the outline there too.
        for (int i : members) {
            const QRectF q = cell(i);
            if (i % W == 0) outline.moveTo(q.topLeft()), outline.lineTo(q.bottomLeft());
            if (i % W == W - 1) outline.moveTo(q.topRight()), outline.lineTo(q.bottomRight());
            if (i / W == 0) outline.moveTo(q.topLeft()), outline.lineTo(q.topRight());
            if (i / W == H - 1) outline.moveTo(q.bottomLeft()), outline.lineTo(q.bottomRight());
        }
        p.setPen(QPen(kHighlight, 3.0 * look.line));
        p.drawPath(outline);
    }
    p.setPen(QPen(look.ink, look.line));
    p.setBrush(Qt::NoBrush);
    p.drawRect(square);
}

void paintColourBar(QPainter& p, const OverlayScene& scene, const QRectF& bar,
                    const PaintLook& look) {
    if (bar.isEmpty()) return;
    const int steps = 64;
    QCPColorGradient gradient = scene.scale.gradient;  // color() is not const
    for (int s = 0; s < steps; ++s) {
        const double t = (s + 0.5) / steps;
        const double v = scene.scale.range.lower + t * scene.scale.range.size();
        QColor c = QColor::fromRgba(gradient.color(v, scene.scale.range, false));
        const double y0 = bar.bottom() - (s + 1) * bar.height() / steps;
        p.fillRect(QRectF(bar.left(), y0, bar.width(), bar.height() / steps + 0.5), c);
    }
    p.setPen(QPen(look.ink, look.line));
    p.setBrush(Qt::NoBrush);
    p.drawRect(bar);
    p.setFont(paintFont(look.tickPt));
    const QFontMetricsF tick(p.font(), p.device());
    for (int k = 0; k <= 4; ++k) {
        const double v = scene.scale.range.lower + k / 4.0 * scene.scale.range.size();
        const double y = bar.bottom() - k / 4.0 * bar.height();
        p.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        p.drawText(QPointF(bar.right() + 6, y + tick.ascent() / 2 - 1), tickText(v));
    }
    p.save();
    p.setFont(paintFont(look.labelPt));
    const double labelX = bar.right() + 8 + tick.horizontalAdvance(QStringLiteral("-0.00")) +
                          QFontMetricsF(p.font(), p.device()).ascent();
    p.translate(labelX, bar.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-bar.height() / 2, -QFontMetricsF(p.font(), p.device()).ascent(),
                      bar.height(), QFontMetricsF(p.font(), p.device()).height()),
               Qt::AlignCenter, scene.heatLabel);
    p.restore();
}

}  // namespace

void paintOverlay(QPainter& p, const OverlayScene& scene, QSizeF size, Theme theme) {
    const PaintLook look = paintLook(theme);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    p.fillRect(QRectF(QPointF(0, 0), size), look.background);
    const OverlayLayout l = overlayLayout(scene, size, theme, p.device());
    p.setPen(look.ink);
    if (!scene.title.isEmpty()) {
        p.setFont(paintFont(look.labelPt + 1, true));
        p.drawText(l.title, Qt::AlignHCenter | Qt::AlignVCenter, scene.title);
    }
    if (scene.grid.rows > 0 && scene.grid.cols > 0)
        for (std::size_t i = 0; i < scene.panels.size(); ++i) {
            const OverlayPanel& panel = scene.panels[i];
            const QRectF h = l.headings[i];
            p.setPen(look.ink);
            p.setFont(paintFont(look.labelPt, true));
            const QFontMetricsF label(p.font(), p.device());
            p.drawText(QRectF(h.left(), h.top(), h.width(), label.height()), Qt::AlignCenter,
                       label.elidedText(panel.title, Qt::ElideRight, h.width()));
            p.setFont(paintFont(look.tickPt));
            const QFontMetricsF tick(p.font(), p.device());
            p.drawText(QRectF(h.left(), h.top() + label.height(), h.width(), tick.height()),
                       Qt::AlignCenter, tick.elidedText(panel.subtitle, Qt::ElideRight, h.width()));
            paintPanel(p, scene, panel, l.squares[i], look);
        }
    if (scene.showHeat) paintColourBar(p, scene, l.colourBar, look);
    if (!scene.caption.isEmpty()) {
        p.setPen(look.ink);
        p.setFont(paintFont(look.tickPt));
        const QFontMetricsF tick(p.font(), p.device());
        double y = l.caption.top();
        for (const QString& line : scene.caption) {
            p.drawText(QRectF(l.caption.left(), y, l.caption.width(), tick.lineSpacing()),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tick.elidedText(line, Qt::ElideRight, l.caption.width()));
            y += tick.lineSpacing();
        }
    }
    p.restore();
}

QString overlayCsv(const OverlayScene& scene) {
    QString csv = QStringLiteral("panel,patch,row,col,group,value,highlighted\n");
    const int W = std::max(1, scene.grid.cols);
    const auto number = [](double v) {
        return std::isfinite(v) ? QString::number(v, 'g', 17) : QString();
    };
    for (const OverlayPanel& panel : scene.panels) {
        const std::set<int> members(panel.highlighted.begin(), panel.highlighted.end());
        QString name = panel.title;
        name.replace(QLatin1Char(','), QLatin1Char(' '));
        for (std::size_t i = 0; i < panel.source.size(); ++i)
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                       .arg(name)
                       .arg(i)
                       .arg(int(i) / W)
                       .arg(int(i) % W)
                       .arg(panel.source[i])
                       .arg(i < panel.heat.size() ? number(panel.heat[i]) : QString())
                       .arg(members.count(int(i)) ? 1 : 0);
    }
    return csv;
}

}  // namespace assay::views
