// The Judge demo's claims (core/include/assay/demo/judge_demo.h), over 200 seeded random orders
// of the target (errorMargin), with the margins stated per claim. The demo's seed is its
// default, not chosen to pass.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "assay/demo/judge_demo.h"
#include "assay/judge/error_margin.h"

namespace assay::core::judge {
namespace {

TEST(JudgeDemo, IsSeededAndShaped) {
    const auto a = demo::makeJudgeDemo(), b = demo::makeJudgeDemo();
    EXPECT_EQ(a.target.counts, b.target.counts);
    EXPECT_EQ(a.target.counts.size(), 400u);
    ASSERT_EQ(a.sources.size(), 3u);
    for (const auto& s : a.sources) {
        EXPECT_EQ(s.counts.size(), 2000u);
        EXPECT_EQ(s.embeddings.size(), 2000u * 32);
    }
    EXPECT_NEAR(a.target.trueAccuracy, 0.6927, 1e-4);
    demo::JudgeDemoSpec other;
    other.seed = 14;
    EXPECT_NE(demo::makeJudgeDemo(other).target.counts, a.target.counts);
}

TEST(JudgeDemo, MixtureBeatsBinomialAndTransferHelpsUnlessTheSourceIsDissimilar) {
    const auto d = demo::makeJudgeDemo();
    const auto fits = demo::fitJudgeDemoSources(d);
    const auto target = meanEmbedding(d.target.embeddings, d.dim);
    const auto all = transferPrior(target, fits);
    // The softmax at τ = 0.05 all but ignores the dissimilar source.
    EXPECT_GT(all.similarities[0], 0.9);
    EXPECT_GT(all.similarities[1], 0.9);
    EXPECT_LT(std::abs(all.similarities[2]), 0.2);
    EXPECT_LT(all.weights[2], 1e-3);
    const auto onlyDissimilar = transferPrior(target, {fits[2]});

    const std::vector<int> ms{10, 30};
    const auto em =
        errorMargin(d.target.counts, d.judges, ms, 200, {Estimator::Binomial, Estimator::Mixture},
                    weakPrior(), all.prior, 21, JobContext::none());
    const auto bad = errorMargin(d.target.counts, d.judges, ms, 200, {}, weakPrior(),
                                 onlyDissimilar.prior, 21, JobContext::none());
    const double binomial = em.curves[0].meanError[1], mixture30 = em.curves[1].meanError[1];
    const double mixture10 = em.curves[1].meanError[0], transfer10 = em.curves[2].meanError[0];
    const double dissimilar10 = bad.curves[0].meanError[0];
    std::printf(
        "demo m=10: mixture %.4f transfer %.4f dissimilar-only %.4f; m=30: binomial %.4f mixture "
        "%.4f\n",
        mixture10, transfer10, dissimilar10, binomial, mixture30);
    // The mixture beats the Binomial by 0.01 at m = 30 (the Binomial's bias is ≈ 0.065 here).
    EXPECT_LT(mixture30, binomial - 0.01);
    // Transfer from the similar sources helps at m = 10 by at least 0.02 ...
    EXPECT_LT(transfer10, mixture10 - 0.02);
    // ... and from the dissimilar one alone it hurts, by at least 0.02.
    EXPECT_GT(dissimilar10, mixture10 + 0.02);
}

}  // namespace
}  // namespace assay::core::judge
