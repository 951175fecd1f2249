#include "assay/conformal/split_conformal.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "radix_sort.h"

namespace assay::core::conformal {
namespace {

void checkAlpha(double alpha) {
    if (!(alpha > 0.0 && alpha < 1.0))
        throw ParameterError("alpha", std::to_string(alpha) + " is outside (0, 1)");
}

// ⌈x⌉ that ignores the last bits of rounding in (n+1)(1−α).
std::size_t tolerantCeil(double x) {
    return static_cast<std::size_t>(std::ceil(x - 1e-9 * std::max(1.0, x)));
}

}  // namespace

std::size_t thresholdRank(std::size_t n, double alpha) {
    checkAlpha(alpha);
    return std::max<std::size_t>(1, tolerantCeil(static_cast<double>(n + 1) * (1.0 - alpha)));
}

double thresholdFromSorted(const double* sorted, std::size_t n, double alpha) {
    const std::size_t r = thresholdRank(n, alpha);
    return r > n ? kInfiniteThreshold : sorted[r - 1];
}

double conformalThreshold(std::vector<double> scores, double alpha) {
    const std::size_t r = thresholdRank(scores.size(), alpha);
    if (r > scores.size()) return kInfiniteThreshold;
    std::nth_element(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(r - 1),
                     scores.end());
    return scores[r - 1];
}

std::vector<std::uint8_t> leaveOneOutCovered(const std::vector<double>& cal, double alpha) {
    checkAlpha(alpha);
    const std::size_t n = cal.size();
    std::vector<std::uint8_t> covered(n, 1);
    if (n < 2) return covered;  // no other scores: q̂^(−i) = +∞
    // Among the other n−1 scores, rank ⌈((n−1)+1)(1−α)⌉ = ⌈n(1−α)⌉.
    const std::size_t r =
        std::max<std::size_t>(1, tolerantCeil(static_cast<double>(n) * (1.0 - alpha)));
    if (r > n - 1) return covered;
    std::vector<double> sorted = detail::sortedDoubles(cal.data(), n);
    const double v = sorted[r - 1];
    for (std::size_t i = 0; i < n; ++i) covered[i] = cal[i] <= v;
    return covered;
}

std::vector<double> conformalPValues(const std::vector<double>& calStatistic,
                                     const std::vector<std::uint8_t>& include,
                                     const std::vector<double>& testStatistic) {
    if (!include.empty() && include.size() != calStatistic.size())
        throw ParameterError("include", "mask length differs from the calibration size");
    std::vector<double> kept;
    if (include.empty()) {
        kept = calStatistic;
    } else {
        kept.reserve(calStatistic.size());
        for (std::size_t i = 0; i < calStatistic.size(); ++i)
            if (include[i]) kept.push_back(calStatistic[i]);
    }
    for (double v : kept)
        if (std::isnan(v)) throw InputError("calibration data", "statistic", "contains NaN");
    std::vector<double> sorted = detail::sortedDoubles(kept.data(), kept.size());
    const std::vector<std::int64_t> counts = countAtLeast(sorted, testStatistic);
    const double denom = static_cast<double>(calStatistic.size()) + 1.0;
    std::vector<double> p(testStatistic.size());
    for (std::size_t j = 0; j < p.size(); ++j)
        p[j] = (1.0 + static_cast<double>(counts[j])) / denom;
    return p;
}

}  // namespace assay::core::conformal
