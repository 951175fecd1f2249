#pragma once
// Inversion quantification (IQ) and Reproduce-by-Poking (RBP), papers.md §7(c) (PROPOSALs there,
// followed here):
//   R (reliance on outputs), spurious mass: Σ_{j∈spurious}|a_j| / Σ|a_j| (0 when Σ|a| = 0);
//     output-swap variant: ‖a(f') − a(f)‖₁ / (‖a(f)‖₁ + ‖a(f')‖₁).
//   F (faithfulness): max(0, Spearman(|a|, |g|)) (average ranks for ties; 0 when either is
//     constant), or precision@k of the top-k |a| among the causal features.
//   IS = ((R^p + (1−F)^p)/2)^{1/p}, p ≥ 1 (default 2), in [0, 1].
//   RBP: Δ_j = |f(x) − f(x^{(j)})| (x^{(j)}: feature j at its baseline; optionally averaged over
//     noisy pokes), â = |a|/Σ|a|, Δ̂ = Δ/ΣΔ (0/0 → 0), ∇_j = |â_j − Δ̂_j|, ã_j = a_j/(1 + λ∇_j).
//   Stability: per-feature mean and standard deviation of attributions over repeated seeds.
#include <cstdint>
#include <vector>

#include "assay/explain/masker.h"

namespace assay::core::explain {

enum class FeatureRole : std::uint8_t { Causal = 0, Spurious = 1, Noise = 2 };
const char* featureRoleName(FeatureRole role);  // "causal", "spurious", "noise"

double spuriousMass(const std::vector<double>& a, const std::vector<FeatureRole>& roles);
double outputSwapReliance(const std::vector<double>& a, const std::vector<double>& aSwapped);
double spearmanFaithfulness(const std::vector<double>& a, const std::vector<double>& groundTruth);
// (Added by the iq part.) Spearman's ρ of x and y, average ranks for ties, in [−1, 1]; 0 when
// either is constant or shorter than 2. spearmanFaithfulness is max(0, ρ(|a|, |g|)); the
// model-randomisation check uses ρ(|a|, |a_random|).
double rankCorrelation(const std::vector<double>& x, const std::vector<double>& y);
double precisionAtK(const std::vector<double>& a, const std::vector<FeatureRole>& roles, int k);
double inversionScore(double R, double F, double p = 2.0);  // ParameterError for p < 1

struct Pokes {
    std::vector<double> delta;        // Δ_j, M
    std::vector<double> normAttr;     // â_j
    std::vector<double> normDelta;    // Δ̂_j
    std::vector<double> discrepancy;  // ∇_j
};
// Pokes feature j to its baseline (the masker with only feature j off) for output `label`;
// repeats > 0 with noise > 0 averages Δ over noisy pokes instead (tabular: x_j + noise·σ_j·N(0,1),
// σ_j given in `scales`), seeded.
Pokes poke(const Model& model, const Masker& masker, int label, const std::vector<double>& a,
           JobContext& job, int repeats = 0, double noise = 0,
           const std::vector<double>& scales = {}, std::uint64_t seed = 0);
// From given Δ (for tests and the identity â = Δ̂ ⇒ ã = a).
Pokes pokesFromDeltas(const std::vector<double>& a, std::vector<double> delta);
std::vector<double> rbpRefine(const std::vector<double>& a, const Pokes& pokes,
                              double lambda = 1.0);

struct Stability {
    std::vector<double> mean, stddev;  // M
    double meanStd = 0;                // mean over features of stddev / (mean |a| over features)
};
// runs: S × M attributions of one row from S seeds.
Stability stability(const std::vector<double>& runs, int S, int M);

}  // namespace assay::core::explain
