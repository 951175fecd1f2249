// Mini-batch Adam on a tanh MLP (see mlp_train.h). Deliberately simple loops: the networks are
// tiny (≤ a few thousand weights) and the training must be single-threaded and reproducible.
#include "mlp_train.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"

namespace assay::core::explain::detail {

namespace {

struct Adam {
    std::vector<double> m, v;
    explicit Adam(std::size_t n) : m(n, 0.0), v(n, 0.0) {}
    void step(std::vector<double>& w, const std::vector<double>& g, double lr, std::int64_t t) {
        constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        const double c1 = 1 - std::pow(b1, static_cast<double>(t));
        const double c2 = 1 - std::pow(b2, static_cast<double>(t));
        for (std::size_t i = 0; i < w.size(); ++i) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            w[i] -= lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
        }
    }
};

// Xavier-uniform for networks with hidden layers (they need the symmetry broken); zeros for a
// linear / logistic model, whose loss is convex: an input that carries no signal then keeps a
// weight near 0 instead of its random start (which, times a large input change, would read as
// attribution to an input the model never learned to use).
std::vector<DenseLayer> initialLayers(const std::vector<int>& sizes, SplitMix64& rng) {
    const bool linear = sizes.size() == 2;
    std::vector<DenseLayer> layers;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        DenseLayer L;
        L.in = sizes[l];
        L.out = sizes[l + 1];
        const double a = std::sqrt(6.0 / (L.in + L.out));  // Xavier-uniform, suited to tanh
        L.W.resize(static_cast<std::size_t>(L.in) * L.out);
        for (double& w : L.W) w = linear ? 0.0 : (2 * rng.uniform() - 1) * a;
        L.b.assign(L.out, 0.0);
        layers.push_back(std::move(L));
    }
    return layers;
}

// Activations of every layer for one row: acts[0] = row, acts[l + 1] = layer l's output.
void forwardAll(const std::vector<DenseLayer>& layers, const double* row,
                std::vector<std::vector<double>>& acts) {
    acts.resize(layers.size() + 1);
    acts[0].assign(row, row + layers[0].in);
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const DenseLayer& L = layers[l];
        std::vector<double>& out = acts[l + 1];
        out.assign(L.out, 0.0);
        for (int o = 0; o < L.out; ++o) {
            const double* w = L.W.data() + static_cast<std::size_t>(o) * L.in;
            double s = L.b[o];
            for (int i = 0; i < L.in; ++i) s += w[i] * acts[l][i];
            out[o] = l + 1 < layers.size() ? std::tanh(s) : s;
        }
    }
}

void validate(const std::vector<double>& X, std::int64_t n, const std::vector<double>& y,
              const TrainSpec& spec) {
    if (spec.sizes.size() < 2) throw ParameterError("sizes", "need at least inputs and outputs");
    for (int s : spec.sizes) {
        if (s < 1) throw ParameterError("sizes", "a layer of width " + std::to_string(s));
    }
    if (n < 1 || X.size() != static_cast<std::size_t>(n) * spec.sizes.front() ||
        y.size() != static_cast<std::size_t>(n)) {
        throw ParameterError("training data", "X has " + std::to_string(X.size()) +
                                                  " values and y " + std::to_string(y.size()) +
                                                  ", expected n × D and n");
    }
    if (spec.epochs < 1 || spec.batch < 1 || !(spec.learningRate > 0) || !(spec.l2 >= 0)) {
        throw ParameterError("training", "epochs, batch and learning rate must be positive");
    }
}

}  // namespace

std::vector<double> networkForward(const std::vector<DenseLayer>& layers, const double* row) {
    std::vector<std::vector<double>> acts;
    forwardAll(layers, row, acts);
    return acts.back();
}

std::vector<DenseLayer> trainNetwork(const std::vector<double>& X, std::int64_t n,
                                     const std::vector<double>& y, const TrainSpec& spec,
                                     JobContext& job) {
    validate(X, n, y, spec);
    SplitMix64 rng(spec.seed);
    std::vector<DenseLayer> layers = initialLayers(spec.sizes, rng);
    const std::size_t L = layers.size();
    const int D = spec.sizes.front();
    std::vector<Adam> adamW, adamB;
    std::vector<std::vector<double>> gW(L), gB(L);
    for (const DenseLayer& layer : layers) {
        adamW.emplace_back(layer.W.size());
        adamB.emplace_back(layer.b.size());
    }
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::vector<double>> acts, deltas(L);
    std::int64_t t = 0;
    for (int epoch = 0; epoch < spec.epochs; ++epoch) {
        job.progress(epoch, spec.epochs);
        for (std::int64_t i = n - 1; i > 0; --i) {  // Fisher–Yates with our own generator
            std::swap(order[i], order[static_cast<std::int64_t>(rng.below(i + 1))]);
        }
        for (std::int64_t start = 0; start < n; start += spec.batch) {
            const std::int64_t end = std::min<std::int64_t>(n, start + spec.batch);
            for (std::size_t l = 0; l < L; ++l) {
                gW[l].assign(layers[l].W.size(), 0.0);
                gB[l].assign(layers[l].b.size(), 0.0);
            }
            for (std::int64_t k = start; k < end; ++k) {
                const std::int64_t r = order[k];
                forwardAll(layers, X.data() + r * D, acts);
                std::vector<double>& top = deltas[L - 1];
                top = acts[L];
                if (spec.loss == TrainLoss::SquaredError) {
                    top[0] -= y[r];
                } else {  // softmax cross-entropy: p − onehot(y)
                    const double mx = *std::max_element(top.begin(), top.end());
                    double z = 0;
                    for (double& v : top) z += (v = std::exp(v - mx));
                    for (double& v : top) v /= z;
                    top[static_cast<int>(y[r])] -= 1;
                }
                for (std::size_t l = L; l-- > 0;) {
                    const DenseLayer& layer = layers[l];
                    const std::vector<double>& d = deltas[l];
                    for (int o = 0; o < layer.out; ++o) {
                        double* g = gW[l].data() + static_cast<std::size_t>(o) * layer.in;
                        for (int i = 0; i < layer.in; ++i) g[i] += d[o] * acts[l][i];
                        gB[l][o] += d[o];
                    }
                    if (l == 0) break;
                    std::vector<double>& below = deltas[l - 1];
                    below.assign(layer.in, 0.0);
                    for (int o = 0; o < layer.out; ++o) {
                        const double* w = layer.W.data() + static_cast<std::size_t>(o) * layer.in;
                        for (int i = 0; i < layer.in; ++i) below[i] += w[i] * d[o];
                    }
                    for (int i = 0; i < layer.in; ++i) below[i] *= 1 - acts[l][i] * acts[l][i];
                }
            }
            const double scale = 1.0 / static_cast<double>(end - start);
            ++t;
            for (std::size_t l = 0; l < L; ++l) {
                for (std::size_t i = 0; i < gW[l].size(); ++i) {
                    gW[l][i] = gW[l][i] * scale + spec.l2 * layers[l].W[i];
                }
                for (double& g : gB[l]) g *= scale;
                adamW[l].step(layers[l].W, gW[l], spec.learningRate, t);
                adamB[l].step(layers[l].b, gB[l], spec.learningRate, t);
            }
        }
    }
    job.progress(spec.epochs, spec.epochs);
    return layers;
}

}  // namespace assay::core::explain::detail
