#pragma once
// Internal to core/explain: what exact Shapley, KernelSHAP and explainRows share.
#include <vector>

namespace assay::core::explain::detail {

// The explained outputs: `labels` checked against 0..C−1 (ParameterError naming the bad one and
// repeats), or every output when empty.
std::vector<int> resolveLabels(const std::vector<int>& labels, int C);

}  // namespace assay::core::explain::detail
