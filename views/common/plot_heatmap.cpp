#include "views/common/plot_heatmap.h"

#include <qcustomplot.h>

#include <QFontMetricsF>
#include <cmath>

#include "views/common/plot_category_axis.h"
#include "views/common/plot_fit.h"

namespace assay::views {

namespace {

// Room the panels leave between them: the next panel's row names and the colour scale's ticks.
constexpr int kPanelSpacing = 24;
constexpr int kBarWidth = 12;

// QCustomPlot's colour scale reports its current margins as the ones it needs, so in a margin
// group the common margin could only ever grow (a figure laid out once at a larger type kept
// its wide margins at every later size). The panels' axes alone decide the group's margins.
class GroupedColorScale : public QCPColorScale {
public:
    using QCPColorScale::QCPColorScale;

protected:
    int calculateAutoMargin(QCP::MarginSide side) override {
        return QCP::getMarginValue(minimumMargins(), side);
    }
};

// A colour map that writes its values into the cells when they fit. Decided while drawing,
// when the cells' pixels and the theme's type are known, so every export size decides anew.
class AnnotatedColorMap : public QCPColorMap {
public:
    AnnotatedColorMap(QCPAxis* keyAxis, QCPAxis* valueAxis, int decimals)
        : QCPColorMap(keyAxis, valueAxis), m_decimals(decimals) {}
    int decimals() const { return m_decimals; }
    bool numbersShown() const { return m_shown; }

protected:
    void draw(QCPPainter* painter) override {
        QCPColorMap::draw(painter);
        m_shown = m_decimals >= 0 && drawNumbers(painter);
    }

private:
    bool drawNumbers(QCPPainter* painter) const;

    int m_decimals;
    bool m_shown = false;
};

bool AnnotatedColorMap::drawNumbers(QCPPainter* painter) const {
    QCPColorMapData* d = data();
    QCPAxis* k = keyAxis();
    QCPAxis* v = valueAxis();
    if (!k || !v || d->keySize() < 1 || d->valueSize() < 1) return false;
    // Cells sit on whole coordinates (addHeatmap), one unit wide.
    const double cellW = std::abs(k->coordToPixel(1) - k->coordToPixel(0));
    const double cellH = std::abs(v->coordToPixel(1) - v->coordToPixel(0));
    QStringList texts;
    double widestChars = 0;
    for (int r = 0; r < d->valueSize(); ++r)
        for (int c = 0; c < d->keySize(); ++c) {
            const double x = d->cell(c, r);
            texts << (std::isfinite(x) ? QString::number(x, 'f', m_decimals) : QString());
            widestChars = std::max<double>(widestChars, texts.back().size());
        }
    // The tick labels' type, or a little smaller, whichever lets the widest number fit.
    QFont font = k->tickLabelFont();
    const double base = font.pointSizeF() > 0 ? font.pointSizeF() : 9.0;
    bool fits = false;
    for (double scale : {1.0, 0.875, 0.75}) {
        font.setPointSizeF(base * scale);
        const QFontMetricsF metrics(font, painter->device());
        double widest = 0;
        for (const QString& t : texts) widest = std::max(widest, metrics.horizontalAdvance(t));
        if (widest + 0.5 * metrics.averageCharWidth() <= cellW && metrics.height() <= cellH) {
            fits = true;
            break;
        }
    }
    if (!fits || widestChars == 0) return false;
    painter->save();
    painter->setFont(font);
    int i = 0;
    for (int r = 0; r < d->valueSize(); ++r)
        for (int c = 0; c < d->keySize(); ++c, ++i) {
            if (texts[i].isEmpty()) continue;
            // Dark cells get light numbers and light cells dark ones (relative luminance).
            const QColor fill = QColor::fromRgba(gradient().color(d->cell(c, r), dataRange()));
            const double luminance =
                0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
            painter->setPen(luminance < 0.45 ? QColor(245, 245, 245) : QColor(20, 20, 20));
            double key = 0, value = 0;
            d->cellToCoord(c, r, &key, &value);
            const QPointF centre = coordsToPixels(key, value);
            painter->drawText(QRectF(centre.x() - cellW / 2, centre.y() - cellH / 2, cellW, cellH),
                              Qt::AlignCenter, texts[i]);
        }
    painter->restore();
    return true;
}

}  // namespace

HeatmapPanels heatmapPanels(QCustomPlot* plot, int count, const QString& title) {
    plot->clearPlottables();
    plot->clearItems();
    plot->plotLayout()->clear();
    HeatmapPanels panels;
    // With a title the panels sit in a sub-grid under it (a grid cell cannot span columns).
    QCPLayoutGrid* grid = plot->plotLayout();
    if (!title.isEmpty()) {
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title));
        grid = new QCPLayoutGrid;
        plot->plotLayout()->addElement(1, 0, grid);
        plot->plotLayout()->setRowStretchFactor(0, 0.001);  // the title's height, no more
    }
    auto* margins = new QCPMarginGroup(plot);
    for (int k = 0; k < count; ++k) {
        auto* rect = new QCPAxisRect(plot);
        grid->addElement(0, k, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msBottom | QCP::msTop, margins);
        panels.rects << rect;
    }
    panels.scale = new GroupedColorScale(plot);
    grid->addElement(0, count, panels.scale);
    panels.scale->setBarWidth(kBarWidth);
    // The colour bar spans the panels' axes, not the figure's height.
    panels.scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    grid->setColumnSpacing(kPanelSpacing);
    keepFitted(plot);
    return panels;
}

