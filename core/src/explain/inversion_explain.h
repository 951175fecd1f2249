#pragma once
// One explanation of one synthetic item by one method (the analysis' inner step): LIME
// (tabular from the set's training statistics, text, image) or Shapley values through the
// item's masker, for the set's explained label.
#include <cstdint>
#include <vector>

#include "assay/explain/explanation.h"
#include "assay/explain/lime.h"
#include "assay/explain/synthetic.h"

namespace assay::core::explain::detail {

struct ItemExplanation {
    std::vector<double> attributions;  // M
    double localR2 = 0;                // LIME; 0 otherwise
};

struct ExplainContext {
    const SyntheticSet* set = nullptr;
    const TabularStats* stats = nullptr;  // tabular LIME only
    std::int64_t nsamples = 0;            // 0 = each method's default
};

ItemExplanation explainItem(const ExplainContext& ctx, const Model& model, Method method,
                            const SyntheticItem& item, std::uint64_t seed, JobContext& job);

// True when reruns with other seeds give the same attributions (exact Shapley, and KernelSHAP
// whose budget covers every coalition), so the stability reruns can be skipped.
bool deterministicMethod(Method method, int M, std::int64_t nsamples);

}  // namespace assay::core::explain::detail
