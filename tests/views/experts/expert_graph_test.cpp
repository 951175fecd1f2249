// The expert graph of a large layer with skewed usage (64 and 128 experts, a few busy "hub"
// experts beside planted groups) must be readable as drawn by default: no two labels overlap,
// nearly every expert keeps its name, and the edges show the groups rather than a star into the
// busiest experts. With P(j | i) edges (the former default) the same layer is the star.
#include "views/common/expert_graph.h"

#include <gtest/gtest.h>

#include <QFont>
#include <QFontMetricsF>
#include <algorithm>
#include <numeric>
#include <random>

#include "assay/moe/experts_analysis.h"
#include "assay/moe/graph_edges.h"
#include "assay/moe/graph_layout.h"
#include "views/common/graph_painter.h"

namespace assay::views {
namespace {

namespace moe = core::moe;

// T tokens, top-4 of n: in 90% of the tokens two of three busy hubs (experts 0-2, drawn 50:30:20,
// whatever the rest of the token), the other slots from one planted group of five experts
// (groups drawn Zipf-like, so usage is skewed there too). The hubs are the three most used
// experts and appear beside everyone: P(j | i) ranks them first for every expert.
moe::RoutingTrace skewedTrace(int n, std::int64_t T, std::uint32_t seed) {
    const int k = 4, groupSize = 5, groups = (n - 3) / groupSize;
    std::mt19937 rng(seed);
    std::discrete_distribution<int> hub({50, 30, 20});
    std::vector<double> gw(groups);
    for (int g = 0; g < groups; ++g) gw[g] = 1.0 / (1 + g);
    std::discrete_distribution<int> group(gw.begin(), gw.end());
    moe::RoutingTrace trace;
    trace.numExperts = n;
    trace.topK = k;
    moe::LayerRouting layer;
    layer.tokens = T;
    layer.k = k;
    for (std::int64_t t = 0; t < T; ++t) {
        std::vector<std::int32_t> row;
        if (rng() % 10 < 9) {
            row.push_back(hub(rng));
            for (int h = hub(rng); row.size() < 2; h = hub(rng))
                if (h != row[0]) row.push_back(h);
        }
        std::vector<int> members(groupSize);
        const int g = group(rng);
        for (int m = 0; m < groupSize; ++m) members[m] = 3 + g * groupSize + m;
        std::shuffle(members.begin(), members.end(), rng);
        for (int m = 0; int(row.size()) < k; ++m) row.push_back(members[m]);
        layer.topkIdx.insert(layer.topkIdx.end(), row.begin(), row.end());
    }
    trace.layers.push_back(std::move(layer));
    return trace;
}

struct Drawn {
    GraphScene scene;
    QVector<QRectF> labels;
};

// What the Experts view draws for layer 0 at the graph figure's declared size (1000 × 1000).
Drawn draw(const moe::ExpertsAnalysis& a, const QString& weight) {
    const int n = a.n, T = a.layers[0].stats.topT;
    const auto w =
        moe::linkWeights(a.layers[0].vanilla, moe::edgeWeightFromName(weight.toStdString()));
    const auto positions = moe::forceLayout(moe::topLinkMatrix(w, n, T), n, 300);
    ExpertsGraphOptions o;
    o.weight = weight;
    Drawn d;
    d.scene = buildExpertsGraph(a, positions, o);
    const QRectF target(0, 0, 1000, 1000);
    const QFontMetricsF metrics{QFont()};
    d.labels = placeNodeLabels(
        d.scene, fitTransform(d.scene.bounds(), target), target, [&](const QString& s) {
            return QSizeF(metrics.horizontalAdvance(s), metrics.ascent() + metrics.descent());
        });
    return d;
}

// Share of the drawn edges' endpoints on the three most used experts.
double hubShare(const moe::ExpertsAnalysis& a, const GraphScene& scene) {
    std::vector<int> order(a.n);
    std::iota(order.begin(), order.end(), 0);
    const auto& c = a.layers[0].vanilla;
    std::stable_sort(order.begin(), order.end(),
                     [&](int x, int y) { return c.usage(x) > c.usage(y); });
    int onTop = 0;
    for (const GraphEdge& e : scene.edges)
        for (int end : {e.from, e.to})
            onTop += end == order[0] || end == order[1] || end == order[2];
    return scene.edges.isEmpty() ? 0.0 : onTop / (2.0 * scene.edges.size());
}

class LargeLayerGraph : public ::testing::TestWithParam<int> {};

TEST_P(LargeLayerGraph, IsReadableByDefault) {
    const int n = GetParam();
    moe::ExpertsParams p;  // the view's defaults: Top-T = 3
    p.devices = 0;
    const moe::ExpertsAnalysis a = moe::analyzeExperts(skewedTrace(n, 20000, n), p);
    const Drawn d = draw(a, ExpertsGraphOptions{}.weight);  // the default edge weight
    ASSERT_EQ(d.scene.nodes.size(), n);
    ASSERT_FALSE(d.scene.edges.isEmpty());
    int shown = 0;
    for (int i = 0; i < d.labels.size(); ++i) {
        if (d.labels[i].isEmpty()) continue;
        ++shown;
        for (int j = i + 1; j < d.labels.size(); ++j)
            EXPECT_FALSE(d.labels[i].intersects(d.labels[j]))
                << "labels of E" << i << " and E" << j << " overlap";
    }
    EXPECT_GE(shown, 0.9 * n) << "labels left out on a " << n << "-expert layer";
    EXPECT_LT(hubShare(a, d.scene), 0.30);
    // Every drawn link co-activated at least once.
    for (const GraphEdge& e : d.scene.edges) EXPECT_GT(a.layers[0].vanilla.at(e.from, e.to), 0);
    // P(j | i) edges on the same layer: the star the default avoids.
    EXPECT_GT(hubShare(a, draw(a, QStringLiteral("conditional")).scene), 0.30);
}

INSTANTIATE_TEST_SUITE_P(ExpertsGraph, LargeLayerGraph, ::testing::Values(64, 128));

}  // namespace
}  // namespace assay::views
