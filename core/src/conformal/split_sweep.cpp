#include "split_sweep.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "assay/conformal/split_conformal.h"
#include "assay/core/error.h"
#include "radix_sort.h"
#include "random_splits.h"

namespace assay::core::conformal::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Selection keeps U ≤ cutoff. p_j = (1 + #cal{U ≥ U_j})/(nCal + 1) > δ holds exactly when at least
// m* calibration statistics are ≥ U_j, m* the least m with (1 + m)/(nCal + 1) > δ in the very same
// floating-point expression (so the result equals evaluating every p-value).
double selectionCutoff(const ScoredItems& s, const SweepData& d,
                       const std::vector<std::uint8_t>& role, std::size_t nCal, double delta) {
    const double denom = static_cast<double>(nCal) + 1.0;
    auto passes = [&](std::size_t m) { return (1.0 + static_cast<double>(m)) / denom > delta; };
    std::size_t m = static_cast<std::size_t>(std::max(0.0, std::floor(delta * denom) - 2.0));
    while (m <= nCal && !passes(m)) ++m;
    if (m == 0) return kInf;
    if (m > nCal) return -kInf;
    std::size_t seen = 0;
    for (std::size_t t = d.byStatistic.size(); t-- > 0;) {
        const std::uint32_t i = d.byStatistic[t];
        seen += role[i] == kCal;
        if (seen == m) return s.statistic[i];
    }
    return -kInf;
}

}  // namespace

SweepData prepareSweep(const ScoredItems& s) {
    SweepData d;
    const std::size_t n = s.n, k = s.k;
    d.byScore = argsortDoubles(s.goldScore.data(), n);
    d.scoreSorted.resize(n);
    for (std::size_t j = 0; j < n; ++j) d.scoreSorted[j] = s.goldScore[d.byScore[j]];
    d.byStatistic = argsortDoubles(s.statistic.data(), n);
    if (k) {
        // Options an item lacks (score +∞) sort last and are left out: they are in no set.
        const std::vector<std::uint32_t> order = argsortDoubles(s.optionScore.data(), n * k);
        d.optionSorted.reserve(n * k);
        d.optionItem.reserve(n * k);
        for (std::size_t j = 0; j < n * k && s.optionScore[order[j]] < kInf; ++j) {
            d.optionSorted.push_back(s.optionScore[order[j]]);
            d.optionItem.push_back(static_cast<std::uint32_t>(order[j] / k));
        }
        d.rowSorted = s.optionScore;
        for (std::size_t i = 0; i < n; ++i)
            std::sort(d.rowSorted.begin() + i * k, d.rowSorted.begin() + (i + 1) * k);
    }
    return d;
}

