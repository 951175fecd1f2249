// kernelShap (shapley.h): shap 0.46's KernelExplainer.explain() for one row over a masker.
// Features whose absence changes no model input (x equals every background value, np.isclose)
// are left out of the game as shap's varying_groups does and get φ = 0; one varying feature gets
// all of f(x) − E[f]; otherwise the coalitions of kernel_shap_coalitions.cpp are evaluated in one
// coalitionValues call (with ∅ and the full coalition) and solved per explained output.
#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/explain/shapley.h"
#include "kernel_shap_internal.h"
#include "shapley_internal.h"

namespace assay::core::explain {
namespace {

// Features j whose absent rows differ from the present ones somewhere (np.isclose's tolerances).
std::vector<int> varyingFeatures(const Masker& masker) {
    const int M = masker.features(), D = masker.inputs();
    const std::int64_t R = masker.rowsPerMask();
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(M), 1);
    std::vector<double> full(static_cast<std::size_t>(R * D)), without(full.size());
    masker.fill(mask.data(), full.data());
    std::vector<int> varying;
    for (int j = 0; j < M; ++j) {
        mask[j] = 0;
        masker.fill(mask.data(), without.data());
        mask[j] = 1;
        for (std::size_t i = 0; i < full.size(); ++i)
            if (!(std::fabs(full[i] - without[i]) <= 1e-8 + 1e-5 * std::fabs(without[i]))) {
                varying.push_back(j);
                break;
            }
    }
    return varying;
}

}  // namespace

Explanation kernelShap(const Model& model, const Masker& masker, const KernelShapOptions& options,
                       JobContext& job) {
    const int M = masker.features(), C = model.outputs();
    if (options.nsamples < 0)
        throw ParameterError("nsamples", std::to_string(options.nsamples) +
                                             " is negative, expected 0 (auto) or a count");
    Explanation e;
    e.features = M;
    e.labels = detail::resolveLabels(options.labels, C);
    const std::vector<int> varying = varyingFeatures(masker);
    const int Mv = static_cast<int>(varying.size());

    detail::CoalitionPlan plan;
    std::int64_t nsamples = 0, maxSamples = 1;
    if (Mv >= 2) {
        nsamples = options.nsamples == 0 ? 2 * std::int64_t{Mv} + 2048 : options.nsamples;
        maxSamples = Mv <= 30 ? (std::int64_t{1} << Mv) - 2 : std::int64_t{1} << 30;
        nsamples = std::min(nsamples, maxSamples);
        plan = detail::kernelShapCoalitions(Mv, nsamples, options.seed);
    }
    // Rows: the plan's coalitions in the full feature space (left-out features absent, as shap
    // leaves them at the background), then ∅, then the full coalition.
    const std::int64_t K = plan.count;
    std::vector<std::uint8_t> masks(static_cast<std::size_t>((K + 2) * M), 0);
    for (std::int64_t k = 0; k < K; ++k)
        for (int a = 0; a < Mv; ++a) masks[k * M + varying[a]] = plan.masks[k * Mv + a];
    std::fill(masks.begin() + (K + 1) * M, masks.end(), 1);
    const std::vector<double> v = coalitionValues(model, masker, masks, job);
    e.modelRows = (K + 2) * masker.rowsPerMask();

    const std::size_t L = e.labels.size();
    e.attributions.assign(static_cast<std::size_t>(M) * L, 0.0);
    const bool l1 = options.l1 == L1Reg::Auto && double(nsamples) / double(maxSamples) < 0.2;
    std::vector<double> eyAdj(static_cast<std::size_t>(K));
    for (std::size_t l = 0; l < L; ++l) {
        const int c = e.labels[l];
        const double fnull = v[K * C + c], fx = v[(K + 1) * C + c];
        e.expectedValue.push_back(fnull);
        e.fx.push_back(fx);
        if (Mv == 0) continue;
        if (Mv == 1) {
            e.attributions[static_cast<std::size_t>(varying[0]) * L + l] = fx - fnull;
            continue;
        }
        for (std::int64_t k = 0; k < K; ++k) eyAdj[k] = v[k * C + c] - fnull;
        const std::vector<double> phi = detail::kernelShapSolve(plan, Mv, eyAdj, fx - fnull, l1);
        for (int a = 0; a < Mv; ++a)
            e.attributions[static_cast<std::size_t>(varying[a]) * L + l] = phi[a];
    }
    return e;
}

}  // namespace assay::core::explain
