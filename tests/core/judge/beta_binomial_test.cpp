// The judge-count pmfs against their limits and closed forms (papers.md §6(f)), the majority
// accuracy against brute-force enumeration and quadrature, digamma against known values and the
// gradient against finite differences.
#include "assay/judge/beta_binomial.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"

namespace assay::core::judge {
namespace {

double sum(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s;
}

TEST(JudgeBetaBinomial, PmfsSumToOne) {
    for (int n : {1, 2, 5, 10, 40})
        for (double a : {0.3, 1.0, 4.0, 50.0})
            for (double b : {0.5, 2.0, 9.0}) {
                EXPECT_NEAR(sum(betaBinomialPmf(n, a, b)), 1.0, 1e-12) << n << " " << a << " " << b;
                EXPECT_NEAR(sum(mixturePmf({0.3, a, b, b, a}, n)), 1.0, 1e-12);
            }
    for (int n : {1, 4, 7}) EXPECT_NEAR(sum(binomialPmf(n, 0.37)), 1.0, 1e-12);
}

TEST(JudgeBetaBinomial, TendsToBinomialAsTheShapesGrowAtFixedMean) {
    const int n = 7;
    const double p = 0.7;
    double previous = 1;
    for (double c : {10.0, 1e3, 1e5, 1e8}) {
        const auto bb = betaBinomialPmf(n, c * p, c * (1 - p));
        const auto bin = binomialPmf(n, p);
        double worst = 0;
        for (int x = 0; x <= n; ++x) worst = std::max(worst, std::abs(bb[x] - bin[x]));
        EXPECT_LT(worst, previous);  // closer at every step
        previous = worst;
    }
    EXPECT_LT(previous, 1e-7);  // the error is O(n²/c): 1e-8 at c = 1e8
}

TEST(JudgeBetaBinomial, PiZeroOrOneIsOneComponent) {
    const auto c1 = betaBinomialPmf(5, 8, 2), c2 = betaBinomialPmf(5, 2, 5);
    const auto m1 = mixturePmf({1.0, 8, 2, 2, 5}, 5), m0 = mixturePmf({0.0, 8, 2, 2, 5}, 5);
    for (int x = 0; x <= 5; ++x) {
        EXPECT_DOUBLE_EQ(m1[x], c1[x]);
        EXPECT_DOUBLE_EQ(m0[x], c2[x]);
    }
}

TEST(JudgeBetaBinomial, OneJudgeClosedForm) {
    const MixtureParams p{0.35, 3, 1.5, 0.7, 2.2};
    const auto pmf = mixturePmf(p, 1);
    EXPECT_NEAR(pmf[1], 0.35 * 3 / 4.5 + 0.65 * 0.7 / 2.9, 1e-14);
    EXPECT_NEAR(majorityAccuracy(pmf), pmf[1], 1e-15);  // one judge: its vote is the majority
}

TEST(JudgeBetaBinomial, BetaBinomialMatchesItsDefinitionWithLgamma) {
    // C(n,x)·B(x+α, n−x+β)/B(α, β) written out, for moderate shapes where lgamma is exact enough.
    auto lbeta = [](double a, double b) {
        return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    };
    for (int n : {3, 6, 40})
        for (int x = 0; x <= n; x += 1 + n / 7) {
            const double ref = std::lgamma(n + 1.0) - std::lgamma(x + 1.0) -
                               std::lgamma(n - x + 1.0) + lbeta(x + 2.5, n - x + 0.8) -
                               lbeta(2.5, 0.8);
            EXPECT_NEAR(logBetaBinomialPmf(x, n, 2.5, 0.8), ref, 1e-10);
        }
}

// Every vote vector of n i.i.d. judges with accuracy p: right when more than half agree, ½ on a
// tie.
double enumeratedMajority(int n, double p) {
    double acc = 0;
    for (int mask = 0; mask < (1 << n); ++mask) {
        int k = 0;
        for (int j = 0; j < n; ++j) k += (mask >> j) & 1;
        const double prob = std::pow(p, k) * std::pow(1 - p, n - k);
        acc += prob * (2 * k > n ? 1.0 : 2 * k == n ? 0.5 : 0.0);
    }
    return acc;
}

TEST(JudgeBetaBinomial, MajorityAccuracyMatchesEnumerationOddAndEven) {
    for (int n = 1; n <= 8; ++n)
        for (double p : {0.2, 0.5, 0.73})
            EXPECT_NEAR(majorityAccuracy(binomialPmf(n, p)), enumeratedMajority(n, p), 1e-13) << n;
    EXPECT_DOUBLE_EQ(majorityAccuracy({0.25, 0.5, 0.25}), 0.25 + 0.25);  // tie counts ½
}

TEST(JudgeBetaBinomial, MixtureAccuracyMatchesQuadratureOverDifficulty) {
    // A = π ∫ A_bin(p) Beta(p; α1, β1) dp + (1−π) ∫ … (midpoint rule with 200 000 nodes).
    const MixtureParams mp{0.7, 8, 2, 2, 5};
    for (int n : {4, 5}) {
        auto integral = [n](double a, double b) {
            const int K = 200000;
            const double lb = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
            double s = 0;
            for (int k = 0; k < K; ++k) {
                const double p = (k + 0.5) / K;
                s += enumeratedMajority(n, p) *
                     std::exp((a - 1) * std::log(p) + (b - 1) * std::log1p(-p) - lb);
            }
            return s / K;
        };
        const double ref = mp.pi * integral(mp.a1, mp.b1) + (1 - mp.pi) * integral(mp.a2, mp.b2);
        EXPECT_NEAR(majorityAccuracy(mixturePmf(mp, n)), ref, 1e-6) << n;
    }
}

TEST(JudgeBetaBinomial, PapersRecoverySettingHasAccuracy0p6927) {
    EXPECT_NEAR(majorityAccuracy(mixturePmf({0.7, 8, 2, 2, 5}, 5)), 0.6927, 1e-4);
}

TEST(JudgeBetaBinomial, OrderComponentsPutsTheEasyOneFirst) {
    MixtureParams p{0.2, 2, 5, 8, 2};
    const auto before = mixturePmf(p, 5);
    EXPECT_TRUE(orderComponents(p));
    EXPECT_DOUBLE_EQ(p.pi, 0.8);
    EXPECT_EQ(p.a1, 8);
    EXPECT_EQ(p.b2, 5);
    EXPECT_FALSE(orderComponents(p));
    const auto after = mixturePmf(p, 5);
    for (int x = 0; x <= 5; ++x) EXPECT_NEAR(after[x], before[x], 1e-15);
}

TEST(JudgeBetaBinomial, DigammaAndTrigammaMatchKnownValues) {
    const double euler = 0.57721566490153286;
    EXPECT_NEAR(digamma(1), -euler, 1e-13);
    EXPECT_NEAR(digamma(0.5), -euler - 2 * std::log(2.0), 1e-13);
    EXPECT_NEAR(digamma(10.3) - digamma(9.3), 1 / 9.3, 1e-13);
    EXPECT_NEAR(trigamma(1), M_PI * M_PI / 6, 1e-12);
    EXPECT_NEAR(trigamma(0.5), M_PI * M_PI / 2, 1e-12);
    for (double x : {0.05, 0.9, 3.0, 7.5, 120.0}) {
        const double h = 1e-5 * x;
        EXPECT_NEAR((digamma(x + h) - digamma(x - h)) / (2 * h), trigamma(x), 1e-6 * trigamma(x))
            << x;
    }
}

TEST(JudgeBetaBinomial, GradientMatchesFiniteDifferences) {
    for (int n : {1, 5, 12})
        for (int x : {0, n / 2, n})
            for (auto [a, b] : {std::pair{0.4, 3.0}, {8.0, 2.0}, {150.0, 90.0}}) {
                const Gradient2 g = gradLogBetaBinomial(x, n, a, b);
                const double ha = 1e-6 * a, hb = 1e-6 * b;
                const double fa =
                    (logBetaBinomialPmf(x, n, a + ha, b) - logBetaBinomialPmf(x, n, a - ha, b)) /
                    (2 * ha);
                const double fb =
                    (logBetaBinomialPmf(x, n, a, b + hb) - logBetaBinomialPmf(x, n, a, b - hb)) /
                    (2 * hb);
                EXPECT_NEAR(g.da, fa, 1e-6 * (1 + std::abs(fa))) << n << " " << x << " " << a;
                EXPECT_NEAR(g.db, fb, 1e-6 * (1 + std::abs(fb))) << n << " " << x << " " << b;
            }
}

TEST(JudgeBetaBinomial, RejectsBadArguments) {
    EXPECT_THROW(logBetaBinomialPmf(6, 5, 1, 1), ParameterError);
    EXPECT_THROW(logBetaBinomialPmf(-1, 5, 1, 1), ParameterError);
    EXPECT_THROW(logBetaBinomialPmf(2, 5, 0, 1), ParameterError);
    EXPECT_THROW(logBinomialPmf(2, 5, 1.2), ParameterError);
    EXPECT_THROW(mixturePmf({1.5, 1, 1, 1, 1}, 3), ParameterError);
    EXPECT_THROW(majorityAccuracy({}), ParameterError);
    try {
        logBetaBinomialPmf(7, 5, 1, 1);
        FAIL();
    } catch (const ParameterError& e) {
        EXPECT_NE(std::string(e.what()).find("outside [0, n = 5]"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace assay::core::judge
