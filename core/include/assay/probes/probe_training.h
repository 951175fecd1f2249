#pragma once
// Probes for every layer of a ProbeDataset (one code path for the view, `assay-run probe` and the
// benchmark): the split, optional k-fold CV over a grid of C, the fit per layer with warm starts
// across layers, held-out scores and metrics. Layers are streamed one at a time from the map.
#include <cstdint>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/probes/logistic_probe.h"
#include "assay/probes/probe_dataset.h"
#include "assay/probes/probe_metrics.h"

namespace assay::core::probes {

enum class ProbeKind { Logistic, Mlp };

struct ProbeRequest {
    LogisticOptions logistic;    // C used when cGrid is empty
    std::vector<double> cGrid;   // non-empty with cvFolds ≥ 2: C chosen per layer by CV AUROC
    int cvFolds = 0;             // ≥ 2: k-fold CV on the training rows (AUROC mean ± std)
    double testFraction = 0.25;  // when the file has no split
    std::uint64_t seed = 0;
    bool warmStart = true;      // start layer l from layer l−1's solution
    std::vector<int> layers;    // layer numbers; empty = all
    double sensitivity = 0.95;  // for specificityAtSensitivity
    ProbeKind kind = ProbeKind::Logistic;
    int mlpHidden = 256;  // ProbeKind::Mlp: d → hidden → 1, ReLU (papers.md §4 PROPOSAL)
};

struct LayerProbe {
    int layer = 0;                           // layer number
    double C = 1.0;                          // the C used (chosen by CV or given)
    LogisticProbe probe;                     // Mlp: empty weights (scores only)
    std::vector<double> testScores;          // decision scores of split.test rows, in that order
    double auroc = 0;                        // held-out
    double accuracy = 0;                     // held-out, threshold 0 (p = ½)
    OperatingPoint operating;                // held-out, at request.sensitivity
    double aurocCvMean = 0, aurocCvStd = 0;  // cvFolds ≥ 2, else 0
    std::vector<double> aurocFolds;          // per fold at the chosen C
};

struct ProbeTraining {
    ProbeSplit split;
    std::vector<LayerProbe> layers;        // ascending layer number
    std::string kindName;                  // "logistic" or "mlp"
    std::vector<std::uint8_t> testLabels;  // labels of split.test, in that order
};

// ParameterError for unknown layers or options out of range; ProbeDataset's errors (NaN rows)
// for the layers read. Progress over layers (× folds × C); cancellable.
ProbeTraining trainProbes(const ProbeDataset& data, const ProbeRequest& request,
                          JobContext& job = JobContext::none());

}  // namespace assay::core::probes
