#pragma once
// Shared by the Pruning demo tests: the default demo trained once per program, masks, and a
// plain-double reference of one MoE block computed from the weight views.
#include <cstdint>
#include <vector>

#include "prune_demo_checks.h"

namespace assay::core::prune::test_support {

constexpr int kHeldOut = 4000;  // held-out tokens of the cached demo: ~800 per domain

// The default spec, trained once for the whole program (the time is printed).
PruneDemoBackendChecks& trainedPruneDemo();
PruneDemoBackendChecks& checks(PruneDemoBackend& b);

ExpertMask fullMask(const MoeConfig& c);
// `keep` experts kept in every layer, chosen uniformly from `seed`.
ExpertMask randomMask(const MoeConfig& c, int keep, std::uint64_t seed);
void drop(ExpertMask& mask, int layer, int expert);
// Whether `expert` of `layer` is kept (ExpertMask::keeps without linking the mask I/O).
bool keepsExpert(const ExpertMask& mask, int layer, int expert);

// Block l's output (without the residual) for tokens x [T,d], in double, from the views:
// Mixtral combine (softmax over the top-k logits), SwiGLU experts, dropped experts' logits −∞.
// Tokens whose k-th and (k+1)-th logits lie within `tieMargin` are marked in `ambiguous`.
std::vector<double> referenceBlock(const MoeLayerWeights& w, const MoeConfig& c,
                                   const ExpertMask& mask, const std::vector<float>& x,
                                   std::vector<bool>& ambiguous, double tieMargin);

// All weights of all layers, copied (for bitwise comparisons).
std::vector<float> allWeights(const PruneDemoBackend& b);
std::vector<float> expertWeights(const PruneDemoBackend& b, int layer, int expert);

}  // namespace assay::core::prune::test_support
