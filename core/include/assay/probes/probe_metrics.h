#pragma once
// Detector metrics with hallucinated (label 1) as the positive class: a higher score means
// "more likely hallucinated". Double precision; ties handled exactly (no sampling).
#include <cstdint>
#include <vector>

namespace assay::core::probes {

// Mann–Whitney AUROC: P(score of a positive > score of a negative) + ½ P(equal), i.e. sklearn's
// roc_auc_score. ParameterError for a size mismatch or a class with no rows.
double auroc(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels);

struct RocCurve {
    // Points from (0,0) to (1,1), one per distinct threshold (descending), like sklearn's
    // roc_curve(drop_intermediate=False) with (0,0) prepended.
    std::vector<double> fpr, tpr, threshold;  // threshold[0] = +inf
};
RocCurve rocCurve(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels);

// Specificity (1 − FPR) at the first threshold (descending) reaching TPR ≥ sensitivity, and that
// threshold.
struct OperatingPoint {
    double sensitivity = 0;  // achieved TPR
    double specificity = 0;
    double threshold = 0;
};
OperatingPoint specificityAtSensitivity(const std::vector<double>& scores,
                                        const std::vector<std::uint8_t>& labels,
                                        double sensitivity);

// Share of rows with (score > threshold) == label.
double accuracy(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels,
                double threshold = 0.0);

}  // namespace assay::core::probes
