// IQ metrics (papers.md §7(c), PROPOSAL definitions followed as inversion_metrics.h states them):
// reliance on outputs R, faithfulness F, the inversion score IS.
#include "assay/explain/inversion_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "assay/core/error.h"

namespace assay::core::explain {

const char* featureRoleName(FeatureRole role) {
    switch (role) {
        case FeatureRole::Causal:
            return "causal";
        case FeatureRole::Spurious:
            return "spurious";
        case FeatureRole::Noise:
            return "noise";
    }
    return "noise";
}

namespace {

void requireSameSize(std::size_t a, std::size_t b, const char* what) {
    if (a != b) {
        throw ParameterError(what, std::to_string(b) + " entries, expected " + std::to_string(a) +
                                       " (one per feature)");
    }
}

double absSum(const std::vector<double>& a) {
    double s = 0;
    for (double v : a) s += std::fabs(v);
    return s;
}

// Average ranks (1-based), ties share the mean of their positions, as scipy.stats.rankdata.
std::vector<double> averageRanks(const std::vector<double>& v) {
    const std::size_t n = v.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t i, std::size_t j) { return v[i] < v[j]; });
    std::vector<double> ranks(n);
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n && v[order[j + 1]] == v[order[i]]) ++j;
        const double r = 0.5 * static_cast<double>(i + j) + 1.0;
        for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = r;
        i = j + 1;
    }
    return ranks;
}

}  // namespace

double spuriousMass(const std::vector<double>& a, const std::vector<FeatureRole>& roles) {
    requireSameSize(a.size(), roles.size(), "roles");
    const double total = absSum(a);
    if (total == 0) return 0;
    double spurious = 0;
    for (std::size_t j = 0; j < a.size(); ++j) {
        if (roles[j] == FeatureRole::Spurious) spurious += std::fabs(a[j]);
    }
    return std::min(1.0, spurious / total);
}

double outputSwapReliance(const std::vector<double>& a, const std::vector<double>& aSwapped) {
    requireSameSize(a.size(), aSwapped.size(), "swapped attributions");
    const double denom = absSum(a) + absSum(aSwapped);
    if (denom == 0) return 0;
    double diff = 0;
    for (std::size_t j = 0; j < a.size(); ++j) diff += std::fabs(aSwapped[j] - a[j]);
    return std::min(1.0, diff / denom);
}

double rankCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
    requireSameSize(x.size(), y.size(), "rank correlation");
    const std::size_t n = x.size();
    if (n < 2) return 0;
    const std::vector<double> rx = averageRanks(x), ry = averageRanks(y);
    const double mean = 0.5 * static_cast<double>(n + 1);  // both rank vectors have this mean
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (rx[i] - mean) * (ry[i] - mean);
        sxx += (rx[i] - mean) * (rx[i] - mean);
        syy += (ry[i] - mean) * (ry[i] - mean);
    }
    if (sxx == 0 || syy == 0) return 0;  // a constant vector has no ranking to agree with
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

double spearmanFaithfulness(const std::vector<double>& a, const std::vector<double>& groundTruth) {
    requireSameSize(a.size(), groundTruth.size(), "ground truth");
    std::vector<double> absA(a.size()), absG(a.size());
    for (std::size_t j = 0; j < a.size(); ++j) {
        absA[j] = std::fabs(a[j]);
        absG[j] = std::fabs(groundTruth[j]);
    }
    return std::max(0.0, rankCorrelation(absA, absG));
}

double precisionAtK(const std::vector<double>& a, const std::vector<FeatureRole>& roles, int k) {
    requireSameSize(a.size(), roles.size(), "roles");
    if (k < 1 || k > static_cast<int>(a.size())) {
        throw ParameterError("k", std::to_string(k) + " is outside [1, " +
                                      std::to_string(a.size()) + "] (the number of features)");
    }
    std::vector<std::size_t> order(a.size());
    std::iota(order.begin(), order.end(), 0);
    // Ties keep the lower feature index first, so the result does not depend on the sort.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
        return std::fabs(a[i]) > std::fabs(a[j]);
    });
    int hits = 0;
    for (int i = 0; i < k; ++i) hits += roles[order[i]] == FeatureRole::Causal ? 1 : 0;
    return static_cast<double>(hits) / k;
}

double inversionScore(double R, double F, double p) {
    if (!(p >= 1) || !std::isfinite(p)) {
        throw ParameterError("p", std::to_string(p) + " is not a finite number ≥ 1");
    }
    if (!(R >= 0 && R <= 1)) throw ParameterError("R", std::to_string(R) + " is outside [0, 1]");
    if (!(F >= 0 && F <= 1)) throw ParameterError("F", std::to_string(F) + " is outside [0, 1]");
    const double m = 0.5 * (std::pow(R, p) + std::pow(1 - F, p));
    return std::clamp(std::pow(m, 1 / p), 0.0, 1.0);
}

}  // namespace assay::core::explain
