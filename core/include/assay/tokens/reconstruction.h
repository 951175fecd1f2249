#pragma once
// Information loss of a token reduction and WiCo+ upsampling (papers.md §3(c), §3(e)).
//
// Reconstruction back to the H × W grid, per patch:
//   Wico, Concat1d  the tokens hold every member: the inverse layout restores them exactly
//                   (error 0, "lossless by construction" — what concatenation keeps);
//   Pool            Nearest: each patch gets its window's mean; Bilinear: the Hout × Wout token
//   grid
//                   bilinearly upsampled to H × W (align_corners = false, edge clamped, as
//                   torch.nn.functional.interpolate(mode="bilinear"));
//   Tome            each patch gets its merged token (Nearest and Bilinear alike: no grid);
//   Cls             a kept patch is exact; a dropped one gets the kept token nearest on the grid
//                   (Euclidean in patch units, ties to the lower token index).
// Per-patch error = ‖v̂ − v‖² / ‖v‖² (0 when v = 0 and v̂ = 0; 1 when v = 0 ≠ v̂ … see .cpp).
// Linear decoder over a batch: per within-group position (Pool: the κ² window offsets; Tome, Cls:
// one map) a D × D least-squares map (ridge 1e-6·trace/D for stability) from output token to member
// patch, fitted on every image of the batch and evaluated on them; unavailable for one image
// ("a decoder needs a batch: one image gives fewer equations than unknowns"), for fewer samples
// per map than D (images × patches per map < D: an exact, meaningless fit) and for Wico/Concat1d
// (lossless by construction).
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/tokens/patch_features.h"
#include "assay/tokens/token_reduction.h"

namespace assay::core::tokens {

enum class Upsampling { Nearest, Bilinear };
const char* upsamplingName(Upsampling u);                // "nearest", "bilinear"
Upsampling upsamplingFromName(const std::string& name);  // ParameterError otherwise

// The reconstructed grid H·W × D.
std::vector<float> reconstructGrid(const TokenReduction& reduction, int dim, Upsampling mode);
// H·W errors of `reconstructed` against `features`.
std::vector<double> patchError(const float* features, const float* reconstructed, int dim,
                               std::int64_t patches);

struct DecoderResult {
    std::string unavailable;         // non-empty: not fitted, and why
    std::vector<double> patchError;  // B × H·W, as patchError()
    double meanError = 0;
};
DecoderResult fitLinearDecoder(const PatchFeatures& batch, const ReductionSpec& spec,
                               JobContext& job = JobContext::none());

// WiCo+ (papers.md §3(c)): `tokens` [ns, channels] upsampled along the token axis to nt with 1-D
// linear interpolation, align_corners = true: output j at x = j·(ns − 1)/(nt − 1) is
// (1 − frac x)·t⌊x⌋ + frac x·t⌈x⌉ (ns = 1: every output is t0). End points kept exactly;
// nt = ns is the identity.
std::vector<float> upsampleTokens1d(const float* tokens, int ns, int channels, int nt);
// PROPOSAL 2-D option: the Hs × Ws token grid bilinearly upsampled (align_corners = true) to Ht ×
// Wt.
std::vector<float> upsampleTokens2d(const float* tokens, GridSize from, int channels, GridSize to);

enum class WicoPlusMode { Linear1d, Bilinear2d };
const char* wicoPlusModeName(WicoPlusMode m);                // "linear1d", "bilinear2d"
WicoPlusMode wicoPlusModeFromName(const std::string& name);  // ParameterError otherwise

// The diagnostic the view draws: the pooled tokens at `out` (D channels, the LLM-width stand-in)
// upsampled back to H·W by `mode`, and each patch's cosine to its original token [H·W]; the 1-D
// mode shows the raster-order seam at row ends.
std::vector<double> wicoPlusCosine(const float* features, GridSize grid, int dim, GridSize out,
                                   WicoPlusMode mode);

}  // namespace assay::core::tokens
