#pragma once
// Everything the Calibration view plots, computed in one job (papers.md §5 figures).
#include <cstdint>
#include <string>
#include <vector>

#include "assay/conformal/scored_items.h"
#include "assay/conformal/split_evaluation.h"
#include "assay/jobs/job_context.h"

namespace assay::core::conformal {

struct CalibrationParams {
    double alpha = 0.28;            // risk level (paper's cross-domain default)
    double delta = 0.28;            // selection level: answer only when p > δ
    int repetitions = 100;          // random cal/test splits R
    double calFraction = 0.5;       // share of items drawn into the calibration half
    std::uint64_t seed = 10;        // the paper's seed
    int calGroup = -1;              // calibrate on this group (−1 = all groups)
    int testGroup = -1;             // test on this group (−1 = all groups)
    std::vector<double> alphaGrid;  // empty = 0.05, 0.10, …, 0.95
};

// Mean ± std over the R splits, one entry per α of the grid.
struct CurveStats {
    std::vector<double> mean, std;
};

struct CoverageCurves {
    std::vector<double> alpha;
    CurveStats coverage, coverageSelected;  // 1 − EMR before / after SConU selection (δ fixed)
    CurveStats setSize, setSizeSelected;    // APSS before / after (empty stats without sets)
    CurveStats selectedShare;               // share of test items SConU selects
    std::vector<double> bandLow, bandHigh;  // exact finite-sample band [1−α, 1−α+1/(n_cal+1)]
    std::vector<double> binomLow, binomHigh;  // 95% range of one split's empirical coverage
    double meanCalSize = 0, meanTestSize = 0;
};

// Calibrate on group c (rows) and test on group c' (columns); row-major [G,G].
struct CrossDomainMatrix {
    std::vector<double> emr, apss, selected;
};
struct CrossDomain {
    std::vector<std::string> groups;
    CrossDomainMatrix original, sconu, sconuPro;
};

// Size-stratified miscoverage EMR_s for s = 0..k, mean ± std over splits (NaN where no item has
// size s in any split); SSM = max over s ≥ 1 of the mean (an empty set always misses, so s = 0
// would make SSM 1 whenever empty sets occur).
struct StratifiedMiscoverage {
    std::vector<int> sizes;
    CurveStats before, after;                     // after = among SConU-selected items
    std::vector<double> countBefore, countAfter;  // mean number of items per size
    double ssmBefore = 0, ssmAfter = 0;
};

struct CalibrationReport {
    CalibrationParams params;
    std::size_t items = 0, options = 0;
    std::vector<std::string> groups;
    bool fixedSplit = false;            // the data's split column decided calibration/test
    bool selectionOnScore = false;      // ScoredItems::statisticIsScore
    std::vector<double> alphaLByGroup;  // minimum manageable risk per group
    double alphaL = 0;                  // over all items
    CoverageCurves curves;
    SplitEvaluation reference;         // split 0 at (α, δ): p-values, selection
    CrossDomain crossDomain;           // empty when there is one group
    StratifiedMiscoverage stratified;  // empty without option sets
};

// Stages: "coverage curves", "selection", "cross-domain", "stratified"; progress every split.
// Deterministic for a seed, independent of the thread count.
CalibrationReport analyzeCalibration(const ScoredItems&, const CalibrationParams&,
                                     JobContext& = JobContext::none());

// ParameterError for α, δ, repetitions, the calibration fraction, the groups or the α grid out of
// range: what analyzeCalibration checks first (a sharded run checks it before writing a part).
void checkCalibrationParams(const ScoredItems&, const CalibrationParams&);

// α grid used when params.alphaGrid is empty.
std::vector<double> defaultAlphaGrid();

// The calibration/test items of split r (deterministic in seed and r): a random calFraction of
// all items goes to the calibration half, the rest to the test half; then calibration keeps
// calGroup's items and test keeps testGroup's. With a fixed split column, that split is used.
void drawSplit(const ScoredItems&, const CalibrationParams&, int r,
               std::vector<std::size_t>& calItems, std::vector<std::size_t>& testItems);

}  // namespace assay::core::conformal
