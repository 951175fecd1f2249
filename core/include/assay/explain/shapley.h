#pragma once
// Shapley values of one explained row (papers.md §7(c)), interventional over the masker's rows.
//
// exactShapley: enumeration of all 2^M coalitions (M ≤ 20; ResourceError beyond), batched
//   through coalitionValues; φ_j = Σ_{S∌j} |S|!(M−|S|−1)!/M! (v(S∪j) − v(S)).
// kernelShap: shap 0.46's KernelExplainer as an algorithm — Shapley-kernel weights; size classes
//   s = 1..⌈(M−1)/2⌉ (with complements) enumerated in order while they fit the budget, the rest
//   sampled with complements (repeats add weight), random weights rescaled to the remaining
//   mass; nsamples 0 = "auto" = 2M + 2048, capped at 2^M − 2; l1_reg "auto": Lasso-AIC feature
//   selection when fewer than 20% of the coalitions are enumerated; then the efficiency-
//   constrained weighted least squares (last feature eliminated). With every coalition it equals
//   exactShapley. Where Assay departs from shap on purpose the README says so.
// Both: expectedValue = v(∅), fx = v(full) = f(x) (averaged over the masker's rows: for a
// tabular masker f(x) itself); Σ_j φ_j = fx − expectedValue exactly up to rounding.
#include <cstdint>
#include <vector>

#include "assay/explain/explanation.h"
#include "assay/explain/masker.h"

namespace assay::core::explain {

// labels: which outputs to explain (empty = all).
Explanation exactShapley(const Model& model, const Masker& masker, const std::vector<int>& labels,
                         JobContext& job);

enum class L1Reg { Auto, Off };
struct KernelShapOptions {
    std::int64_t nsamples = 0;  // 0 = "auto"
    std::uint64_t seed = 0;
    L1Reg l1 = L1Reg::Auto;
    std::vector<int> labels;  // empty = all outputs
};
Explanation kernelShap(const Model& model, const Masker& masker, const KernelShapOptions& options,
                       JobContext& job);

// k-means centroids of a background set (k-means++ seeding from `seed`, Lloyd to convergence);
// weights = cluster sizes / n, as shap.kmeans does. Returns k × D and writes weights.
std::vector<double> kmeansBackground(const std::vector<double>& rows, std::int64_t n, int D, int k,
                                     std::uint64_t seed, std::vector<double>& weights);

}  // namespace assay::core::explain
