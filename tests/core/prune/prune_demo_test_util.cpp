#include "prune_demo_test_util.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <memory>
#include <numeric>

#include "assay/core/random.h"

namespace assay::core::prune::test_support {

PruneDemoBackendChecks& checks(PruneDemoBackend& b) {
    return static_cast<PruneDemoBackendChecks&>(b);  // prune_demo_checks.h: always one of these
}

PruneDemoBackendChecks& trainedPruneDemo() {
    static const std::unique_ptr<PruneDemoBackend> demo = [] {
        const auto t0 = std::chrono::steady_clock::now();
        auto d = makePruneDemoBackend(PruneDemoSpec{}, kHeldOut, JobContext::none());
        std::cout << "[ demo    ] trained in "
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
                  << " s\n";
        return d;
    }();
    return checks(*demo);
}

ExpertMask fullMask(const MoeConfig& c) {
    ExpertMask m;
    m.numExperts = c.numExperts;
    m.topK = c.topK;
    m.criterion = "manual";
    m.procedure = "manual";
    for (int l : c.moeLayers) m.layers[l].kept.assign(static_cast<std::size_t>(c.numExperts), true);
    return m;
}

void drop(ExpertMask& mask, int layer, int expert) {
    mask.layers[layer].kept.at(static_cast<std::size_t>(expert)) = false;
    mask.layers[layer].dropOrder.push_back(expert);
}

ExpertMask randomMask(const MoeConfig& c, int keep, std::uint64_t seed) {
    ExpertMask m = fullMask(c);
    SplitMix64 rng(seed);
    for (int l : c.moeLayers) {
        std::vector<int> order(static_cast<std::size_t>(c.numExperts));
        std::iota(order.begin(), order.end(), 0);
        for (int i = c.numExperts - 1; i > 0; --i)  // Fisher–Yates
            std::swap(order[i], order[rng.below(static_cast<std::uint64_t>(i + 1))]);
        for (int i = keep; i < c.numExperts; ++i) drop(m, l, order[i]);
    }
    return m;
}

bool keepsExpert(const ExpertMask& mask, int layer, int expert) {
    const auto it = mask.layers.find(layer);
    return it == mask.layers.end() || it->second.kept.at(static_cast<std::size_t>(expert));
}

std::vector<double> referenceBlock(const MoeLayerWeights& w, const MoeConfig& c,
                                   const ExpertMask& mask, const std::vector<float>& x,
                                   std::vector<bool>& ambiguous, double tieMargin) {
    const int d = c.hidden, n = c.numExperts, f = c.expertHidden, k = c.topK;
    const auto T = static_cast<int>(x.size() / d);
    auto at = [](const WeightView& v, std::int64_t i) {
        return static_cast<double>(static_cast<const float*>(v.data)[i]);
    };
    std::vector<double> y(x.size(), 0.0);
    ambiguous.assign(static_cast<std::size_t>(T), false);
    std::vector<double> z(n), a(f);
    std::vector<int> order(n);
    for (int t = 0; t < T; ++t) {
        const float* xt = &x[static_cast<std::size_t>(t) * d];
        for (int j = 0; j < n; ++j) {
            z[j] = -INFINITY;
            if (!keepsExpert(mask, w.layer, j)) continue;
            double s = 0;
            for (int i = 0; i < d; ++i) s += at(w.router, j * d + i) * xt[i];
            z[j] = s;
        }
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int p, int q) { return z[p] > z[q]; });
        if (k < n && std::isfinite(z[order[k]]) && z[order[k - 1]] - z[order[k]] < tieMargin)
            ambiguous[t] = true;
        double norm = 0;
        for (int r = 0; r < k; ++r) norm += std::exp(z[order[r]] - z[order[0]]);
        for (int r = 0; r < k; ++r) {
            const int j = order[r];
            const double g = std::exp(z[j] - z[order[0]]) / norm;
            const ExpertWeights& e = w.experts[j];
            for (int q = 0; q < f; ++q) {
                double gs = 0, us = 0;
                for (int i = 0; i < d; ++i) {
                    gs += at(e.gate, q * d + i) * xt[i];
                    us += at(e.up, q * d + i) * xt[i];
                }
                a[q] = gs / (1 + std::exp(-gs)) * us;
            }
            for (int i = 0; i < d; ++i) {
                double s = 0;
                for (int q = 0; q < f; ++q) s += at(e.down, i * f + q) * a[q];
                y[static_cast<std::size_t>(t) * d + i] += g * s;
            }
        }
    }
    return y;
}

namespace {
void append(std::vector<float>& out, const WeightView& v) {
    const auto* p = static_cast<const float*>(v.data);
    std::int64_t count = 1;
    for (auto s : v.shape) count *= s;
    out.insert(out.end(), p, p + count);
}
}  // namespace

std::vector<float> expertWeights(const PruneDemoBackend& b, int layer, int expert) {
    const MoeLayerWeights w = b.layer(layer);
    std::vector<float> out;
    const auto* r = static_cast<const float*>(w.router.data);
    const int d = b.config().hidden;
    out.insert(out.end(), r + expert * d, r + (expert + 1) * d);
    append(out, w.experts[expert].gate);
    append(out, w.experts[expert].up);
    append(out, w.experts[expert].down);
    return out;
}

std::vector<float> allWeights(const PruneDemoBackend& b) {
    std::vector<float> out;
    for (int l : b.config().moeLayers) {
        const MoeLayerWeights w = b.layer(l);
        append(out, w.router);
        for (const ExpertWeights& e : w.experts) {
            append(out, e.gate);
            append(out, e.up);
            append(out, e.down);
        }
    }
    return out;
}

}  // namespace assay::core::prune::test_support
