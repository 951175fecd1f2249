#include "views/probes/probes_tokens.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "views/common/painted_figure.h"
#include "views/common/plot_colour_scale.h"

namespace assay::views {

namespace {

const QColor kReal(0x00, 0x72, 0xB2);          // Okabe-Ito blue
const QColor kHallucinated(0xD5, 0x5E, 0x00);  // Okabe-Ito vermillion

ColourScale probabilityScale() {
    MetricRange m;
    m.minimum = 0;
    m.maximum = 1;
    m.centre = 0.5;
    m.wholeRange = true;
    return colourScaleFor(m, {});
}

QString shown(const QString& token) {
    const QString t = token.trimmed();
    return t.isEmpty() ? QStringLiteral("·") : t;
}

// Where everything goes at `size`: shared by the painter and captionsThatFit.
struct Placed {
    QRectF box;
    int caption = 0, token = 0;
};
struct Layout {
    double margin = 8;
    QRectF title;
    std::vector<QRectF> notes;
    QRectF barLabel, bar;
    std::vector<std::pair<QRectF, QString>> barTicks;
    std::vector<std::pair<QRectF, int>> legendSwatches;  // 0 real, 1 hallucinated, 2 backtrack
    std::vector<std::pair<QRectF, QString>> legendTexts;
    std::vector<std::pair<QRectF, QString>> ids;
    std::vector<Placed> tokens;
    double markHeight = 4;
    int drawn = 0;
    QRectF footer;
};

Layout layOut(const CaptionScene& s, QSizeF size, Theme theme, QPaintDevice* device) {
    const PaintLook look = paintLook(theme);
    const QFontMetricsF title(paintFont(look.labelPt + 1, true), device);
    const QFontMetricsF label(paintFont(look.labelPt), device);
    const QFontMetricsF tick(paintFont(look.tickPt), device);
    const QFontMetricsF bold(paintFont(look.labelPt, true), device);
    Layout l;
    const double m = std::max(8.0, tick.height() * 0.6);
    l.margin = m;
    const double width = size.width() - 2 * m;
    double y = m;
    if (!s.title.isEmpty()) {
        l.title = QRectF(m, y, width, title.height());
        y += title.height() + m * 0.4;
    }
    for (int i = 0; i < s.notes.size(); ++i) {
        l.notes.push_back(QRectF(m, y, width, tick.height()));
        y += tick.lineSpacing();
    }
    y += m * 0.4;
    // Colour bar row: "p(hallucinated)" [bar] with 0, ½, 1 under it; then the legend.
    const QString barText = QObject::tr("p(hallucinated)");
    l.barLabel = QRectF(m, y, tick.horizontalAdvance(barText) + 2, tick.height());
    const double barW = std::min(width * 0.3, 16 * tick.averageCharWidth() * 2);
    l.bar = QRectF(l.barLabel.right() + m, y + tick.height() * 0.15, barW, tick.height() * 0.7);
    for (const auto& [v, t] : {std::pair<double, const char*>{0, "0"}, {0.5, "0.5"}, {1, "1"}}) {
        const QString text = QString::fromLatin1(t);
        const double w = tick.horizontalAdvance(text) + 2;
        const double x = std::clamp(l.bar.left() + v * l.bar.width() - w / 2, l.bar.left() - w / 2,
                                    l.bar.right() - w / 2);
        l.barTicks.push_back({QRectF(x, y + tick.height() + 1, w, tick.height()), text});
    }
    double x = l.bar.right() + 3 * m;
    double legendY = y;
    const double sw = tick.height() * 1.4;
    const QStringList legend = {QObject::tr("real object"), QObject::tr("hallucinated object"),
                                QObject::tr("backtrack point")};
    for (int i = 0; i < legend.size(); ++i) {
        const double w = sw + 4 + tick.horizontalAdvance(legend[i]) + 2;
        if (x + w > m + width) {
            x = m;
            legendY += 2 * tick.height() + m * 0.5;
        }
        l.legendSwatches.push_back(
            {QRectF(x, legendY + tick.height() * 0.1, sw, tick.height() * 0.8), i});
        l.legendTexts.push_back(
            {QRectF(x + sw + 4, legendY, w - sw - 4, tick.height()), legend[i]});
        x += w + 2 * m;
    }
    y = std::max(y + 2 * tick.height() + 2, legendY + tick.height()) + m;
    // Captions: an id line, then the tokens flowed in boxes, a mark row under each line.
    const double bottom = size.height() - m - tick.lineSpacing();
    l.footer = QRectF(m, bottom + 2, width, tick.height());
    const double padX = label.averageCharWidth() * 0.45, padY = label.height() * 0.12;
    const double boxH = label.height() + 2 * padY;
    l.markHeight = std::max(4.0, label.height() * 0.32);
    const double lineH = boxH + l.markHeight + 3;
    const double gap = label.averageCharWidth() * 0.5;
    for (std::size_t c = 0; c < s.captions.size(); ++c) {
        const CaptionLine& cap = s.captions[c];
        std::vector<Placed> placed;
        double cy = y;
        const QRectF id(m, cy, width, tick.height());
        cy += tick.lineSpacing() + 2;
        double cx = m;
        bool fits = true;
        for (std::size_t t = 0; t < cap.tokens.size(); ++t) {
            const QFontMetricsF& fm = cap.tokens[t].label >= 0 ? bold : label;
            const double w =
                std::min(width, fm.horizontalAdvance(shown(cap.tokens[t].text)) + 2 * padX + 2);
            if (cx + w > m + width && cx > m) {
                cx = m;
                cy += lineH;
            }
            if (cy + lineH > bottom) {
                fits = false;
                break;
            }
            placed.push_back({QRectF(cx, cy, w, boxH), int(c), int(t)});
            cx += w + gap;
        }
        if (!fits && l.drawn > 0) break;
        l.ids.push_back({id, cap.id});
        l.tokens.insert(l.tokens.end(), placed.begin(), placed.end());
        ++l.drawn;
        y = cy + lineH + m * 0.6;
        if (!fits) break;
    }
    return l;
}

}  // namespace

int captionsThatFit(const CaptionScene& scene, QSizeF size, Theme theme, QPaintDevice* device) {
    return layOut(scene, size, theme, device).drawn;
}

void paintCaptions(QPainter& p, const CaptionScene& s, QSizeF size, Theme theme) {
    const PaintLook look = paintLook(theme);
    const Layout l = layOut(s, size, theme, p.device());
    ColourScale scale = probabilityScale();  // QCPColorGradient::color is not const
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(QRectF(QPointF(0, 0), size), look.background);
    p.setPen(look.ink);
    if (!s.title.isEmpty()) {
        p.setFont(paintFont(look.labelPt + 1, true));
        p.drawText(l.title, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(p.font(), p.device())
                       .elidedText(s.title, Qt::ElideRight, l.title.width()));
    }
    p.setFont(paintFont(look.tickPt));
    const QFontMetricsF tick(p.font(), p.device());
    for (std::size_t i = 0; i < l.notes.size(); ++i)
        p.drawText(l.notes[i], Qt::AlignLeft | Qt::AlignVCenter,
                   tick.elidedText(s.notes[int(i)], Qt::ElideRight, l.notes[i].width()));
    p.drawText(l.barLabel, Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("p(hallucinated)"));
    QLinearGradient g(l.bar.topLeft(), l.bar.topRight());
    for (int k = 0; k <= 10; ++k)
        g.setColorAt(k / 10.0, QColor::fromRgb(scale.gradient.color(k / 10.0, QCPRange(0, 1))));
    p.fillRect(l.bar, g);
    p.setPen(QPen(look.faint, look.line));
    p.drawRect(l.bar);
    p.setPen(look.ink);
    for (const auto& [r, t] : l.barTicks) p.drawText(r, Qt::AlignCenter, t);
    for (const auto& [r, kind] : l.legendSwatches) {
        if (kind == 2) {
            QPainterPath tri;
            tri.moveTo(r.center().x(), r.top());
            tri.lineTo(r.center().x() - r.height() * 0.5, r.bottom());
            tri.lineTo(r.center().x() + r.height() * 0.5, r.bottom());
            tri.closeSubpath();
            p.fillPath(tri, look.ink);
            continue;
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(kind == 0 ? kReal : kHallucinated, 1.6 * look.line,
                      kind == 0 ? Qt::SolidLine : Qt::DashLine));
        p.drawRoundedRect(r, 3, 3);
    }
    p.setPen(look.ink);
    for (const auto& [r, t] : l.legendTexts) p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, t);
    for (const auto& [r, t] : l.ids)
        p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
                   tick.elidedText(t, Qt::ElideRight, r.width()));
    for (const Placed& t : l.tokens) {
        const CaptionToken& tok = s.captions[std::size_t(t.caption)].tokens[std::size_t(t.token)];
        QColor bg = look.background;
        if (std::isfinite(tok.probability))
            bg = QColor::fromRgb(scale.gradient.color(tok.probability, QCPRange(0, 1)));
        p.setPen(Qt::NoPen);
        p.setBrush(bg);
        p.drawRoundedRect(t.box, 3, 3);
        if (tok.label >= 0) {
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(tok.label == 1 ? kHallucinated : kReal, 1.8 * look.line,
                          tok.label == 1 ? Qt::DashLine : Qt::SolidLine));
            p.drawRoundedRect(t.box.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        }
        const double lum = 0.299 * bg.redF() + 0.587 * bg.greenF() + 0.114 * bg.blueF();
        p.setPen(lum > 0.55 ? QColor(Qt::black) : QColor(Qt::white));
        p.setFont(paintFont(look.labelPt, tok.label >= 0));
        const QFontMetricsF fm(p.font(), p.device());
        p.drawText(t.box, Qt::AlignCenter,
                   fm.elidedText(shown(tok.text), Qt::ElideRight, t.box.width() - 2));
        if (tok.backtrackMark) {
            const double h = l.markHeight;
            QPainterPath tri;
            tri.moveTo(t.box.center().x(), t.box.bottom() + 1);
            tri.lineTo(t.box.center().x() - h * 0.6, t.box.bottom() + 1 + h);
            tri.lineTo(t.box.center().x() + h * 0.6, t.box.bottom() + 1 + h);
            tri.closeSubpath();
            p.fillPath(tri, look.ink);
        }
    }
    p.setPen(look.ink);
    p.setFont(paintFont(look.tickPt));
    if (s.total > 0)
        p.drawText(l.footer, Qt::AlignLeft | Qt::AlignVCenter,
                   QObject::tr("Captions %1–%2 of %3 (the caption setting chooses the first)")
                       .arg(s.first + 1)
                       .arg(s.first + l.drawn)
                       .arg(s.total));
    p.restore();
}

QString captionsCsv(const CaptionScene& s) {
    QString csv = QStringLiteral(
        "caption,token_index,token,label,probability,confidence,"
        "backtrack_to,backtrack_mark\n");
    auto quoted = [](QString t) {
        t.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + t + QLatin1Char('"');
    };
    auto number = [](double v) {
        return std::isfinite(v) ? QString::number(v, 'g', 17) : QString();
    };
    for (const CaptionLine& c : s.captions)
        for (std::size_t t = 0; t < c.tokens.size(); ++t) {
            const CaptionToken& k = c.tokens[t];
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                       .arg(quoted(c.id))
                       .arg(t)
                       .arg(quoted(k.text))
                       .arg(k.label)
                       .arg(number(k.probability), number(k.confidence))
                       .arg(k.backtrackTo)
                       .arg(k.backtrackMark ? 1 : 0);
        }
    return csv;
}

}  // namespace assay::views
