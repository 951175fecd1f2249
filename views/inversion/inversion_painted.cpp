#include "views/inversion/inversion_painted.h"

#include <QFontMetricsF>
#include <QImage>
#include <algorithm>
#include <cmath>

#include "views/common/painted_figure.h"
#include "views/common/plot_colour_scale.h"

namespace assay::views::inversion {

namespace {

using ex::FeatureRole;

ColourScale shareScale(double extent) {
    MetricRange m;
    m.minimum = -extent;
    m.maximum = extent;
    m.centre = 0;
    m.wholeRange = true;
    return colourScaleFor(m, {});
}

QColor roleOutline(FeatureRole role) {
    return role == FeatureRole::Spurious ? QColor(0xD5, 0x5E, 0x00) : QColor(0x00, 0x9E, 0x73);
}

QString quoted(QString t) {
    t.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + t + QLatin1Char('"');
}

// The colour bar "signed share" from −extent to +extent at the bottom left of `area`.
void paintShareBar(QPainter& p, QRectF area, double extent, Theme theme) {
    const PaintLook look = paintLook(theme);
    ColourScale scale = shareScale(extent);
    p.setFont(paintFont(look.tickPt));
    const QFontMetricsF fm(p.font(), p.device());
    const QString label = QObject::tr("signed share a_j / Σ|a|");
    const QRectF text(area.left(), area.top(), fm.horizontalAdvance(label) + 4, fm.height());
    p.setPen(look.ink);
    p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, label);
    const QString lo = QString::number(-extent, 'f', 2), hi = QString::number(extent, 'f', 2);
    // The end labels are centred under the bar's ends: start the bar half a label past the text.
    const QRectF bar(text.right() + 8 + fm.horizontalAdvance(lo) * 0.6,
                     area.top() + fm.height() * 0.15, std::min(260.0, area.width() * 0.3),
                     fm.height() * 0.7);
    QLinearGradient g(bar.topLeft(), bar.topRight());
    for (int k = 0; k <= 10; ++k)
        g.setColorAt(k / 10.0, QColor::fromRgb(scale.gradient.color(-extent + 2 * extent * k / 10.0,
                                                                    scale.range)));
    p.fillRect(bar, g);
    p.setPen(QPen(look.faint, look.line));
    p.drawRect(bar);
    p.setPen(look.ink);
    p.drawText(QRectF(bar.left() - 40, bar.bottom() + 1, 80, fm.height()), Qt::AlignCenter, lo);
    p.drawText(QRectF(bar.right() - 40, bar.bottom() + 1, 80, fm.height()), Qt::AlignCenter, hi);
    p.drawText(QRectF(bar.center().x() - 20, bar.bottom() + 1, 40, fm.height()), Qt::AlignCenter,
               QStringLiteral("0"));
}

// The frame both scenes share: background, the theme's fonts and margin, the title line.
struct SceneFrame {
    PaintLook look;
    QFontMetricsF title, label, tick;
    double m;
};

SceneFrame beginScene(QPainter& p, QSizeF size, Theme theme, const QString& text) {
    const PaintLook look = paintLook(theme);
    SceneFrame f{look, QFontMetricsF(paintFont(look.labelPt + 1, true), p.device()),
                 QFontMetricsF(paintFont(look.labelPt), p.device()),
                 QFontMetricsF(paintFont(look.tickPt), p.device()), 0};
    f.m = std::max(8.0, f.tick.height() * 0.8);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(QRectF(QPointF(0, 0), size), look.background);
    p.setPen(look.ink);
    p.setFont(paintFont(look.labelPt + 1, true));
    p.drawText(QRectF(f.m, f.m, size.width() - 2 * f.m, f.title.height()),
               Qt::AlignLeft | Qt::AlignVCenter,
               f.title.elidedText(text, Qt::ElideRight, size.width() - 2 * f.m));
    return f;
}

}  // namespace

double shareExtent(const std::vector<ShareRow>& rows) {
    double e = 1e-12;
    for (const ShareRow& r : rows)
        for (double v : r.shares)
            if (std::isfinite(v)) e = std::max(e, std::abs(v));
    return e;
}

ImageScene imageScene(const ex::InversionAnalysis& a, int item, ex::Method shown) {
    ImageScene s;
    if (item < 0 || item >= int(a.set.items.size())) return s;
    const ex::SyntheticItem& it = a.set.items[std::size_t(item)];
    s.image = it.image;
    s.segments = it.segments;
    s.roles = it.roles;
    s.panels = itemRows(a, item, shown).rows;
    s.title =
        QObject::tr("Image %1 (class %2) · %3").arg(item).arg(it.label).arg(analysisCaption(a));
    return s;
}

