// A dense MLP in plain C++ (model.h): the demo's trained models and the benchmark's network.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "model_internal.h"

namespace assay::core::explain {
namespace {

// Rows per pass through the layers: the activations of a block stay in cache.
constexpr std::int64_t kBlockRows = 128;

class MlpModel final : public Model {
public:
    MlpModel(std::vector<DenseLayer> layers, Activation hidden, OutputLink link)
        : m_layers(std::move(layers)), m_hidden(hidden), m_link(link) {
        for (const DenseLayer& l : m_layers) m_widest = std::max({m_widest, l.in, l.out});
    }
    int inputs() const override { return m_layers.front().in; }
    int outputs() const override { return m_layers.back().out; }

    // Activations are kept feature-major ([feature][row] over a block of rows) so that the
    // inner loop runs over contiguous rows, which the compiler vectorises.
    void evaluate(const double* rows, std::int64_t n, double* out) const override {
        detail::checkEvaluateArgs("mlp model", rows, n, out);
        const int D = inputs(), C = outputs();
        std::vector<double> a(static_cast<std::size_t>(kBlockRows * m_widest));
        std::vector<double> b(a.size());
        for (std::int64_t r0 = 0; r0 < n; r0 += kBlockRows) {
            const std::int64_t m = std::min(kBlockRows, n - r0);
            for (std::int64_t r = 0; r < m; ++r)
                for (int i = 0; i < D; ++i) a[i * kBlockRows + r] = rows[(r0 + r) * D + i];
            for (std::size_t li = 0; li < m_layers.size(); ++li) {
                forwardLayer(m_layers[li], a.data(), m, b.data(), li + 1 < m_layers.size());
                std::swap(a, b);
            }
            for (std::int64_t r = 0; r < m; ++r)
                for (int c = 0; c < C; ++c) out[(r0 + r) * C + c] = a[c * kBlockRows + r];
        }
        detail::applyLink(m_link, out, n, C);
    }

    std::string describe() const override {
        std::ostringstream s;
        s << "mlp " << inputs();
        for (const DenseLayer& l : m_layers) s << "→" << l.out;
        s << (m_hidden == Activation::Relu ? " relu " : " tanh ") << outputLinkName(m_link);
        return s.str();
    }

    // Each layer's W and b redrawn as N(0, rms²) with that layer's trained root mean square.
    std::unique_ptr<Model> randomised(std::uint64_t seed) const override {
        std::vector<DenseLayer> layers = m_layers;
        for (std::size_t li = 0; li < layers.size(); ++li) {
            SplitMix64 rng(streamSeed(seed, li));
            for (std::vector<double>* v : {&layers[li].W, &layers[li].b}) {
                double ss = 0;
                for (double x : *v) ss += x * x;
                const double rms = v->empty() ? 0.0 : std::sqrt(ss / double(v->size()));
                for (double& x : *v) x = rng.normal() * rms;
            }
        }
        return std::make_unique<MlpModel>(std::move(layers), m_hidden, m_link);
    }

private:
    // in: l.in × kBlockRows, out: l.out × kBlockRows (feature-major), m rows used.
    void forwardLayer(const DenseLayer& l, const double* in, std::int64_t m, double* out,
                      bool activate) const {
        for (int o = 0; o < l.out; ++o) {
            double* y = out + o * kBlockRows;
            const double bias = l.b[o];
            for (std::int64_t r = 0; r < m; ++r) y[r] = bias;
            const double* w = l.W.data() + static_cast<std::size_t>(o) * l.in;
            for (int i = 0; i < l.in; ++i) {
                const double wi = w[i];
                const double* x = in + i * kBlockRows;
                for (std::int64_t r = 0; r < m; ++r) y[r] += wi * x[r];
            }
            if (!activate) continue;
            if (m_hidden == Activation::Relu) {
                for (std::int64_t r = 0; r < m; ++r) y[r] = y[r] > 0 ? y[r] : 0.0;
            } else {
                for (std::int64_t r = 0; r < m; ++r) y[r] = std::tanh(y[r]);
            }
        }
    }

    std::vector<DenseLayer> m_layers;
    Activation m_hidden;
    OutputLink m_link;
    int m_widest = 0;
};

}  // namespace

std::unique_ptr<Model> mlpModel(std::vector<DenseLayer> layers, Activation hidden,
                                OutputLink link) {
    if (layers.empty()) throw ParameterError("mlp layers", "none given, expected at least one");
    for (std::size_t li = 0; li < layers.size(); ++li) {
        DenseLayer& l = layers[li];
        const std::string name = "mlp layer " + std::to_string(li);
        if (l.in < 1 || l.out < 1)
            throw ParameterError(name, "shape " + std::to_string(l.out) + "×" +
                                           std::to_string(l.in) + ", expected ≥ 1 each");
        if (li > 0 && l.in != layers[li - 1].out)
            throw ParameterError(name, "takes " + std::to_string(l.in) + " inputs, layer " +
                                           std::to_string(li - 1) + " gives " +
                                           std::to_string(layers[li - 1].out));
        if (l.W.size() != static_cast<std::size_t>(l.in) * l.out)
            throw ParameterError(name + " W", std::to_string(l.W.size()) + " values, expected " +
                                                  std::to_string(l.in * l.out));
        if (l.b.empty()) l.b.assign(static_cast<std::size_t>(l.out), 0.0);
        if (l.b.size() != static_cast<std::size_t>(l.out))
            throw ParameterError(name + " b", std::to_string(l.b.size()) + " values, expected " +
                                                  std::to_string(l.out));
        for (const std::vector<double>* v : {&l.W, &l.b})
            for (double x : *v)
                if (!std::isfinite(x)) throw ParameterError(name, "holds a non-finite weight");
    }
    if (link == OutputLink::Softmax && layers.back().out < 2)
        throw ParameterError("output", "softmax needs ≥ 2 outputs, the last layer has 1");
    return std::make_unique<MlpModel>(std::move(layers), hidden, link);
}

}  // namespace assay::core::explain
