// C2R routing (papers.md §1 Step 6 and the checks of 1(f)) against brute force and vanilla top-k.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/demo/moe_demo.h"
#include "assay/moe/c2r_analysis.h"
#include "assay/moe/c2r_routing.h"
#include "assay/moe/expert_stats.h"

namespace assay::core::moe {
namespace test_support {
const MoeDemo& trainedMoeDemo();  // moe_demo_test.cpp
}
namespace {

std::vector<float> randomLogits(std::int64_t tokens, int n, std::uint64_t seed) {
    SplitMix64 rng(seed);
    std::vector<float> z(static_cast<std::size_t>(tokens) * n);
    for (float& v : z) v = static_cast<float>(2.0 * rng.normal());
    return z;
}

std::vector<double> randomCollab(int n, std::uint64_t seed) {
    SplitMix64 rng(seed);
    std::vector<double> c(static_cast<std::size_t>(n) * n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j <= i; ++j)
            c[i * n + j] = c[j * n + i] = static_cast<double>(rng.below(50));
    return c;
}

std::vector<std::int32_t> sortedRow(const LayerRouting& r, std::int64_t t) {
    std::vector<std::int32_t> s(r.topkIdx.begin() + t * r.k, r.topkIdx.begin() + (t + 1) * r.k);
    std::sort(s.begin(), s.end());
    return s;
}

// Weights keyed by expert, so that rows compare as sets.
std::map<std::int32_t, float> weightsOf(const LayerRouting& r, std::int64_t t) {
    std::map<std::int32_t, float> m;
    for (int j = 0; j < r.k; ++j) m[r.topkIdx[t * r.k + j]] = r.topkWeight[t * r.k + j];
    return m;
}

const RoutingOptions kOptions[] = {
    {C2rVariant::Qwen, false}, {C2rVariant::Qwen, true}, {C2rVariant::Llama, false}};

TEST(C2rRouting, TopTListsExcludeSelfAndFollowTheCounts) {
    const std::vector<double> c = {9, 1, 5, 5,  //
                                   1, 9, 0, 2,  //
                                   5, 0, 9, 3,  //
                                   5, 2, 3, 9};
    const TopTLists l = topTLists(c, 4, 2);
    EXPECT_EQ(std::vector<std::int32_t>(l.row(0), l.row(0) + 2),
              (std::vector<std::int32_t>{2, 3}));  // tie: lower first
    EXPECT_EQ(std::vector<std::int32_t>(l.row(1), l.row(1) + 2), (std::vector<std::int32_t>{3, 0}));
    EXPECT_EQ(std::vector<std::int32_t>(l.row(3), l.row(3) + 2), (std::vector<std::int32_t>{0, 2}));
    EXPECT_THROW(topTLists(c, 4, 4), ParameterError);
}

TEST(C2rRouting, TopTListsAgreeWithTheExpertStatistics) {
    const LayerRouting& layer = test_support::trainedMoeDemo().trace.layers[0];
    const Coactivation c = coactivation(layer, 16);
    const std::vector<double> counts(c.counts.begin(), c.counts.end());
    for (int T : {1, 5, 15})
        EXPECT_EQ(topTLists(counts, 16, T).partners, expertStats(c, T).topPartners) << T;
}

TEST(C2rRouting, FullListsEqualVanillaTopKInSetsAndWeights) {
    const int n = 12, k = 3;
    const auto z = randomLogits(500, n, 1);
    const TopTLists all = topTLists(randomCollab(n, 2), n, n - 1);
    for (const RoutingOptions& o : kOptions) {
        const LayerRouting v = vanillaTopK(z, n, k, o), c = c2rRoute(z, n, k, all, o);
        for (std::int64_t t = 0; t < v.tokens; ++t)
            EXPECT_EQ(weightsOf(v, t), weightsOf(c, t)) << t;
        const RoutingDeviation d = routingDeviation(v, c, z, n);
        EXPECT_EQ(d.changedShare, 0.0);
        EXPECT_DOUBLE_EQ(d.keptWeightMass, 1.0);
        EXPECT_DOUBLE_EQ(d.keptProbMass, 1.0);
    }
}

TEST(C2rRouting, ShortestListsMakeTheSetAFunctionOfTheTopExpert) {
    const int n = 10, k = 3;
    const auto z = randomLogits(2000, n, 3);
    const LayerRouting c = c2rRoute(z, n, k, topTLists(randomCollab(n, 4), n, k - 1), {});
    std::map<std::int32_t, std::vector<std::int32_t>> setOf;
    for (std::int64_t t = 0; t < c.tokens; ++t) {
        const std::int32_t e1 = c.topkIdx[t * k];
        const auto top =
            std::max_element(z.begin() + t * n, z.begin() + (t + 1) * n) - (z.begin() + t * n);
        ASSERT_EQ(e1, top);
        const auto s = sortedRow(c, t);
        const auto [it, fresh] = setOf.emplace(e1, s);
        EXPECT_EQ(it->second, s) << "token " << t;
    }
    const RoutingDeviation d = routingDeviation(vanillaTopK(z, n, k, {}), c, z, n);
    EXPECT_LE(d.distinctSets, n);
    EXPECT_GT(d.changedShare, 0.5);
}

TEST(C2rRouting, QwenRuleMatchesBruteForce) {
    const int n = 16, k = 4, T = 6;
    const auto z = randomLogits(300, n, 5);
    const auto collab = randomCollab(n, 6);
    for (bool normalise : {false, true}) {
        const LayerRouting c =
            c2rRoute(z, n, k, topTLists(collab, n, T), {C2rVariant::Qwen, normalise});
        for (std::int64_t t = 0; t < c.tokens; ++t) {
            const float* zt = z.data() + t * n;
            double sum = 0;
            std::vector<double> p(n);
            for (int e = 0; e < n; ++e) sum += (p[e] = std::exp(static_cast<double>(zt[e])));
            for (double& v : p) v /= sum;
            const int e1 = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
            // TopT(e1): every other expert, sorted by collaboration (desc), then index.
            std::vector<int> cand;
            for (int j = 0; j < n; ++j)
                if (j != e1) cand.push_back(j);
            std::sort(cand.begin(), cand.end(), [&](int a, int b) {
                return collab[e1 * n + a] != collab[e1 * n + b]
                           ? collab[e1 * n + a] > collab[e1 * n + b]
                           : a < b;
            });
            cand.resize(T);
            std::sort(cand.begin(), cand.end(), [&](int a, int b) { return p[a] > p[b]; });
            std::map<std::int32_t, float> want{{e1, static_cast<float>(p[e1])}};
            double picked = p[e1];
            for (int j = 0; j < k - 1; ++j) {
                want[cand[j]] = static_cast<float>(p[cand[j]]);
                picked += p[cand[j]];
            }
            if (normalise)
                for (auto& [e, w] : want) w = static_cast<float>(p[e] / picked);
            const auto got = weightsOf(c, t);
            ASSERT_EQ(got.size(), want.size());
            for (const auto& [e, w] : want) {
                ASSERT_TRUE(got.count(e)) << "token " << t << " expert " << e;
                EXPECT_NEAR(got.at(e), w, 1e-6f);
            }
        }
    }
}

TEST(C2rRouting, LlamaWeightsAreASoftmaxOverTheSelectedLogits) {
    const int n = 8, k = 2;
    const auto z = randomLogits(200, n, 7);
    const LayerRouting c =
        c2rRoute(z, n, k, topTLists(randomCollab(n, 8), n, 1), {C2rVariant::Llama, false});
    for (std::int64_t t = 0; t < c.tokens; ++t) {
        const float za = z[t * n + c.topkIdx[t * k]], zb = z[t * n + c.topkIdx[t * k + 1]];
        EXPECT_NEAR(c.topkWeight[t * k], 1.0 / (1.0 + std::exp(zb - za)), 1e-6);
        EXPECT_NEAR(c.topkWeight[t * k] + c.topkWeight[t * k + 1], 1.0f, 1e-6f);
    }
}

TEST(C2rRouting, TooShortListsAndBadNamesAreRefused) {
    const auto z = randomLogits(4, 8, 9);
    EXPECT_THROW(c2rRoute(z, 8, 4, topTLists(randomCollab(8, 1), 8, 2), {}), ParameterError);
    EXPECT_THROW(c2rVariantFromName("mixtral"), ParameterError);
    EXPECT_THROW(vanillaTopK(z, 7, 2, {}), ParameterError);
}

TEST(C2rAnalysis, SweepOnTheDemoEndsAtVanillaAndDeviatesBelow) {
    const RoutingTrace& tr = test_support::trainedMoeDemo().trace;
    C2rParams p;
    p.topT = 1;
    const C2rAnalysis a = analyzeC2r(tr, p);
    ASSERT_EQ(a.sweep.size(), 15u);  // T = 1 .. 15
    EXPECT_EQ(a.sweep.front().topT, 1);
    EXPECT_EQ(a.sweep.back().mean.changedShare, 0.0);
    EXPECT_DOUBLE_EQ(a.sweep.back().mean.keptWeightMass, 1.0);
    EXPECT_GT(a.meanDeviation.changedShare, 0.0);
    EXPECT_DOUBLE_EQ(a.meanDeviation.changedShare, a.sweep.front().mean.changedShare);
    EXPECT_GE(a.sweep.front().mean.changedShare, a.sweep[4].mean.changedShare);
    EXPECT_LT(a.meanDeviation.keptProbMass, 1.0);
    RoutingTrace noLogits = tr;
    noLogits.layers[1].routerLogits.clear();
    try {
        analyzeC2r(noLogits, p);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("layers.1.router_logits"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace assay::core::moe
