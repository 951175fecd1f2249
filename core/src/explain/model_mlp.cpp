// A dense MLP in plain C++ (model.h): the demo's trained models and the benchmark's network.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "model_internal.h"

namespace assay::core::explain {
namespace {

// Rows per pass through the layers: the activations of a block stay in cache.
constexpr std::int64_t kBlockRows = 128;
// The widest kernel step (4 × 4 lanes); kBlockRows is a multiple of it.
constexpr std::int64_t kRowQuantum = 16;

// out = W·in + b for one block: in l.in × kBlockRows, out l.out × kBlockRows (feature-major).
// Rows [0, rows) of the block are computed (rows past the caller's m hold stale values nobody
// reads). Per output, 4·L rows at a time in four L-lane accumulators (GCC/Clang vector extensions)
// that stay in registers. The same additions and multiplications in the same order for either width
// (no fused multiply-add), so the AVX and SSE paths give the same bits.
template <typename V, int L>
inline __attribute__((always_inline)) void denseBlock(const DenseLayer& l, const double* in,
                                                      double* out, std::int64_t rows, bool relu) {
    constexpr int kStep = 4 * L;
    for (std::int64_t r0 = 0; r0 < rows; r0 += kStep) {
        for (int o = 0; o < l.out; ++o) {
            const double* w = l.W.data() + static_cast<std::size_t>(o) * l.in;
            const V zero{};
            V a0 = zero + l.b[o], a1 = a0, a2 = a0, a3 = a0, x0, x1, x2, x3;
            for (int i = 0; i < l.in; ++i) {
                const V wi = zero + w[i];
                const double* x = in + i * kBlockRows + r0;
                std::memcpy(&x0, x, sizeof(V));
                std::memcpy(&x1, x + L, sizeof(V));
                std::memcpy(&x2, x + 2 * L, sizeof(V));
                std::memcpy(&x3, x + 3 * L, sizeof(V));
                a0 += wi * x0, a1 += wi * x1, a2 += wi * x2, a3 += wi * x3;
            }
            double* y = out + o * kBlockRows + r0;
            std::memcpy(y, &a0, sizeof(V));
            std::memcpy(y + L, &a1, sizeof(V));
            std::memcpy(y + 2 * L, &a2, sizeof(V));
            std::memcpy(y + 3 * L, &a3, sizeof(V));
            if (relu)
                for (int k = 0; k < kStep; ++k) y[k] = y[k] > 0 ? y[k] : 0.0;
        }
    }
}

typedef double V2 __attribute__((vector_size(16)));
typedef double V4 __attribute__((vector_size(32)));

void layerSse(const DenseLayer& l, const double* in, double* out, std::int64_t rows, bool relu) {
    denseBlock<V2, 2>(l, in, out, rows, relu);
}
__attribute__((target("avx"))) void layerAvx(const DenseLayer& l, const double* in, double* out,
                                             std::int64_t rows, bool relu) {
    denseBlock<V4, 4>(l, in, out, rows, relu);
}

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
        std::vector<double> a(static_cast<std::size_t>(kBlockRows * m_widest), 0.0);
        std::vector<double> b(a.size(), 0.0);
        for (std::int64_t r0 = 0; r0 < n; r0 += kBlockRows) {
            const std::int64_t m = std::min(kBlockRows, n - r0);
            for (std::int64_t r = 0; r < m; ++r)
                for (int i = 0; i < D; ++i) a[i * kBlockRows + r] = rows[(r0 + r) * D + i];
            for (std::size_t li = 0; li < m_layers.size(); ++li) {
                forwardLayer(m_layers[li], a.data(), b.data(), m, li + 1 < m_layers.size());
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
    // ReLU is applied inside the kernel while the block is in registers; tanh after it.
    // Rows [0, m) rounded up to kRowQuantum are computed (a one-row call does not pay for 128).
    void forwardLayer(const DenseLayer& l, const double* in, double* out, std::int64_t m,
                      bool activate) const {
        const std::int64_t rows = (m + kRowQuantum - 1) / kRowQuantum * kRowQuantum;
        static const bool avx = __builtin_cpu_supports("avx");
        const bool relu = activate && m_hidden == Activation::Relu;
        if (avx)
            layerAvx(l, in, out, rows, relu);
        else
            layerSse(l, in, out, rows, relu);
        if (!activate || relu) return;
        for (int o = 0; o < l.out; ++o)
            for (std::int64_t r = 0; r < m; ++r)
                out[o * kBlockRows + r] = std::tanh(out[o * kBlockRows + r]);
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