void sweepSplit(const ScoredItems& s, const CalibrationParams& p, const std::vector<double>& grid,
                const SweepData& d, int r, SweepScratch& w, SplitRow& out) {
    const std::size_t n = s.n, k = s.k, A = grid.size();
    drawRoles(s, p, r, w.role, w.shuffle);
    std::size_t nCal = 0, nTest = 0;
    for (std::uint8_t v : w.role) {
        nCal += v == kCal;
        nTest += v == kTest;
    }
    if (nCal == 0 || nTest == 0)
        throw ParameterError("split", nCal == 0 ? "the calibration group has no items in a split"
                                                : "the test group has no items in a split");
    out.calSize = static_cast<double>(nCal);
    out.testSize = static_cast<double>(nTest);

    const double cutoff = selectionCutoff(s, d, w.role, nCal, p.delta);
    w.selected.resize(n);
    std::size_t nSelected = 0;
    for (std::size_t i = 0; i < n; ++i) {
        w.selected[i] = (w.role[i] == kTest) & (s.statistic[i] <= cutoff);
        nSelected += w.selected[i];
    }

    // Threshold ranks, ascending; entry A is the reference α of the stratified figure.
    w.ranks.clear();
    for (std::size_t a = 0; a < A; ++a) w.ranks.emplace_back(thresholdRank(nCal, grid[a]), a);
    w.ranks.emplace_back(thresholdRank(nCal, p.alpha), A);
    std::sort(w.ranks.begin(), w.ranks.end());
    w.q.assign(A + 1, kInf);
    w.nTest.assign(A + 1, static_cast<double>(nTest));
    w.nSel.assign(A + 1, static_cast<double>(nSelected));

    // One pass in score order: when the r-th calibration score is reached and its ties are
    // consumed, the test items seen so far are exactly those covered at that threshold.
    w.roleByScore.resize(n);
    for (std::size_t j = 0; j < n; ++j) w.roleByScore[j] = w.role[d.byScore[j]];
    std::size_t j = 0, c = 0, t = 0, ts = 0;
    double q = -kInf;
    auto consume = [&] {
        const std::uint32_t i = d.byScore[j];
        c += w.roleByScore[j] == kCal;
        t += w.roleByScore[j] == kTest;
        ts += w.selected[i];
        ++j;
    };
    for (const auto& [rank, a] : w.ranks) {
        if (rank > nCal) break;  // +∞ thresholds: everything covered (the defaults above)
        while (c < rank) {
            consume();
            q = d.scoreSorted[j - 1];
        }
        while (j < n && d.scoreSorted[j] == q) consume();
        w.q[a] = q;
        w.nTest[a] = static_cast<double>(t);
        w.nSel[a] = static_cast<double>(ts);
    }

    const double testN = static_cast<double>(nTest), selN = static_cast<double>(nSelected);
    for (std::size_t a = 0; a < A; ++a) {
        out.cov[a] = w.nTest[a] / testN;
        out.covSel[a] = nSelected ? w.nSel[a] / selN : kNaN;
        out.selShare[a] = selN / testN;
        out.size[a] = out.sizeSel[a] = kNaN;
    }
    if (!k) return;

    // Set sizes: one pass over all option scores with the thresholds ascending.
    w.nSize.assign(A + 1, 0.0);
    w.nSizeSel.assign(A + 1, 0.0);
    std::size_t o = 0, cnt = 0, cntSel = 0;
    const std::size_t total = d.optionSorted.size();
    for (const auto& entry : w.ranks) {
        const std::size_t a = entry.second;
        const double qa = w.q[a];
        while (o < total && d.optionSorted[o] <= qa) {
            const std::uint32_t i = d.optionItem[o++];
            cnt += w.role[i] == kTest;
            cntSel += w.selected[i];
        }
        w.nSize[a] = static_cast<double>(cnt);
        w.nSizeSel[a] = static_cast<double>(cntSel);
    }
    for (std::size_t a = 0; a < A; ++a) {
        out.size[a] = w.nSize[a] / testN;
        out.sizeSel[a] = nSelected ? w.nSizeSel[a] / selN : kNaN;
    }

    // Size-stratified miscoverage at the reference α.
    const double qRef = w.q[A];
    std::fill(out.strMissB, out.strMissB + k + 1, 0.0);
    std::fill(out.strCountB, out.strCountB + k + 1, 0.0);
    std::fill(out.strMissA, out.strMissA + k + 1, 0.0);
    std::fill(out.strCountA, out.strCountA + k + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double isTest = w.role[i] == kTest, isSel = w.selected[i];
        const double* row = &d.rowSorted[i * k];
        std::size_t size = 0;
        for (std::size_t z = 0; z < k; ++z) size += inSet(row[z], qRef);
        const double miss = s.goldScore[i] > qRef;
        out.strCountB[size] += isTest;
        out.strMissB[size] += isTest * miss;
        out.strCountA[size] += isSel;
        out.strMissA[size] += isSel * miss;
    }
    for (std::size_t z = 0; z <= k; ++z) {
        out.strMissB[z] = out.strCountB[z] ? out.strMissB[z] / out.strCountB[z] : kNaN;
        out.strMissA[z] = out.strCountA[z] ? out.strMissA[z] / out.strCountA[z] : kNaN;
    }
}

}  // namespace assay::core::conformal::detail
