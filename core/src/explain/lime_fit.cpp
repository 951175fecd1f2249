// The second half of every LIME explainer (lime_base.explain_instance_with_data): kernel weights
// from the distances, then one weighted ridge per explained label on the representation. Every
// feature is kept (lime's num_features selection is not applied; the README says why).
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "assay/core/error.h"
#include "assay/explain/lime.h"
#include "ridge_internal.h"

namespace assay::core::explain {

double limeKernel(double distance, double kernelWidth) {
    return std::sqrt(std::exp(-(distance * distance) / (kernelWidth * kernelWidth)));
}

Explanation limeFit(const LimeSamples& samples, const std::vector<double>& y, int C,
                    double kernelWidth, const std::vector<int>& labels, double ridgeAlpha) {
    const std::int64_t n = samples.n;
    const int M = samples.features;
    if (C < 1) throw ParameterError("limeFit: outputs", "expected C ≥ 1");
    if (n < 1 || M < 0) throw ParameterError("limeFit: samples", "expected at least one sample");
    if (samples.representation.size() != static_cast<std::size_t>(n) * M ||
        samples.distances.size() != static_cast<std::size_t>(n))
        throw ParameterError("limeFit: samples", "representation or distances have the wrong size");

    if (y.size() != static_cast<std::size_t>(n) * static_cast<std::size_t>(C))
        throw ParameterError("limeFit: y",
                             "has " + std::to_string(y.size()) +
                                 " values, expected samples × C = " + std::to_string(n * C));
    if (!(ridgeAlpha >= 0) || !std::isfinite(ridgeAlpha))
        throw ParameterError("ridge alpha", "expected a finite value ≥ 0");
    if (!(kernelWidth > 0) || !std::isfinite(kernelWidth))
        throw ParameterError("kernel width", "expected a finite value > 0");
    for (std::size_t i = 0; i < y.size(); ++i)
        if (!std::isfinite(y[i]))
            throw InputError("model output", "sample " + std::to_string(i / C),
                             "is not finite (LIME needs finite outputs)");
    std::vector<int> chosen = labels;
    if (chosen.empty())
        for (int c = 0; c < C; ++c) chosen.push_back(c);
    for (int c : chosen)
        if (c < 0 || c >= C)
            throw ParameterError("labels",
                                 std::to_string(c) + " is outside [0, " + std::to_string(C) + ")");

    // Discretised tabular and mask distances take few values (√k, 1 − √(k/M)): remember up to 32
    // of them, and stop looking once that many distinct values have missed (continuous samples).
    std::vector<double> weights(static_cast<std::size_t>(n));
    std::vector<std::pair<double, double>> seen;
    int misses = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        const double d = samples.distances[i];
        double weight = -1;
        if (misses < 64)
            for (const auto& [dist, wt] : seen)
                if (dist == d) {
                    weight = wt;
                    break;
                }
        if (weight < 0) {
            weight = limeKernel(d, kernelWidth);
            ++misses;
            if (seen.size() < 32) seen.emplace_back(d, weight);
        }
        weights[i] = weight;
    }

    Explanation e;
    e.features = M;
    e.labels = chosen;
    const std::size_t L = chosen.size();
    e.attributions.assign(static_cast<std::size_t>(M) * L, 0.0);
    e.modelRows = n;
    const std::vector<RidgeFit> fits = detail::weightedRidgeColumns(
        samples.representation, n, M, y.data(), C, chosen, weights, ridgeAlpha);
    for (std::size_t l = 0; l < L; ++l) {
        const RidgeFit& fit = fits[l];
        for (int j = 0; j < M; ++j)
            e.attributions[static_cast<std::size_t>(j) * L + l] = fit.coef[j];
        e.intercept.push_back(fit.intercept);
        e.expectedValue.push_back(fit.intercept);
        e.localR2.push_back(fit.r2);
        e.fx.push_back(y[chosen[l]]);
    }
    return e;
}

}  // namespace assay::core::explain
