#pragma once
// Internal to core/conformal: deterministic random calibration/test splits.
#include <cstdint>
#include <vector>

#include "assay/conformal/calibration_analysis.h"
#include "assay/core/random.h"

namespace assay::core::conformal::detail {

enum Role : std::uint8_t { kUnused = 0, kCal = 1, kTest = 2 };

// Fills role[i] for split r (see drawSplit). scratch is reused between calls.
void drawRoles(const ScoredItems&, const CalibrationParams&, int r, std::vector<std::uint8_t>& role,
               std::vector<std::uint32_t>& scratch);

}  // namespace assay::core::conformal::detail
