#include "views/pruning/pruning_graph.h"

#include <QObject>
#include <algorithm>

#include "assay/moe/expert_stats.h"
#include "assay/moe/experts_analysis.h"
#include "assay/moe/graph_edges.h"
#include "views/common/expert_graph.h"

namespace assay::views {

namespace moe = core::moe;

moe::Coactivation survivingCoactivation(const moe::Coactivation& full,
                                        const std::vector<int>& kept) {
    moe::Coactivation c;
    c.n = int(kept.size());
    c.k = std::min(full.k, std::max(1, c.n));
    c.tokens = full.tokens;
    c.counts.assign(std::size_t(c.n) * c.n, 0);
    for (int a = 0; a < c.n; ++a)
        for (int b = 0; b < c.n; ++b)
            if (kept[a] < full.n && kept[b] < full.n)
                c.counts[std::size_t(a) * c.n + b] = full.at(kept[a], kept[b]);
    return c;
}

namespace {
int clampTopT(int topT, int n) { return std::clamp(topT, 1, std::max(1, n - 1)); }
}  // namespace

std::vector<moe::Point> survivingLayout(const moe::Coactivation& s, int topT,
                                        core::JobContext& job) {
    if (s.n < 3) return moe::circularLayout(s.n);
    const std::vector<double> w = moe::linkWeights(s, moe::EdgeWeight::Lift);
    return moe::forceLayout(moe::topLinkMatrix(w, s.n, clampTopT(topT, s.n)), s.n, 300, job);
}

GraphScene survivingGraph(const moe::Coactivation& full, const std::vector<int>& kept,
                          const std::vector<moe::Point>& positions, int layer, int topT) {
    const int n = full.n;
    if (n < 2 || kept.empty()) return {};
    moe::ExpertsAnalysis a;
    a.n = n;
    a.k = full.k;
    a.tokens = full.tokens;
    moe::LayerAnalysis la;
    la.vanilla = full;
    la.stats = moe::expertStats(full, clampTopT(topT, int(kept.size())));
    a.layers.push_back(std::move(la));
    std::vector<moe::Point> at(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < kept.size() && i < positions.size(); ++i)
        at[std::size_t(kept[i])] = positions[i];
    ExpertsGraphOptions o;
    o.layer = 0;
    const GraphScene all = buildExpertsGraph(a, at, o);
    // Keep the surviving nodes, and the edges between them, renumbered.
    std::vector<int> newIndex(std::size_t(n), -1);
    GraphScene scene = all;
    scene.nodes.clear();
    scene.edges.clear();
    for (int e : kept) {
        newIndex[std::size_t(e)] = int(scene.nodes.size());
        scene.nodes.push_back(all.nodes[e]);
    }
    for (const GraphEdge& edge : all.edges)
        if (newIndex[edge.from] >= 0 && newIndex[edge.to] >= 0)
            scene.edges.push_back({newIndex[edge.from], newIndex[edge.to], edge.weight});
    const int cut = all.legend.indexOf(QStringLiteral(" · "));
    scene.legend = QObject::tr("layer %1 · %2 kept, %3 dropped")
                       .arg(layer)
                       .arg(kept.size())
                       .arg(n - int(kept.size())) +
                   (cut < 0 ? QString() : all.legend.mid(cut));
    return scene;
}

}  // namespace assay::views
