// Partner entropy, Top-T concentration, Top-T lists and the collaborative/specialised split
// (expert_stats.h; papers.md §1 Steps 4-5).
#include "assay/moe/expert_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "assay/core/error.h"

namespace assay::core::moe {

ExpertStats expertStats(const Coactivation& c, int topT, std::optional<double> threshold) {
    const int n = c.n;
    ExpertStats s;
    s.n = n;
    s.topT = n <= 1 ? 0 : topT;
    if (n > 1 && (topT < 1 || topT > n - 1))
        throw ParameterError(
            "top_t", std::to_string(topT) + " is outside [1, n−1 = " + std::to_string(n - 1) + "]");
    s.entropy.assign(static_cast<std::size_t>(n), 0.0);
    s.concentration.assign(static_cast<std::size_t>(n), 0.0);
    s.collaborative.assign(static_cast<std::size_t>(n), 0);
    s.topPartners.assign(static_cast<std::size_t>(n) * s.topT, 0);
    const double logOthers = n > 2 ? std::log(static_cast<double>(n - 1)) : 0.0;
    std::vector<double> usedEntropy;
    std::vector<int> order;
    for (int i = 0; i < n; ++i) {
        std::int64_t partnerSum = 0;
        for (int j = 0; j < n; ++j)
            if (j != i) partnerSum += c.at(i, j);
        order.clear();
        for (int j = 0; j < n; ++j)
            if (j != i) order.push_back(j);
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return c.at(i, a) > c.at(i, b); });
        std::copy_n(order.begin(), s.topT,
                    s.topPartners.begin() + static_cast<std::ptrdiff_t>(i) * s.topT);
        if (partnerSum == 0) continue;
        double h = 0.0, top = 0.0;
        for (int j = 0; j < n; ++j) {
            if (j == i || c.at(i, j) == 0) continue;
            const double p = static_cast<double>(c.at(i, j)) / static_cast<double>(partnerSum);
            h -= p * std::log(p);
        }
        for (int r = 0; r < s.topT; ++r)
            top += static_cast<double>(c.at(i, order[static_cast<std::size_t>(r)]));
        s.entropy[static_cast<std::size_t>(i)] =
            logOthers > 0.0 ? std::clamp(h / logOthers, 0.0, 1.0) : 0.0;
        s.concentration[static_cast<std::size_t>(i)] = top / static_cast<double>(partnerSum);
        usedEntropy.push_back(s.entropy[static_cast<std::size_t>(i)]);
    }
    if (threshold) {
        s.threshold = *threshold;
    } else if (!usedEntropy.empty()) {  // median (mean of the two middle values for an even count)
        std::sort(usedEntropy.begin(), usedEntropy.end());
        const std::size_t m = usedEntropy.size();
        s.threshold =
            m % 2 ? usedEntropy[m / 2] : 0.5 * (usedEntropy[m / 2 - 1] + usedEntropy[m / 2]);
    }
    for (int i = 0; i < n; ++i)
        s.collaborative[static_cast<std::size_t>(i)] =
            s.entropy[static_cast<std::size_t>(i)] > s.threshold ? 1 : 0;
    return s;
}

}  // namespace assay::core::moe
