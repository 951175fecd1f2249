#pragma once
// The Inversion view's and `assay-run inversion`'s shared analysis: a synthetic set, its clean or
// shortcut model, LIME and KernelSHAP explanations of its items, their IQ scores before and after
// RBP, the pokes, LIME's local R² and stability over seeds, the model-randomisation check, and
// (with several strengths) IS against the spurious-correlation strength.
#include <cstdint>
#include <string>
#include <vector>

#include "assay/explain/explanation.h"
#include "assay/explain/synthetic.h"

namespace assay::core::explain {

struct InversionRequest {
    Domain domain = Domain::Tabular;
    std::vector<double> strengths{0.9};  // the first is the one explained in detail
    ModelKind model = ModelKind::Shortcut;
    std::vector<Method> methods{Method::Lime, Method::KernelShap};
    int items = 20;
    std::int64_t nsamples = 0;  // 0 = each method's default
    double p = 2.0;             // IS power
    double lambda = 1.0;        // RBP
    int stabilitySeeds = 5;     // LIME/SHAP reruns for the stability bands (0 = off)
    std::uint64_t seed = 0;
};

struct ItemResult {                    // one explained item, one method
    std::vector<double> attributions;  // M (the explained label)
    std::vector<double> refined;       // RBP ã
    Pokes pokes;
    Stability stability;  // empty when stabilitySeeds = 0
    double R = 0, F = 0, IS = 0, R_rbp = 0, F_rbp = 0, IS_rbp = 0;
    double localR2 = 0;  // LIME
};

struct MethodResult {
    Method method = Method::Lime;
    std::vector<ItemResult> items;
    double meanR = 0, meanF = 0, meanIS = 0, meanIS_rbp = 0;
    // Model-randomisation check: mean over items of the Spearman correlation between the
    // attributions of the trained and of the randomised model (low = the explanation depends on
    // the weights, as it must). NaN when the model cannot be randomised.
    double randomisationCorrelation = 0;
};

struct SweepPoint {
    double strength = 0;
    std::vector<double> meanIS, meanIS_rbp;  // per method, request order
};

struct InversionAnalysis {
    InversionRequest request;
    SyntheticSet set;  // at strengths[0] (items with images, words, truth)
    std::string modelDescription;
    std::vector<MethodResult> methods;  // request order, at strengths[0]
    std::vector<SweepPoint> sweep;      // one per strength when several, else empty
};

// Progress over every explanation; cancel between items. ParameterError for empty methods,
// strengths outside [0,1], items < 1, p < 1, λ < 0.
InversionAnalysis analyseInversion(const InversionRequest& request, JobContext& job);

}  // namespace assay::core::explain
