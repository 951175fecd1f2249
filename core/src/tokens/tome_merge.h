#pragma once
// ToMe bipartite soft matching for reduceTokens (internal; see tome_merge.cpp).
#include "assay/tokens/token_reduction.h"

namespace assay::core::tokens::detail {

// Merges the n patches (features n × dim) down to `tokens` tokens, r per step (0: the default of
// token_reduction.h); fills out.members (in ToMe's final order), out.tokens and out.tokenDim.
void tomeReduce(const float* features, int n, int dim, int tokens, int r, TokenReduction& out);

}  // namespace assay::core::tokens::detail
