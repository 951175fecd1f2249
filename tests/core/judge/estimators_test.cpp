// The estimators: names, input checks, closed forms, EM monotonicity and the MAP fits against
// brute-force grid maxima of the same log posterior.
#include "assay/judge/estimators.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/judge/simulate.h"

namespace assay::core::judge {
namespace {

void expectMessage(const std::function<void()>& f, const std::string& part) {
    try {
        f();
        ADD_FAILURE() << "no error; expected one naming '" << part << "'";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(JudgeEstimators, NamesRoundTripAndUnknownNamesThrow) {
    for (Estimator e : allEstimators()) EXPECT_EQ(estimatorFromName(estimatorName(e)), e);
    EXPECT_THROW(estimatorFromName("Mixture"), ParameterError);
    expectMessage([] { estimatorFromName("bayes"); }, "'bayes'");
}

TEST(JudgeEstimators, MalformedCountsThrowNamingTheProblem) {
    EXPECT_THROW(histogram({}, 5), InputError);
    EXPECT_THROW(histogram({1, 2}, 0), ParameterError);
    EXPECT_THROW(histogram({1, 6}, 5), InputError);
    EXPECT_THROW(histogram({-1}, 5), InputError);
    expectMessage([] { histogram({1, 2, 9}, 5); }, "sample 2 has x = 9");
    expectMessage([] { histogram({}, 5); }, "empty");
    expectMessage([] { histogram({0}, 0); }, "n");
    for (Estimator e : allEstimators())
        EXPECT_THROW(estimate(e, {3, 7}, 5, weakPrior()), InputError);
    Prior bad = weakPrior();
    bad.aPi = 0.5;
    EXPECT_THROW(fit(Estimator::Mixture, {3, 4}, 5, bad), ParameterError);
}

TEST(JudgeEstimators, BinomialAndEmpiricalAreTheirClosedForms) {
    const std::vector<int> counts{5, 4, 2, 3, 0, 5};  // n = 5
    const Fit b = fit(Estimator::Binomial, counts, 5, weakPrior());
    EXPECT_DOUBLE_EQ(b.p, 19.0 / 30.0);
    const double p = b.p;
    double ref = 0;
    for (int x = 3; x <= 5; ++x)
        ref += std::exp(std::lgamma(6.0) - std::lgamma(x + 1.0) - std::lgamma(6.0 - x)) *
               std::pow(p, x) * std::pow(1 - p, 5 - x);
    EXPECT_NEAR(b.accuracy, ref, 1e-13);
    EXPECT_DOUBLE_EQ(estimate(Estimator::Empirical, counts, 5, weakPrior()), 4.0 / 6.0);
    // Even n: a tie counts ½.
    EXPECT_DOUBLE_EQ(estimate(Estimator::Empirical, {2, 4, 1, 2}, 4, weakPrior()), 2.0 / 4.0);
}

TEST(JudgeEstimators, EmNeverDecreasesTheLogPosterior) {
    SplitMix64 rng(3);
    int checked = 0;
    for (int t = 0; t < 12; ++t) {
        const MixtureParams truth{0.3 + 0.05 * t, 8, 2, 2, 5};
        const int m = 6 + 8 * t;
        const auto counts = sampleCounts(truth, 5, m, rng);
        MixtureOptions opt;
        int lastRestart = -1;
        double last = 0;
        opt.onIteration = [&](int restart, int, double lp) {
            if (restart == lastRestart) {
                EXPECT_GE(lp, last - 1e-10 * (1 + std::abs(last))) << "restart " << restart;
            }
            lastRestart = restart;
            last = lp;
            ++checked;
        };
        const Fit f = fitMixture(histogram(counts, 5), weakPrior(), opt);
        EXPECT_GE(f.params.mean1(), f.params.mean2());  // the label-switching order
        EXPECT_NEAR(f.logPosterior,
                    mixtureLogPosterior(f.params, histogram(counts, 5), weakPrior()), 1e-9);
    }
    EXPECT_GT(checked, 50);
}

TEST(JudgeEstimators, BetaMapMatchesAGridMaximum) {
    const auto hist = histogram({5, 5, 4, 1, 3, 5, 0, 4, 2, 5}, 5);
    const Prior prior = weakPrior();
    const Fit f = fitBetaBinomial(hist, prior);
    // 801 × 801 grid over log α, log β ∈ [−4, 6].
    double best = -INFINITY, bu = 0, bv = 0;
    const double lo = -4, step = 10.0 / 800;
    for (int i = 0; i <= 800; ++i)
        for (int j = 0; j <= 800; ++j) {
            const double u = lo + i * step, v = lo + j * step;
            const double lp = betaLogPosterior(std::exp(u), std::exp(v), hist, prior);
            if (lp > best) best = lp, bu = u, bv = v;
        }
    EXPECT_GE(f.logPosterior, best - 1e-12);
    EXPECT_NEAR(std::log(f.params.a1), bu, step);
    EXPECT_NEAR(std::log(f.params.b1), bv, step);
}

TEST(JudgeEstimators, MixtureMapMatchesAGridMaximumOnATinyCase) {
    const auto hist = histogram({5, 5, 5, 4, 5, 1, 0, 2, 5, 4, 1, 3}, 5);
    const Prior prior = weakPrior();
    const Fit f = fitMixture(hist, prior);
    // A 5-D grid around the fit (π ± 0.3, log-parameters ± 1.5): the fit must beat every ordered
    // grid point, and the grid's best must lie within one grid step of it.
    const int K = 13;
    const double cu[4] = {std::log(f.params.a1), std::log(f.params.b1), std::log(f.params.a2),
                          std::log(f.params.b2)};
    double best = -INFINITY;
    int arg[5] = {0, 0, 0, 0, 0};
    int idx[5];
    for (idx[0] = 0; idx[0] < K; ++idx[0])
        for (idx[1] = 0; idx[1] < K; ++idx[1])
            for (idx[2] = 0; idx[2] < K; ++idx[2])
                for (idx[3] = 0; idx[3] < K; ++idx[3])
                    for (idx[4] = 0; idx[4] < K; ++idx[4]) {
                        MixtureParams p;
                        p.pi =
                            std::clamp(f.params.pi - 0.3 + 0.6 * idx[0] / (K - 1), 1e-6, 1 - 1e-6);
                        p.a1 = std::exp(cu[0] - 1.5 + 3.0 * idx[1] / (K - 1));
                        p.b1 = std::exp(cu[1] - 1.5 + 3.0 * idx[2] / (K - 1));
                        p.a2 = std::exp(cu[2] - 1.5 + 3.0 * idx[3] / (K - 1));
                        p.b2 = std::exp(cu[3] - 1.5 + 3.0 * idx[4] / (K - 1));
                        if (p.mean1() < p.mean2()) continue;
                        const double lp = mixtureLogPosterior(p, hist, prior);
                        if (lp > best) {
                            best = lp;
                            std::copy(idx, idx + 5, arg);
                        }
                    }
    EXPECT_GE(f.logPosterior, best - 1e-12);
    for (int d = 0; d < 5; ++d) EXPECT_NEAR(arg[d], (K - 1) / 2, 1) << "dimension " << d;
    // And globally: a coarse grid over π ∈ [0.05, 0.95], log-parameters ∈ [−3, 5].
    double global = -INFINITY;
    for (int a = 0; a < 10; ++a)
        for (int b = 0; b < 9 * 9 * 9 * 9; ++b) {
            int r = b;
            double lg[4];
            for (double& l : lg) l = -3 + (r % 9), r /= 9;
            const MixtureParams p{0.05 + 0.1 * a, std::exp(lg[0]), std::exp(lg[1]), std::exp(lg[2]),
                                  std::exp(lg[3])};
            if (p.mean1() >= p.mean2())
                global = std::max(global, mixtureLogPosterior(p, hist, prior));
        }
    EXPECT_GE(f.logPosterior, global);
}

TEST(JudgeEstimators, MixtureRecoversTheDistributionOfALargeSample) {
    // With n = 5 the pmf has 5 free values for 5 parameters, so the parameters themselves are
    // barely identified (a ridge of near-equal posteriors); the pmf and A are, and the MAP must
    // score at least as well as the truth.
    SplitMix64 rng(17);
    const MixtureParams truth{0.7, 8, 2, 2, 5};
    const auto hist = histogram(sampleCounts(truth, 5, 20000, rng), 5);
    const Fit f = fitMixture(hist, weakPrior());
    EXPECT_NEAR(f.accuracy, 0.6927, 0.01);  // sd of the estimate at m = 20 000 is ≈ 0.003
    const auto pmf = mixturePmf(truth, 5);
    for (int x = 0; x <= 5; ++x) EXPECT_NEAR(f.pmf[x], pmf[x], 0.01) << x;
    EXPECT_GE(f.logPosterior, mixtureLogPosterior(truth, hist, weakPrior()));
    EXPECT_GE(f.params.mean1(), f.params.mean2());
}

TEST(JudgeEstimators, UnanimousSetsGiveFiniteFitsAtTheEdges) {
    // Every judge right (or wrong) on every sample: the likelihood pushes β (or α) to 0, the
    // log-normal prior keeps the MAP finite, and A sits near 1 (or 0).
    for (Estimator e : allEstimators()) {
        const double up = estimate(e, std::vector<int>(12, 5), 5, weakPrior());
        const double down = estimate(e, std::vector<int>(12, 0), 5, weakPrior());
        EXPECT_TRUE(std::isfinite(up) && std::isfinite(down)) << estimatorName(e);
        EXPECT_GT(up, 0.9) << estimatorName(e);
        EXPECT_LT(down, 0.1) << estimatorName(e);
    }
}

}  // namespace
}  // namespace assay::core::judge
