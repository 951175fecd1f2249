// Expert placement and dispatch volumes (papers.md §1 Step 8, PROPOSAL) on planted groups, by
// hand, and on the trained demo.
#include "assay/moe/placement.h"

#include <gtest/gtest.h>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/demo/moe_demo.h"
#include "assay/moe/c2r_analysis.h"

namespace assay::core::moe {
namespace test_support {
const MoeDemo& trainedMoeDemo();  // moe_demo_test.cpp
}
namespace {

// G planted groups of n/G experts (a seeded shuffle of the experts); every token picks a group
// and k distinct experts inside it, so experts co-activate only within their group.
struct Planted {
    std::vector<int> group;  // [n]
    LayerRouting routing;
};

Planted plantedTrace(int n, int G, int k, std::int64_t tokens, std::uint64_t seed) {
    SplitMix64 rng(seed);
    Planted p;
    const Placement shuffled = randomPlacement(n, G, seed);
    p.group.assign(shuffled.deviceOf.begin(), shuffled.deviceOf.end());
    std::vector<std::vector<int>> members(G);
    for (int e = 0; e < n; ++e) members[p.group[e]].push_back(e);
    p.routing.tokens = tokens;
    p.routing.k = k;
    for (std::int64_t t = 0; t < tokens; ++t) {
        std::vector<int> m = members[rng.below(G)];
        for (int j = 0; j < k; ++j) {
            std::swap(m[j], m[j + rng.below(m.size() - j)]);
            p.routing.topkIdx.push_back(m[j]);
        }
    }
    return p;
}

bool sameGrouping(const std::vector<int>& a, const std::vector<std::int32_t>& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < a.size(); ++j)
            if ((a[i] == a[j]) != (b[i] == b[j])) return false;
    return true;
}

TEST(Placement, GreedyGroupingRecoversPlantedGroups) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const int n = seed % 2 ? 16 : 32, G = seed % 3 ? 4 : 8;
        const Planted p = plantedTrace(n, G, 2, 4000, seed);
        const auto collab = collaborationCounts(p.routing, n);
        const Placement g = greedyPlacement(collab, n, G);
        EXPECT_NO_THROW(checkPlacement(g, n));
        EXPECT_TRUE(sameGrouping(p.group, g.deviceOf)) << "seed " << seed;
        EXPECT_DOUBLE_EQ(intraGroupShare(collab, n, g), 1.0);
    }
}

TEST(Placement, BaselinesArePartitionsWithEqualShares) {
    for (int G : {1, 3, 4, 16}) {
        const Placement c = contiguousPlacement(16, G), r = randomPlacement(16, G, 5);
        EXPECT_NO_THROW(checkPlacement(c, 16));
        EXPECT_NO_THROW(checkPlacement(r, 16));
        EXPECT_EQ(r.deviceOf, randomPlacement(16, G, 5).deviceOf);
    }
    EXPECT_EQ(groupCapacities(10, 4), (std::vector<int>{3, 3, 2, 2}));
    EXPECT_EQ(contiguousPlacement(6, 3).deviceOf, (std::vector<std::int32_t>{0, 0, 1, 1, 2, 2}));
    EXPECT_NE(randomPlacement(16, 4, 5).deviceOf, randomPlacement(16, 4, 6).deviceOf);
    EXPECT_THROW(contiguousPlacement(4, 5), ParameterError);
    EXPECT_THROW(checkPlacement({2, {0, 0, 0, 1}}, 4), ParameterError);
    // A collaboration matrix with no pairs still gives a valid greedy placement.
    EXPECT_NO_THROW(checkPlacement(greedyPlacement(std::vector<double>(100, 0.0), 10, 4), 10));
}

TEST(Placement, DispatchVolumeByHand) {
    // G = 2, home devices of tokens 0,1,2 are 0,1,0. Experts 0,1 on device 0; 2,3 on device 1.
    LayerRouting r;
    r.tokens = 3;
    r.k = 2;
    r.topkIdx = {2, 3,   // token 0 (home 0): two remote experts on one device
                 0, 2,   // token 1 (home 1): one remote expert
                 0, 1};  // token 2 (home 0): all local
    const Placement p = contiguousPlacement(4, 2);
    const CommModel m{8, 2, 1.0, 5.0};
    const DispatchVolume naive = dispatchVolume(r, p, DispatchCounting::PerExpert, m);
    const DispatchVolume dedup = dispatchVolume(r, p, DispatchCounting::PerDevice, m);
    EXPECT_EQ(naive.copies, 3);
    EXPECT_EQ(dedup.copies, 2);
    EXPECT_DOUBLE_EQ(naive.bytes, 3 * 16.0);
    EXPECT_DOUBLE_EQ(naive.maxDeviceBytes, 2 * 16.0);  // device 0 sends token 0 twice
    EXPECT_DOUBLE_EQ(naive.secondsEstimate, 5e-6 + 32.0 / 1e9);
    EXPECT_DOUBLE_EQ(dedup.maxDeviceBytes, 16.0);
}

TEST(Placement, ConsistentListsAreTheGroupMates) {
    const Placement p = contiguousPlacement(8, 2);
    const TopTLists l = placementTopT(p);
    EXPECT_EQ(l.topT, 3);
    EXPECT_EQ(std::vector<std::int32_t>(l.row(5), l.row(5) + 3),
              (std::vector<std::int32_t>{4, 6, 7}));
    EXPECT_THROW(placementTopT(contiguousPlacement(10, 4)), ParameterError);
}

TEST(Placement, C2RNeedsLessTrafficThanDedupThanNaiveOnTheDemo) {
    const RoutingTrace& tr = test_support::trainedMoeDemo().trace;
    for (PlacementMethod method :
         {PlacementMethod::Greedy, PlacementMethod::Contiguous, PlacementMethod::Random}) {
        C2rParams p;
        p.topT = 3;
        p.sweep = false;
        p.devices = 4;
        p.placement = method;
        p.seed = 3;
        const C2rAnalysis a = analyzeC2r(tr, p);
        ASSERT_EQ(a.communication.size(), tr.layers.size());
        for (const LayerCommunication& c : a.communication) {
            ASSERT_TRUE(c.hasConsistent);
            EXPECT_LE(c.c2rConsistent.bytes, c.dedup.bytes) << placementMethodName(method);
            EXPECT_LE(c.dedup.bytes, c.naive.bytes);
            EXPECT_LE(c.c2rConsistent.copies, tr.layers[0].tokens);  // at most one copy per token
            if (method == PlacementMethod::Greedy) {
                EXPECT_LE(c.c2r.bytes, c.dedup.bytes);
                EXPECT_GT(c.intraGroupShare, 0.25);  // chance: (n/G - 1)/(n - 1) = 0.2
            }
        }
    }
}

}  // namespace
}  // namespace assay::core::moe
