// trainProbes against its parts done by hand: the split of makeSplit, one fitLogistic per layer on
// the training rows (all-layer training = layer-by-layer training), held-out metrics of
// probe_metrics.h, and k-fold CV over a C grid recomputed fold by fold.
#include "assay/probes/probe_training.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "fit_test_util.h"

namespace assay::core::probes {
namespace {

// L layers of Gaussian classes whose separation grows with depth, layer numbers 3, 5, 7, ...
ProbeDataset layeredData(int L, std::int64_t n, std::int64_t d, bool withSplit = false) {
    std::vector<float> hidden;
    std::vector<std::uint8_t> labels;
    for (int l = 0; l < L; ++l) {
        const test::Data layer = test::gaussianClasses(n, d, 0.5 + 0.5 * l, 40, 0.4);
        hidden.insert(hidden.end(), layer.x.begin(), layer.x.end());
        labels = layer.labels;  // the same seed: the same labels on every layer
    }
    std::vector<int> numbers;
    for (int l = 0; l < L; ++l) numbers.push_back(3 + 2 * l);
    std::optional<std::vector<std::uint8_t>> split;
    if (withSplit) {
        split.emplace(std::size_t(n), 0);
        for (std::int64_t i = 0; i < n; i += 3) (*split)[std::size_t(i)] = 1;
    }
    return ProbeDataset::fromFloats("layered", numbers, n, d, std::move(hidden), labels, split);
}

std::vector<std::uint8_t> pick(const std::vector<std::uint8_t>& y,
                               const std::vector<std::int64_t>& rows) {
    std::vector<std::uint8_t> out;
    for (std::int64_t r : rows) out.push_back(y[std::size_t(r)]);
    return out;
}

TEST(ProbeTraining, AllLayersEqualLayerByLayerFits) {
    const ProbeDataset data = layeredData(3, 240, 5);
    ProbeRequest req;
    req.seed = 9;
    req.warmStart = false;
    const ProbeTraining all = trainProbes(data, req);
    const ProbeSplit split = makeSplit(data.labels(), std::nullopt, std::nullopt, 0.25, 9);
    EXPECT_EQ(all.split.train, split.train);
    EXPECT_EQ(all.split.test, split.test);
    EXPECT_EQ(all.testLabels, pick(data.labels(), split.test));
    EXPECT_EQ(all.kindName, "logistic");
    ASSERT_EQ(all.layers.size(), 3u);
    for (int p = 0; p < 3; ++p) {
        const LayerProbe& lp = all.layers[std::size_t(p)];
        EXPECT_EQ(lp.layer, 3 + 2 * p);
        const io::HiddenMatrix m = data.layer(p);
        const LogisticProbe ref =
            fitLogistic(rowsOf(m, split.train), pick(data.labels(), split.train), req.logistic);
        EXPECT_EQ(lp.probe.weights, ref.weights);
        EXPECT_EQ(lp.probe.bias, ref.bias);
        const std::vector<double> s = decisionScores(rowsOf(m, split.test), ref.weights, ref.bias);
        EXPECT_EQ(lp.testScores, s);
        EXPECT_EQ(lp.auroc, auroc(s, all.testLabels));
        EXPECT_EQ(lp.accuracy, accuracy(s, all.testLabels, 0.0));
        const OperatingPoint op = specificityAtSensitivity(s, all.testLabels, 0.95);
        EXPECT_EQ(lp.operating.specificity, op.specificity);
        EXPECT_EQ(lp.operating.threshold, op.threshold);
        // One layer asked for alone: the same probe.
        ProbeRequest one = req;
        one.layers = {3 + 2 * p};
        const ProbeTraining single = trainProbes(data, one);
        ASSERT_EQ(single.layers.size(), 1u);
        EXPECT_EQ(single.layers[0].probe.weights, lp.probe.weights);
    }
    // Deeper layers separate better here.
    EXPECT_GT(all.layers[2].auroc, all.layers[0].auroc);
}

TEST(ProbeTraining, WarmStartsReachTheSameOptimum) {
    const ProbeDataset data = layeredData(3, 240, 5);
    ProbeRequest req;
    req.logistic.tol = 1e-9;
    req.logistic.ftol = 0;
    req.logistic.balanced = true;
    const ProbeTraining warm = trainProbes(data, req);
    for (int p = 0; p < 3; ++p) {
        test::Data d;
        d.n = std::int64_t(warm.split.train.size());
        d.d = 5;
        const io::HiddenMatrix m = data.layer(p);
        for (std::int64_t r : warm.split.train)
            for (int j = 0; j < 5; ++j)
                d.x.push_back(static_cast<const float*>(m.data)[std::size_t(r * 5 + j)]);
        d.labels = pick(data.labels(), warm.split.train);
        const test::Reference ref = test::newtonReference(d, 1.0, true);
        for (int j = 0; j < 5; ++j)
            EXPECT_NEAR(warm.layers[std::size_t(p)].probe.weights[std::size_t(j)],
                        ref.w[std::size_t(j)], 1e-7);
        EXPECT_NEAR(warm.layers[std::size_t(p)].probe.bias, ref.b, 1e-7);
    }
}

TEST(ProbeTraining, CrossValidationChoosesTheBestMeanAuroc) {
    const ProbeDataset data = layeredData(2, 200, 4, true);
    ProbeRequest req;
    req.cvFolds = 3;
    req.cGrid = {1e-4, 1.0};
    req.warmStart = false;
    req.seed = 5;
    const ProbeTraining t = trainProbes(data, req);
    // The file's split: every third row in test.
    for (std::int64_t r : t.split.test) EXPECT_EQ(r % 3, 0);
    const std::vector<ProbeSplit> folds =
        makeFolds(t.split.train, data.labels(), std::nullopt, 3, 5);
    for (int p = 0; p < 2; ++p) {
        const io::HiddenMatrix m = data.layer(p);
        double best = -1, bestC = 0, bestStd = 0;
        std::vector<double> bestFolds;
        for (double C : req.cGrid) {
            std::vector<double> a;
            for (const ProbeSplit& f : folds) {
                LogisticOptions o;
                o.C = C;
                const LogisticProbe pr =
                    fitLogistic(rowsOf(m, f.train), pick(data.labels(), f.train), o);
                a.push_back(auroc(decisionScores(rowsOf(m, f.test), pr.weights, pr.bias),
                                  pick(data.labels(), f.test)));
            }
            double mu = 0, var = 0;
            for (double v : a) mu += v / double(a.size());
            for (double v : a) var += (v - mu) * (v - mu) / double(a.size());
            if (mu > best) {
                best = mu;
                bestC = C;
                bestStd = std::sqrt(var);
                bestFolds = a;
            }
        }
        const LayerProbe& lp = t.layers[std::size_t(p)];
        EXPECT_EQ(lp.C, bestC);
        EXPECT_EQ(lp.aurocFolds, bestFolds);
        EXPECT_NEAR(lp.aurocCvMean, best, 1e-15);
        EXPECT_NEAR(lp.aurocCvStd, bestStd, 1e-15);
    }
}

class CancelAtStart : public JobContext {
protected:
    void onProgress(std::int64_t, std::int64_t) override { cancel(); }
};

TEST(ProbeTraining, RejectsBadRequestsAndCancels) {
    const ProbeDataset data = layeredData(2, 60, 3);
    ProbeRequest bad;
    bad.layers = {4};
    EXPECT_THROW(trainProbes(data, bad), ParameterError);
    bad = {};
    bad.cGrid = {1.0};
    EXPECT_THROW(trainProbes(data, bad), ParameterError);  // a grid needs CV
    bad = {};
    bad.cvFolds = 1;
    EXPECT_THROW(trainProbes(data, bad), ParameterError);
    bad = {};
    bad.kind = ProbeKind::Mlp;
    EXPECT_THROW(trainProbes(data, bad), ParameterError);
    CancelAtStart job;
    EXPECT_THROW(trainProbes(data, {}, job), JobCancelled);
}

}  // namespace
}  // namespace assay::core::probes
