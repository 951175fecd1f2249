#include "assay/moe/c2r_analysis.h"

#include <algorithm>
#include <cmath>

#include "assay/core/error.h"
#include "assay/moe/coactivation.h"

namespace assay::core::moe {
namespace {

void checkTrace(const RoutingTrace& trace, const C2rParams& p) {
    const int n = trace.numExperts;
    for (std::size_t l = 0; l < trace.layers.size(); ++l) {
        const LayerRouting& layer = trace.layers[l];
        const std::string name = "layers." + std::to_string(l);
        if (layer.routerLogits.size() != static_cast<std::size_t>(layer.tokens) * n)
            throw InputError("trace", name + ".router_logits",
                             layer.routerLogits.empty()
                                 ? "is missing; C2R routes from router logits"
                                 : "does not have shape [T, n]");
        for (std::size_t i = 0; i < layer.routerLogits.size(); ++i)
            if (!std::isfinite(layer.routerLogits[i]))  // rows count from 1
                throw InputError("trace", name + ".router_logits",
                                 "row " + std::to_string(i / n + 1) + ": logit of expert " +
                                     std::to_string(i % n) + " is not finite");
        if (layer.k != trace.topK ||
            layer.topkIdx.size() != static_cast<std::size_t>(layer.tokens) * layer.k)
            throw InputError("trace", name + ".topk_idx", "does not have shape [T, k]");
        for (std::int32_t e : layer.topkIdx)
            if (e < 0 || e >= n)
                throw InputError("trace", name + ".topk_idx",
                                 "has index " + std::to_string(e) + " outside [0, n)");
    }
    if (!p.collaboration.empty() && p.collaboration.size() != trace.layers.size())
        throw ParameterError("collaboration", "has " + std::to_string(p.collaboration.size()) +
                                                  " layers, the trace " +
                                                  std::to_string(trace.layers.size()));
}

RoutingDeviation meanOf(const std::vector<RoutingDeviation>& v) {
    RoutingDeviation m{0, 0, 0, 0};
    if (v.empty()) return RoutingDeviation{};
    for (const RoutingDeviation& d : v) {
        m.changedShare += d.changedShare / v.size();
        m.keptWeightMass += d.keptWeightMass / v.size();
        m.keptProbMass += d.keptProbMass / v.size();
        m.distinctSets += d.distinctSets;
    }
    return m;
}

}  // namespace

std::vector<double> collaborationCounts(const LayerRouting& layer, int n) {
    const Coactivation c = coactivation(layer, n);  // CPU threads or the CUDA kernel
    return std::vector<double>(c.counts.begin(), c.counts.end());
}

C2rAnalysis analyzeC2r(const RoutingTrace& trace, const C2rParams& p, JobContext& job) {
    checkTrace(trace, p);
    const int n = trace.numExperts, k = trace.topK, L = static_cast<int>(trace.layers.size());
    C2rAnalysis out;
    out.n = n;
    out.k = k;
    out.topT = p.topT;
    const int lowT = std::max(1, k - 1);
    const std::int64_t sweepCount = p.sweep ? std::max(0, n - lowT) : 0;
    const std::int64_t total = static_cast<std::int64_t>(L) * (1 + sweepCount);
    std::int64_t done = 0;
    if (p.sweep)
        for (int T = lowT; T <= n - 1; ++T) out.sweep.push_back({T, {}, {}, 0.0});
    job.stage("C2R routing");
    for (int l = 0; l < L; ++l) {
        const LayerRouting& layer = trace.layers[l];
        const std::vector<double> collab =
            p.collaboration.empty() ? collaborationCounts(layer, n) : p.collaboration[l];
        const LayerRouting vanilla = vanillaTopK(layer.routerLogits, n, k, p.routing);
        job.progress(done++, total);
        const LayerRouting routed =
            c2rRoute(layer.routerLogits, n, k, topTLists(collab, n, p.topT), p.routing);
        out.deviation.push_back(routingDeviation(vanilla, routed, layer.routerLogits, n));
        LayerCommunication comm;
        if (p.devices > 0) {
            comm.placement = makePlacement(p.placement, collab, n, p.devices, p.seed);
            comm.intraGroupShare = intraGroupShare(collab, n, comm.placement);
            comm.naive = dispatchVolume(layer, comm.placement, DispatchCounting::PerExpert, p.comm);
            comm.dedup = dispatchVolume(layer, comm.placement, DispatchCounting::PerDevice, p.comm);
            comm.c2r = dispatchVolume(routed, comm.placement, DispatchCounting::PerDevice, p.comm);
            comm.hasConsistent = n % p.devices == 0 && n / p.devices - 1 >= k - 1;
            if (comm.hasConsistent) {
                const LayerRouting consistent =
                    c2rRoute(layer.routerLogits, n, k, placementTopT(comm.placement), p.routing);
                comm.c2rConsistent =
                    dispatchVolume(consistent, comm.placement, DispatchCounting::PerDevice, p.comm);
            }
        }
        for (TSweepPoint& point : out.sweep) {
            job.progress(done++, total);
            const LayerRouting r =
                c2rRoute(layer.routerLogits, n, k, topTLists(collab, n, point.topT), p.routing);
            point.layers.push_back(routingDeviation(vanilla, r, layer.routerLogits, n));
            if (p.devices > 0)
                point.c2rBytes +=
                    dispatchVolume(r, comm.placement, DispatchCounting::PerDevice, p.comm).bytes;
        }
        if (p.devices > 0) out.communication.push_back(std::move(comm));
    }
    job.progress(total, total);
    out.meanDeviation = meanOf(out.deviation);
    for (TSweepPoint& point : out.sweep) point.mean = meanOf(point.layers);
    return out;
}

}  // namespace assay::core::moe
