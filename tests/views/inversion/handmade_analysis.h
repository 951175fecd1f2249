#pragma once
// An InversionAnalysis built by hand (no model, no explainer) with numbers chosen so that every
// figure has something distinct to show and the tests know each value: the view's figures and
// data are checked against it without core's analysis.
#include <cstdint>

#include "assay/explain/inversion_analysis.h"

namespace assay::views::test {

// Items per request.items; attributions a_j = (j + 1)·(−1)^j·(1 + item) for LIME and twice that
// with the spurious feature boosted for KernelSHAP; RBP halves the spurious one; R_i = 0.1 + 0.03i,
// F_i = 0.9 − 0.02i, IS from them; a sweep point per strength (meanIS = strength/2).
core::explain::InversionAnalysis handmadeAnalysis(const core::explain::InversionRequest& request);

}  // namespace assay::views::test
