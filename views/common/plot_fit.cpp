#include "views/common/plot_fit.h"

#include <qcustomplot.h>

#include <QFontMetricsF>
#include <cmath>

#include "views/common/plot_category_axis.h"

namespace assay::views {

namespace {

const char* const kLabelAsSet = "assayLabelAsSet";    // the label the plot code gave the axis
const char* const kLabelShown = "assayLabelShown";    // ... and what fitting made of it
const char* const kFlipsInside = "assayFlipsInside";  // a marker label (setFlipsInside)
const char* const kFitted = "assayKeepFitted";
const char* const kLegendBasePt = "assayLegendBasePt";      // the theme's legend type
const char* const kLegendFittedPt = "assayLegendFittedPt";  // ... and what fitting chose
const char* const kRefits = "assayRefits";
constexpr int kMaxLegendColumns = 2;  // resetPlot's legend: two entries per line when they fit
constexpr int kMaxPasses = 4;
// Axes shorter than this are not being looked at: their labels are left as they are.
constexpr double kMinFittedLength = 120;

// Breaks `text` at spaces into lines no wider than `width` (a word longer stays whole).
QString wrapped(const QString& text, const QFont& font, double width) {
    const QFontMetricsF metrics(font);
    if (metrics.horizontalAdvance(text) <= width) return text;
    QStringList lines;
    QString line;
    for (const QString& word : text.split(QLatin1Char(' '))) {
        const QString candidate = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (!line.isEmpty() && metrics.horizontalAdvance(candidate) > width) {
            lines << line;
            line = word;
        } else {
            line = candidate;
        }
    }
    lines << line;
    return lines.join(QLatin1Char('\n'));
}

// An axis label longer than its axis would run past the figure (or into the next panel): it
// is broken into lines as long as the axis. The label as set is kept, so a wider figure gets
// it back on one line; plotDataCsv joins the lines again.
bool fitAxisLabel(QCPAxis* axis) {
    const QCPAxisRect* rect = axis->axisRect();
    const double length = axis->orientation() == Qt::Horizontal ? rect->width() : rect->height();
    if (length < kMinFittedLength)
        return false;  // a widget not laid out yet (hidden tabs start at 100 x 30)
    QString asSet = axis->property(kLabelAsSet).toString();
    if (axis->label() != axis->property(kLabelShown).toString())
        asSet = axis->label();  // the plot code set a new label since the last fit
    const QString shown = wrapped(asSet, axis->labelFont(), 0.97 * length);
    axis->setProperty(kLabelAsSet, asSet);
    axis->setProperty(kLabelShown, shown);
    if (shown == axis->label()) return false;
    axis->setLabel(shown);
    return true;
}

// The legend's width with `columns` columns (entries fill columns first, as resetPlot's).
int legendWidth(QCPLegend* legend, int columns) {
    QVector<int> column(columns, 0);
    int i = 0;
    for (int k = 0; k < legend->itemCount(); ++k)
        if (QCPAbstractLegendItem* item = legend->item(k)) {  // null: an empty cell of the grid
            column[i % columns] =
                std::max(column[i % columns], item->minimumOuterSizeHint().width());
            ++i;
        }
    int total = legend->margins().left() + legend->margins().right() +
                (columns - 1) * legend->columnSpacing();
    for (int w : column) total += w;
    return total;
}

void setLegendPointSize(QCPLegend* legend, double pt) {
    QFont font = legend->font();
    font.setPointSizeF(pt);
    legend->setFont(font);  // QCPLegend passes it on to its entries
}

// As many legend columns (up to two) as the figure's width holds; when even one is too wide
// (long names, large type, a narrow export) the legend's type shrinks, down to 5 pt.
bool fitLegend(QCustomPlot* plot) {
    QCPLegend* legend = plot->legend;
    if (!legend || !legend->visible() || legend->layout() != plot->plotLayout() ||
        legend->itemCount() == 0)
        return false;
    if (plot->viewport().width() < kMinFittedLength) return false;
    const double shownPt = legend->font().pointSizeF();
    // The theme's size, unless the type is the one fitting chose last time.
    double basePt = legend->property(kLegendBasePt).toDouble();
    if (basePt <= 0 || shownPt != legend->property(kLegendFittedPt).toDouble()) basePt = shownPt;
    legend->setProperty(kLegendBasePt, basePt);
    setLegendPointSize(legend, basePt);
    const int available = plot->viewport().width();
    int columns = 1;
    for (int c = std::min(kMaxLegendColumns, legend->itemCount()); c > 1 && columns == 1; --c)
        if (legendWidth(legend, c) <= available) columns = c;
    double pt = basePt;
    for (int i = 0; i < 4 && columns == 1 && pt > 5 && legendWidth(legend, 1) > available; ++i) {
        pt = std::max(5.0, std::floor(2 * pt * available / legendWidth(legend, 1)) / 2);
        setLegendPointSize(legend, pt);
    }
    legend->setProperty(kLegendFittedPt, pt);
    const bool changed = legend->wrap() != columns || pt != shownPt;
    if (legend->wrap() != columns) {
        legend->setWrap(columns);
        legend->setFillOrder(legend->fillOrder(), true);  // re-flows the entries
    }
    return changed;
}

// A marker's label goes on the side of its line where it fits inside the axes (right first).
void fitMarkerLabel(QCPItemText* label) {
    const QCPAxisRect* rect = label->clipAxisRect();
    if (!rect || rect->width() < 2) return;
    const QFontMetricsF metrics(label->font());
    const double width = metrics.horizontalAdvance(label->text()) + label->padding().left() +
                         label->padding().right();
    const double x = label->position->pixelPosition().x();
    const Qt::Alignment vertical = label->positionAlignment() & Qt::AlignVertical_Mask;
    const bool right = x + width <= rect->rect().right() || x - width < rect->rect().left();
    label->setPositionAlignment(vertical | (right ? Qt::AlignLeft : Qt::AlignRight));
}

QList<QCPAxis*> allAxes(QCustomPlot* plot) {
    QList<QCPAxis*> axes;
    const QList<QCPLayoutElement*> elements = plot->plotLayout()->elements(true);
    for (QCPLayoutElement* element : elements) {
        if (auto* rect = qobject_cast<QCPAxisRect*>(element))
            axes << rect->axes();
        else if (auto* scale = qobject_cast<QCPColorScale*>(element); scale && scale->axis())
            axes << scale->axis();
    }
    return axes;
}

}  // namespace

bool fitToLayout(QCustomPlot* plot) {
    bool changed = false;
    for (QCPAxis* axis : allAxes(plot)) {
        if (!axis->visible()) continue;
        if (CategoryTicker* ticker = categoryTicker(axis)) changed |= ticker->fit(axis);
        if (!axis->label().isEmpty() || axis->property(kLabelShown).isValid())
            changed |= fitAxisLabel(axis);
    }
    changed |= fitLegend(plot);
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i));
            text && text->property(kFlipsInside).toBool())
            fitMarkerLabel(text);  // items move no layout: no further pass for them
    return changed;
}

void layOutAt(QCustomPlot* plot, const QRect& viewport) {
    plot->setViewport(viewport);
    for (int pass = 0; pass < kMaxPasses; ++pass) {
        // QCustomPlot::updateLayout, which is protected: the same three phases.
        for (auto phase : {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins,
                           QCPLayoutElement::upLayout})
            plot->plotLayout()->update(phase);
        if (!fitToLayout(plot)) break;
    }
}

void keepFitted(QCustomPlot* plot) {
    if (plot->property(kFitted).toBool()) return;
    plot->setProperty(kFitted, true);
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] {
        const int refits = plot->property(kRefits).toInt();
        if (!fitToLayout(plot)) {
            plot->setProperty(kRefits, 0);
        } else if (refits < kMaxPasses) {  // a bound, should decisions ever alternate
            plot->setProperty(kRefits, refits + 1);
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    });
}

void setFlipsInside(QCPItemText* label) { label->setProperty(kFlipsInside, true); }

}  // namespace assay::views
