#pragma once
// Truthful directions per layer (papers.md §4 Stage 3):
//   direction        v = normalise(mean(h | real) − mean(h | hallucinated))   (mass-mean)
//   probe_direction  u = −w / ‖w‖ of the logistic probe (also pointing towards real)
//   sigma            std of ⟨h, v⟩ over the training states (population std, both classes)
// their cosine, and the cosine of each across layers. Class means and scatter come from one
// streamed pass in double (sufficient statistics: counts, sums), so shards could merge them.
#include <cstdint>
#include <vector>

#include "assay/probes/logistic_probe.h"
#include "assay/probes/probe_dataset.h"

namespace assay::core::probes {

struct ClassMeans {
    std::int64_t real = 0, hallucinated = 0;         // counts (label 0, label 1)
    std::vector<double> meanReal, meanHallucinated;  // d each
};
// ParameterError for a size mismatch or an empty class.
ClassMeans classMeans(const RowView& X, const std::vector<std::uint8_t>& labels);

struct LayerDirections {
    int layer = 0;
    ClassMeans means;                    // over the training rows
    std::vector<double> direction;       // d, unit (mass-mean)
    std::vector<double> probeDirection;  // d, unit; empty if the probe has no weights
    double cosine = 0;                   // ⟨direction, probeDirection⟩
    double sigma = 0, sigmaProbe = 0;    // std of the projections on the training rows
    double separation = 0;               // (mean proj real − mean proj halluc) / sigma
};

// train: the training rows of the layer and their labels; probe: that layer's probe (weights may
// be empty: then probeDirection stays empty).
LayerDirections layerDirections(int layer, const RowView& train,
                                const std::vector<std::uint8_t>& labels,
                                const LogisticProbe& probe);

// L × L row-major matrix of cosines between layers' directions (probe = false: mass-mean,
// true: probe directions). All layers must share d (else ParameterError).
std::vector<double> directionCosines(const std::vector<LayerDirections>& layers, bool probe);

}  // namespace assay::core::probes
