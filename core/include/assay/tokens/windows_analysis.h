#pragma once
// What the Token windows view and `assay-run windows` compute with (one code path for both):
// every asked method at every asked budget on one image of a PatchFeatures (reduction, s_w,
// per-patch reconstruction error, the WiCo+ cosine map), and statistics over the whole batch
// (s_w distributions per method and budget, the linear decoder's error).
#include <cstdint>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/tokens/patch_features.h"
#include "assay/tokens/reconstruction.h"
#include "assay/tokens/token_reduction.h"

namespace assay::core::tokens {

struct WindowsRequest {
    std::vector<ReductionMethod> methods;  // empty = every method the input allows (Cls: attention)
    std::vector<GridSize> budgets;         // empty = {12×12 scaled: grid / 2}; each must divide
    int tomeR = 0;                         // ReductionSpec::tomeR
    Upsampling upsampling = Upsampling::Bilinear;  // for `error`
    WicoPlusMode wicoPlus = WicoPlusMode::Linear1d;
    bool secondSet = false;  // analyse features_b instead of features
};

struct MethodResult {
    ReductionMethod method = ReductionMethod::Wico;
    GridSize out;
    std::string unavailable;  // non-empty: not computed (Cls without attention), and why
    TokenReduction reduction;
    std::vector<double> error;  // H·W, request.upsampling
    double meanError = 0;
    double meanSimilarity = 0;  // over groups with ≥ 2 patches
    int singletons = 0;         // groups of one patch (s_w undefined)
};

struct ImageAnalysis {
    int image = 0;
    GridSize grid;
    int dim = 0;
    std::vector<MethodResult> results;   // methods × budgets, method-major in request order
    GridSize wicoPlusOut;                // the first budget
    std::vector<double> wicoPlusCosine;  // H·W (reconstruction.h)
    const MethodResult* find(ReductionMethod m, GridSize out) const;  // nullptr if absent
};

// Checks the request against the input (ParameterError naming the budget or method) and computes.
// Progress per method; cancellable.
ImageAnalysis analyseImage(const PatchFeatures& features, int image, const WindowsRequest& request,
                           JobContext& job = JobContext::none());

struct SimilarityDistribution {
    ReductionMethod method = ReductionMethod::Wico;
    GridSize out;
    std::vector<double> values;  // s_w of every group with ≥ 2 patches, over all images
    std::int64_t singletons = 0;
    double mean = 0;
};

struct BatchStatistics {
    int images = 0;
    std::vector<SimilarityDistribution> similarity;  // methods × budgets
    std::vector<DecoderResult> decoders;             // per method, first budget, same order
};

// Over every image (one pass per image, images in parallel); cancellable.
BatchStatistics analyseBatch(const PatchFeatures& features, const WindowsRequest& request,
                             JobContext& job = JobContext::none());

}  // namespace assay::core::tokens
