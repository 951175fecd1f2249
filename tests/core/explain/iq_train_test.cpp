// The Adam trainer (mlp_train.h) and the synthetic sets' trained models: the trainer recovers a
// linear map and a softmax classifier, repeats its numbers, and the trained models fit their sets.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "assay/core/random.h"
#include "assay/explain/synthetic.h"
#include "mlp_train.h"

namespace assay::core::explain {
namespace {

using detail::TrainLoss;
using detail::TrainSpec;

TEST(IqTraining, AdamRecoversALinearMap) {
    SplitMix64 rng(5);
    const std::int64_t n = 500;
    std::vector<double> X(n * 3), y(n);
    for (std::int64_t i = 0; i < n; ++i) {
        for (int j = 0; j < 3; ++j) X[i * 3 + j] = rng.normal();
        y[i] = 2 * X[i * 3] - X[i * 3 + 1] + 0.5;
    }
    TrainSpec spec;
    spec.sizes = {3, 1};
    spec.epochs = 60;
    spec.batch = 25;
    spec.learningRate = 0.05;
    const auto layers = detail::trainNetwork(X, n, y, spec, JobContext::none());
    EXPECT_NEAR(layers[0].W[0], 2.0, 1e-2);
    EXPECT_NEAR(layers[0].W[1], -1.0, 1e-2);
    EXPECT_NEAR(layers[0].W[2], 0.0, 1e-2);
    EXPECT_NEAR(layers[0].b[0], 0.5, 1e-2);
}

TEST(IqTraining, SameSeedSameNumbersOtherSeedOtherNumbers) {
    SplitMix64 rng(6);
    const std::int64_t n = 200;
    std::vector<double> X(n * 2), y(n);
    for (std::int64_t i = 0; i < n; ++i) {
        X[i * 2] = rng.normal();
        X[i * 2 + 1] = rng.normal();
        y[i] = X[i * 2] > X[i * 2 + 1] ? 1 : 0;
    }
    TrainSpec spec;
    spec.sizes = {2, 8, 2};
    spec.loss = TrainLoss::SoftmaxCrossEntropy;
    spec.epochs = 20;
    spec.learningRate = 0.02;
    spec.seed = 1;
    const auto a = detail::trainNetwork(X, n, y, spec, JobContext::none());
    const auto b = detail::trainNetwork(X, n, y, spec, JobContext::none());
    EXPECT_EQ(a[0].W, b[0].W);
    EXPECT_EQ(a[1].b, b[1].b);
    spec.seed = 2;
    EXPECT_NE(detail::trainNetwork(X, n, y, spec, JobContext::none())[0].W, a[0].W);
    int correct = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        const auto out = detail::networkForward(a, X.data() + i * 2);
        correct += (out[1] > out[0]) == (y[i] == 1) ? 1 : 0;
    }
    EXPECT_GE(correct, 0.95 * n);  // a linearly separable rule
}

// Accuracy (image, text) or R² (tabular) of a trained model on its set's explained items and a
// fresh draw of test rows.
double fitQuality(const SyntheticSet& test, const Model& model) {
    std::vector<double> out;
    evaluateRows(model, test.trainX.data(), test.nTrain, out);
    if (test.domain == Domain::Tabular) {
        double mean = 0, ss = 0, res = 0;
        for (double y : test.trainY) mean += y / test.nTrain;
        for (std::int64_t i = 0; i < test.nTrain; ++i) {
            ss += (test.trainY[i] - mean) * (test.trainY[i] - mean);
            res += (test.trainY[i] - out[i]) * (test.trainY[i] - out[i]);
        }
        return 1 - res / ss;
    }
    int correct = 0;
    for (std::int64_t i = 0; i < test.nTrain; ++i) {
        correct += (out[i * 2 + 1] > out[i * 2]) == (test.trainY[i] == 1) ? 1 : 0;
    }
    return static_cast<double>(correct) / test.nTrain;
}

TEST(IqTraining, TrainedModelsFitTheirSetsAndAreReproducible) {
    for (Domain d : {Domain::Tabular, Domain::Image, Domain::Text}) {
        SyntheticOptions o;
        o.domain = d;
        o.items = 0;
        o.nTrain = d == Domain::Tabular ? 4000 : 1000;
        const SyntheticSet set = makeSyntheticSet(o);
        o.seed = 99;  // test rows from another seed
        o.nTrain = 500;
        const SyntheticSet test = makeSyntheticSet(o);
        for (ModelKind k : {ModelKind::Clean, ModelKind::Shortcut}) {
            const auto model = trainSyntheticModel(set, k, 7, JobContext::none());
            const double q = fitQuality(test, *model);
            SCOPED_TRACE(std::string(domainName(d)) + " " + modelKindName(k) + " " +
                         std::to_string(q));
            EXPECT_GT(q, d == Domain::Tabular ? 0.7 : 0.9);
            o.strength = 0;  // test rows whose cue says nothing (tabular) or the opposite
            const double against = fitQuality(makeSyntheticSet(o), *model);
            o.strength = 0.9;
            std::printf("%s %s: %s %.3f (strength 0: %.3f)\n", domainName(d), modelKindName(k),
                        d == Domain::Tabular ? "R²" : "accuracy", q, against);
            std::vector<double> a, b;
            const auto again = trainSyntheticModel(set, k, 7, JobContext::none());
            evaluateRows(*model, test.trainX.data(), 20, a);
            evaluateRows(*again, test.trainX.data(), 20, b);
            EXPECT_EQ(a, b);
        }
    }
}

}  // namespace
}  // namespace assay::core::explain
