#pragma once
// Seeded draws from the BetaConform generative model (papers.md §6(c)): z ~ Bernoulli(π),
// p | z ~ Beta(α_z, β_z), x | p ~ Bin(n, p). For the demo, the recovery tests and benchmarks.
#include <vector>

#include "assay/core/random.h"
#include "assay/judge/beta_binomial.h"

namespace assay::core::judge {

double sampleGamma(double shape, SplitMix64& rng);  // Marsaglia–Tsang, shape > 0
double sampleBeta(double a, double b, SplitMix64& rng);
// m counts x_i in [0, n]; easy (optional) receives z_i (1 = component 1).
std::vector<int> sampleCounts(const MixtureParams& params, int n, int m, SplitMix64& rng,
                              std::vector<int>* easy = nullptr);

}  // namespace assay::core::judge
