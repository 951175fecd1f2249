#pragma once
// The weighted ridge for several outputs at once (limeFit: one surrogate per label shares the
// design matrix and the weights, so the Gram matrix is formed once).
#include <cstdint>
#include <vector>

#include "assay/explain/lime.h"

namespace assay::core::explain::detail {

// Y: n × C row-major; fits columns[l] for each l. Shapes are the caller's to check (w: n, Z:
// n × M, alpha ≥ 0); ParameterError when every weight is 0.
std::vector<RidgeFit> weightedRidgeColumns(const std::vector<double>& Z, std::int64_t n, int M,
                                           const double* Y, int C, const std::vector<int>& columns,
                                           const std::vector<double>& w, double alpha);

}  // namespace assay::core::explain::detail
