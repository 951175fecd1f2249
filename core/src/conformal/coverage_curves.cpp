#include "coverage_curves.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "assay/conformal/split_conformal.h"
#include "assay/core/error.h"
#include "assay/core/runtime.h"
#include "radix_sort.h"
#include "random_splits.h"

namespace assay::core::conformal::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Global orders shared (read-only) by every split.
struct Prepared {
    std::vector<std::uint32_t> byScore, byStatistic;
    std::vector<double> sortedOptions;  // [n,k], each row ascending
};

// Per-split outputs, one row of each table.
struct SplitRow {
    double* cov; double* covSel; double* size; double* sizeSel; double* selShare;
    double* strMissB; double* strCountB; double* strMissA; double* strCountA;
};

struct Scratch {
    std::vector<std::uint8_t> role;
    std::vector<std::uint32_t> shuffle;
    std::vector<double> calSorted, q, pValue;
    std::vector<double> nCov, nCovSel, nSize, nSizeSel;
};

void runSplit(const ScoredItems& s, const CalibrationParams& p, const std::vector<double>& grid,
              const Prepared& prep, int r, Scratch& w, const SplitRow& out, double& calSize, double& testSize) {
    const std::size_t n = s.n, k = s.k, A = grid.size();
    drawRoles(s, p, r, w.role, w.shuffle);
    w.calSorted.clear();
    for (std::uint32_t i : prep.byScore)
        if (w.role[i] == kCal) w.calSorted.push_back(s.goldScore[i]);
    const std::size_t nCal = w.calSorted.size();
    std::size_t nTest = 0;
    for (std::uint8_t v : w.role) nTest += v == kTest;
    if (nCal == 0 || nTest == 0)
        throw ParameterError("split", nCal == 0 ? "the calibration group has no items in a split"
                                                : "the test group has no items in a split");
    calSize = static_cast<double>(nCal);
    testSize = static_cast<double>(nTest);
    w.q.resize(A);
    for (std::size_t a = 0; a < A; ++a) w.q[a] = thresholdFromSorted(w.calSorted.data(), nCal, grid[a]);
    const double qRef = thresholdFromSorted(w.calSorted.data(), nCal, p.alpha);

    // p-values: sweep the statistics from the largest down, counting calibration items ≥ U.
    w.pValue.resize(n);
    std::size_t hi = n, atLeast = 0;
    while (hi > 0) {
        std::size_t lo = hi - 1;
        const double u = s.statistic[prep.byStatistic[lo]];
        while (lo > 0 && s.statistic[prep.byStatistic[lo - 1]] == u) --lo;
        for (std::size_t t = lo; t < hi; ++t) atLeast += w.role[prep.byStatistic[t]] == kCal;
        const double pv = (1.0 + static_cast<double>(atLeast)) / (static_cast<double>(nCal) + 1.0);
        for (std::size_t t = lo; t < hi; ++t) w.pValue[prep.byStatistic[t]] = pv;
        hi = lo;
    }

    w.nCov.assign(A, 0); w.nCovSel.assign(A, 0); w.nSize.assign(A, 0); w.nSizeSel.assign(A, 0);
    std::fill(out.strMissB, out.strMissB + k + 1, 0.0);
    std::fill(out.strCountB, out.strCountB + k + 1, 0.0);
    std::fill(out.strMissA, out.strMissA + k + 1, 0.0);
    std::fill(out.strCountA, out.strCountA + k + 1, 0.0);
    std::size_t nSel = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (w.role[i] != kTest) continue;
        const bool selected = w.pValue[i] > p.delta;
        nSel += selected;
        const double score = s.goldScore[i];
        const double* opts = k ? &prep.sortedOptions[i * k] : nullptr;
        std::size_t ptr = 0;
        // The grid ascends in α, so thresholds descend: walk it backwards and the set only grows.
        for (std::size_t a = A; a-- > 0;) {
            while (ptr < k && opts[ptr] <= w.q[a]) ++ptr;
            const double covered = score <= w.q[a] ? 1.0 : 0.0;
            w.nCov[a] += covered;
            w.nSize[a] += static_cast<double>(ptr);
            if (selected) { w.nCovSel[a] += covered; w.nSizeSel[a] += static_cast<double>(ptr); }
        }
        if (k) {
            const std::size_t size = static_cast<std::size_t>(std::upper_bound(opts, opts + k, qRef) - opts);
            const double miss = score <= qRef ? 0.0 : 1.0;
            out.strMissB[size] += miss; out.strCountB[size] += 1;
            if (selected) { out.strMissA[size] += miss; out.strCountA[size] += 1; }
        }
    }
    for (std::size_t a = 0; a < A; ++a) {
        out.cov[a] = w.nCov[a] / testSize;
        out.size[a] = k ? w.nSize[a] / testSize : kNaN;
        out.covSel[a] = nSel ? w.nCovSel[a] / static_cast<double>(nSel) : kNaN;
        out.sizeSel[a] = (nSel && k) ? w.nSizeSel[a] / static_cast<double>(nSel) : kNaN;
        out.selShare[a] = static_cast<double>(nSel) / testSize;
    }
    for (std::size_t z = 0; k && z <= k; ++z) {
        out.strMissB[z] = out.strCountB[z] ? out.strMissB[z] / out.strCountB[z] : kNaN;
        out.strMissA[z] = out.strCountA[z] ? out.strMissA[z] / out.strCountA[z] : kNaN;
    }
}

}  // namespace

