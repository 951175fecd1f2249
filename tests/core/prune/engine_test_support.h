#pragma once
// Engine tests: small random MoE layers held in float buffers, and the brute-force references
// (plain double loops) the engine is checked against.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "assay/core/random.h"
#include "assay/io/hidden_states.h"
#include "assay/prune/moe_weights.h"

namespace assay::test::prune_engine {

using namespace assay::core;
using namespace assay::core::prune;

struct Mat {
    std::int64_t r = 0, c = 0;
    std::vector<float> v;
    double at(std::int64_t i, std::int64_t j) const {
        return v[static_cast<std::size_t>(i * c + j)];
    }
};

inline Mat randomMat(std::int64_t r, std::int64_t c, SplitMix64& rng, double scale) {
    Mat m{r, c, std::vector<float>(static_cast<std::size_t>(r * c))};
    for (float& x : m.v) x = static_cast<float>(rng.normal() * scale);
    return m;
}

inline WeightView view(const std::string& name, const Mat& m) {
    WeightView w;
    w.name = name;
    w.dtype = io::DType::F32;
    w.shape = {m.r, m.c};
    w.data = m.v.data();
    return w;
}

struct TestExpert {
    Mat gate, up, down;
};

struct TestLayer {
    MoeConfig config;
    Mat router;
    std::vector<TestExpert> experts;
    bool hasShared = false;
    TestExpert shared;
    Mat sharedGate;

    MoeLayerWeights weights(int layer = 0) const {
        MoeLayerWeights w;
        w.layer = layer;
        w.router = view("router", router);
        for (const TestExpert& e : experts)
            w.experts.push_back({view("gate", e.gate), view("up", e.up), view("down", e.down)});
        w.hasShared = hasShared;
        if (hasShared) {
            w.shared = {view("sgate", shared.gate), view("sup", shared.up),
                        view("sdown", shared.down)};
            w.sharedGate = view("shared_gate", sharedGate);
        }
        return w;
    }
};

inline TestLayer randomLayer(MoeFamily family, int n, int k, int d, int f, std::uint64_t seed,
                             bool normTopk = true) {
    SplitMix64 rng(seed);
    TestLayer t;
    t.config.family = family;
    t.config.numLayers = 1;
    t.config.moeLayers = {0};
    t.config.hidden = d;
    t.config.numExperts = n;
    t.config.topK = k;
    t.config.expertHidden = f;
    t.config.normTopkProb = normTopk;
    t.router = randomMat(n, d, rng, 1.0);
    for (int p = 0; p < n; ++p)
        t.experts.push_back(
            {randomMat(f, d, rng, 0.3), randomMat(f, d, rng, 0.3), randomMat(d, f, rng, 0.3)});
    if (family == MoeFamily::QwenMoe) {
        const int fs = f + 4;
        t.config.sharedExpertHidden = fs;
        t.hasShared = true;
        t.shared = {randomMat(fs, d, rng, 0.3), randomMat(fs, d, rng, 0.3),
                    randomMat(d, fs, rng, 0.3)};
        t.sharedGate = randomMat(1, d, rng, 0.5);
    }
    return t;
}

// Tokens with a heavy tail (a few large entries), so outlier counts are not all zero.
inline Mat randomTokens(std::int64_t T, int d, std::uint64_t seed) {
    SplitMix64 rng(seed);
    Mat x = randomMat(T, d, rng, 1.0);
    for (float& v : x.v)
        if (rng.uniform() < 0.03) v *= 6.f;
    return x;
}

inline io::HiddenMatrix hiddenOf(const Mat& m, const std::string& name) {
    return {name, io::DType::F32, m.r, m.c, m.v.data()};
}

// ---- brute force ---------------------------------------------------------------------------

inline double silu(double a) { return a / (1 + std::exp(-a)); }
inline double sigmoid(double a) { return 1 / (1 + std::exp(-a)); }

inline std::vector<double> expertOut(const TestExpert& e, const float* x) {
    const std::int64_t f = e.gate.r, d = e.gate.c;
    std::vector<double> h(static_cast<std::size_t>(f)), out(static_cast<std::size_t>(d), 0.0);
    for (std::int64_t i = 0; i < f; ++i) {
        double a = 0, b = 0;
        for (std::int64_t j = 0; j < d; ++j) {
            a += e.gate.at(i, j) * x[j];
            b += e.up.at(i, j) * x[j];
        }
        h[static_cast<std::size_t>(i)] = silu(a) * b;
    }
    for (std::int64_t o = 0; o < d; ++o)
        for (std::int64_t i = 0; i < f; ++i)
            out[static_cast<std::size_t>(o)] += e.down.at(o, i) * h[static_cast<std::size_t>(i)];
    return out;
}

struct BruteRoute {
    std::vector<int> idx;  // k, descending
    std::vector<double> weight;
};

inline BruteRoute bruteRoute(const TestLayer& t, const float* x, const std::vector<bool>& kept) {
    const int n = t.config.numExperts, k = t.config.topK;
    const std::int64_t d = t.config.hidden;
    std::vector<double> z(static_cast<std::size_t>(n));
    for (int p = 0; p < n; ++p) {
        double s = 0;
        for (std::int64_t j = 0; j < d; ++j) s += t.router.at(p, j) * x[j];
        z[static_cast<std::size_t>(p)] = kept[static_cast<std::size_t>(p)] ? s : -INFINITY;
    }
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return z[a] > z[b]; });
    BruteRoute r;
    r.idx.assign(order.begin(), order.begin() + k);
    const double zmax = z[static_cast<std::size_t>(order[0])];
    if (t.config.family == MoeFamily::Mixtral || t.config.family == MoeFamily::Demo) {
        double s = 0;
        for (int p : r.idx) s += std::exp(z[p] - zmax);
        for (int p : r.idx) r.weight.push_back(std::exp(z[p] - zmax) / s);
    } else {
        double s = 0;
        for (int p = 0; p < n; ++p)
            if (kept[static_cast<std::size_t>(p)]) s += std::exp(z[p] - zmax);
        double top = 0;
        for (int p : r.idx) {
            r.weight.push_back(std::exp(z[p] - zmax) / s);
            top += r.weight.back();
        }
        if (t.config.normTopkProb)
            for (double& w : r.weight) w /= top;
    }
    return r;
}

