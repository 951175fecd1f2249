#pragma once
// What a collaboration matrix alone says (`assay-run c2r --collab C` without a trace, and the
// Experts view on a collaboration file): per layer the partner entropy, the Top-T partners, the
// collaborative/specialised roles, and, for G devices, a placement and the dispatch volumes
// V_naive and V_dedup of the model's own routing, computed from pair counts.
//
// What needs a routing trace instead: the routing deviation, the T sweep, V_C2R and
// V_C2R,consistent (C2R re-routes from router logits, which a matrix does not hold).
//
// Volumes from pairs. The matrix is read as C = MᵀM off the diagonal: C_ij = tokens that chose
// both i and j (a matrix that is not symmetric is symmetrised, (C + Cᵀ)/2, and says so). With k
// experts per token there are T = Σ_{i<j} C_ij / C(k,2) tokens. A token's home device is not
// known without the token order, so volumes are the expectation over a uniformly drawn home
// device (the trace's "t mod G" spreads tokens the same way): a token whose experts sit on the
// device set D sends |D|·(G−1)/G copies (dedup), k·(G−1)/G (naive).
//  naive  k·T·(G−1)/G copies: exact for every k (it needs usage only).
//  dedup  (k·T − Σ_{i<j on one device} C_ij)·(G−1)/G copies: exact for k = 2, where each token is
//         one pair. For k > 2 a token's expert set is not recoverable from pairs, and this counts
//         |D| as k minus the same-device pairs of the set, which is exact while no token has three
//         experts on one device and a lower bound otherwise: an ESTIMATE.
// Each device sends 1/G of the volume (uniform homes); times follow placement.h (estimates).
#include <cstdint>
#include <optional>
#include <vector>

#include "assay/moe/coactivation.h"
#include "assay/moe/expert_stats.h"
#include "assay/moe/placement.h"

namespace assay::core::moe {

struct CollabOnlyParams {
    int topT = 5;
    int k = 2;        // experts per token of the model the matrix came from
    int devices = 0;  // G; 0 = no placement or volumes
    PlacementMethod placement = PlacementMethod::Greedy;
    std::uint64_t seed = 0;
    CommModel comm;
    std::optional<double> threshold;  // entropy threshold; default: the layer median
};

struct CollabOnlyLayer {
    ExpertStats stats;
    std::vector<std::int32_t> partners;  // [n, topT]: stats.topPartners, −1 where the count is 0
    double tokens = 0;                   // T from the pair counts
    Placement placement;                 // when devices > 0
    double intraGroupShare = 0;
    DispatchVolume naive, dedup;
};

struct CollabOnlyAnalysis {
    int n = 0, k = 0, topT = 0;
    bool symmetric = true;     // false: the matrices were symmetrised
    bool volumesExact = true;  // k == 2 (dedup is an estimate for k > 2)
    std::vector<CollabOnlyLayer> layers;
};

// ParameterError for Top-T outside [1, n−1], k outside [2, n], G outside [0, n].
CollabOnlyAnalysis analyzeCollaborationOnly(const std::vector<Coactivation>& layers,
                                            const CollabOnlyParams& params);

// Top-T partners with a zero count are no partners: the lists of `stats` with −1 there.
std::vector<std::int32_t> nonZeroPartners(const ExpertStats& stats, const Coactivation& c);

// Pair counts p_ij = (C_ij + C_ji)/2 of a matrix [n*n] (diagonal 0), and the volumes above.
std::vector<double> pairCounts(const Coactivation& c);
DispatchVolume pairDispatchVolume(const std::vector<double>& pairs, int n, int k,
                                  const Placement& placement, DispatchCounting counting,
                                  const CommModel& model);

}  // namespace assay::core::moe
