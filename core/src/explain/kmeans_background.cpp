// kmeansBackground (shapley.h), shap.kmeans(X, k) as an algorithm: k-means (k-means++ seeding,
// Lloyd's iterations, the best of 10 starts by inertia, as sklearn's KMeans(n_init=10)), each
// centroid coordinate then snapped to the nearest value of that column in X (round_values=True),
// weights = cluster sizes / n. Starts draw from streamSeed(seed, start), not NumPy's stream.
#include <cmath>
#include <limits>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/shapley.h"

namespace assay::core::explain {
namespace {

constexpr int kStarts = 10;
constexpr int kMaxIterations = 300;

double dist2(const double* a, const double* b, int D) {
    double s = 0;
    for (int d = 0; d < D; ++d) s += (a[d] - b[d]) * (a[d] - b[d]);
    return s;
}

struct Clustering {
    std::vector<double> centres;  // k × D
    std::vector<int> label;       // n
    double inertia = 0;
};

// k-means++: the first centre uniform, each next one drawn ∝ squared distance to the nearest.
std::vector<double> seedCentres(const std::vector<double>& X, std::int64_t n, int D, int k,
                                SplitMix64& rng) {
    std::vector<double> c(static_cast<std::size_t>(k) * D);
    std::vector<double> nearest(static_cast<std::size_t>(n), std::numeric_limits<double>::max());
    std::int64_t pick = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)));
    for (int j = 0; j < k; ++j) {
        std::copy(X.begin() + pick * D, X.begin() + (pick + 1) * D, c.begin() + j * D);
        double total = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            nearest[i] = std::min(nearest[i], dist2(&X[i * D], &c[j * D], D));
            total += nearest[i];
        }
        if (j + 1 == k) break;
        double u = rng.uniform() * total;
        pick = n - 1;
        for (std::int64_t i = 0; i < n; ++i) {
            if (u < nearest[i]) {
                pick = i;
                break;
            }
            u -= nearest[i];
        }
    }
    return c;
}

Clustering lloyd(const std::vector<double>& X, std::int64_t n, int D, int k, SplitMix64& rng) {
    Clustering out;
    out.centres = seedCentres(X, n, D, k, rng);
    out.label.assign(static_cast<std::size_t>(n), -1);
    for (int it = 0; it < kMaxIterations; ++it) {
        bool changed = false;
        for (std::int64_t i = 0; i < n; ++i) {
            int best = 0;
            double bd = dist2(&X[i * D], &out.centres[0], D);
            for (int j = 1; j < k; ++j) {
                const double d = dist2(&X[i * D], &out.centres[j * D], D);
                if (d < bd) bd = d, best = j;
            }
            changed |= out.label[i] != best;
            out.label[i] = best;
        }
        if (!changed) break;
        std::vector<double> sum(out.centres.size(), 0.0);
        std::vector<std::int64_t> count(static_cast<std::size_t>(k), 0);
        for (std::int64_t i = 0; i < n; ++i) {
            ++count[out.label[i]];
            for (int d = 0; d < D; ++d) sum[out.label[i] * D + d] += X[i * D + d];
        }
        for (int j = 0; j < k; ++j)
            if (count[j] > 0)  // an empty cluster keeps its centre
                for (int d = 0; d < D; ++d) out.centres[j * D + d] = sum[j * D + d] / count[j];
    }
    out.inertia = 0;
    for (std::int64_t i = 0; i < n; ++i)
        out.inertia += dist2(&X[i * D], &out.centres[out.label[i] * D], D);
    return out;
}

}  // namespace

std::vector<double> kmeansBackground(const std::vector<double>& rows, std::int64_t n, int D, int k,
                                     std::uint64_t seed, std::vector<double>& weights) {
    if (n < 1 || D < 1 || rows.size() != static_cast<std::size_t>(n) * D)
        throw InputError("background", "",
                         std::to_string(rows.size()) + " values, expected " + std::to_string(n) +
                             " rows × " + std::to_string(D));
    if (k < 1 || k > n)
        throw ParameterError("background-kmeans", std::to_string(k) + " is outside 1.." +
                                                      std::to_string(n) + " (the rows)");
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (!std::isfinite(rows[i]))
            throw InputError("background", "row " + std::to_string(i / D),
                             "column " + std::to_string(i % D) + " is not finite");
    Clustering best;
    best.inertia = std::numeric_limits<double>::infinity();
    for (int s = 0; s < kStarts; ++s) {
        SplitMix64 rng(streamSeed(seed, static_cast<std::uint64_t>(s)));
        Clustering c = lloyd(rows, n, D, k, rng);
        if (c.inertia < best.inertia) best = std::move(c);
    }
    weights.assign(static_cast<std::size_t>(k), 0.0);
    for (int l : best.label) weights[l] += 1.0;
    for (double& w : weights) w /= double(n);
    for (int j = 0; j < k; ++j)
        for (int d = 0; d < D; ++d) {
            double& c = best.centres[j * D + d];
            std::int64_t nearest = 0;
            for (std::int64_t i = 1; i < n; ++i)
                if (std::fabs(rows[i * D + d] - c) < std::fabs(rows[nearest * D + d] - c))
                    nearest = i;
            c = rows[nearest * D + d];
        }
    return best.centres;
}

}  // namespace assay::core::explain
