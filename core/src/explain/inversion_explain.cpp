// See inversion_explain.h.
#include "inversion_explain.h"

#include "assay/explain/shapley.h"

namespace assay::core::explain::detail {

ItemExplanation explainItem(const ExplainContext& ctx, const Model& model, Method method,
                            const SyntheticItem& item, std::uint64_t seed, JobContext& job) {
    const std::vector<int> labels{ctx.set->explainedLabel};
    Explanation e;
    if (method == Method::Lime) {
        LimeOptions o;
        o.numSamples = static_cast<int>(ctx.nsamples);
        o.seed = seed;
        o.labels = labels;
        if (ctx.set->domain == Domain::Tabular) {
            e = limeTabular(model, item.x, *ctx.stats, o, job);
        } else if (ctx.set->domain == Domain::Text) {
            e = limeText(model, *item.masker, o, job);
        } else {
            e = limeImage(model, *item.masker, o, job);
        }
    } else if (method == Method::KernelShap) {
        KernelShapOptions o;
        o.nsamples = ctx.nsamples;
        o.seed = seed;
        o.labels = labels;
        e = kernelShap(model, *item.masker, o, job);
    } else {
        e = exactShapley(model, *item.masker, labels, job);
    }
    ItemExplanation out;
    out.attributions.resize(e.features);
    for (int j = 0; j < e.features; ++j) out.attributions[j] = e.attribution(j, 0);
    if (!e.localR2.empty()) out.localR2 = e.localR2[0];
    return out;
}

bool deterministicMethod(Method method, int M, std::int64_t nsamples) {
    if (method == Method::Exact) return true;
    if (method != Method::KernelShap || M >= 40) return false;
    const std::int64_t all = (std::int64_t{1} << M) - 2;
    const std::int64_t budget = nsamples > 0 ? nsamples : 2 * M + 2048;  // shap's "auto"
    return budget >= all;
}

}  // namespace assay::core::explain::detail
