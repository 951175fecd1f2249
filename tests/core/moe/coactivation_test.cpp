// Co-activation counts: identities, brute-force equality (CPU, CUDA when present), chunked
// accumulation, bad rows, and the normalisations (lift ≈ 1 under independent routing).
#include "assay/moe/coactivation.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/core/runtime.h"
#include "assay/moe/routing_trace.h"
#include "coactivation_test_util.h"

namespace assay::core::moe {
namespace {

TEST(Coactivation, IdentitiesHold) {
    const int n = 16, k = 4;
    const std::int64_t T = 5000;
    const auto idx = test::randomRouting(T, k, n, 7);
    const Coactivation c = coactivationCounts(idx.data(), T, k, n);
    std::int64_t usageSum = 0;
    for (int i = 0; i < n; ++i) {
        std::int64_t partners = 0;
        for (int j = 0; j < n; ++j) {
            EXPECT_EQ(c.at(i, j), c.at(j, i));
            if (j != i) partners += c.at(i, j);
        }
        EXPECT_EQ(partners, (k - 1) * c.usage(i)) << "expert " << i;
        usageSum += c.usage(i);
    }
    EXPECT_EQ(usageSum, k * T);
}

TEST(Coactivation, EqualsBruteForceCountOnRandomTraces) {
    for (auto [n, k, T] : {std::tuple{8, 2, 1000},
                           {64, 8, 70000},
                           {37, 5, 3001},
                           {200, 3, 2000},
                           {10, 10, 50},
                           {5, 1, 40}}) {
        const auto idx = test::randomRouting(T, k, n, static_cast<std::uint32_t>(n * 31 + k));
        const Coactivation c = coactivationCounts(idx.data(), T, k, n);
        EXPECT_EQ(c.counts, test::bruteForceCounts(idx, k, n)) << "n=" << n << " k=" << k;
        EXPECT_EQ(c.tokens, T);
    }
}

TEST(Coactivation, CudaEqualsBruteForceWhenAGpuIsPresent) {
    if (currentDevice().kind != DeviceKind::Cuda || !runtimeVersions().kernelsCompiled)
        GTEST_SKIP() << "no CUDA device or kernels: the CPU twin is tested above";
    for (auto [n, k, T] : {std::tuple{64, 8, 200000}, {128, 6, 5000}, {300, 4, 5000}}) {
        const auto idx = test::randomRouting(T, k, n, 99);
        EXPECT_EQ(coactivationCounts(idx.data(), T, k, n).counts, test::bruteForceCounts(idx, k, n))
            << "n=" << n;
    }
}

TEST(Coactivation, ChunkedAccumulationEqualsOneCall) {
    const int n = 12, k = 3;
    const auto idx = test::randomRouting(1001, k, n, 3);
    CoactivationAccumulator acc(k, n);
    for (std::int64_t first = 0; first < 1001; first += 97)
        acc.add(idx.data() + first * k, std::min<std::int64_t>(97, 1001 - first));
    EXPECT_EQ(acc.result().counts, coactivationCounts(idx.data(), 1001, k, n).counts);
    EXPECT_EQ(acc.result().tokens, 1001);
}

TEST(Coactivation, BadRowsAreNamed) {
    std::vector<std::int32_t> idx = test::randomRouting(100, 3, 8, 1);
    idx[41 * 3 + 2] = 8;  // the 42nd row: messages count rows from 1
    try {
        coactivationCounts(idx.data(), 100, 3, 8, "t.safetensors: layers.2.topk_idx");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(),
                     "t.safetensors: layers.2.topk_idx: row 42: expert index 8 is outside [0, 8)");
    }
    idx[41 * 3 + 2] = idx[41 * 3];
    EXPECT_THROW(coactivationCounts(idx.data(), 100, 3, 8), InputError);
    idx[41 * 3 + 2] = -1;
    EXPECT_THROW(coactivationCounts(idx.data(), 100, 3, 8), InputError);
    EXPECT_THROW(coactivationCounts(idx.data(), 10, 9, 8), ParameterError);
    EXPECT_THROW(coactivationCounts(idx.data(), 10, 3, kMaxCoactivationExperts + 1),
                 ParameterError);
}

TEST(Coactivation, LayerRoutingOverload) {
    LayerRouting layer;
    layer.tokens = 3;
    layer.k = 2;
    layer.topkIdx = {0, 1, 1, 2, 0, 1};
    const Coactivation c = coactivation(layer, 3);
    EXPECT_EQ(c.counts, (std::vector<std::int64_t>{2, 2, 0, 2, 3, 1, 0, 1, 1}));
}

TEST(CoactivationNormalise, SmallCaseByHand) {
    LayerRouting layer;
    layer.tokens = 3;
    layer.k = 2;
    layer.topkIdx = {0, 1, 1, 2, 0, 1};  // u = (2,3,1); C01 = 2, C12 = 1
    const Coactivation c = coactivation(layer, 3);
    const auto cond = normalise(c, Normalisation::Conditional);
    EXPECT_DOUBLE_EQ(cond[0 * 3 + 1], 1.0);
    EXPECT_DOUBLE_EQ(cond[1 * 3 + 0], 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(cond[1 * 3 + 1], 0.0);
    const auto jac = normalise(c, Normalisation::Jaccard);
    EXPECT_DOUBLE_EQ(jac[0 * 3 + 1], 2.0 / 3.0);  // 2 / (2 + 3 − 2)
    EXPECT_DOUBLE_EQ(jac[1 * 3 + 2], 1.0 / 3.0);
    const auto share = normalise(c, Normalisation::Share);
    EXPECT_DOUBLE_EQ(share[0 * 3 + 1], 2.0 / 6.0);
    EXPECT_DOUBLE_EQ(normalise(c, Normalisation::Raw)[4], 3.0);
    EXPECT_EQ(normalisationFromName("lift"), Normalisation::Lift);
    EXPECT_THROW(normalisationFromName("pmi"), ParameterError);
}

TEST(CoactivationNormalise, LiftIsOneUnderIndependentUniformRouting) {
    const int n = 16, k = 4;
    const std::int64_t T = 400000;
    const auto idx = test::randomRouting(T, k, n, 11);
    const auto lift = normalise(coactivationCounts(idx.data(), T, k, n), Normalisation::Lift);
    double worst = 0.0, mean = 0.0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j) {
                worst = std::max(worst, std::abs(lift[i * n + j] - 1.0));
                mean += lift[i * n + j] / (n * (n - 1));
            }
    EXPECT_LT(worst, 0.05);  // E = T·k(k−1)/(n(n−1)) = 20000 per pair: sd ≈ 1%
    EXPECT_NEAR(mean, 1.0, 0.005);
}

TEST(CoactivationNormalise, LiftIsNearOneUnderIndependentSkewedRouting) {
    // Each token draws k experts without replacement in proportion to weights 1..n.
    const int n = 12, k = 3;
    const std::int64_t T = 300000;
    std::mt19937 rng(5);
    std::vector<std::int32_t> idx;
    for (std::int64_t t = 0; t < T; ++t) {
        std::vector<double> w(n);
        for (int e = 0; e < n; ++e) w[e] = e + 1.0;
        for (int p = 0; p < k; ++p) {
            std::discrete_distribution<int> pick(w.begin(), w.end());
            const int e = pick(rng);
            idx.push_back(e);
            w[e] = 0.0;
        }
    }
    // The expectation is exact only for equal usage: here the rarest pair (0,1) is off by ~15%,
    // the count-weighted average by far less.
    const Coactivation c = coactivationCounts(idx.data(), T, k, n);
    const auto lift = normalise(c, Normalisation::Lift);
    double observed = 0.0, expected = 0.0;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            if (i == j) continue;
            EXPECT_NEAR(lift[i * n + j], 1.0, 0.2) << i << "," << j;
            observed += static_cast<double>(c.at(i, j));
            expected += static_cast<double>(c.at(i, j)) / lift[i * n + j];
        }
    }
    EXPECT_NEAR(observed / expected, 1.0, 0.03);
}

}  // namespace
}  // namespace assay::core::moe
