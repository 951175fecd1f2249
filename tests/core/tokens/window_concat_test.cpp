// WiCo concatenation, 2-D pooling and 1-D concatenation against explicit loops (papers.md §3(f)
// "Window order": the unfold layout equals a loop over (row, col, c, a, b) for every divisor of
// 24), the source map, and s_w against the brute-force definition.
#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "assay/tokens/token_reduction.h"
#include "methods_test_util.h"

namespace assay::core::tokens {
namespace {

using test::bruteSimilarity;
using test::randomFeatures;

void expectSourceMatchesMembers(const TokenReduction& r) {
    ASSERT_EQ(r.source.size(), static_cast<std::size_t>(r.in.patches()));
    std::vector<int> seen(r.source.size(), 0);
    for (int t = 0; t < r.tokenCount; ++t)
        for (int p : r.members[std::size_t(t)]) {
            EXPECT_EQ(r.source[std::size_t(p)], t);
            ++seen[std::size_t(p)];
        }
    for (int s : seen) EXPECT_EQ(s, 1);  // a partition
}

TEST(WicoConcat, UnfoldLayoutEveryDivisorOf24) {
    const int H = 24, D = 3;
    const std::vector<float> x = randomFeatures(H * H, D, 11);
    for (int d = 1; d <= 24; ++d) {
        if (24 % d != 0) continue;
        const TokenReduction r = reduceTokens(x.data(), {H, H}, D, {ReductionMethod::Wico, {d, d}});
        const int k = H / d;
        ASSERT_EQ(r.tokenCount, d * d);
        ASSERT_EQ(r.tokenDim, D * k * k);
        ASSERT_EQ(r.tokens.size(), std::size_t(d * d * D * k * k));
        for (int row = 0; row < d; ++row)
            for (int col = 0; col < d; ++col)
                for (int c = 0; c < D; ++c)
                    for (int a = 0; a < k; ++a)
                        for (int b = 0; b < k; ++b) {
                            const int patch = (row * k + a) * H + col * k + b;
                            const float want = x[std::size_t(patch) * D + c];
                            const float got = r.tokens[std::size_t(row * d + col) * r.tokenDim +
                                                       std::size_t(c * k * k + a * k + b)];
                            ASSERT_EQ(got, want) << "out " << d << " window " << row << "," << col
                                                 << " c " << c << " offset " << a << "," << b;
                        }
        expectSourceMatchesMembers(r);
        for (int t = 0; t < r.tokenCount; ++t) {
            const double want = bruteSimilarity(x, D, r.members[std::size_t(t)]);
            if (std::isnan(want))  // windows of one patch (24x24)
                EXPECT_TRUE(std::isnan(r.similarity[std::size_t(t)]));
            else
                EXPECT_NEAR(r.similarity[std::size_t(t)], want, 1e-12) << d;
        }
    }
}

TEST(WicoConcat, NonSquareGrid) {
    const int H = 6, W = 4, D = 5;
    const std::vector<float> x = randomFeatures(H * W, D, 12);
    const TokenReduction r = reduceTokens(x.data(), {H, W}, D, {ReductionMethod::Wico, {2, 2}});
    const int kr = 3, kc = 2;
    ASSERT_EQ(r.tokenDim, D * kr * kc);
    for (int row = 0; row < 2; ++row)
        for (int col = 0; col < 2; ++col)
            for (int c = 0; c < D; ++c)
                for (int a = 0; a < kr; ++a)
                    for (int b = 0; b < kc; ++b)
                        EXPECT_EQ(r.tokens[std::size_t(row * 2 + col) * r.tokenDim +
                                           std::size_t(c * kr * kc + a * kc + b)],
                                  x[std::size_t((row * kr + a) * W + col * kc + b) * D + c]);
    expectSourceMatchesMembers(r);
}

TEST(Pool, EqualsDirectMean) {
    const int H = 12, D = 37;  // two 16-channel blocks and a tail
    const std::vector<float> x = randomFeatures(H * H, D, 13);
    for (int d : {1, 2, 3, 4, 6, 12}) {
        const TokenReduction r = reduceTokens(x.data(), {H, H}, D, {ReductionMethod::Pool, {d, d}});
        const int k = H / d;
        ASSERT_EQ(r.tokenDim, D);
        for (int row = 0; row < d; ++row)
            for (int col = 0; col < d; ++col)
                for (int c = 0; c < D; ++c) {
                    double s = 0;
                    for (int a = 0; a < k; ++a)
                        for (int b = 0; b < k; ++b)
                            s += x[std::size_t((row * k + a) * H + col * k + b) * D + c];
                    EXPECT_NEAR(r.tokens[std::size_t(row * d + col) * D + c], s / (k * k), 1e-6);
                }
        expectSourceMatchesMembers(r);
        // Pooling keeps WiCo's windows: the same s_w.
        const TokenReduction w = reduceTokens(x.data(), {H, H}, D, {ReductionMethod::Wico, {d, d}});
        EXPECT_EQ(r.members, w.members);
    }
}

TEST(Concat1d, ConsecutivePatchesChannelMajor) {
    const int H = 24, D = 4;
    const std::vector<float> x = randomFeatures(H * H, D, 14);
    for (int d : {12, 8, 6}) {
        const TokenReduction r =
            reduceTokens(x.data(), {H, H}, D, {ReductionMethod::Concat1d, {d, d}});
        const int g = H * H / (d * d);
        ASSERT_EQ(r.tokenCount, d * d);
        ASSERT_EQ(r.tokenDim, D * g);
        for (int t = 0; t < r.tokenCount; ++t) {
            for (int j = 0; j < g; ++j) {
                EXPECT_EQ(r.members[std::size_t(t)][std::size_t(j)], t * g + j);
                for (int c = 0; c < D; ++c)
                    EXPECT_EQ(r.tokens[std::size_t(t) * r.tokenDim + std::size_t(c * g + j)],
                              x[std::size_t(t * g + j) * D + c]);
            }
            EXPECT_NEAR(r.similarity[std::size_t(t)],
                        bruteSimilarity(x, D, r.members[std::size_t(t)]), 1e-12);
        }
        expectSourceMatchesMembers(r);
    }
}

TEST(GroupSimilarity, BruteForceZeroVectorsAndSingletons) {
    const int D = 37;  // not a multiple of the vector width
    std::vector<float> x = randomFeatures(40, D, 15);
    for (int c = 0; c < D; ++c) x[std::size_t(5) * D + c] = 0.0f;  // patch 5 is a zero vector
    // Patches 7 and 8 nearly parallel: s_w near 1.
    for (int c = 0; c < D; ++c) x[std::size_t(8) * D + c] = 2.0f * x[std::size_t(7) * D + c];
    const std::vector<std::vector<int>> groups{
        {0, 1}, {2, 3, 4, 5}, {5, 6}, {7, 8}, {9}, {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21},
        {0, 39}};
    const std::vector<double> s = groupSimilarity(x.data(), D, groups);
    ASSERT_EQ(s.size(), groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].size() < 2) {
            EXPECT_TRUE(std::isnan(s[g]));
            continue;
        }
        EXPECT_NEAR(s[g], bruteSimilarity(x, D, groups[g]), 1e-12) << g;
    }
    EXPECT_NEAR(s[2], 0.0, 1e-15);  // a zero vector has cosine 0 with anything
    EXPECT_NEAR(s[3], 1.0, 1e-12);
}

TEST(PairwiseCosine, BruteForce) {
    const int D = 19;
    std::vector<float> x = randomFeatures(10, D, 16);
    for (int c = 0; c < D; ++c) x[std::size_t(4) * D + c] = 0.0f;
    const std::vector<int> p{9, 2, 4, 0};
    const std::vector<double> m = pairwiseCosine(x.data(), D, p);
    ASSERT_EQ(m.size(), 16u);
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j) {
            const double want = i == j ? 1.0
                                       : test::cosine(x.data() + std::size_t(p[i]) * D,
                                                      x.data() + std::size_t(p[j]) * D, D);
            EXPECT_NEAR(m[i * 4 + j], want, 1e-12);
        }
}

TEST(ReduceTokens, MalformedArguments) {
    const std::vector<float> x = randomFeatures(16, 2, 17);
    EXPECT_THROW(reduceTokens(x.data(), {4, 4}, 0, {}), ParameterError);
    EXPECT_THROW(reduceTokens(nullptr, {4, 4}, 2, {}), ParameterError);
    EXPECT_THROW(reduceTokens(x.data(), {4, 4}, 2, {ReductionMethod::Wico, {3, 3}}),
                 ParameterError);
}

}  // namespace
}  // namespace assay::core::tokens
