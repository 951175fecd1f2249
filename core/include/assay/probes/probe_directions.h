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

// The sufficient statistics of the class means: counts and per-column sums in double, of any
// rows (a shard's, a rank's). Parts add, so `assay-run directions --shard/--mpi` merges them;
// the sums' order differs from one pass's, so merged means agree to rounding, not bit for bit.
struct ClassSums {
    std::int64_t real = 0, hallucinated = 0;
    std::vector<double> sumReal, sumHallucinated;  // d each
};
// One streamed pass; labels for X's rows (ParameterError for a size mismatch). Empty classes
// are allowed here (a part may lack one).
ClassSums classSums(const RowView& X, const std::vector<std::uint8_t>& labels);
// ParameterError when the widths differ.
void addClassSums(ClassSums& into, const ClassSums& part);
// The mass-mean direction normalise(mean real − mean hallucinated) (zero when the means are
// equal) and the means; ParameterError for an empty class.
struct MassMean {
    ClassMeans means;
    std::vector<double> direction;  // d, unit
    double distance = 0;            // ‖mean real − mean hallucinated‖
};
MassMean massMean(const ClassSums& sums);

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
