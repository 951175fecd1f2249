// The coalitions of KernelSHAP (kernel_shap_internal.h) in shap 0.46's order: for s = 1..⌈(M−1)/2⌉
// the size class s (with complements, for s ≤ ⌊(M−1)/2⌋) is enumerated when the budget left
// times its share of the kernel weight covers every subset; then the remaining budget is drawn
// from the remaining size classes, each draw with its complement, a repeat adding weight 1 to
// the first copy instead of a new row; the drawn weights are rescaled to the weight left.
// Randomness: SplitMix64 in place of NumPy's generator (same distributions, other streams).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "assay/core/random.h"
#include "kernel_shap_internal.h"

namespace assay::core::explain::detail {
namespace {

double binom(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
    return std::round(r);
}

// Every subset of {0..M−1} of size s in itertools.combinations order; f(mask) for each.
template <typename F>
void forEachCombination(int M, int s, F f) {
    std::vector<int> idx(static_cast<std::size_t>(s));
    std::iota(idx.begin(), idx.end(), 0);
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(M));
    while (true) {
        std::fill(mask.begin(), mask.end(), 0);
        for (int i : idx) mask[static_cast<std::size_t>(i)] = 1;
        f(mask);
        int i = s - 1;
        while (i >= 0 && idx[static_cast<std::size_t>(i)] == M - s + i) --i;
        if (i < 0) return;
        ++idx[static_cast<std::size_t>(i)];
        for (int j = i + 1; j < s; ++j)
            idx[static_cast<std::size_t>(j)] = idx[static_cast<std::size_t>(j - 1)] + 1;
    }
}

// np.random.choice(len(p), p=p) by the inverse CDF of one uniform.
int drawIndex(const std::vector<double>& p, SplitMix64& rng) {
    const double u = rng.uniform();
    double c = 0;
    for (std::size_t i = 0; i + 1 < p.size(); ++i) {
        c += p[i];
        if (u < c) return static_cast<int>(i);
    }
    return static_cast<int>(p.size()) - 1;
}

}  // namespace

CoalitionPlan kernelShapCoalitions(int M, std::int64_t nsamples, std::uint64_t seed) {
    CoalitionPlan plan;
    auto add = [&plan](const std::vector<std::uint8_t>& mask, double w) {
        plan.masks.insert(plan.masks.end(), mask.begin(), mask.end());
        plan.weights.push_back(w);
        ++plan.count;
    };
    const int sizes = (M - 1 + 1) / 2;  // ⌈(M−1)/2⌉
    const int paired = (M - 1) / 2;     // ⌊(M−1)/2⌋
    std::vector<double> weight(static_cast<std::size_t>(sizes));
    for (int s = 1; s <= sizes; ++s) weight[s - 1] = (M - 1.0) / (s * double(M - s));
    for (int s = 1; s <= paired; ++s) weight[s - 1] *= 2;
    const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
    for (double& w : weight) w /= total;

    double left = double(nsamples);
    std::vector<double> remaining = weight;
    for (int s = 1; s <= sizes; ++s) {
        double nsubsets = binom(M, s);
        if (s <= paired) nsubsets *= 2;
        if (left * remaining[s - 1] / nsubsets < 1.0 - 1e-8) break;
        ++plan.fullSizeClasses;
        left -= nsubsets;
        if (remaining[s - 1] < 1.0) {
            const double scale = 1 - remaining[s - 1];
            for (double& r : remaining) r /= scale;
        }
        double w = weight[s - 1] / binom(M, s);
        if (s <= paired) w /= 2.0;
        forEachCombination(M, s, [&](std::vector<std::uint8_t>& mask) {
            add(mask, w);
            if (s <= paired) {
                for (auto& b : mask) b = 1 - b;
                add(mask, w);
            }
        });
    }
    if (plan.fullSizeClasses == sizes) return plan;

    const std::int64_t fixed = plan.count;
    std::int64_t samplesLeft = nsamples - plan.count;
    std::vector<double> p(weight.begin() + plan.fullSizeClasses, weight.end());
    for (int i = 0; i < static_cast<int>(p.size()); ++i)
        if (i + plan.fullSizeClasses < paired) p[static_cast<std::size_t>(i)] /= 2;
    const double pSum = std::accumulate(p.begin(), p.end(), 0.0);
    for (double& v : p) v /= pSum;
    SplitMix64 rng(seed);
    std::map<std::vector<std::uint8_t>, std::int64_t> used;  // mask → its row
    std::vector<int> perm(static_cast<std::size_t>(M));
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(M));
    const std::int64_t draws = 4 * samplesLeft;
    for (std::int64_t d = 0; samplesLeft > 0 && d < draws; ++d) {
        const int s = drawIndex(p, rng) + plan.fullSizeClasses + 1;
        // The first s entries of a random permutation (partial Fisher–Yates).
        std::iota(perm.begin(), perm.end(), 0);
        std::fill(mask.begin(), mask.end(), 0);
        for (int i = 0; i < s; ++i) {
            const auto j = i + static_cast<int>(rng.below(static_cast<std::uint64_t>(M - i)));
            std::swap(perm[static_cast<std::size_t>(i)], perm[static_cast<std::size_t>(j)]);
            mask[static_cast<std::size_t>(perm[static_cast<std::size_t>(i)])] = 1;
        }
        const auto it = used.find(mask);
        const bool fresh = it == used.end();
        std::int64_t row = fresh ? plan.count : it->second;
        if (fresh) {
            used.emplace(mask, plan.count);
            --samplesLeft;
            add(mask, 1.0);
        } else {
            plan.weights[static_cast<std::size_t>(row)] += 1.0;
        }
        if (samplesLeft > 0 && s <= paired) {
            for (auto& b : mask) b = 1 - b;
            if (fresh) {
                --samplesLeft;
                add(mask, 1.0);
            } else if (row + 1 < plan.count) {
                plan.weights[static_cast<std::size_t>(row + 1)] += 1.0;
            }
        }
    }
    const double weightLeft =
        std::accumulate(weight.begin() + plan.fullSizeClasses, weight.end(), 0.0);
    const double drawn = std::accumulate(plan.weights.begin() + fixed, plan.weights.end(), 0.0);
    for (auto it = plan.weights.begin() + fixed; it != plan.weights.end(); ++it)
        *it *= weightLeft / drawn;
    return plan;
}

}  // namespace assay::core::explain::detail
