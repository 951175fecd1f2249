#pragma once
// Internal to core/conformal: the per-split kernel behind the coverage curves. After one global
// sort of the scores, the statistics and all option scores (prepareSweep), a split costs
// O(n·k + |grid|): thresholds and coverage counts come from one pass in score order, selection is
// a cutoff on the statistic (p > δ ⟺ U ≤ the m*-th largest calibration statistic), and set sizes
// from one pass over the sorted option scores. Counting is branch-free on the split's roles.
#include <cstdint>
#include <vector>

#include "assay/conformal/calibration_analysis.h"

namespace assay::core::conformal::detail {

struct SweepData {
    std::vector<std::uint32_t> byScore;      // items by gold score, ascending
    std::vector<double> scoreSorted;         // gold scores in that order
    std::vector<std::uint32_t> byStatistic;  // items by statistic, ascending
    std::vector<double> optionSorted;        // the option scores of options that exist, ascending
    std::vector<std::uint32_t> optionItem;   // the item of each
    std::vector<double> rowSorted;           // [n,k] each item's option scores, ascending
};
SweepData prepareSweep(const ScoredItems&);

// One row of the per-split tables (see computeCurves).
struct SplitRow {
    double* cov;
    double* covSel;
    double* size;
    double* sizeSel;
    double* selShare;
    double* strMissB;
    double* strCountB;
    double* strMissA;
    double* strCountA;
    double calSize = 0, testSize = 0;
};

// Reused buffers of one worker thread.
struct SweepScratch {
    std::vector<std::uint8_t> role, selected, roleByScore;
    std::vector<std::uint32_t> shuffle;
    std::vector<std::pair<std::size_t, std::size_t>> ranks;  // (rank, α index; A = the reference α)
    std::vector<double> q, nTest, nSel, nSize, nSizeSel;
};

// Fills `out` for split r. Throws ParameterError when a side of the split is empty.
void sweepSplit(const ScoredItems&, const CalibrationParams&, const std::vector<double>& grid,
                const SweepData&, int r, SweepScratch&, SplitRow& out);

}  // namespace assay::core::conformal::detail
