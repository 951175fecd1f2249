// The clean and shortcut models of a synthetic set (synthetic.h): a tanh MLP for the tabular
// regression, softmax logistic models for image and text, all trained by Adam (mlp_train.h).
// The clean model sees the same rows with the cue's inputs permuted across rows, which keeps each
// input's distribution but breaks its link with the target (papers.md §7(c): "x3 shuffled").
#include <cmath>
#include <numeric>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "mlp_train.h"
#include "synthetic_generators.h"

namespace assay::core::explain {

namespace {

// Moves the cue inputs of row i to row perm(i) as one block (an image's patch stays whole).
std::vector<double> shuffledCue(const SyntheticSet& set, std::uint64_t seed) {
    std::vector<double> X = set.trainX;
    const std::vector<int> cue = detail::cueInputs(set.domain);
    std::vector<std::int64_t> perm(static_cast<std::size_t>(set.nTrain));
    std::iota(perm.begin(), perm.end(), 0);
    SplitMix64 rng(seed);
    for (std::int64_t i = set.nTrain - 1; i > 0; --i) {
        std::swap(perm[i], perm[static_cast<std::int64_t>(rng.below(i + 1))]);
    }
    for (std::int64_t i = 0; i < set.nTrain; ++i) {
        for (int d : cue) {
            X[static_cast<std::size_t>(i) * set.D + d] =
                set.trainX[static_cast<std::size_t>(perm[i]) * set.D + d];
        }
    }
    return X;
}

std::vector<double> columnMeans(const std::vector<double>& X, std::int64_t n, int D) {
    std::vector<double> mu(D, 0.0);
    for (std::int64_t i = 0; i < n; ++i) {
        for (int d = 0; d < D; ++d) mu[d] += X[static_cast<std::size_t>(i) * D + d];
    }
    for (double& m : mu) m /= static_cast<double>(n);
    return mu;
}

// softmax(W(x − μ) + b) with μ the training mean, evaluated as the linear model (W, b − Wμ), so
// it still reads raw pixels / counts. Centring matters twice: in training, inputs that are nearly
// constant (the patch's red + blue, the always-present name slot) would otherwise soak up the
// bias gradient and get weights that turning them off exposes as reliance; in the randomisation
// check, redrawing the folded bias b − Wμ at its (large) scale would saturate the softmax, so the
// redraw happens in the centred parametrisation (W and b at their trained scales).
class CentredLogistic : public Model {
public:
    CentredLogistic(std::vector<double> W, std::vector<double> b, std::vector<double> mu, int C)
        : m_W(std::move(W)), m_b(std::move(b)), m_mu(std::move(mu)), m_C(C) {
        const int D = static_cast<int>(m_mu.size());
        std::vector<double> folded = m_b;
        for (int o = 0; o < m_C; ++o) {
            for (int d = 0; d < D; ++d)
                folded[o] -= m_W[static_cast<std::size_t>(o) * D + d] * m_mu[d];
        }
        m_linear = linearModel(m_W, std::move(folded), m_C, D, OutputLink::Softmax);
    }
    int inputs() const override { return m_linear->inputs(); }
    int outputs() const override { return m_C; }
    void evaluate(const double* rows, std::int64_t n, double* out) const override {
        m_linear->evaluate(rows, n, out);
    }
    std::int64_t preferredBatch() const override { return m_linear->preferredBatch(); }
    std::string describe() const override { return m_linear->describe() + " (centred logistic)"; }
    std::unique_ptr<Model> randomised(std::uint64_t seed) const override {
        SplitMix64 rng(seed);
        auto redraw = [&rng](const std::vector<double>& v) {
            double ss = 0;
            for (double x : v) ss += x * x;
            const double rms = std::sqrt(ss / static_cast<double>(v.size()));
            std::vector<double> out(v.size());
            for (double& x : out) x = rng.normal() * rms;
            return out;
        };
        return std::make_unique<CentredLogistic>(redraw(m_W), redraw(m_b), m_mu, m_C);
    }

private:
    std::vector<double> m_W, m_b, m_mu;
    int m_C;
    std::unique_ptr<Model> m_linear;
};

detail::TrainSpec specFor(const SyntheticSet& set, std::uint64_t seed) {
    detail::TrainSpec spec;
    spec.seed = seed;
    switch (set.domain) {
        case Domain::Tabular:
            // Small and briefly trained on purpose: x3 is the easy linear route to y, and a
            // network that has not yet fitted x1·sin x2 takes it (with x3 as generated), which
            // is the shortcut the view shows; the clean model reaches R² ≈ 0.98 without it.
            spec.sizes = {set.D, 16, 8, 1};
            spec.loss = detail::TrainLoss::SquaredError;
            spec.epochs = 3;
            spec.batch = 64;
            spec.learningRate = 0.005;
            break;
        case Domain::Image:  // shape area and the patch colour are both linear cues
            spec.sizes = {set.D, 2};
            spec.loss = detail::TrainLoss::SoftmaxCrossEntropy;
            spec.epochs = 5;
            spec.batch = 32;
            spec.learningRate = 0.004;
            spec.l2 = 1e-3;
            break;
        case Domain::Text:
            spec.sizes = {set.D, 2};
            spec.loss = detail::TrainLoss::SoftmaxCrossEntropy;
            spec.epochs = 10;
            spec.batch = 32;
            spec.learningRate = 0.02;
            spec.l2 = 1e-3;
            break;
    }
    return spec;
}

}  // namespace

std::unique_ptr<Model> trainSyntheticModel(const SyntheticSet& set, ModelKind kind,
                                           std::uint64_t seed, JobContext& job) {
    if (set.nTrain < 1 || set.trainX.size() != static_cast<std::size_t>(set.nTrain) * set.D) {
        throw ParameterError("set", "no training rows (nTrain × D values expected)");
    }
    const detail::TrainSpec spec = specFor(set, streamSeed(seed, 0));
    const std::vector<double> X =
        kind == ModelKind::Clean ? shuffledCue(set, streamSeed(seed, 1)) : set.trainX;
    job.stage(std::string("training the ") + modelKindName(kind) + " model");
    if (set.domain == Domain::Tabular) {
        std::vector<DenseLayer> layers = detail::trainNetwork(X, set.nTrain, set.trainY, spec, job);
        return mlpModel(std::move(layers), Activation::Tanh, OutputLink::Identity);
    }
    // The logistic models train on mean-centred inputs (see CentredLogistic).
    const std::vector<double> mu = columnMeans(X, set.nTrain, set.D);
    std::vector<double> centred(X.size());
    for (std::size_t i = 0; i < X.size(); ++i) centred[i] = X[i] - mu[i % set.D];
    std::vector<DenseLayer> layers =
        detail::trainNetwork(centred, set.nTrain, set.trainY, spec, job);
    DenseLayer& L = layers.front();
    return std::make_unique<CentredLogistic>(std::move(L.W), std::move(L.b), mu, L.out);
}

}  // namespace assay::core::explain
