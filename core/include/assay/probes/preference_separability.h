#pragma once
// Preference-pair separability (issue 11; the seed finding: multi-model DPO preference data is
// more linearly separable, chosen vs rejected, than single-model data). Per dataset and layer: a
// seeded split of the PAIRS (both members of a pair on the same side), a logistic probe of
// chosen (1) vs rejected (0), its held-out AUROC and accuracy, and the AUROC of the mass-mean
// direction's projection (no fitting beyond the class means of the training pairs).
#include <cstdint>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/probes/logistic_probe.h"
#include "assay/probes/preference_pairs.h"

namespace assay::core::probes {

struct PreferenceRequest {
    LogisticOptions logistic;
    double testFraction = 0.25;
    std::uint64_t seed = 0;
};

struct PreferenceLayer {
    int layer = 0;
    double auroc = 0, accuracy = 0, massMeanAuroc = 0;
};

struct PreferenceDataset {
    std::string name;
    std::vector<PreferenceLayer> layers;
};

struct PreferenceResult {
    std::vector<PreferenceDataset> datasets;  // in the order given
    std::vector<int> layers;                  // the union of layer numbers, ascending
};

PreferenceResult preferenceSeparability(const std::vector<const PreferencePairs*>& sets,
                                        const PreferenceRequest& request,
                                        JobContext& job = JobContext::none());

}  // namespace assay::core::probes
