// Detector metrics by one sort of the scores: tie groups are walked in order, so AUROC counts
// pairs exactly (integer counts, halves for ties) and the ROC has one point per distinct score.
#include "assay/probes/probe_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "assay/core/error.h"

namespace assay::core::probes {
namespace {

struct Counts {
    std::int64_t pos = 0, neg = 0;
};

Counts check(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels) {
    if (scores.size() != labels.size())
        throw ParameterError("scores", std::to_string(scores.size()) + " scores for " +
                                           std::to_string(labels.size()) + " labels");
    Counts c;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (std::isnan(scores[i]))
            throw ParameterError("scores", "row " + std::to_string(i) + " is NaN");
        if (labels[i] > 1)
            throw ParameterError("labels", "row " + std::to_string(i) + " is " +
                                               std::to_string(labels[i]) + "; labels are 0 or 1");
        (labels[i] != 0 ? c.pos : c.neg) += 1;
    }
    if (c.pos == 0 || c.neg == 0)
        throw ParameterError("labels", std::string("no row is ") + (c.pos == 0 ? "1" : "0") +
                                           " (hallucinated is 1, real 0); the metric needs both");
    return c;
}

// Row indices by descending score (ties in index order, which no result depends on).
std::vector<std::size_t> descending(const std::vector<double>& scores) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    return order;
}

}  // namespace

double auroc(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels) {
    const Counts c = check(scores, labels);
    const std::vector<std::size_t> order = descending(scores);
    // Walking down from the top score: each positive of a tie group is above every negative
    // below the group and ties with the group's own negatives.
    double pairs = 0;  // 2 × (pairs won + ½ pairs tied), exact in double below 2^53
    std::int64_t negAbove = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        std::int64_t p = 0, q = 0;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) {
            (labels[order[j]] != 0 ? p : q) += 1;
            ++j;
        }
        const std::int64_t negBelow = c.neg - negAbove - q;
        pairs += static_cast<double>(p) * static_cast<double>(2 * negBelow + q);
        negAbove += q;
        i = j;
    }
    return pairs / (2.0 * static_cast<double>(c.pos) * static_cast<double>(c.neg));
}

RocCurve rocCurve(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels) {
    const Counts c = check(scores, labels);
    const std::vector<std::size_t> order = descending(scores);
    RocCurve roc;
    roc.fpr.push_back(0);
    roc.tpr.push_back(0);
    roc.threshold.push_back(std::numeric_limits<double>::infinity());
    std::int64_t tp = 0, fp = 0;
    for (std::size_t i = 0; i < order.size();) {
        const double t = scores[order[i]];
        for (; i < order.size() && scores[order[i]] == t; ++i)
            (labels[order[i]] != 0 ? tp : fp) += 1;
        roc.fpr.push_back(static_cast<double>(fp) / static_cast<double>(c.neg));
        roc.tpr.push_back(static_cast<double>(tp) / static_cast<double>(c.pos));
        roc.threshold.push_back(t);
    }
    return roc;
}

OperatingPoint specificityAtSensitivity(const std::vector<double>& scores,
                                        const std::vector<std::uint8_t>& labels,
                                        double sensitivity) {
    if (!(sensitivity >= 0 && sensitivity <= 1))
        throw ParameterError("sensitivity", std::to_string(sensitivity) + " is outside [0, 1]");
    const RocCurve roc = rocCurve(scores, labels);
    for (std::size_t k = 0; k < roc.tpr.size(); ++k)
        if (roc.tpr[k] >= sensitivity) return {roc.tpr[k], 1.0 - roc.fpr[k], roc.threshold[k]};
    // tpr reaches 1 at the last point, so this is not reached.
    return {1.0, 1.0 - roc.fpr.back(), roc.threshold.back()};
}

double accuracy(const std::vector<double>& scores, const std::vector<std::uint8_t>& labels,
                double threshold) {
    if (scores.size() != labels.size())
        throw ParameterError("scores", std::to_string(scores.size()) + " scores for " +
                                           std::to_string(labels.size()) + " labels");
    if (scores.empty()) throw ParameterError("scores", "no rows");
    std::int64_t right = 0;
    for (std::size_t i = 0; i < scores.size(); ++i)
        right += (scores[i] > threshold) == (labels[i] != 0);
    return static_cast<double>(right) / static_cast<double>(scores.size());
}

}  // namespace assay::core::probes
