#pragma once
// Visual token reduction over a patch grid (papers.md §3): WiCo window concatenation and the
// baselines at the same budget, on one image's features [H·W, D] (raster order, floats).
//
// Budgets: an output grid Hout × Wout whose sides divide H and W (WiCo's geometry with
// s = floor(H/Hout), κ = H − (Hout − 1)·s, i.e. κ = s, non-overlapping); other sizes are refused
// (ParameterError explaining that a side that does not divide gives overlapping windows whose
// κ² ≠ window size — papers.md §3(c) 2 — and listing the sides that work). M = Hout·Wout tokens.
//
// Methods (every one fills `source`: for each patch the output token that holds it, or −1 when
// no token does — CLS selection drops patches):
//   Wico      tokens [M, D·κ²], element c·κ² + a·κ + b = channel c of the patch at window offset
//             (a, b) — the official unfold layout (channel-major), tokens in raster order of
//             windows
//   Pool      2-D average pooling over the same windows, tokens [M, D]
//   Concat1d  g = H·W / M consecutive patches in raster order (MiniGPT-v2's TokenConcat), tokens
//             [M, D·g], element c·g + j = channel c of member j
//   Tome      ToMe bipartite soft matching (facebookresearch/ToMe tome/merge.py:
//             bipartite_soft_matching + merge_wavg with sizes, no class token) applied step by step
//             to the features themselves as the metric (cosine), r tokens per step (the last step
//             takes what is left to reach M), tokens [M, D] = size-weighted means, in ToMe's order
//             after the last step (unmerged A tokens in descending-score order, then B)
//   Cls       the M patches with the highest CLS attention (ties: lower index), tokens [M, D] in
//             raster order; needs attention [H·W] (ParameterError without)
// Group similarity s_w of an output token = mean over ordered pairs i ≠ j of its member patches of
// cos(v_i, v_j) (fp32 products, double accumulation; a zero vector has cosine 0); NaN for a group
// of one patch (ToMe survivors, CLS selection), which histograms leave out and say how many.
#include <cstdint>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/tokens/patch_features.h"

namespace assay::core::tokens {

enum class ReductionMethod { Wico, Pool, Concat1d, Tome, Cls };
const char* reductionMethodName(ReductionMethod m);  // "wico", "pool", "concat1d", "tome", "cls"
ReductionMethod reductionMethodFromName(const std::string& name);  // ParameterError otherwise
std::vector<ReductionMethod> allReductionMethods();                // in the order above

struct WindowGeometry {
    GridSize in;
    GridSize out;
    int strideRows = 0, strideCols = 0;  // s
    int kernelRows = 0, kernelCols = 0;  // κ (= s)
    int tokens() const { return out.rows * out.cols; }
    int windowSize() const { return kernelRows * kernelCols; }
};
// ParameterError as above.
WindowGeometry windowGeometry(GridSize in, GridSize out);
// Output sides Hout (= Wout for square grids) that divide the grid, ascending, excluding the grid
// itself: 24 → 1, 2, 3, 4, 6, 8, 12.
std::vector<GridSize> budgetGrids(GridSize in);

struct ReductionSpec {
    ReductionMethod method = ReductionMethod::Wico;
    GridSize out{12, 12};
    int tomeR = 0;  // ToMe tokens merged per step; 0 = (H·W − M) / 8 rounded up (8 steps)
};

struct TokenReduction {
    ReductionMethod method = ReductionMethod::Wico;
    GridSize in, out;
    int tokenCount = 0;                     // M
    int tokenDim = 0;                       // D·κ², D·g or D
    std::vector<float> tokens;              // M × tokenDim
    std::vector<std::int32_t> source;       // H·W: output token per patch, −1 = dropped
    std::vector<double> similarity;         // M: s_w, NaN for single-patch groups
    std::vector<std::vector<int>> members;  // M: each token's patches, ascending
};

// One image: features H·W × D. `attention` only for Cls.
TokenReduction reduceTokens(const float* features, GridSize grid, int dim,
                            const ReductionSpec& spec, const std::vector<double>& attention = {});

// The members' pairwise cosine matrix (k × k, row-major, diagonal 1) — the view's "members" figure.
std::vector<double> pairwiseCosine(const float* features, int dim, const std::vector<int>& patches);

// Similarity only (no tokens), for statistics over a batch and the benchmark: s_w per group.
std::vector<double> groupSimilarity(const float* features, int dim,
                                    const std::vector<std::vector<int>>& groups);

}  // namespace assay::core::tokens
