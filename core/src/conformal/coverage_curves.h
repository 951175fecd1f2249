#pragma once
// Internal to core/conformal: coverage/set-size curves and size-stratified miscoverage over R
// random splits. After one global sort of scores and statistics, each split costs
// O(n·(|grid| + k)): calibration scores come out sorted by filtering the global order, and the
// p-values by one sweep down the sorted statistics.
#include "assay/conformal/calibration_analysis.h"

namespace assay::core::conformal::detail {

struct CurveResult {
    CoverageCurves curves;
    StratifiedMiscoverage stratified;
};

CurveResult computeCurves(const ScoredItems&, const CalibrationParams&,
                          const std::vector<double>& grid, JobContext&);

// Mean and (population) std of each column of a row-major [rows, cols] table, skipping NaN.
CurveStats columnStats(const std::vector<double>& table, std::size_t rows, std::size_t cols);

// 2.5% and 97.5% quantiles of Binomial(n, p) / n.
std::pair<double, double> binomialRange(std::size_t n, double p);

}  // namespace assay::core::conformal::detail
