#pragma once
// Everything the Probes view shows about one labelled state file, and what `assay-run probe`
// writes (one code path): the probes per layer (probe_training.h), the directions and their
// cosines, the held-out ROC, every row's projection onto the direction (histograms), a 2-D PCA
// of the states (full data; the view decimates for drawing), and the steering sweep.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/probes/pca.h"
#include "assay/probes/probe_directions.h"
#include "assay/probes/probe_file.h"
#include "assay/probes/probe_training.h"
#include "assay/probes/steering.h"

namespace assay::core::probes {

struct ProbesRequest {
    ProbeRequest probe;
    std::vector<double> alpha;  // empty = parseAlphaRange("-4:4:17")
    SteeringDirection steering = SteeringDirection::MassMean;
    std::vector<int> pcaLayers;  // layer numbers for the 2-D PCA; empty = every layer
    bool projections = true;     // every row's ⟨h, direction⟩ (histograms)
};

struct LayerAnalysis {
    int layer = 0;
    LayerDirections directions;
    RocCurve roc;                    // held-out
    std::vector<double> projection;  // N: ⟨h, direction⟩ of every row (empty if not asked)
    std::vector<double> pca;         // N × 2 row-major, or empty (layer not in pcaLayers)
    double pcaVariance[2] = {0, 0};  // share of the total variance on each axis
    SteeringCurve steering;          // on the held-out rows
};

struct ProbesAnalysis {
    std::string source;     // the dataset's name
    ProbesRequest request;  // as given (the export's metadata: balanced, CV folds)
    ProbeTraining training;
    std::vector<double> alpha;
    std::vector<LayerAnalysis> layers;   // same order as training.layers
    std::vector<double> cosineMassMean;  // L × L
    std::vector<double> cosineProbe;     // L × L
    int bestLayer() const;               // layer number with the highest held-out AUROC
};

ProbesAnalysis analyseProbes(const ProbeDataset& data, const ProbesRequest& request,
                             JobContext& job = JobContext::none());

// The export of every layer (or of `layers` only, by number), with metadata: C, balanced, seed,
// split source, test_fraction, source, kind, normalisation "none".
ProbeFile toProbeFile(const ProbesAnalysis& analysis, const std::vector<int>& layers = {});

}  // namespace assay::core::probes
