#pragma once
// One calibration/test split evaluated at one (α, δ): sets, coverage, p-values, selection.
#include <cstdint>
#include <vector>

#include "assay/conformal/scored_items.h"

namespace assay::core::conformal {

// Metrics over a set of test items (papers.md §5: EMR, APSS, selected count).
struct SetMetrics {
    std::size_t count = 0;  // test items considered (selected ones, after selection)
    double emr = 0.0;       // empirical miscoverage rate: share with y* ∉ E (NaN if count = 0)
    double apss = 0.0;      // average prediction set size (NaN if count = 0 or no sets)
};

struct SplitEvaluation {
    double alpha = 0.0, delta = 0.0;
    double threshold = 0.0;  // q̂ (may be +∞)
    double alphaL = 0.0;     // minimum manageable risk on the calibration items
    std::vector<std::size_t> calItems, testItems;
    std::vector<std::int32_t> setSize;  // per test item |E| (−1 without sets)
    std::vector<std::uint8_t> covered;  // per test item y* ∈ E
    std::vector<double> pValue;         // per test item, SConU
    std::vector<double> pValuePro;      // per test item, SConU-Pro
    SetMetrics all;                     // before selection
    SetMetrics sconu;                   // selected by SConU (p > δ)
    SetMetrics sconuPro;                // selected by SConU-Pro (p' > δ)
};

// Evaluates one split. Throws ParameterError for α or δ outside (0, 1) or an empty side.
SplitEvaluation evaluateSplit(const ScoredItems&, const std::vector<std::size_t>& calItems,
                              const std::vector<std::size_t>& testItems, double alpha,
                              double delta);

}  // namespace assay::core::conformal
