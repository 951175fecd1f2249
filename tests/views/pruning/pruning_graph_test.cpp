// The surviving experts' graph: the counts restricted to the kept experts equal a direct count
// of the routing over those experts, and the scene keeps exactly the kept experts, named by
// their index in the model, with edges only between them.
#include "views/pruning/pruning_graph.h"

#include <gtest/gtest.h>

#include <random>

#include "assay/moe/coactivation.h"

namespace assay::views {
namespace {

namespace moe = core::moe;

// Tokens routed top-2 among experts {0..7} minus {2, 5} (as a pruned router would).
std::vector<std::int32_t> prunedRouting(int tokens, std::mt19937& rng) {
    const std::vector<int> alive = {0, 1, 3, 4, 6, 7};
    std::vector<std::int32_t> idx;
    for (int t = 0; t < tokens; ++t) {
        const int a = alive[rng() % alive.size()];
        int b = a;
        while (b == a) b = alive[rng() % alive.size()];
        idx.push_back(a);
        idx.push_back(b);
    }
    return idx;
}

TEST(PruningGraph, SurvivingCountsEqualADirectCountOverTheKeptExperts) {
    std::mt19937 rng(3);
    const std::vector<std::int32_t> idx = prunedRouting(500, rng);
    const moe::Coactivation full = moe::coactivationCounts(idx.data(), 500, 2, 8);
    const std::vector<int> kept = {0, 1, 3, 4, 6, 7};
    const moe::Coactivation s = survivingCoactivation(full, kept);
    ASSERT_EQ(s.n, 6);
    for (int a = 0; a < 6; ++a)
        for (int b = 0; b < 6; ++b) {
            std::int64_t direct = 0;
            for (int t = 0; t < 500; ++t) {
                const bool hasA = idx[2 * t] == kept[a] || idx[2 * t + 1] == kept[a];
                const bool hasB = idx[2 * t] == kept[b] || idx[2 * t + 1] == kept[b];
                direct += hasA && hasB;
            }
            EXPECT_EQ(s.at(a, b), direct) << a << "," << b;
        }
}

TEST(PruningGraph, SceneHoldsOnlyTheKeptExpertsUnderTheirModelNames) {
    std::mt19937 rng(5);
    const std::vector<std::int32_t> idx = prunedRouting(800, rng);
    const moe::Coactivation full = moe::coactivationCounts(idx.data(), 800, 2, 8);
    const std::vector<int> kept = {0, 1, 3, 4, 6, 7};
    const auto positions =
        survivingLayout(survivingCoactivation(full, kept), 2, core::JobContext::none());
    ASSERT_EQ(positions.size(), kept.size());
    const GraphScene scene = survivingGraph(full, kept, positions, 3, 2);
    ASSERT_EQ(scene.nodes.size(), 6);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(scene.nodes[i].label, QStringLiteral("E%1").arg(kept[i]));
        EXPECT_EQ(scene.nodes[i].pos.x(), positions[i].x);
    }
    EXPECT_FALSE(scene.edges.isEmpty());
    for (const GraphEdge& e : scene.edges) {
        EXPECT_GE(e.from, 0);
        EXPECT_LT(e.to, 6);
    }
    EXPECT_TRUE(scene.legend.startsWith(QStringLiteral("layer 3 · 6 kept, 2 dropped")));
}

}  // namespace
}  // namespace assay::views
