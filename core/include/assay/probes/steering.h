#pragma once
// Steering simulation (papers.md §4 Stage 4, without a decoder): held-out states shifted along a
// direction, h' = h + α·σ·v, then scored by the layer's probe. For a linear probe the score shift
// is α·σ·(w·v) exactly; the sweep reports what a user reads off it:
//   scoreShift(α)    mean over held-out rows of (probability(h') − probability(h)), probability
//                    of "hallucinated" = 1/(1+e^−score)
//   flippedShare(α)  among held-out hallucinated rows (label 1) that the probe flags at α = 0
//                    (score > 0), the share it no longer flags at α (score ≤ 0); 0 for α ≤ 0
//   flaggedShare(α)  share of all held-out rows the probe flags at α
#include <string>
#include <vector>

#include "assay/probes/probe_dataset.h"
#include "assay/probes/probe_file.h"

namespace assay::core::probes {

enum class SteeringDirection { MassMean, Probe };

struct SteeringCurve {
    int layer = 0;
    std::vector<double> scoreShift, flippedShare, flaggedShare;  // one per α
};

struct SteeringSweep {
    std::vector<double> alpha;
    std::vector<SteeringCurve> layers;  // the probe file's layers present in the data
};

// "a:b:n" → n evenly spaced values from a to b (n ≥ 2), or a comma list; ParameterError else.
std::vector<double> parseAlphaRange(const std::string& text);

// One layer: heldOut rows with their labels, the probe's weights/bias and direction/sigma at
// `position` of the file.
SteeringCurve steerLayer(const RowView& heldOut, const std::vector<std::uint8_t>& labels,
                         const ProbeFile& probe, int position, const std::vector<double>& alpha,
                         SteeringDirection direction = SteeringDirection::MassMean);

}  // namespace assay::core::probes
