// LimeTabularExplainer's training statistics (lime 0.2.0.1): StandardScaler(with_mean=False)'s
// mean_ and scale_ (std with ddof 0; a constant column scales by 1, sklearn's
// _handle_zeros_in_scale), and QuartileDiscretizer's bins: np.percentile(column, [25, 50, 75])
// (linear interpolation), np.unique of those, bin = np.searchsorted(edges, v) (the number of edges
// strictly below v), and per bin the training frequency, mean, std (ddof 0, + 1e-11 as lime
// adds), min and max (the column's min / the lower edge, the upper edge / the column's max).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/explain/lime.h"
#include "lime_tabular_bins.h"

namespace assay::core::explain {
namespace {

// numpy's linear percentile, including its two-sided lerp (a + (b−a)t for t < ½, b − (b−a)(1−t)
// otherwise), so the edges are the same doubles lime gets.
double percentile(const std::vector<double>& sorted, double q) {
    const double pos = (static_cast<double>(sorted.size()) - 1.0) * q / 100.0;
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    const double t = pos - static_cast<double>(lo);
    const double a = sorted[lo], b = sorted[hi], diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

}  // namespace

int detail::binOf(const std::vector<double>& edges, double v) {
    return static_cast<int>(std::lower_bound(edges.begin(), edges.end(), v) - edges.begin());
}

TabularStats tabularStats(const std::vector<double>& X, std::int64_t n, int D) {
    if (n < 1) throw ParameterError("tabularStats: rows", "expected at least one training row");
    if (D < 1) throw ParameterError("tabularStats: D", "expected at least one feature");
    if (X.size() != static_cast<std::size_t>(n) * static_cast<std::size_t>(D))
        throw ParameterError("tabularStats: X",
                             "has " + std::to_string(X.size()) +
                                 " values, expected rows × D = " + std::to_string(n * D));
    TabularStats s;
    s.D = D;
    s.mean.assign(D, 0.0);
    s.scale.assign(D, 1.0);
    s.edges.resize(D);
    s.binFrequency.resize(D);
    s.binMean.resize(D);
    s.binStd.resize(D);
    s.binMin.resize(D);
    s.binMax.resize(D);
    std::vector<double> column(static_cast<std::size_t>(n));
    for (int j = 0; j < D; ++j) {
        for (std::int64_t i = 0; i < n; ++i) {
            column[i] = X[static_cast<std::size_t>(i) * D + j];
            if (!std::isfinite(column[i]))
                throw InputError("training data",
                                 "row " + std::to_string(i) + ", column " + std::to_string(j),
                                 "is not finite");
        }
        double mean = 0;
        for (double v : column) mean += v;
        mean /= static_cast<double>(n);
        double var = 0;
        for (double v : column) var += (v - mean) * (v - mean);
        var /= static_cast<double>(n);
        s.mean[j] = mean;
        // sklearn treats a column as constant when its variance is within rounding of 0.
        const double eps = std::numeric_limits<double>::epsilon();
        const double bound = static_cast<double>(n) * eps * std::fabs(mean);
        s.scale[j] = (var <= bound * bound || var == 0) ? 1.0 : std::sqrt(var);

        std::vector<double> sorted = column;
        std::sort(sorted.begin(), sorted.end());
        std::vector<double> edges = {percentile(sorted, 25), percentile(sorted, 50),
                                     percentile(sorted, 75)};
        edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
        const int bins = static_cast<int>(edges.size()) + 1;
        std::vector<double> count(bins, 0.0), sum(bins, 0.0), sq(bins, 0.0);
        std::vector<int> binOfRow(static_cast<std::size_t>(n));
        for (std::int64_t i = 0; i < n; ++i) {
            const int b = detail::binOf(edges, column[i]);
            binOfRow[i] = b;
            count[b] += 1;
            sum[b] += column[i];
        }
        std::vector<double> binMean(bins, 0.0), binStd(bins, 0.0);
        for (int b = 0; b < bins; ++b)
            if (count[b] > 0) binMean[b] = sum[b] / count[b];
        for (std::int64_t i = 0; i < n; ++i) {
            const double d = column[i] - binMean[binOfRow[i]];
            sq[binOfRow[i]] += d * d;
        }
        for (int b = 0; b < bins; ++b) {
            binStd[b] = (count[b] > 0 ? std::sqrt(sq[b] / count[b]) : 0.0) + 1e-11;
            count[b] /= static_cast<double>(n);
        }
        s.binMin[j] = {sorted.front()};
        s.binMin[j].insert(s.binMin[j].end(), edges.begin(), edges.end());
        s.binMax[j] = edges;
        s.binMax[j].push_back(sorted.back());
        s.edges[j] = std::move(edges);
        s.binFrequency[j] = std::move(count);
        s.binMean[j] = std::move(binMean);
        s.binStd[j] = std::move(binStd);
    }
    return s;
}

}  // namespace assay::core::explain
