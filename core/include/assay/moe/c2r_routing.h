#pragma once
// Collaboration-constrained routing (C2R, papers.md §1 Steps 5-6) on router logits, vanilla top-k
// for comparison, and how far C2R moves a layer's routing away from vanilla top-k.
//
// Top-T lists: row i holds the T experts j != i with the largest collaboration C_ij (ties to
// the lower index), T in [0, n-1], so self is never listed.
// Both variants pick e1 = argmax of the logits (ties to the lower index), then the k-1 entries
// of TopT(e1) with the largest logits (softmax is monotone, so "largest p" is the same choice);
// the selected set is the same in both. They differ in the combine weights:
//   Qwen  (Qwen2MoeSparseMoeBlock): w = p[sel], p = softmax over all n logits (raw, as in
//         Qwen1.5-MoE, norm_topk_prob = false); with normalise, w / sum(w).
//   Llama (TopKBalancedNoisyGate, inference): w = softmax over the k selected logits. Its T = 1
//         special case ([e1, TopT(e1)[0]]) is this same rule, since T >= k-1 forces k = 2.
// Vanilla top-k: the k largest logits with the same weights. Order within a row: e1 first, then
// descending logit. With T = n-1 C2R equals vanilla top-k exactly (sets and weights).
// Softmax is computed in double and stored as float.
#include <cstdint>
#include <string>
#include <vector>

#include "assay/moe/routing_trace.h"

namespace assay::core::moe {

enum class C2rVariant { Qwen, Llama };
C2rVariant c2rVariantFromName(const std::string& name);  // "qwen" | "llama", else ParameterError
const char* c2rVariantName(C2rVariant variant);

struct RoutingOptions {
    C2rVariant variant = C2rVariant::Qwen;
    bool normalise = false;  // Qwen only: renormalise the k weights to sum 1
};

struct TopTLists {
    int n = 0;
    int topT = 0;
    std::vector<std::int32_t> partners;  // [n, topT] row-major
    const std::int32_t* row(int expert) const {
        return partners.data() + static_cast<std::size_t>(expert) * topT;
    }
};

// collab: [n,n] row-major, any non-negative weights (counts, P(j|i), ...); the diagonal is ignored.
// ParameterError unless 0 <= topT <= n-1 and collab.size() == n*n.
TopTLists topTLists(const std::vector<double>& collab, int n, int topT);

// logits: [tokens, n] row-major. Results: LayerRouting with topkIdx/topkWeight [tokens, k] (no
// logits copied). ParameterError unless 1 <= k <= n, logits.size() == tokens*n, and for C2R
// k-1 <= lists.topT with lists.n == n.
LayerRouting vanillaTopK(const std::vector<float>& logits, int n, int k,
                         const RoutingOptions& options);
LayerRouting c2rRoute(const std::vector<float>& logits, int n, int k, const TopTLists& lists,
                      const RoutingOptions& options);

// How C2R's routing of a layer differs from vanilla top-k's (both from the same logits):
//  changedShare    share of tokens whose selected set (as a set) differs;
//  keptWeightMass  mean over tokens of the vanilla combine weight (normalised to sum 1 per token)
//                  that falls on experts C2R also selects: 1 = nothing lost, 0.5 at k = 2 = one
//                  of two equal-weight experts replaced;
//  keptProbMass    mean over tokens of sum_{e in C2R set} p_e / sum_{e in vanilla set} p_e, the
//                  router's softmax mass C2R keeps (<= 1, = 1 when the set is unchanged);
//  distinctSets    number of distinct expert sets C2R uses (at most n * C(T, k-1)).
struct RoutingDeviation {
    double changedShare = 0.0;
    double keptWeightMass = 1.0;
    double keptProbMass = 1.0;
    std::int64_t distinctSets = 0;
};
RoutingDeviation routingDeviation(const LayerRouting& vanilla, const LayerRouting& c2r,
                                  const std::vector<float>& logits, int n);

}  // namespace assay::core::moe