void paintImageScene(QPainter& p, const ImageScene& s, QSizeF size, Theme theme) {
    p.save();
    const SceneFrame f = beginScene(p, size, theme, s.title);
    const PaintLook& look = f.look;
    const QFontMetricsF &title = f.title, &label = f.label, &tick = f.tick;
    const double m = f.m;
    const int W = s.image.width, H = s.image.height;
    if (W <= 0 || H <= 0 || s.segments.size() != std::size_t(W) * std::size_t(H)) {
        p.drawText(QRectF(QPointF(0, 0), size), Qt::AlignCenter,
                   QObject::tr("No picture for this item (the image domain has them)."));
        p.restore();
        return;
    }
    const int n = int(s.panels.size()) + 1;
    const double top = m + title.height() + m;
    const double captions = label.lineSpacing() + tick.lineSpacing() + m;
    const double barH = 2 * tick.height() + m;
    const double side = std::max(16.0, std::min((size.width() - m * (n + 1)) / n,
                                                size.height() - top - captions - barH - m));
    const double cell = side / std::max(W, H);
    const double extent = shareExtent(s.panels);
    ColourScale scale = shareScale(extent);
    const QImage picture(s.image.rgb.data(), W, H, 3 * W, QImage::Format_RGB888);
    for (int k = 0; k < n; ++k) {
        const QRectF box(m + k * (side + m), top, W * cell, H * cell);
        if (k == 0) {
            p.drawImage(box, picture);
        } else {
            const ShareRow& row = s.panels[std::size_t(k - 1)];
            // The picture faded to grey, the segment's colour over it.
            for (int y = 0; y < H; ++y)
                for (int x = 0; x < W; ++x) {
                    const std::size_t i = std::size_t(y) * W + x;
                    const int seg = s.segments[i];
                    const double v = seg >= 0 && seg < int(row.shares.size())
                                         ? row.shares[std::size_t(seg)]
                                         : 0.0;
                    QColor c = QColor::fromRgb(scale.gradient.color(v, scale.range));
                    const double grey =
                        (s.image.rgb[3 * i] * 0.299 + s.image.rgb[3 * i + 1] * 0.587 +
                         s.image.rgb[3 * i + 2] * 0.114) /
                        255.0;
                    const double keep = 0.8;
                    c.setRgbF(keep * c.redF() + (1 - keep) * grey,
                              keep * c.greenF() + (1 - keep) * grey,
                              keep * c.blueF() + (1 - keep) * grey);
                    p.fillRect(
                        QRectF(box.left() + x * cell, box.top() + y * cell, cell + 0.5, cell + 0.5),
                        c);
                }
        }
        // Segment borders; the spurious segment's dashed, causal ones solid green.
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const int seg = s.segments[std::size_t(y) * W + x];
                const FeatureRole role = seg >= 0 && seg < int(s.roles.size())
                                             ? s.roles[std::size_t(seg)]
                                             : FeatureRole::Noise;
                const bool marked = role != FeatureRole::Noise;
                QPen pen = marked
                               ? QPen(roleOutline(role), 1.6 * look.line,
                                      role == FeatureRole::Spurious ? Qt::DashLine : Qt::SolidLine)
                               : QPen(QColor(255, 255, 255, 110), 0.8);
                p.setPen(pen);
                const double px = box.left() + x * cell, py = box.top() + y * cell;
                if (x + 1 == W || s.segments[std::size_t(y) * W + x + 1] != seg || x == 0)
                    p.drawLine(QPointF(x == 0 ? px : px + cell, py),
                               QPointF(x == 0 ? px : px + cell, py + cell));
                if (y + 1 == H || s.segments[std::size_t(y + 1) * W + x] != seg || y == 0)
                    p.drawLine(QPointF(px, y == 0 ? py : py + cell),
                               QPointF(px + cell, y == 0 ? py : py + cell));
            }
        p.setPen(look.ink);
        p.setFont(paintFont(look.labelPt, true));
        const QString name = k == 0 ? QObject::tr("picture") : s.panels[std::size_t(k - 1)].name;
        const QRectF nameBox(box.left(), box.bottom() + m * 0.4, side, label.height());
        p.drawText(nameBox, Qt::AlignLeft | Qt::AlignVCenter,
                   label.elidedText(name, Qt::ElideRight, side));
        if (k > 0) {
            p.setFont(paintFont(look.tickPt));
            p.drawText(QRectF(box.left(), nameBox.bottom() + 2, side, tick.height()),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tick.elidedText(s.panels[std::size_t(k - 1)].note, Qt::ElideRight, side));
        }
    }
    paintShareBar(p, QRectF(m, top + side + captions, size.width() - 2 * m, barH), extent, theme);
    p.restore();
}

QString imageSceneCsv(const ImageScene& s) {
    QString csv = QStringLiteral("row,segment,role,share\n");
    for (const ShareRow& r : s.panels)
        for (std::size_t j = 0; j < r.shares.size(); ++j)
            csv += QStringLiteral("%1,%2,%3,%4\n")
                       .arg(quoted(r.name))
                       .arg(j)
                       .arg(j < s.roles.size() ? roleLabel(s.roles[j]) : QString())
                       .arg(r.shares[j], 0, 'g', 17);
    return csv;
}

TextScene textScene(const ex::InversionAnalysis& a, int first, int count, ex::Method shown) {
    TextScene s;
    s.title = QObject::tr("Sentences from %1 · %2").arg(first).arg(analysisCaption(a));
    for (int i = first; i < first + count && i < int(a.set.items.size()); ++i) {
        if (i < 0) continue;
        const ItemRows rows = itemRows(a, i, shown);
        TextLine line;
        line.id =
            QObject::tr("sentence %1 (label %2)").arg(i).arg(a.set.items[std::size_t(i)].label);
        line.words = rows.features;
        line.roles = rows.roles;
        line.rows = rows.rows;
        s.lines.push_back(std::move(line));
    }
    return s;
}