inline std::vector<double> bruteForward(const TestLayer& t, const Mat& x,
                                        const std::vector<bool>& kept) {
    const std::int64_t d = t.config.hidden;
    std::vector<double> y(static_cast<std::size_t>(x.r * d), 0.0);
    for (std::int64_t i = 0; i < x.r; ++i) {
        const float* xi = x.v.data() + i * d;
        const BruteRoute r = bruteRoute(t, xi, kept);
        for (std::size_t j = 0; j < r.idx.size(); ++j) {
            const auto a = expertOut(t.experts[static_cast<std::size_t>(r.idx[j])], xi);
            for (std::int64_t o = 0; o < d; ++o)
                y[static_cast<std::size_t>(i * d + o)] +=
                    r.weight[j] * a[static_cast<std::size_t>(o)];
        }
        if (t.hasShared) {
            double g = 0;
            for (std::int64_t j = 0; j < d; ++j) g += t.sharedGate.at(0, j) * xi[j];
            const auto s = expertOut(t.shared, xi);
            for (std::int64_t o = 0; o < d; ++o)
                y[static_cast<std::size_t>(i * d + o)] +=
                    sigmoid(g) * s[static_cast<std::size_t>(o)];
        }
    }
    return y;
}

// Round to bf16 (nearest even) and back: the values a bf16 file holds.
inline std::uint16_t toBf16(float v) {
    std::uint32_t u;
    std::memcpy(&u, &v, 4);
    const std::uint32_t rounding = 0x7fff + ((u >> 16) & 1);
    return static_cast<std::uint16_t>((u + rounding) >> 16);
}
inline float fromBf16(std::uint16_t b) {
    const std::uint32_t u = static_cast<std::uint32_t>(b) << 16;
    float v;
    std::memcpy(&v, &u, 4);
    return v;
}

inline double relDiff(const std::vector<double>& a, const std::vector<float>& b) {
    double num = 0, den = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        num += (a[i] - b[i]) * (a[i] - b[i]);
        den += a[i] * a[i];
    }
    return std::sqrt(num / std::max(den, 1e-300));
}

}  // namespace assay::test::prune_engine
