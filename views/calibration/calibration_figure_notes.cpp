#include "views/calibration/calibration_figure_notes.h"

#include <qcustomplot.h>

#include <QFontMetricsF>
#include <cmath>

namespace assay::views {

namespace {

using core::conformal::CalibrationReport;

QString groupName(const CalibrationReport& r, int g) {
    if (g < 0 || g >= static_cast<int>(r.groups.size()) || r.groups.size() < 2)
        return QObject::tr("all groups");
    return QString::fromStdString(r.groups[static_cast<std::size_t>(g)]);
}

// A point of a curve, in fractions of the axes: x from the left, y from the top.
struct Point {
    double x, y;
};

// Points along every graph's line (segments sampled finely: a line between two data points
// hides a label as much as the points do) and up every bar.
QVector<Point> curvePoints(QCustomPlot* plot) {
    const QCPRange xr = plot->xAxis->range(), yr = plot->yAxis->range();
    QVector<Point> points;
    auto add = [&](double x, double y) {
        if (!std::isfinite(x) || !std::isfinite(y)) return;
        points.push_back({(x - xr.lower) / xr.size(), (yr.upper - y) / yr.size()});
    };
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable* p = plot->plottable(i);
        if (!p->visible()) continue;
        if (auto* g = qobject_cast<QCPGraph*>(p)) {
            const auto data = g->data();
            for (auto it = data->constBegin(); it != data->constEnd(); ++it) {
                add(it->key, it->value);
                const auto next = it + 1;
                if (next == data->constEnd() || g->lineStyle() == QCPGraph::lsNone) continue;
                for (int s = 1; s < 16; ++s) {
                    const double t = s / 16.0;
                    add(it->key + t * (next->key - it->key),
                        it->value + t * (next->value - it->value));
                }
            }
        } else if (auto* bars = qobject_cast<QCPBars*>(p)) {
            const auto data = bars->data();
            for (auto it = data->constBegin(); it != data->constEnd(); ++it)
                for (int s = 0; s <= 16; ++s) add(it->key, it->value * s / 16.0);
        }
    }
    return points;
}

// Drawn within the whole figure instead of the axes (QCustomPlot clips every plottable to its
// axis rect, with no switch for it).
class UnclippedGraph : public QCPGraph {
public:
    using QCPGraph::QCPGraph;

protected:
    QRect clipRect() const override { return mParentPlot->viewport(); }
};

class UnclippedErrorBars : public QCPErrorBars {
public:
    using QCPErrorBars::QCPErrorBars;

protected:
    QRect clipRect() const override { return mParentPlot->viewport(); }
};

}  // namespace

QString calibrationGroupsTitle(const CalibrationReport& r) {
    // The halves' sizes (mean over the splits) show what the calibration share does.
    QString title = (r.options ? QObject::tr("Calibrated on %1 (%2 questions) · tested on %3 (%4)")
                               : QObject::tr("Calibrated on %1 (%2 items) · tested on %3 (%4)"))
                        .arg(groupName(r, r.params.calGroup))
                        .arg(std::llround(r.curves.meanCalSize))
                        .arg(groupName(r, r.params.testGroup))
                        .arg(std::llround(r.curves.meanTestSize));
    if (r.fixedSplit) title += QObject::tr(" (fixed split from the data)");
    return title;
}

QString selectionOnScoreNote(const CalibrationReport& r) {
    if (!r.selectionOnScore) return {};
    return QObject::tr(
        "No statistic column: selection uses the score itself, so coverage after selection is 1 "
        "by construction");
}

void placeMarkerLabels(QCustomPlot* plot, const QVector<QCPItemText*>& labels) {
    const QVector<Point> points = curvePoints(plot);
    // The label's reach in fractions of the axes, at the smallest axes it is drawn on (a narrow
    // window's): later layouts only give it more room.
    constexpr double kAxisWidth = 480, kAxisHeight = 260;
    constexpr double kEdge = 0.02;
    struct Placed {
        double x, reach, top, bottom;
    };
    QVector<Placed> placed;
    for (QCPItemText* label : labels) {
        const QFontMetricsF metrics(label->font());
        const double reach = (metrics.horizontalAdvance(label->text()) + label->padding().left() +
                              label->padding().right() + 4) /
                             kAxisWidth;
        const double height = (metrics.height() + 4) / kAxisHeight;
        const QCPRange xr = plot->xAxis->range();
        const double x = (label->position->key() - xr.lower) / xr.size();
        // Rows from the top and from the bottom, alternately: the first free one wins, else the
        // one the fewest points run through.
        int bestHits = -1;
        Placed best{x, reach, kEdge, kEdge + height};
        bool bestTop = true;
        for (int row = 0; row < 10; ++row) {
            const bool top = row % 2 == 0;
            const double offset = kEdge + (row / 2) * height;
            const double y0 = top ? offset : 1.0 - offset - height;
            const Placed candidate{x, reach, y0, y0 + height};
            int hits = 0;
            for (const Point& p : points)
                hits += std::abs(p.x - x) <= reach && p.y >= candidate.top - 0.01 &&
                        p.y <= candidate.bottom + 0.01;
            for (const Placed& other : placed)
                if (std::abs(other.x - x) < other.reach + reach && other.top < candidate.bottom &&
                    candidate.top < other.bottom)
                    hits += 1000;  // never on another label
            if (bestHits < 0 || hits < bestHits) {
                bestHits = hits;
                best = candidate;
                bestTop = top;
            }
            if (hits == 0) break;
        }
        placed.push_back(best);
        const Qt::Alignment horizontal = label->positionAlignment() & Qt::AlignHorizontal_Mask;
        label->position->setCoords(label->position->key(), bestTop ? best.top : best.bottom);
        label->setPositionAlignment(horizontal | (bestTop ? Qt::AlignTop : Qt::AlignBottom));
    }
}

QCPGraph* addUnclippedGraph(QCustomPlot* plot) {
    return new UnclippedGraph(plot->xAxis, plot->yAxis);  // registers itself with the plot
}

QCPErrorBars* addUnclippedErrorBars(QCustomPlot* plot) {
    return new UnclippedErrorBars(plot->xAxis, plot->yAxis);
}

bool drawnUnclipped(const QCPAbstractPlottable* p) {
    return dynamic_cast<const UnclippedGraph*>(p) || dynamic_cast<const UnclippedErrorBars*>(p);
}

}  // namespace assay::views