void paintTextScene(QPainter& p, const TextScene& s, QSizeF size, Theme theme) {
    p.save();
    const SceneFrame f = beginScene(p, size, theme, s.title);
    const PaintLook& look = f.look;
    const QFontMetricsF &title = f.title, &label = f.label, &tick = f.tick;
    const double m = f.m;
    std::vector<ShareRow> all;
    double nameW = 0;
    for (const TextLine& l : s.lines)
        for (const ShareRow& r : l.rows) {
            all.push_back(r);
            nameW = std::max(nameW, tick.horizontalAdvance(r.name) + 2 * m);
        }
    nameW = std::min(nameW, size.width() * 0.3);
    const double extent = shareExtent(all);
    ColourScale scale = shareScale(extent);
    double y = m + title.height() + m;
    const double boxH = label.height() * 1.3, gap = label.averageCharWidth() * 0.6;
    const double bottom = size.height() - 3 * tick.height() - m;
    for (const TextLine& l : s.lines) {
        if (y + tick.lineSpacing() + boxH > bottom) break;
        p.setPen(look.ink);
        p.setFont(paintFont(look.tickPt, true));
        p.drawText(QRectF(m, y, size.width() - 2 * m, tick.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, l.id);
        y += tick.lineSpacing() + 2;
        for (const ShareRow& r : l.rows) {
            if (y + boxH > bottom) break;
            p.setPen(look.ink);
            p.setFont(paintFont(look.tickPt));
            p.drawText(QRectF(m, y, nameW - m, boxH), Qt::AlignLeft | Qt::AlignVCenter,
                       tick.elidedText(r.name, Qt::ElideRight, nameW - m));
            double x = m + nameW;
            p.setFont(paintFont(look.labelPt));
            for (int w = 0; w < l.words.size(); ++w) {
                const double bw = label.horizontalAdvance(l.words[w]) + 2 * gap;
                if (x + bw > size.width() - m) break;
                const QRectF box(x, y, bw, boxH);
                const double v = w < int(r.shares.size()) ? r.shares[std::size_t(w)] : 0.0;
                const QColor bg = QColor::fromRgb(scale.gradient.color(v, scale.range));
                p.setPen(Qt::NoPen);
                p.setBrush(bg);
                p.drawRoundedRect(box, 3, 3);
                const FeatureRole role =
                    w < int(l.roles.size()) ? l.roles[std::size_t(w)] : FeatureRole::Noise;
                if (role != FeatureRole::Noise) {
                    p.setBrush(Qt::NoBrush);
                    p.setPen(QPen(roleOutline(role), 1.8 * look.line,
                                  role == FeatureRole::Spurious ? Qt::DashLine : Qt::SolidLine));
                    p.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
                }
                const double lum = 0.299 * bg.redF() + 0.587 * bg.greenF() + 0.114 * bg.blueF();
                p.setPen(lum > 0.55 ? QColor(Qt::black) : QColor(Qt::white));
                p.drawText(box, Qt::AlignCenter, l.words[w]);
                x += bw + gap * 0.5;
            }
            p.setPen(look.ink);
            p.setFont(paintFont(look.tickPt));
            if (!r.note.isEmpty() && x + tick.horizontalAdvance(r.note) + m < size.width())
                p.drawText(QRectF(x + m, y, size.width() - x - 2 * m, boxH),
                           Qt::AlignLeft | Qt::AlignVCenter, r.note);
            y += boxH + 3;
        }
        y += m;
    }
    paintShareBar(
        p,
        QRectF(m, size.height() - 2 * tick.height() - m, size.width() - 2 * m, 2 * tick.height()),
        extent, theme);
    p.setFont(paintFont(look.tickPt));
    p.setPen(look.ink);
    const QString legend =
        QObject::tr("outlined: keyword (causal, solid) · name (spurious, dashed)");
    p.drawText(QRectF(size.width() * 0.5, size.height() - 2 * tick.height() - m,
                      size.width() * 0.5 - m, tick.height()),
               Qt::AlignRight | Qt::AlignVCenter, legend);
    p.restore();
}

QString textSceneCsv(const TextScene& s) {
    QString csv = QStringLiteral("sentence,row,position,word,role,share\n");
    for (const TextLine& l : s.lines)
        for (const ShareRow& r : l.rows)
            for (int w = 0; w < l.words.size(); ++w)
                csv +=
                    QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                        .arg(quoted(l.id), quoted(r.name))
                        .arg(w)
                        .arg(quoted(l.words[w]), w < int(l.roles.size())
                                                     ? roleLabel(l.roles[std::size_t(w)])
                                                     : QString())
                        .arg(w < int(r.shares.size()) ? r.shares[std::size_t(w)] : 0.0, 0, 'g', 17);
    return csv;
}

}  // namespace assay::views::inversion
