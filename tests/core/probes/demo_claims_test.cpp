// The claims the Probes guide makes about the demo (README "Probes ▸ Demo"), checked on the
// default spec with plain-double references (demo_test_util.h), not with core/probes' own code:
// the models make mistakes; whether a prediction is wrong is linearly readable from the states,
// more so deeper in the network; the multi-model preference set is separable and the
// single-model one is not; a probe carries over to the second model once its states are mapped
// into the first's; the probe flags the captions' wrong object words.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "demo_test_util.h"

namespace assay::core::probes {
namespace {
using namespace test_support;

std::vector<double> plainAurocs(const ProbeDataset& d) {
    std::vector<double> a;
    for (int p = 0; p < d.layerCount(); ++p) a.push_back(plainLayerAuroc(d, p));
    return a;
}

void print(const char* what, const std::vector<double>& v) {
    std::cout << "[ demo     ] " << what << ":";
    for (double x : v) std::cout << ' ' << std::round(x * 1000) / 1000;
    std::cout << '\n';
}

TEST(ProbesDemoClaims, WrongPredictionsAreReadableAndMoreSoWithDepth) {
    const ProbesDemo& demo = trainedProbesDemo();
    std::cout << "[ demo     ] held-out accuracy " << demo.accuracy() << ", second model "
              << demo.secondAccuracy() << '\n';
    // Mistakes to detect, but a model that has learned the task.
    for (double acc : {demo.accuracy(), demo.secondAccuracy()}) {
        EXPECT_GT(acc, 0.72);
        EXPECT_LT(acc, 0.92);
    }
    for (const ProbeDataset* d : {&demo.states(), &demo.secondStates()}) {
        const std::vector<double> a = plainAurocs(*d);
        print(d->name().c_str(), a);
        const double peak = *std::max_element(a.begin(), a.end());
        EXPECT_GT(peak, 0.8) << d->name();
        // Rises with depth: the deeper half beats the shallower half, the last layer the first.
        const std::size_t h = a.size() / 2;
        double early = 0, late = 0;
        for (std::size_t i = 0; i < h; ++i) early += a[i] / double(h);
        for (std::size_t i = a.size() - h; i < a.size(); ++i) late += a[i] / double(h);
        EXPECT_GT(late, early + 0.03) << d->name();
        EXPECT_GT(a.back(), a.front() + 0.05) << d->name();
    }
}

// A plain probe of chosen (1) vs rejected (0) on the first ¾ of the pairs, AUROC on the rest.
double plainPairAuroc(const PreferencePairs& p, int position) {
    const std::int64_t n = p.pairs(), train = n * 3 / 4;
    std::vector<std::int64_t> trainRows, testRows;
    for (std::int64_t i = 0; i < n; ++i) (i < train ? trainRows : testRows).push_back(i);
    auto stack = [&](const std::vector<std::int64_t>& rows, std::vector<std::uint8_t>& y) {
        auto x = rowsAsDoubles(p.chosen(position), rows);
        const auto r = rowsAsDoubles(p.rejected(position), rows);
        y.assign(x.size(), 1);
        x.insert(x.end(), r.begin(), r.end());
        y.resize(x.size(), 0);
        return x;
    };
    std::vector<std::uint8_t> ytrain, ytest;
    const auto xtrain = stack(trainRows, ytrain), xtest = stack(testRows, ytest);
    const PlainProbe probe = plainLogistic(xtrain, ytrain);
    std::vector<double> s;
    for (const auto& x : xtest) s.push_back(probe.score(x));
    return pairAuroc(s, ytest);
}

void multiModelPairsAreSeparableAndSingleModelOnesAreNot(const ProbesDemo& demo) {
    std::vector<double> multi, single;
    for (int p = 0; p < demo.states().layerCount(); ++p) {
        multi.push_back(plainPairAuroc(demo.preference()[0], p));
        single.push_back(plainPairAuroc(demo.preference()[1], p));
    }
    print("multi-model pairs", multi);
    print("single-model pairs", single);
    const double bestMulti = *std::max_element(multi.begin(), multi.end());
    EXPECT_GT(bestMulti, 0.75);
    for (std::size_t p = 0; p < single.size(); ++p) EXPECT_NEAR(single[p], 0.5, 0.1) << p;
    EXPECT_GT(multi.back(), single.back() + 0.25);
}

// The second model's states mapped into the first's by least squares on the training rows
// (x₂ ↦ x₂ A + c), then the first model's probe applied: the detector carries over.
void theFirstModelsProbeCarriesOverToTheSecondModel(const ProbesDemo& demo) {
    const ProbeDataset &a = demo.states(), &b = demo.secondStates();
    const PlainSplit s = splitOf(a);
    const int last = a.layerCount() - 1;
    std::vector<std::uint8_t> ytrain, ytest;
    for (std::int64_t i : s.train) ytrain.push_back(a.labels()[i]);
    for (std::int64_t i : s.test) ytest.push_back(b.labels()[i]);
    const auto xa = rowsAsDoubles(a.layer(last), s.train);
    const PlainProbe probe = plainLogistic(xa, ytrain);
    // Least squares: only the probe's direction matters, so regress the first model's probe score
    // on the second model's states (the projection of the map onto w).
    std::vector<double> target;
    for (const auto& x : xa) target.push_back(probe.score(x));
    const auto xb = rowsAsDoubles(b.layer(last), s.train);
    const std::size_t d = xb.front().size() + 1;
    std::vector<double> ata(d * d, 0.0), atb(d, 0.0);
    for (std::size_t i = 0; i < xb.size(); ++i)
        for (std::size_t r = 0; r < d; ++r) {
            const double xr = r + 1 < d ? xb[i][r] : 1.0;
            atb[r] += xr * target[i];
            for (std::size_t c = 0; c < d; ++c) ata[r * d + c] += xr * (c + 1 < d ? xb[i][c] : 1.0);
        }
    for (std::size_t r = 0; r < d; ++r) ata[r * d + r] += 1e-6;
    // Cholesky solve (ata is symmetric positive definite).
    std::vector<double> l(d * d, 0.0);
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j <= i; ++j) {
            double v = ata[i * d + j];
            for (std::size_t k = 0; k < j; ++k) v -= l[i * d + k] * l[j * d + k];
            l[i * d + j] = i == j ? std::sqrt(v) : v / l[j * d + j];
        }
    std::vector<double> z(d), coef(d);
    for (std::size_t i = 0; i < d; ++i) {
        double v = atb[i];
        for (std::size_t k = 0; k < i; ++k) v -= l[i * d + k] * z[k];
        z[i] = v / l[i * d + i];
    }
    for (std::size_t i = d; i-- > 0;) {
        double v = z[i];
        for (std::size_t k = i + 1; k < d; ++k) v -= l[k * d + i] * coef[k];
        coef[i] = v / l[i * d + i];
    }
    std::vector<double> scores;
    for (const auto& x : rowsAsDoubles(b.layer(last), s.test)) {
        double v = coef[d - 1];
        for (std::size_t c = 0; c + 1 < d; ++c) v += coef[c] * x[c];
        scores.push_back(v);
    }
    const double transfer = pairAuroc(scores, ytest);
    const double direct = plainLayerAuroc(b, last);
    std::cout << "[ demo     ] transfer " << transfer << ", second model's own probe " << direct
              << '\n';
    EXPECT_GT(transfer, 0.75);
    EXPECT_GT(transfer, direct - 0.1);
}

void theProbeFlagsWrongObjectWordsInCaptions(const ProbesDemo& demo) {
    const ProbeDataset& d = demo.states();
    const int last = d.layerCount() - 1;
    const PlainSplit s = splitOf(d);
    std::vector<std::uint8_t> ytrain;
    for (std::int64_t i : s.train) ytrain.push_back(d.labels()[i]);
    const PlainProbe probe = plainLogistic(rowsAsDoubles(d.layer(last), s.train), ytrain);
    const io::HiddenMatrix tokens = demo.captions().states(d.layers()[last]);
    std::vector<double> scores;
    std::vector<std::uint8_t> labels;
    for (const Caption& c : demo.captions().captions())
        for (std::size_t k = 0; k < c.tokens.size(); ++k) {
            if (c.labels[k] < 0) continue;
            const std::int64_t row = c.firstRow + static_cast<std::int64_t>(k);
            scores.push_back(probe.score(rowsAsDoubles(tokens, {row}).front()));
            labels.push_back(static_cast<std::uint8_t>(c.labels[k]));
        }
    const double auroc = pairAuroc(scores, labels);
    std::cout << "[ demo     ] caption objects " << scores.size() << ", AUROC " << auroc << '\n';
    EXPECT_GE(scores.size(), 80u);
    EXPECT_GT(auroc, 0.7);
}

// One test (one training of the default demo, each test being its own process under ctest).
TEST(ProbesDemoClaims, PreferenceSetsTransferAndCaptionsShowWhatTheGuideSays) {
    const ProbesDemo& demo = trainedProbesDemo();
    {
        SCOPED_TRACE("the multi-model pairs are separable, the single-model ones are not");
        multiModelPairsAreSeparableAndSingleModelOnesAreNot(demo);
    }
    {
        SCOPED_TRACE("the first model's probe carries over to the second model");
        theFirstModelsProbeCarriesOverToTheSecondModel(demo);
    }
    {
        SCOPED_TRACE("the probe flags wrong object words in captions");
        theProbeFlagsWrongObjectWordsInCaptions(demo);
    }
}

}  // namespace
}  // namespace assay::core::probes
