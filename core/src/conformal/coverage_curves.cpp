#include "coverage_curves.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "assay/core/error.h"
#include "assay/core/parallel.h"
#include "radix_sort.h"
#include "split_sweep.h"

namespace assay::core::conformal::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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
            sum += v;
            ++m;
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
        if (cdf >= 0.975) {
            high = static_cast<double>(x) / n;
            break;
        }
    }
    return {low, high};
}

CurveResult computeCurves(const ScoredItems& s, const CalibrationParams& p,
                          const std::vector<double>& grid, JobContext& ctx) {
    const std::size_t k = s.k, A = grid.size();
    const int R = s.fixedSplit.empty() ? p.repetitions : 1;  // a fixed split has nothing to repeat
    const SweepData prep = prepareSweep(s);
    const std::size_t S = k + 1;
    std::vector<double> cov(R * A), covSel(R * A), size(R * A), sizeSel(R * A), share(R * A);
    std::vector<double> smB(R * S), scB(R * S), smA(R * S), scA(R * S), calSizes(R), testSizes(R);

    // One split per worker per batch, each with its own scratch; progress (the cancellation
    // point) between batches, on this thread.
    const int threads = parallelWorkers(R, R);
    std::vector<SweepScratch> scratch(static_cast<std::size_t>(threads));
    for (int done = 0; done < R; done += threads) {
        ctx.progress(done, R);
        const int batch = std::min(threads, R - done);
        parallelFor(done, done + batch, threads,
                    [&](int worker, std::int64_t begin, std::int64_t end) {
                        for (std::int64_t r = begin; r < end; ++r) {
                            SplitRow row{&cov[r * A],     &covSel[r * A], &size[r * A],
                                         &sizeSel[r * A], &share[r * A],  &smB[r * S],
                                         &scB[r * S],     &smA[r * S],    &scA[r * S]};
                            sweepSplit(s, p, grid, prep, static_cast<int>(r), scratch[worker], row);
                            calSizes[r] = row.calSize;
                            testSizes[r] = row.testSize;
                        }
                    });
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
    for (int r = 0; r < R; ++r) {
        c.meanCalSize += calSizes[r] / R;
        c.meanTestSize += testSizes[r] / R;
    }
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
        // An empty set always misses (EMR_0 = 1 whenever empty sets occur), so SSM is taken over
        // non-empty sets, where it says something about the procedure.
        auto maxOf = [](const std::vector<double>& v) {
            double m = kNaN;
            for (std::size_t z = 1; z < v.size(); ++z)
                if (!std::isnan(v[z]) && (std::isnan(m) || v[z] > m)) m = v[z];
            return m;
        };
        st.ssmBefore = maxOf(st.before.mean);
        st.ssmAfter = maxOf(st.after.mean);
    }
    return out;
}

}  // namespace assay::core::conformal::detail
