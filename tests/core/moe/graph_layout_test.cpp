#include "assay/moe/graph_layout.h"

#include <gtest/gtest.h>

#include <cmath>

namespace assay::core::moe {
namespace {

double dist(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

TEST(GraphLayout, CircularPutsNodesOnTheUnitCircle) {
    const auto p = circularLayout(8);
    ASSERT_EQ(p.size(), 8u);
    for (const Point& q : p) EXPECT_NEAR(std::hypot(q.x, q.y), 1.0, 1e-12);
    EXPECT_NEAR(p[0].x, 0.0, 1e-12);
    EXPECT_NEAR(p[0].y, -1.0, 1e-12);
}

TEST(GraphLayout, ForceLayoutPullsPlantedGroupsTogether) {
    // Two groups of 6 that link only inside themselves; the circle start interleaves them.
    const int n = 12;
    std::vector<double> w(n * n, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j && i % 2 == j % 2) w[i * n + j] = 1.0;
    const auto p = forceLayout(w, n, 300);
    double intra = 0, inter = 0;
    int ni = 0, nx = 0;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) {
            (i % 2 == j % 2 ? intra : inter) += dist(p[i], p[j]);
            (i % 2 == j % 2 ? ni : nx) += 1;
        }
    EXPECT_LT(intra / ni, 0.6 * (inter / nx));
    EXPECT_EQ(forceLayout(w, n, 300)[3].x, p[3].x);  // deterministic
}

TEST(GraphLayout, GroupedLayoutKeepsDevicesApart) {
    const std::vector<std::int32_t> device = {0, 0, 0, 0, 1, 1, 1, 1};
    const auto p = groupedLayout(device);
    EXPECT_LT(dist(p[0], p[1]), dist(p[0], p[4]));
}

TEST(GraphLayout, CancelStopsTheLayout) {
    struct Cancel : JobContext {
        void onProgress(std::int64_t, std::int64_t) override { cancel(); }
    } job;
    std::vector<double> w(16, 1.0);
    EXPECT_THROW(forceLayout(w, 4, 300, job), JobCancelled);
}

}  // namespace
}  // namespace assay::core::moe
