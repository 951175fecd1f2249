#include "views/common/expert_graph.h"

#include <QObject>
#include <algorithm>
#include <cmath>
#include <set>

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
    const std::vector<double> cond = moe::normalise(la.vanilla, moe::Normalisation::Conditional);
    double maxUsage = 1, maxCond = 0;
    for (int i = 0; i < n; ++i) maxUsage = std::max<double>(maxUsage, la.vanilla.usage(i));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j) maxCond = std::max(maxCond, cond[i * n + j]);
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
        node.radius = 5.0 + 13.0 * std::sqrt(usage / maxUsage);  // area ∝ usage
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
        for (int t = 0; t < T; ++t) {
            const int j = la.stats.topPartners[i * T + t];
            partners << QStringLiteral("E%1 (%2)").arg(j).arg(cond[i * n + j], 0, 'f', 2);
        }
        node.tooltip =
            QObject::tr(
                "Expert %1 — %2\nusage %3 tokens (%4% of routing slots)\n"
                "partner entropy H = %5, Top-%6 concentration ρ = %7\nTop-%6 partners: %8")
                .arg(i)
                .arg(la.stats.collaborative[i] ? QObject::tr("collaborative")
                                               : QObject::tr("specialised"))
                .arg(qint64(usage))
                .arg(100.0 * usage / std::max<double>(1, la.vanilla.tokens * a.k), 0, 'f', 1)
                .arg(la.stats.entropy[i], 0, 'f', 3)
                .arg(T)
                .arg(la.stats.concentration[i], 0, 'f', 3)
                .arg(partners.join(QStringLiteral(", ")));
        if (dominant >= 0 && dominant < int(a.domainNames.size()))
            node.tooltip += QObject::tr("\nmostly used by: %1")
                                .arg(QString::fromStdString(a.domainNames[dominant]));
        scene.nodes.push_back(node);
    }
    std::set<std::pair<int, int>> seen;
    auto addEdge = [&](int i, int j) {
        const auto key = std::minmax(i, j);
        if (i == j || !seen.insert(key).second) return;
        const double w = maxCond > 0 ? std::max(cond[i * n + j], cond[j * n + i]) / maxCond : 0.0;
        scene.edges.push_back({key.first, key.second, w});
    };
    if (o.edges == QLatin1String("threshold")) {
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                if (maxCond > 0 &&
                    std::max(cond[i * n + j], cond[j * n + i]) >= o.threshold * maxCond)
                    addEdge(i, j);
    } else {
        for (int i = 0; i < n; ++i)
            for (int t = 0; t < T; ++t) addEdge(i, la.stats.topPartners[i * T + t]);
    }
    if (o.selected >= 0 && o.selected < n) {
        scene.selected = o.selected;
        for (int t = 0; t < T; ++t)
            scene.highlighted.push_back(la.stats.topPartners[o.selected * T + t]);
    }
    scene.legend =
        byDomain   ? QObject::tr("layer %1 · size = usage · colour = dominant domain").arg(layer)
        : byDevice ? QObject::tr("layer %1 · size = usage · colour = device").arg(layer)
                   : QObject::tr(
                         "layer %1 · size = usage · blue = collaborative, vermillion = specialised")
                         .arg(layer);
    return scene;
}

}  // namespace assay::views
