#include "random_splits.h"

#include <cmath>

namespace assay::core::conformal {
namespace detail {

void drawRoles(const ScoredItems& s, const CalibrationParams& p, int r,
               std::vector<std::uint8_t>& role, std::vector<std::uint32_t>& scratch) {
    const std::size_t n = s.n;
    role.assign(n, kUnused);
    auto inGroup = [&](std::size_t i, int g) { return g < 0 || s.group[i] == g; };
    if (!s.fixedSplit.empty()) {
        for (std::size_t i = 0; i < n; ++i) {
            if (s.fixedSplit[i] == 0 && inGroup(i, p.calGroup)) role[i] = kCal;
            if (s.fixedSplit[i] == 1 && inGroup(i, p.testGroup)) role[i] = kTest;
        }
        return;
    }
    // Partial Fisher–Yates: the first nCal positions of the shuffled indices are calibration.
    const auto nCal =
        static_cast<std::size_t>(std::llround(p.calFraction * static_cast<double>(n)));
    scratch.resize(n);
    for (std::size_t i = 0; i < n; ++i) scratch[i] = static_cast<std::uint32_t>(i);
    SplitMix64 rng(streamSeed(p.seed, static_cast<std::uint64_t>(r)));
    for (std::size_t t = 0; t < nCal && t + 1 < n; ++t) {
        const std::size_t u = t + rng.below(n - t);
        std::swap(scratch[t], scratch[u]);
    }
    for (std::size_t t = 0; t < n; ++t) {
        const std::uint32_t i = scratch[t];
        if (t < nCal) {
            if (inGroup(i, p.calGroup)) role[i] = kCal;
        } else if (inGroup(i, p.testGroup))
            role[i] = kTest;
    }
}

}  // namespace detail

void drawSplit(const ScoredItems& s, const CalibrationParams& p, int r,
               std::vector<std::size_t>& calItems, std::vector<std::size_t>& testItems) {
    std::vector<std::uint8_t> role;
    std::vector<std::uint32_t> scratch;
    detail::drawRoles(s, p, r, role, scratch);
    calItems.clear();
    testItems.clear();
    for (std::size_t i = 0; i < s.n; ++i) {
        if (role[i] == detail::kCal)
            calItems.push_back(i);
        else if (role[i] == detail::kTest)
            testItems.push_back(i);
    }
}

}  // namespace assay::core::conformal