QCPColorMap* addHeatmap(QCPAxisRect* rect, const QString& name, const HeatmapCells& cells,
                        int decimals) {
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    auto* map = new AnnotatedColorMap(x, y, decimals);
    map->setName(name);
    map->setInterpolate(false);
    map->data()->setSize(cells.cols, cells.rows);
    // Cells on whole coordinates 0..n-1; a single cell spans its unit (QCustomPlot would draw a
    // one-cell dimension with no extent).
    auto span = [](int n) { return n > 1 ? QCPRange(0, n - 1) : QCPRange(-0.5, 0.5); };
    map->data()->setRange(span(cells.cols), span(cells.rows));
    for (int r = 0; r < cells.rows; ++r)
        for (int c = 0; c < cells.cols; ++c) {
            const std::size_t i = std::size_t(r) * cells.cols + c;
            map->data()->setCell(c, r, i < cells.values.size() ? cells.values[i] : NAN);
        }
    setCategoryAxis(x, cells.cols, cells.colNames);
    setCategoryAxis(y, cells.rows, cells.rowNames);
    y->setRangeReversed(true);  // row 0 on top
    return map;
}

ColourScale applyColourScale(const HeatmapPanels& panels, const QVector<QCPColorMap*>& maps,
                             const MetricRange& metric, const QString& label) {
    std::vector<double> values;
    for (const QCPColorMap* map : maps) {
        QCPColorMapData* d = map->data();
        for (int r = 0; r < d->valueSize(); ++r)
            for (int c = 0; c < d->keySize(); ++c) values.push_back(d->cell(c, r));
    }
    const ColourScale scale = colourScaleFor(metric, values);
    for (QCPColorMap* map : maps) {
        map->setColorScale(panels.scale);  // first: the scale then takes the range set below
        map->setGradient(scale.gradient);
        map->setDataRange(scale.range);
    }
    panels.scale->setGradient(scale.gradient);
    panels.scale->setDataRange(scale.range);
    panels.scale->axis()->setLabel(label);
    return scale;
}

int heatmapDecimals(const QCPColorMap* map) {
    const auto* annotated = dynamic_cast<const AnnotatedColorMap*>(map);
    return annotated ? annotated->decimals() : -1;
}

bool heatmapNumbersShown(const QCPColorMap* map) {
    const auto* annotated = dynamic_cast<const AnnotatedColorMap*>(map);
    return annotated && annotated->numbersShown();
}

}  // namespace assay::views
