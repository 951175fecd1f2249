#pragma once
// JSON form of calibration results, for assay-run and for scripts that check them.
// NaN (undefined, e.g. EMR over zero selected questions) is written as null.
#include <nlohmann/json.hpp>

#include "assay/conformal/calibration_analysis.h"

namespace assay::core::conformal {

// threshold, alpha_l, metrics before/after; with perItem also test_items, set_size, covered,
// p_value, p_value_pro, selected, selected_pro (arrays over the test items, in item order).
nlohmann::json toJson(const SplitEvaluation&, bool perItem);
// Curves, cross-domain matrices and stratified EMR, with the reference split (no per-item arrays).
nlohmann::json toJson(const CalibrationReport&);

}  // namespace assay::core::conformal
