#pragma once
// C2R on a whole routing trace, as the Experts view and `assay-run c2r` show it: per layer, the
// routing deviation at the chosen T, the T sweep (T = max(1, k-1) .. n-1), and, for G devices, a
// placement and the dispatch volumes V_naive, V_dedup (vanilla top-k), V_C2R (C2R at T with the
// collaboration lists) and V_C2R,consistent (C2R with the placement's own lists, T = n/G - 1,
// when G divides n). Volumes and times follow placement.h; times are estimates.
//
// Collaboration per layer: given (e.g. a C2R profiling file), else counted from the trace's own
// top-k selections (C = M^T M, papers.md Step 2). Vanilla routing for the deviation is top-k of
// the same logits; the volumes of vanilla routing use the trace's topk_idx (what the model did).
// Needs router_logits in every layer (InputError naming the layer otherwise).
#include <cstdint>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/moe/c2r_routing.h"
#include "assay/moe/placement.h"
#include "assay/moe/routing_trace.h"

namespace assay::core::moe {

struct C2rParams {
    int topT = 5;
    RoutingOptions routing;
    bool sweep = true;
    int devices = 0;  // G; 0 = no placement or volumes
    PlacementMethod placement = PlacementMethod::Greedy;
    std::uint64_t seed = 0;  // for the random placement
    CommModel comm;
    std::vector<std::vector<double>> collaboration;  // [L][n*n], or empty = count from the trace
};

struct LayerCommunication {
    Placement placement;
    double intraGroupShare = 0.0;
    DispatchVolume naive, dedup, c2r,
        c2rConsistent;  // c2rConsistent empty when G does not divide n
    bool hasConsistent = false;
};

struct TSweepPoint {
    int topT = 0;
    RoutingDeviation mean;  // mean over layers (distinctSets: the sum)
    std::vector<RoutingDeviation> layers;
    double c2rBytes = 0.0;  // sum over layers of V_C2R at this T (with devices)
};

struct C2rAnalysis {
    int n = 0, k = 0, topT = 0;
    std::vector<RoutingDeviation> deviation;  // [L] at topT
    RoutingDeviation meanDeviation;
    std::vector<TSweepPoint> sweep;
    std::vector<LayerCommunication> communication;  // [L] when devices > 0
};

// C = M^T M of one layer as doubles [n,n] (diagonal = usage).
std::vector<double> collaborationCounts(const LayerRouting& layer, int n);

// Progress counts (layer, T) routings: the cancellation point.
C2rAnalysis analyzeC2r(const RoutingTrace& trace, const C2rParams& params,
                       JobContext& job = JobContext::none());

}  // namespace assay::core::moe
