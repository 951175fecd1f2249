#pragma once
// Internal to core/explain: what the model kinds share — the output links applied in place, the
// shape text of error messages and the argument checks of every evaluate().
#include <cstdint>
#include <string>
#include <vector>

#include "assay/explain/model.h"

namespace assay::core::explain::detail {

// out: n × C pre-link values, replaced by link(out) row by row (softmax per row, stable).
void applyLink(OutputLink link, double* out, std::int64_t n, int C);

// "[2, 30]"
std::string shapeText(const std::vector<std::int64_t>& shape);

// ParameterError unless rows/out are non-null for n > 0 and n ≥ 0.
void checkEvaluateArgs(const char* kind, const double* rows, std::int64_t n, const double* out);

}  // namespace assay::core::explain::detail
