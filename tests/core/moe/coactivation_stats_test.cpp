// Expert statistics (entropy, concentration, Top-T, labels) and domain statistics (MI).
#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/moe/coactivation.h"
#include "assay/moe/domain_stats.h"
#include "assay/moe/expert_stats.h"
#include "coactivation_test_util.h"

namespace assay::core::moe {
namespace {

// Rows of k = 2: expert 0 paired with every other expert once per round; experts 1..n−1 paired
// with 0 only, so 0's partners are uniform and everyone else has a single partner.
Coactivation starCounts(int n, int rounds) {
    std::vector<std::int32_t> idx;
    for (int r = 0; r < rounds; ++r)
        for (int j = 1; j < n; ++j) {
            idx.push_back(0);
            idx.push_back(j);
        }
    return coactivationCounts(idx.data(), static_cast<std::int64_t>(idx.size() / 2), 2, n);
}

TEST(ExpertStats, EntropyIsOneForUniformPartnersAndZeroForASinglePartner) {
    const ExpertStats s = expertStats(starCounts(9, 3), 2);
    EXPECT_DOUBLE_EQ(s.entropy[0], 1.0);
    EXPECT_NEAR(s.concentration[0], 2.0 / 8.0, 1e-12);
    for (int i = 1; i < 9; ++i) {
        EXPECT_DOUBLE_EQ(s.entropy[i], 0.0);
        EXPECT_DOUBLE_EQ(s.concentration[i], 1.0);
        EXPECT_EQ(s.topPartners[i * 2], 0);
        EXPECT_EQ(s.topPartners[i * 2 + 1], i == 1 ? 2 : 1)
            << "ties go to the lower index, self excluded";
    }
    EXPECT_EQ(s.topPartners[0], 1);
    EXPECT_EQ(s.topPartners[1], 2);
    // Median over 9 used experts is 0: expert 0 is collaborative, the others specialised.
    EXPECT_DOUBLE_EQ(s.threshold, 0.0);
    EXPECT_EQ(s.collaborative[0], 1);
    EXPECT_EQ(s.collaborative[5], 0);
    EXPECT_EQ(expertStats(starCounts(9, 3), 2, 1.0).collaborative[0], 0)
        << "threshold is adjustable";
}

TEST(ExpertStats, TopTListsFollowCountsAndUnusedExpertsAreZero) {
    // n = 5, k = 2: pairs (0,1)x3, (0,2)x2, (0,3)x1; expert 4 never used.
    std::vector<std::int32_t> idx = {0, 1, 1, 0, 0, 1, 2, 0, 0, 2, 3, 0};
    const Coactivation c = coactivationCounts(idx.data(), 6, 2, 5);
    const ExpertStats s = expertStats(c, 3);
    EXPECT_EQ(std::vector<std::int32_t>(s.topPartners.begin(), s.topPartners.begin() + 3),
              (std::vector<std::int32_t>{1, 2, 3}));
    EXPECT_NEAR(s.concentration[0], 1.0, 1e-12);
    const double h =
        -(0.5 * std::log(0.5) + (1.0 / 3) * std::log(1.0 / 3) + (1.0 / 6) * std::log(1.0 / 6)) /
        std::log(4.0);
    EXPECT_NEAR(s.entropy[0], h, 1e-12);
    EXPECT_EQ(s.entropy[4], 0.0);
    EXPECT_EQ(s.collaborative[4], 0);
    EXPECT_THROW(expertStats(c, 5), ParameterError);
    EXPECT_THROW(expertStats(c, 0), ParameterError);
}

TEST(DomainStats, MutualInformationIsZeroWhenRoutingIgnoresTheDomain) {
    const int n = 16, k = 2, D = 4;
    const std::int64_t T = 200000;
    const auto idx = test::randomRouting(T, k, n, 21);
    std::vector<std::int32_t> domain(static_cast<std::size_t>(T));
    for (std::int64_t t = 0; t < T; ++t) domain[t] = static_cast<std::int32_t>((t * 7919) % D);
    const DomainStats s = domainStats(idx.data(), T, k, n, domain.data(), D);
    EXPECT_LT(s.meanSpecialisation, 1e-3);
    EXPECT_LT(s.layerInformation, 1e-3);
    std::int64_t total = 0;
    for (auto v : s.usageByDomain) total += v;
    EXPECT_EQ(total, k * T);
}

TEST(DomainStats, DisjointExpertsPerDomainCarryTheWholeDomain) {
    const int D = 4, k = 2, n = D * k;
    const std::int64_t T = 4000;
    std::vector<std::int32_t> idx, domain;
    for (std::int64_t t = 0; t < T; ++t) {
        const int d = static_cast<int>(t % D);
        domain.push_back(d);
        idx.push_back(d * k + static_cast<int>(t / D % k));
        idx.push_back(d * k + static_cast<int>((t / D + 1) % k));
    }
    const DomainStats s = domainStats(idx.data(), T, k, n, domain.data(), D);
    EXPECT_NEAR(s.layerInformation, std::log(static_cast<double>(D)), 1e-9);
    EXPECT_GT(s.meanSpecialisation,
              0.5 * std::log(2.0));  // each X_i = [domain is d]: h(1/4) = 0.562 nats
    for (int i = 0; i < n; ++i) {
        EXPECT_NEAR(s.specialisation[i], -(0.25 * std::log(0.25) + 0.75 * std::log(0.75)), 1e-9);
        EXPECT_NEAR(s.normalised[i], 1.0, 1e-9);
    }
    EXPECT_EQ(s.usageByDomain[1 * n + 2], T / D);
    domain[17] = D;
    EXPECT_THROW(domainStats(idx.data(), T, k, n, domain.data(), D), InputError);
}

}  // namespace
}  // namespace assay::core::moe