CurveStats columnStats(const std::vector<double>& table, std::size_t rows, std::size_t cols) {
    CurveStats st;
    st.mean.assign(cols, kNaN);
    st.std.assign(cols, kNaN);
    for (std::size_t c = 0; c < cols; ++c) {
        double sum = 0, sq = 0;
        std::size_t m = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            const double v = table[r * cols + c];
            if (std::isnan(v)) continue;
            sum += v; ++m;
        }
        if (m == 0) continue;
        const double mean = sum / static_cast<double>(m);
        for (std::size_t r = 0; r < rows; ++r) {
            const double v = table[r * cols + c];
            if (!std::isnan(v)) sq += (v - mean) * (v - mean);
        }
        st.mean[c] = mean;
        st.std[c] = std::sqrt(sq / static_cast<double>(m));
    }
    return st;
}

std::pair<double, double> binomialRange(std::size_t n, double p) {
    if (n == 0) return {kNaN, kNaN};
    // Cumulative pmf in log space: stable for n in the millions.
    const double lp = std::log(p), lq = std::log1p(-p);
    // Mass more than 12 standard deviations below the mean is < 1e-30: start there.
    const double sd = std::sqrt(n * p * (1.0 - p));
    const auto start = static_cast<std::size_t>(std::max(0.0, std::floor(n * p - 12.0 * sd - 1.0)));
    double cdf = 0, low = kNaN, high = 1.0;
    for (std::size_t x = start; x <= n; ++x) {
        const double lpmf = std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) +
                            x * lp + (n - x) * lq;
        cdf += std::exp(lpmf);
        if (std::isnan(low) && cdf >= 0.025) low = static_cast<double>(x) / n;
        if (cdf >= 0.975) { high = static_cast<double>(x) / n; break; }
    }
    return {low, high};
}

CurveResult computeCurves(const ScoredItems& s, const CalibrationParams& p, const std::vector<double>& grid,
                          JobContext& ctx) {
    const std::size_t n = s.n, k = s.k, A = grid.size();
    const int R = s.fixedSplit.empty() ? p.repetitions : 1;  // a fixed split has nothing to repeat
    Prepared prep;
    prep.byScore = argsortDoubles(s.goldScore.data(), n);
    prep.byStatistic = argsortDoubles(s.statistic.data(), n);
    if (k) {
        prep.sortedOptions = s.optionScore;
        for (std::size_t i = 0; i < n; ++i)
            std::sort(prep.sortedOptions.begin() + i * k, prep.sortedOptions.begin() + (i + 1) * k);
    }
    const std::size_t S = k + 1;
    std::vector<double> cov(R * A), covSel(R * A), size(R * A), sizeSel(R * A), share(R * A);
    std::vector<double> smB(R * S), scB(R * S), smA(R * S), scA(R * S), calSizes(R), testSizes(R);

    const int threads = std::max(1, std::min(computeThreads(), R));
    std::vector<Scratch> scratch(threads);
    for (int done = 0; done < R; done += threads) {
        ctx.progress(done, R);
        const int batch = std::min(threads, R - done);
        std::vector<std::thread> pool;
        std::exception_ptr failure;
        auto job = [&](int t) {
            const int r = done + t;
            const SplitRow row{&cov[r * A], &covSel[r * A], &size[r * A], &sizeSel[r * A], &share[r * A],
                               &smB[r * S], &scB[r * S], &smA[r * S], &scA[r * S]};
            try { runSplit(s, p, grid, prep, r, scratch[t], row, calSizes[r], testSizes[r]); }
            catch (...) { failure = std::current_exception(); }
        };
        for (int t = 1; t < batch; ++t) pool.emplace_back(job, t);
        job(0);
        for (auto& th : pool) th.join();
        if (failure) std::rethrow_exception(failure);
    }
    ctx.progress(R, R);

    CurveResult out;
    CoverageCurves& c = out.curves;
    c.alpha = grid;
    c.coverage = columnStats(cov, R, A);
    c.coverageSelected = columnStats(covSel, R, A);
    if (k) {
        c.setSize = columnStats(size, R, A);
        c.setSizeSelected = columnStats(sizeSel, R, A);
    }
    c.selectedShare = columnStats(share, R, A);
    for (int r = 0; r < R; ++r) { c.meanCalSize += calSizes[r] / R; c.meanTestSize += testSizes[r] / R; }
    const auto nCal = static_cast<std::size_t>(std::llround(c.meanCalSize));
    const auto nTest = static_cast<std::size_t>(std::llround(c.meanTestSize));
    for (double a : grid) {
        c.bandLow.push_back(1.0 - a);
        c.bandHigh.push_back(std::min(1.0, 1.0 - a + 1.0 / (static_cast<double>(nCal) + 1.0)));
        const auto [lo, hi] = binomialRange(nTest, 1.0 - a);
        c.binomLow.push_back(lo);
        c.binomHigh.push_back(hi);
    }
    if (k) {
        StratifiedMiscoverage& st = out.stratified;
        for (std::size_t z = 0; z <= k; ++z) st.sizes.push_back(static_cast<int>(z));
        st.before = columnStats(smB, R, S);
        st.after = columnStats(smA, R, S);
        st.countBefore = columnStats(scB, R, S).mean;
        st.countAfter = columnStats(scA, R, S).mean;
        auto maxOf = [](const std::vector<double>& v) {
            double m = kNaN;
            for (double x : v) if (!std::isnan(x) && (std::isnan(m) || x > m)) m = x;
            return m;
        };
        st.ssmBefore = maxOf(st.before.mean);
        st.ssmAfter = maxOf(st.after.mean);
    }
    return out;
}

}  // namespace assay::core::conformal::detail
