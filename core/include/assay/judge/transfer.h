#pragma once
// Prior transfer from fully labelled source datasets (papers.md §6(c), PROPOSAL):
//   w_s = softmax_s(cos(ē_t, ē_s) / τ) over the mean text embeddings;
//   centre of log θ (θ ∈ α1, β1, α2, β2) = Σ_s w_s·log θ_s, scale s (default 0.3);
//   π ~ Beta(1 + κ·π̄, 1 + κ·(1−π̄)), π̄ = Σ_s w_s·π_s, κ = 20. The "1 +" (rather than κ·π̄,
//   κ·(1−π̄)) puts the prior's mode, which is what a MAP fit sees, exactly at π̄, and keeps both
//   shapes ≥ 1 so the closed-form π step stays inside [0, 1] even for π̄ near 0 or 1.
#include <cstddef>
#include <string>
#include <vector>

#include "assay/judge/estimators.h"

namespace assay::core::judge {

// Column means of a row-major N×e matrix. InputError for N = 0 or rows.size() ≠ N·e.
std::vector<double> meanEmbedding(const std::vector<double>& rows, std::size_t dim);
// InputError on a length mismatch or a zero vector (the cosine is undefined).
double cosine(const std::vector<double>& a, const std::vector<double>& b);

struct SourceFit {
    std::string name;
    MixtureParams params;
    std::vector<double> meanEmbedding;
};

struct TransferResult {
    std::vector<double> similarities;  // cos(ē_t, ē_s), per source
    std::vector<double> weights;       // softmax, sums to 1
    Prior prior;
};

// InputError for no sources, an embedding of another dimension than the target's (naming the
// source) or invalid source parameters; ParameterError for τ, s, κ not > 0.
TransferResult transferPrior(const std::vector<double>& targetMean,
                             const std::vector<SourceFit>& sources, double tau = 0.05,
                             double s = 0.3, double kappa = 20);

}  // namespace assay::core::judge
