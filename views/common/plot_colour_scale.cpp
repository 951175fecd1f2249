#include "views/common/plot_colour_scale.h"

#include <algorithm>
#include <cmath>

#include "views/common/plot_colormaps.h"

namespace assay::views {

namespace {

// The diverging map's three anchors (ColorBrewer RdBu ends, a light grey middle).
const QColor kBlue(33, 102, 172);
const QColor kGrey(220, 220, 220);
const QColor kRed(178, 24, 43);

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// The diverging colour `d` of the way from the centre to a full deviation (-1 blue .. 1 red).
QColor divergingAt(double d) {
    d = std::clamp(d, -1.0, 1.0);
    return d < 0 ? mix(kGrey, kBlue, -d) : mix(kGrey, kRed, d);
}

bool finiteBound(double v) { return std::isfinite(v); }

// Widens an empty range (every value equal) inside the metric's bounds.
QCPRange nonEmpty(double lo, double hi, const MetricRange& m) {
    if (hi > lo) return QCPRange(lo, hi);
    const double pad = 0.05 * std::max(1.0, std::abs(lo));
    lo = std::max(m.minimum, lo - pad);
    hi = std::min(m.maximum, hi + pad);
    if (hi <= lo)  // a metric with a single possible value: any non-empty range shows it
        hi = lo + 1;
    return QCPRange(lo, hi);
}

}  // namespace

QColor divergingNeutral() { return kGrey; }

ColourScale colourScaleFor(const MetricRange& metric, const std::vector<double>& values) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (!std::isfinite(lo)) {
        lo = finiteBound(metric.minimum) ? metric.minimum : 0.0;
        hi = finiteBound(metric.maximum) ? metric.maximum : lo + 1.0;
    }
    ColourScale scale;
    if (!metric.centre) {
        // Sequential: from the lowest possible value, so that colour reads as magnitude.
        if (finiteBound(metric.minimum)) lo = metric.minimum;
        if (metric.wholeRange && finiteBound(metric.maximum)) hi = metric.maximum;
        scale.range = nonEmpty(std::max(lo, metric.minimum), std::min(hi, metric.maximum), metric);
        scale.gradient = sequentialGradient();
        return scale;
    }
    // Diverging: the range holds the data and the centre, clipped to what the metric can be.
    const double c = std::clamp(*metric.centre, metric.minimum, metric.maximum);
    lo = std::max(metric.minimum, std::min(lo, c));
    hi = std::min(metric.maximum, std::max(hi, c));
    if (metric.wholeRange && finiteBound(metric.minimum) && finiteBound(metric.maximum)) {
        lo = metric.minimum;  // a fixed scale: the same colours for the same values in any file
        hi = metric.maximum;
    }
    scale.range = nonEmpty(lo, hi, metric);
    lo = scale.range.lower;
    hi = scale.range.upper;
    // Equal intensity for equal distance: the side that reaches less far stops at a lighter
    // colour instead of stretching the full blue (or red) over a small deviation.
    const double span = std::max(hi - c, c - lo);
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, divergingAt((lo - c) / span));
    g.setColorStopAt(std::clamp((c - lo) / (hi - lo), 0.0, 1.0), kGrey);
    g.setColorStopAt(1.0, divergingAt((hi - c) / span));
    g.setNanHandling(QCPColorGradient::nhTransparent);
    scale.gradient = g;
    return scale;
}

}  // namespace assay::views
