#include "svg_text_layout.h"

#include <QFile>
#include <QFont>
#include <QFontMetricsF>
#include <QImage>
#include <QRegularExpression>
#include <QTransform>
#include <QXmlStreamReader>
#include <cmath>

namespace assay::views::layoutcheck {

namespace {

// The font attributes a <g> or <text> sets; unset ones are inherited.
struct FontAttributes {
    QString family = QStringLiteral("sans-serif");
    double sizePx = 12;
    int weight = 400;
    bool italic = false;
};

struct Scope {
    QTransform transform;
    FontAttributes font;
};

QTransform parseTransform(const QString& text) {
    static const QRegularExpression call(QStringLiteral(R"((\w+)\s*\(([^)]*)\))"));
    QTransform result;
    for (auto it = call.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        QVector<double> v;
        for (const QString& n : match.captured(2).split(
                 QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
            v << n.toDouble();
        QTransform t;
        if (match.captured(1) == QLatin1String("matrix") && v.size() == 6)
            t = QTransform(v[0], v[1], v[2], v[3], v[4], v[5]);
        else if (match.captured(1) == QLatin1String("translate") && !v.isEmpty())
            t.translate(v[0], v.size() > 1 ? v[1] : 0.0);
        else if (match.captured(1) == QLatin1String("rotate") && !v.isEmpty())
            t.rotate(v[0]);
        // SVG applies the rightmost transform first: Qt's product applies the left one first.
        result = t * result;
    }
    return result;
}

void readFont(const QXmlStreamAttributes& a, FontAttributes& font) {
    if (a.hasAttribute(QLatin1String("font-family")))
        font.family = a.value(QLatin1String("font-family")).toString();
    if (a.hasAttribute(QLatin1String("font-size")))
        font.sizePx =
            a.value(QLatin1String("font-size")).toString().remove(QStringLiteral("px")).toDouble();
    if (a.hasAttribute(QLatin1String("font-weight"))) {
        int w = a.value(QLatin1String("font-weight")).toInt();
        // QSvgGenerator (Qt 6.4) writes weights other than light, normal and bold times ten.
        if (w > 1000) w /= 10;
        font.weight = w;
    }
    if (a.hasAttribute(QLatin1String("font-style")))
        font.italic = a.value(QLatin1String("font-style")) == QLatin1String("italic");
}

QPolygonF textBox(const QString& text, QPointF baseline, const FontAttributes& f,
                  const QTransform& t, const QImage& device) {
    QFont font(f.family);
    font.setPointSizeF(f.sizePx * 72.0 / device.logicalDpiY());
    font.setWeight(QFont::Weight(std::clamp(f.weight, 100, 900)));
    font.setItalic(f.italic);
    const QFontMetricsF metrics(font, &device);
    const QRectF local(baseline.x(), baseline.y() - metrics.ascent(),
                       metrics.horizontalAdvance(text), metrics.ascent() + metrics.descent());
    return t.map(QPolygonF(local));
}

QPolygonF shrunk(const SvgText& t, double by) {
    // Shrink towards the box's centre along its own edges (works for rotated boxes too).
    if (t.box.size() < 4) return t.box;
    const QPointF a = t.box[0], b = t.box[1], d = t.box[3];
    auto unit = [](QPointF v) {
        const double n = std::hypot(v.x(), v.y());
        return n > 0 ? v / n : QPointF();
    };
    const QPointF u = unit(b - a) * std::min(by, 0.5 * QLineF(a, b).length());
    const QPointF w = unit(d - a) * std::min(by, 0.5 * QLineF(a, d).length());
    return QPolygonF({a + u + w, b - u + w, t.box[2] - u - w, d + u - w, a + u + w});
}

QString describe(const SvgText& t) {
    const QRectF r = t.box.boundingRect();
    return QStringLiteral("\"%1\" at (%2, %3) %4x%5")
        .arg(t.text)
        .arg(r.x(), 0, 'f', 1)
        .arg(r.y(), 0, 'f', 1)
        .arg(r.width(), 0, 'f', 1)
        .arg(r.height(), 0, 'f', 1);
}

}  // namespace

SvgTextLayout readSvgTextLayout(const QString& path, double resolutionDpi) {
    SvgTextLayout layout;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return layout;
    QImage device(1, 1, QImage::Format_ARGB32);
    const int dotsPerMeter = qRound(resolutionDpi / 0.0254);
    device.setDotsPerMeterX(dotsPerMeter);
    device.setDotsPerMeterY(dotsPerMeter);
    QVector<Scope> scopes{Scope{}};
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::EndElement && xml.name() == QLatin1String("g")) {
            if (scopes.size() > 1) scopes.pop_back();
            continue;
        }
        if (token != QXmlStreamReader::StartElement) continue;
        const QXmlStreamAttributes a = xml.attributes();
        if (xml.name() == QLatin1String("svg")) {
            const QStringList v = a.value(QLatin1String("viewBox"))
                                      .toString()
                                      .split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (v.size() == 4)
                layout.viewBox =
                    QRectF(v[0].toDouble(), v[1].toDouble(), v[2].toDouble(), v[3].toDouble());
        } else if (xml.name() == QLatin1String("g")) {
            Scope s = scopes.back();
            if (a.hasAttribute(QLatin1String("transform")))
                s.transform =
                    parseTransform(a.value(QLatin1String("transform")).toString()) * s.transform;
            readFont(a, s.font);
            scopes << s;
        } else if (xml.name() == QLatin1String("text")) {
            FontAttributes font = scopes.back().font;
            readFont(a, font);
            QTransform t = scopes.back().transform;
            if (a.hasAttribute(QLatin1String("transform")))
                t = parseTransform(a.value(QLatin1String("transform")).toString()) * t;
            const QPointF baseline(a.value(QLatin1String("x")).toDouble(),
                                   a.value(QLatin1String("y")).toDouble());
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (!text.trimmed().isEmpty())
                layout.texts.push_back({text, textBox(text, baseline, font, t, device)});
        }
    }
    return layout;
}

QStringList textLayoutProblems(const SvgTextLayout& layout, double tolerancePx) {
    QStringList problems;
    if (layout.viewBox.isEmpty()) return {QStringLiteral("no viewBox")};
    QVector<QPolygonF> boxes;
    for (const SvgText& t : layout.texts) {
        boxes << shrunk(t, tolerancePx);
        const QRectF r = boxes.back().boundingRect();
        if (!layout.viewBox.contains(r))
            problems << QStringLiteral("%1 leaves the canvas %2")
                            .arg(describe(t))
                            .arg(QStringLiteral("(%1 x %2)")
                                     .arg(layout.viewBox.width())
                                     .arg(layout.viewBox.height()));
    }
    for (int i = 0; i < boxes.size(); ++i) {
        const QRectF ri = boxes[i].boundingRect();
        for (int j = i + 1; j < boxes.size(); ++j) {
            if (!ri.intersects(boxes[j].boundingRect())) continue;
            const SvgText &a = layout.texts[i], &b = layout.texts[j];
            const QPointF d = a.box[0] - b.box[0];
            if (a.text == b.text && std::abs(d.x()) < 0.5 && std::abs(d.y()) < 0.5)
                continue;  // drawn twice at one place (a shadow, a redraw): reads as one
            if (boxes[i].intersects(boxes[j]))
                problems << QStringLiteral("%1 overlaps %2").arg(describe(a), describe(b));
        }
    }
    return problems;
}

}  // namespace assay::views::layoutcheck
