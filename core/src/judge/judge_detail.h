#pragma once
// Helpers shared by the judge sources (not part of the public API).
#include "assay/judge/estimators.h"

namespace assay::core::judge::detail {

// ParameterError / InputError unless the histogram has n ≥ 1, n + 1 bins and m > 0.
void checkHistogram(const CountHistogram& hist);

}  // namespace assay::core::judge::detail
