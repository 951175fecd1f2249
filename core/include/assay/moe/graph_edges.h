#pragma once
// Which links the expert graph draws, and what its force layout pulls along — one choice, so
// the picture and the positions agree.
//
// Edge weight. P(j|i) = C_ij / Σ C_ij' ranks i's partners by how often they appear beside it,
// which on a layer with skewed usage is mostly how often they appear at all: every expert's
// Top-T then names the same few popular experts, and the graph is a star around them whose
// labels hide each other (a 64-expert layer showed exactly that). Lift = C_ij / E_ij (E the
// count expected if routing ignored partners, coactivation.h) divides usage out and ranks the
// partners i meets MORE than chance; that is the structure a collaboration graph is for, so it
// is the default. P(j|i) stays a choice ("conditional").
// A pair that never co-activates (C_ij = C_ji = 0) is never a link, whatever T asks for: a
// collaboration file with T = 1 once drew 634 zero-count "links".
#include <string>
#include <vector>

#include "assay/moe/coactivation.h"

namespace assay::core::moe {

enum class EdgeWeight { Lift, Conditional };
EdgeWeight edgeWeightFromName(
    const std::string& name);  // "lift" | "conditional", else ParameterError
const char* edgeWeightName(EdgeWeight weight);

// [n*n] row i = the weight of i's link to j (lift is symmetric, P(j|i) is not); 0 on the
// diagonal and for pairs that never co-activate.
std::vector<double> linkWeights(const Coactivation& c, EdgeWeight weight);

// Expert i's up to T partners by descending weight (ties to the lower index), weight > 0 only.
std::vector<std::vector<int>> topLinks(const std::vector<double>& weights, int n, int topT);

// The union of every expert's Top-T links as a symmetric [n*n] matrix of max(w_ij, w_ji)
// (0 elsewhere): the force layout's attraction, so linked experts sit together.
std::vector<double> topLinkMatrix(const std::vector<double>& weights, int n, int topT);

}  // namespace assay::core::moe
