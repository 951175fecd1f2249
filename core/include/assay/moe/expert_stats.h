#pragma once
// Per-expert collaboration statistics of one layer (papers.md §1, Steps 4-5), from its
// co-activation counts. With P(j|i) = C_ij / Σ_{j'≠i} C_ij':
//  entropy       H_i = −Σ_{j≠i} P(j|i) ln P(j|i) / ln(n−1), in [0,1]: 1 = partners spread evenly
//                over all others, 0 = always the same single partner.
//  concentration ρ_i(T) = Σ_{j ∈ TopT(i)} P(j|i), in [0,1].
//  topPartners   TopT(i): the T partners j≠i with the largest C_ij, ties to the lower index.
//  collaborative H_i > threshold (default: the median of H over the used experts of the layer).
// An expert never used (or never with a partner, k = 1) has H = ρ = 0, is specialised, and its
// Top-T list is still filled (all counts 0, so by index).
#include <cstdint>
#include <optional>
#include <vector>

#include "assay/moe/coactivation.h"

namespace assay::core::moe {

struct ExpertStats {
    int n = 0;
    int topT = 0;
    std::vector<double> entropy;              // [n]
    std::vector<double> concentration;        // [n]
    std::vector<std::int32_t> topPartners;    // [n, topT] row-major
    std::vector<std::uint8_t> collaborative;  // [n] 1 = collaborative, 0 = specialised
    double threshold = 0.0;                   // the H threshold used
};

// topT in [1, n−1] (ParameterError otherwise; n = 1 gives empty lists with topT 0).
ExpertStats expertStats(const Coactivation& c, int topT, std::optional<double> threshold = {});

}  // namespace assay::core::moe
