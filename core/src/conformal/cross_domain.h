#pragma once
// Internal to core/conformal: calibrate on group c, test on group c' (papers.md §5, figure 2).
#include "assay/conformal/calibration_analysis.h"

namespace assay::core::conformal::detail {

// Averages over min(repetitions, kCrossDomainSplits) random splits; the diagonal uses disjoint
// halves of the same group (the paper's code writes α and 1 there by convention; we measure).
inline constexpr int kCrossDomainSplits = 10;

CrossDomain computeCrossDomain(const ScoredItems&, const CalibrationParams&, JobContext&);

}  // namespace assay::core::conformal::detail
