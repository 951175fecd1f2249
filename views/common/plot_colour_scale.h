#pragma once
// Colour scales for heatmaps that say what the numbers can be. A metric declares the values it
// can take (EMR and coverage in [0, 1], set sizes and counts >= 0) and, when one exists, a
// meaningful centre (the promised miscoverage α, a lift of 1). Without a centre the map is
// sequential (viridis) from the metric's lowest possible value; with one it diverges
// (blue – grey – red) around it, with the same colour intensity for the same distance on both
// sides, and never runs past what the metric can reach: an EMR bar does not show -0.2.
#include <qcustomplot.h>

#include <limits>
#include <optional>
#include <vector>

namespace assay::views {

struct MetricRange {
    double minimum = -std::numeric_limits<double>::infinity();
    double maximum = std::numeric_limits<double>::infinity();
    std::optional<double> centre;  // diverging around it; unset: sequential
    // Over [minimum, maximum] whatever the data (a normalised entropy, a fixed heatmap scale):
    // the colours then read the same in every figure, sequential or diverging around the
    // centre. Needs both bounds finite.
    bool wholeRange = false;
};

struct ColourScale {
    QCPRange range;  // inside [minimum, maximum], holds every finite value and the centre
    QCPColorGradient gradient;
};

// The scale for `values` (NaN and infinities are ignored; none finite: the metric's bounds,
// or [0, 1]). The gradient's grey is at the centre, wherever the centre falls in the range.
ColourScale colourScaleFor(const MetricRange& metric, const std::vector<double>& values);

// The neutral colour of the diverging scale (what the centre value is drawn in).
QColor divergingNeutral();

}  // namespace assay::views
