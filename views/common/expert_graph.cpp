#include "views/common/expert_graph.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <set>

#include "assay/moe/graph_edges.h"
#include "views/common/plot_theme.h"

namespace assay::views {

namespace moe = core::moe;

GraphScene buildExpertsGraph(const moe::ExpertsAnalysis& a,
                             const std::vector<moe::Point>& positions,
                             const ExpertsGraphOptions& o) {
    GraphScene scene;
    if (a.layers.empty()) return scene;
    const int layer = std::clamp(o.layer, 0, int(a.layers.size()) - 1);
    const moe::LayerAnalysis& la = a.layers[layer];
    const int n = a.n, T = la.stats.topT;
    // Edges and highlights by the chosen weight (graph_edges.h says why lift is the default);
    // pairs that never co-activate are never linked.
    const moe::EdgeWeight how = moe::edgeWeightFromName(o.weight.toStdString());
    const std::vector<double> w = moe::linkWeights(la.vanilla, how);
    const std::vector<std::vector<int>> links = moe::topLinks(w, n, T);
    double maxUsage = 1, maxW = 0;
    for (int i = 0; i < n; ++i) maxUsage = std::max<double>(maxUsage, la.vanilla.usage(i));
    for (double v : w) maxW = std::max(maxW, v);
    // Smaller nodes on large layers, so that 64 or 128 experts leave room for their names.
    const double size = std::clamp(std::sqrt(32.0 / std::max(n, 1)), 0.45, 1.0);
    const bool byDomain = o.colour == QLatin1String("domain") && la.domains.domains > 0;
    const bool byDevice =
        o.colour == QLatin1String("device") && a.hasC2r && !a.c2r.communication.empty();

    for (int i = 0; i < n; ++i) {
        GraphNode node;
        const moe::Point p = i < int(positions.size())
                                 ? positions[i]
                                 : moe::Point{std::cos(i * 6.2832 / n), std::sin(i * 6.2832 / n)};
        node.pos = QPointF(p.x, p.y);
        const double usage = double(la.vanilla.usage(i));
        node.radius = size * (5.0 + 13.0 * std::sqrt(usage / maxUsage));  // area ∝ usage
        node.label = QStringLiteral("E%1").arg(i);
        int dominant = -1;
        if (la.domains.domains > 0) {
            std::int64_t best = -1;
            for (int d = 0; d < la.domains.domains; ++d)
                if (la.domains.usageByDomain[d * n + i] > best) {
                    best = la.domains.usageByDomain[d * n + i];
                    dominant = d;
                }
        }
        if (byDomain)
            node.fill = paletteColor(dominant);
        else if (byDevice)
            node.fill = paletteColor(a.c2r.communication[layer].placement.deviceOf[i]);
        else
            node.fill = la.stats.collaborative[i] ? paletteColor(0) : paletteColor(1);
        QStringList partners;
        for (int j : links[i])
            partners << QStringLiteral("E%1 (%2)").arg(j).arg(w[std::size_t(i) * n + j], 0, 'f', 2);
        if (partners.isEmpty()) partners << QObject::tr("none (no co-activation)");
        node.tooltip =
            QObject::tr(
                "Expert %1 — %2\nusage %3 tokens (%4% of routing slots)\n"
                "partner entropy H = %5, Top-%6 concentration ρ = %7\nTop-%6 partners by %9: %8")
                .arg(i)
                .arg(la.stats.collaborative[i] ? QObject::tr("collaborative")
                                               : QObject::tr("specialised"))
                .arg(qint64(usage))
                .arg(100.0 * usage / std::max<double>(1, la.vanilla.tokens * a.k), 0, 'f', 1)
                .arg(la.stats.entropy[i], 0, 'f', 3)
                .arg(T)
                .arg(la.stats.concentration[i], 0, 'f', 3)
                .arg(partners.join(QStringLiteral(", ")))
                .arg(how == moe::EdgeWeight::Lift ? QObject::tr("lift") : QObject::tr("P(j | i)"));
        if (dominant >= 0 && dominant < int(a.domainNames.size()))
            node.tooltip += QObject::tr("\nmostly used by: %1")
                                .arg(QString::fromStdString(a.domainNames[dominant]));
        scene.nodes.push_back(node);
    }
    std::set<std::pair<int, int>> seen;
    auto addEdge = [&](int i, int j) {
        const auto key = std::minmax(i, j);
        if (i == j || !seen.insert(key).second) return;
        const double v = std::max(w[std::size_t(i) * n + j], w[std::size_t(j) * n + i]);
        scene.edges.push_back({key.first, key.second, maxW > 0 ? v / maxW : 0.0});
    };
    if (o.edges == QLatin1String("threshold")) {
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                const double v = std::max(w[std::size_t(i) * n + j], w[std::size_t(j) * n + i]);
                if (v > 0 && v >= o.threshold * maxW) addEdge(i, j);
            }
    } else {
        for (int i = 0; i < n; ++i)
            for (int j : links[i]) addEdge(i, j);
    }
    if (o.selected >= 0 && o.selected < n) {
        scene.selected = o.selected;
        for (int j : links[o.selected]) scene.highlighted.push_back(j);
    }
    const QString edges = how == moe::EdgeWeight::Lift
                              ? QObject::tr("edges: Top-%1 by lift (co-activation ÷ chance)").arg(T)
                              : QObject::tr("edges: Top-%1 by P(j | i)").arg(T);
    scene.legend =
        byDomain   ? QObject::tr("layer %1 · size = usage · colour = dominant domain").arg(layer)
        : byDevice ? QObject::tr("layer %1 · size = usage · colour = device").arg(layer)
                   : QObject::tr(
                         "layer %1 · size = usage · blue = collaborative, vermillion = specialised")
                         .arg(layer);
    scene.legend += QStringLiteral(" · ") +
                    (o.edges == QLatin1String("threshold")
                         ? QObject::tr("edges: %1 ≥ %2 of the strongest")
                               .arg(how == moe::EdgeWeight::Lift ? QObject::tr("lift")
                                                                 : QObject::tr("P(j | i)"))
                               .arg(o.threshold, 0, 'f', 2)
                         : edges);
    return scene;
}

}  // namespace assay::views
