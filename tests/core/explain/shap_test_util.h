#pragma once
// Models, data and brute-force references shared by the shap part's tests.
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "assay/core/random.h"
#include "assay/explain/model.h"

namespace assay::core::explain::test {

// papers.md §7(f): f(v) = v1·sin(v2) + 0.5·v3 + v1·v3.
inline std::unique_ptr<Model> papersFunction() {
    return functionModel(
        3, 1,
        [](const double* r, std::int64_t n, double* out) {
            for (std::int64_t i = 0; i < n; ++i) {
                const double* v = r + 3 * i;
                out[i] = v[0] * std::sin(v[1]) + 0.5 * v[2] + v[0] * v[2];
            }
        },
        "papers 7(f)");
}

inline std::vector<double> gaussian(std::size_t n, std::uint64_t seed, double scale = 1.0) {
    SplitMix64 rng(seed);
    std::vector<double> v(n);
    for (double& x : v) x = rng.normal() * scale;
    return v;
}

// A random tanh MLP D → H → C (softmax when C > 1, identity when C = 1).
inline std::unique_ptr<Model> randomMlp(int D, int H, int C, std::uint64_t seed) {
    std::vector<DenseLayer> layers(2);
    layers[0] = {D, H, gaussian(std::size_t(D * H), seed, 0.7), gaussian(std::size_t(H), seed + 1)};
    layers[1] = {H, C, gaussian(std::size_t(H * C), seed + 2, 0.7),
                 gaussian(std::size_t(C), seed + 3)};
    return mlpModel(std::move(layers), Activation::Tanh,
                    C > 1 ? OutputLink::Softmax : OutputLink::Identity);
}

// A model with pairwise interactions that ignores feature `dummy` entirely.
inline std::unique_ptr<Model> interactionModel(int D, int dummy) {
    return functionModel(
        D, 2,
        [D, dummy](const double* r, std::int64_t n, double* out) {
            for (std::int64_t i = 0; i < n; ++i) {
                const double* v = r + D * i;
                double a = 0, b = 0;
                for (int j = 0; j < D; ++j) {
                    if (j == dummy) continue;
                    const int k = (j + 1) % D == dummy ? (j + 2) % D : (j + 1) % D;
                    a += (j + 1) * 0.3 * v[j] + v[j] * v[k];
                    b += std::cos(v[j]) * (j % 3 == 0 ? 1.0 : -0.5);
                }
                out[2 * i] = a;
                out[2 * i + 1] = std::tanh(b);
            }
        },
        "interactions");
}

}  // namespace assay::core::explain::test
