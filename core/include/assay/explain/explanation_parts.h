#pragma once
// Explanations of consecutive row ranges joined into one (assay-run explain --shard i/N and
// merge). Each row's explanation depends only on its row and streamSeed(seed, row), so the
// join of the parts equals explaining every row in one run, value for value.
#include <vector>

#include "assay/explain/explanation.h"

namespace assay::core::explain {

// The parts in row order. ParameterError when they are not consecutive (a part starting where
// the previous one ended), or disagree on the method, features, labels or expected value (the
// expected value comes from the background alone, so it is the same bits in every part).
Explanations joinExplanations(const std::vector<Explanations>& parts);

}  // namespace assay::core::explain
