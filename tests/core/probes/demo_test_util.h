#pragma once
// Shared by the Probes demo tests: the demo trained once per program, and plain-double references
// (a logistic probe by Newton's method with sklearn's objective, AUROC by counting pairs, a
// least-squares map between the two models' states) computed here, independently of core/probes.
#include <cstdint>
#include <vector>

#include "assay/demo/probes_demo.h"

namespace assay::core::probes::test_support {

// The default spec (what the view shows), trained once per program; the time is printed.
const ProbesDemo& trainedProbesDemo();
// A briefly trained small demo for the mechanics (shapes, files, reproducibility).
ProbesDemoSpec quickProbesSpec();
const ProbesDemo& quickProbesDemo();

// Rows of a [rows, cols] float matrix (any io::HiddenMatrix of dtype F32) as doubles.
std::vector<std::vector<double>> rowsAsDoubles(const io::HiddenMatrix& m,
                                               const std::vector<std::int64_t>& rows);

struct PlainProbe {
    std::vector<double> w;
    double b = 0;
    double score(const std::vector<double>& x) const;
};
// argmin Σ log-loss + ½‖w‖²/C (intercept unpenalised), Newton's method in double.
PlainProbe plainLogistic(const std::vector<std::vector<double>>& x,
                         const std::vector<std::uint8_t>& y, double C = 1.0);
// P(score of a positive > score of a negative) + ½ P(tie), by counting every pair.
double pairAuroc(const std::vector<double>& scores, const std::vector<std::uint8_t>& y);

// Train/test rows of a dataset with a split tensor.
struct PlainSplit {
    std::vector<std::int64_t> train, test;
};
PlainSplit splitOf(const ProbeDataset& data);

// Held-out AUROC of a plain logistic probe at layer position p.
double plainLayerAuroc(const ProbeDataset& data, int position);

}  // namespace assay::core::probes::test_support
