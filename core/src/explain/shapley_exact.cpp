// exactShapley (shapley.h): all 2^M coalitions through coalitionValues, then the Shapley sum.
// Mask k has feature j present when bit j of k is set, so S ∪ {j} is k | 2^j.
#include <algorithm>
#include <string>

#include "assay/core/error.h"
#include "assay/explain/shapley.h"
#include "shapley_internal.h"

namespace assay::core::explain {

namespace detail {

std::vector<int> resolveLabels(const std::vector<int>& labels, int C) {
    std::vector<int> out = labels;
    if (out.empty())
        for (int c = 0; c < C; ++c) out.push_back(c);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] < 0 || out[i] >= C)
            throw ParameterError("labels", std::to_string(out[i]) + " is outside 0.." +
                                               std::to_string(C - 1) + " (the model's outputs)");
        if (std::find(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(i), out[i]) !=
            out.begin() + static_cast<std::ptrdiff_t>(i))
            throw ParameterError("labels", std::to_string(out[i]) + " is given twice");
    }
    return out;
}

}  // namespace detail

Explanation exactShapley(const Model& model, const Masker& masker, const std::vector<int>& labels,
                         JobContext& job) {
    const int M = masker.features();
    constexpr int kMaxFeatures = 20;
    if (M > kMaxFeatures)
        throw ResourceError("exact Shapley: " + std::to_string(M) + " features would take 2^" +
                            std::to_string(M) + " coalitions; at most " +
                            std::to_string(kMaxFeatures) + " fit (use kernelshap)");
    const int C = model.outputs();
    Explanation e;
    e.features = M;
    e.labels = detail::resolveLabels(labels, C);
    const std::int64_t K = std::int64_t{1} << M;
    std::vector<std::uint8_t> masks(static_cast<std::size_t>(K * M));
    for (std::int64_t k = 0; k < K; ++k)
        for (int j = 0; j < M; ++j) masks[static_cast<std::size_t>(k * M + j)] = (k >> j) & 1;
    const std::vector<double> v = coalitionValues(model, masker, masks, job);
    e.modelRows = K * masker.rowsPerMask();

    // weight[s] = s!(M−s−1)!/M! = 1 / (M · C(M−1, s)), built from C(M−1, s) by its recurrence.
    std::vector<double> weight(static_cast<std::size_t>(M));
    double binom = 1;
    for (int s = 0; s < M; ++s) {
        weight[static_cast<std::size_t>(s)] = 1.0 / (M * binom);
        binom = binom * (M - 1 - s) / (s + 1);
    }
    const std::size_t L = e.labels.size();
    e.attributions.assign(static_cast<std::size_t>(M) * L, 0.0);
    for (int j = 0; j < M; ++j) {
        const std::int64_t bit = std::int64_t{1} << j;
        for (std::size_t l = 0; l < L; ++l) {
            const int c = e.labels[l];
            double phi = 0;
            for (std::int64_t k = 0; k < K; ++k) {
                if (k & bit) continue;
                const int s = __builtin_popcountll(static_cast<unsigned long long>(k));
                phi += weight[static_cast<std::size_t>(s)] * (v[(k | bit) * C + c] - v[k * C + c]);
            }
            e.attributions[static_cast<std::size_t>(j) * L + l] = phi;
        }
    }
    for (int c : e.labels) {
        e.expectedValue.push_back(v[static_cast<std::size_t>(c)]);
        e.fx.push_back(v[static_cast<std::size_t>((K - 1) * C + c)]);
    }
    return e;
}

}  // namespace assay::core::explain
