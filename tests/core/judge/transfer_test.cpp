// Prior transfer: softmax weights, the weighted centre, a single source reproduces itself, and
// the errors for malformed embeddings or sources.
#include "assay/judge/transfer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "assay/core/error.h"

namespace assay::core::judge {
namespace {

TEST(JudgeTransfer, MeanEmbeddingAndCosine) {
    const auto mean = meanEmbedding({1, 2, 3, 3, 4, 5}, 3);  // two rows of three
    ASSERT_EQ(mean.size(), 3u);
    EXPECT_DOUBLE_EQ(mean[0], 2);
    EXPECT_DOUBLE_EQ(mean[2], 4);
    EXPECT_NEAR(cosine({1, 0}, {1, 1}), 1 / std::sqrt(2.0), 1e-15);
    EXPECT_NEAR(cosine({1, 2, 3}, {-2, -4, -6}), -1, 1e-15);
    EXPECT_THROW(meanEmbedding({1, 2, 3, 4}, 3), InputError);
    EXPECT_THROW(meanEmbedding({}, 3), InputError);
    EXPECT_THROW(cosine({1, 2}, {1, 2, 3}), InputError);
    EXPECT_THROW(cosine({0, 0}, {1, 2}), InputError);
}

TEST(JudgeTransfer, WeightsSumToOneAndFavourTheMostSimilarSource) {
    const std::vector<double> target{1, 0, 0};
    const std::vector<SourceFit> sources{{"far", {0.2, 2, 2, 1, 3}, {0, 1, 0}},
                                         {"near", {0.8, 9, 1, 2, 4}, {1, 0.1, 0}},
                                         {"middle", {0.5, 4, 2, 1, 1}, {1, 1, 0}}};
    const auto t = transferPrior(target, sources);
    ASSERT_EQ(t.weights.size(), 3u);
    EXPECT_NEAR(t.weights[0] + t.weights[1] + t.weights[2], 1, 1e-14);
    EXPECT_GT(t.weights[1], t.weights[2]);
    EXPECT_GT(t.weights[2], t.weights[0]);
    // softmax by hand
    double z = 0;
    for (double c : t.similarities) z += std::exp(c / 0.05);
    for (int k = 0; k < 3; ++k)
        EXPECT_NEAR(t.weights[k], std::exp(t.similarities[k] / 0.05) / z, 1e-14);
    double mu = 0, pi = 0;
    for (int k = 0; k < 3; ++k)
        mu += t.weights[k] * std::log(sources[k].params.a1),
            pi += t.weights[k] * sources[k].params.pi;
    EXPECT_NEAR(t.prior.muA1, mu, 1e-14);
    EXPECT_NEAR(t.prior.aPi, 1 + 20 * pi, 1e-12);
    EXPECT_NEAR(t.prior.bPi, 1 + 20 * (1 - pi), 1e-12);
    EXPECT_DOUBLE_EQ(t.prior.s, 0.3);
    // A large τ flattens the weights.
    const auto flat = transferPrior(target, sources, 100.0);
    for (double w : flat.weights) EXPECT_NEAR(w, 1.0 / 3, 0.01);
}

TEST(JudgeTransfer, ASingleSourceReproducesItsParameters) {
    // Given with the hard component first: the transfer orders it (easy first) before it averages.
    const MixtureParams p{0.3, 2, 5, 8, 2};
    const auto t = transferPrior({0.2, 0.9}, {{"only", p, {0.5, 0.1}}}, 0.05, 0.4, 30);
    EXPECT_DOUBLE_EQ(t.weights[0], 1);
    EXPECT_NEAR(std::exp(t.prior.muA1), 8, 1e-12);
    EXPECT_NEAR(std::exp(t.prior.muB1), 2, 1e-12);
    EXPECT_NEAR(std::exp(t.prior.muA2), 2, 1e-12);
    EXPECT_NEAR(std::exp(t.prior.muB2), 5, 1e-12);
    // The Beta prior's mode is the source's π of the easy component.
    EXPECT_NEAR((t.prior.aPi - 1) / (t.prior.aPi + t.prior.bPi - 2), 0.7, 1e-12);
    EXPECT_DOUBLE_EQ(t.prior.s, 0.4);
}

TEST(JudgeTransfer, MalformedSourcesThrow) {
    EXPECT_THROW(transferPrior({1, 0}, {}), InputError);
    try {
        transferPrior({1, 0}, {{"wiki", {0.5, 2, 2, 1, 1}, {1, 0, 0}}});
        FAIL();
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("wiki"), std::string::npos) << what;
        EXPECT_NE(what.find("dimension 3"), std::string::npos) << what;
    }
    EXPECT_THROW(transferPrior({1, 0}, {{"bad", {0.5, -2, 2, 1, 1}, {1, 0}}}), InputError);
    EXPECT_THROW(transferPrior({1, 0}, {{"s", {0.5, 2, 2, 1, 1}, {1, 0}}}, 0.0), ParameterError);
}

}  // namespace
}  // namespace assay::core::judge
