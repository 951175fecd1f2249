#include "assay/moe/experts_analysis.h"

#include <algorithm>
#include <string>

#include "assay/core/error.h"

namespace assay::core::moe {

ExpertsAnalysis analyzeExperts(const RoutingTrace& trace, const ExpertsParams& p, JobContext& job) {
    ExpertsAnalysis out;
    out.n = trace.numExperts;
    out.k = trace.topK;
    out.tokens = trace.layers.empty() ? 0 : trace.layers.front().tokens;
    out.domainNames = trace.domainNames;
    const int n = out.n, k = out.k;
    if (trace.layers.empty() || n < 2)
        throw InputError("trace", "layers", "needs at least one layer and two experts");
    const int minT = std::max(1, k - 1);
    if (p.topT < minT || p.topT > n - 1)
        throw ParameterError("Top-T", std::to_string(p.topT) + " is outside " +
                                          std::to_string(minT) + ".." + std::to_string(n - 1));
    if (p.devices < 0 || p.devices > n)
        throw ParameterError("devices",
                             std::to_string(p.devices) + " is outside 0.." + std::to_string(n));
    out.hasC2r = std::all_of(trace.layers.begin(), trace.layers.end(),
                             [](const LayerRouting& l) { return !l.routerLogits.empty(); });
    const bool hasDomains = !trace.domain.empty() && !trace.domainNames.empty();

    job.stage("co-activation");
    const int L = static_cast<int>(trace.layers.size());
    for (int l = 0; l < L; ++l) {
        job.progress(l, L);
        const LayerRouting& layer = trace.layers[l];
        LayerAnalysis a;
        a.vanilla = coactivation(layer, n);
        a.stats = expertStats(a.vanilla, p.topT);
        if (hasDomains)
            a.domains =
                domainStats(layer.topkIdx.data(), layer.tokens, layer.k, n, trace.domain.data(),
                            static_cast<int>(trace.domainNames.size()));
        if (out.hasC2r) {
            const std::vector<double> collab = collaborationCounts(layer, n);
            const LayerRouting routed =
                c2rRoute(layer.routerLogits, n, k, topTLists(collab, n, p.topT), p.routing);
            a.c2r = coactivation(routed, n);
        }
        out.layers.push_back(std::move(a));
    }
    if (out.hasC2r) {
        job.stage("C2R");
        C2rParams c;
        c.topT = p.topT;
        c.routing = p.routing;
        c.sweep = p.sweep;
        c.devices = p.devices;
        c.placement = p.placement;
        c.seed = p.seed;
        c.comm = p.comm;
        out.c2r = analyzeC2r(trace, c, job);
    }
    job.progress(1, 1);
    return out;
}

}  // namespace assay::core::moe
