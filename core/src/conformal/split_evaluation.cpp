#include "assay/conformal/split_evaluation.h"

#include <cmath>
#include <limits>
#include <string>

#include "assay/conformal/split_conformal.h"
#include "assay/core/error.h"
#include "radix_sort.h"

namespace assay::core::conformal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

SetMetrics metricsOver(const SplitEvaluation& e, const std::vector<double>* pValues, double delta) {
    SetMetrics m;
    std::size_t missed = 0;
    double sizes = 0.0;
    for (std::size_t j = 0; j < e.testItems.size(); ++j) {
        if (pValues && !((*pValues)[j] > delta)) continue;
        ++m.count;
        missed += e.covered[j] ? 0 : 1;
        sizes += e.setSize[j];
    }
    const bool hasSets = !e.setSize.empty() && e.setSize[0] >= 0;
    m.emr = m.count ? static_cast<double>(missed) / static_cast<double>(m.count) : kNaN;
    m.apss = (m.count && hasSets) ? sizes / static_cast<double>(m.count) : kNaN;
    return m;
}

}  // namespace

SplitEvaluation evaluateSplit(const ScoredItems& s, const std::vector<std::size_t>& calItems,
                              const std::vector<std::size_t>& testItems, double alpha,
                              double delta) {
    if (!(delta > 0.0 && delta < 1.0))
        throw ParameterError("delta", std::to_string(delta) + " is outside (0, 1)");
    if (calItems.empty()) throw ParameterError("split", "the calibration side has no items");
    if (testItems.empty()) throw ParameterError("split", "the test side has no items");
    SplitEvaluation e;
    e.alpha = alpha;
    e.delta = delta;
    e.calItems = calItems;
    e.testItems = testItems;

    std::vector<double> calScores(calItems.size()), calStat(calItems.size()),
        testStat(testItems.size());
    for (std::size_t i = 0; i < calItems.size(); ++i) {
        calScores[i] = s.goldScore[calItems[i]];
        calStat[i] = s.statistic[calItems[i]];
    }
    for (std::size_t j = 0; j < testItems.size(); ++j) testStat[j] = s.statistic[testItems[j]];
    const std::vector<double> sorted = detail::sortedDoubles(calScores.data(), calScores.size());
    e.threshold = thresholdFromSorted(sorted.data(), sorted.size(), alpha);
    e.alphaL = minimumRisk(s, calItems);

    e.setSize.assign(testItems.size(), -1);
    e.covered.resize(testItems.size());
    for (std::size_t j = 0; j < testItems.size(); ++j) {
        const std::size_t i = testItems[j];
        e.covered[j] = s.goldScore[i] <= e.threshold;
        if (s.k > 0) {
            int size = 0;
            for (std::size_t o = 0; o < s.k; ++o)
                size += inSet(s.optionScore[i * s.k + o], e.threshold);
            e.setSize[j] = size;
        }
    }
    e.pValue = conformalPValues(calStat, {}, testStat);
    e.pValuePro = conformalPValues(calStat, leaveOneOutCovered(calScores, alpha), testStat);
    e.all = metricsOver(e, nullptr, delta);
    e.sconu = metricsOver(e, &e.pValue, delta);
    e.sconuPro = metricsOver(e, &e.pValuePro, delta);
    return e;
}

}  // namespace assay::core::conformal
