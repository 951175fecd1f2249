#pragma once
// The explain benchmarks' network (bench_kernelshap, bench_lime): a ReLU MLP with seeded normal
// weights (He scale; biases N(0, 0.1²)), and its tensors W0, b0, W1, ... for the NumPy reference.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "assay/core/random.h"
#include "assay/explain/model.h"
#include "assay/io/tensor_file.h"

namespace assay::bench {

inline std::vector<double> normals(std::size_t n, std::uint64_t seed, double scale) {
    core::SplitMix64 rng(seed);
    std::vector<double> v(n);
    for (double& x : v) x = rng.normal() * scale;
    return v;
}

// widths: inputs, hidden..., outputs. Appends each layer's W and b to `tensors`.
inline std::vector<core::explain::DenseLayer> benchMlpLayers(
    const std::vector<int>& widths, std::vector<core::io::TensorToWrite>& tensors) {
    std::vector<core::explain::DenseLayer> layers;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        const int in = widths[l], out = widths[l + 1];
        core::explain::DenseLayer layer{in, out,
                                        normals(std::size_t(in) * out, 10 + l, std::sqrt(2.0 / in)),
                                        normals(std::size_t(out), 20 + l, 0.1)};
        tensors.push_back(core::io::tensorFromDoubles("W" + std::to_string(l), layer.W, {out, in}));
        tensors.push_back(core::io::tensorFromDoubles("b" + std::to_string(l), layer.b, {out}));
        layers.push_back(std::move(layer));
    }
    return layers;
}

}  // namespace assay::bench
