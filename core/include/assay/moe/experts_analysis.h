#pragma once
// Everything the Experts view shows for a routing trace, in one job: per layer the co-activation
// counts of the model's own routing and of C2R routing at Top-T, per-expert statistics, domain
// statistics (when the trace has domains), and the C2R analysis (deviation, T sweep, placement
// on G devices, dispatch volumes: estimates) when the trace has router logits.
#include <cstdint>
#include <string>
#include <vector>

#include "assay/jobs/job_context.h"
#include "assay/moe/c2r_analysis.h"
#include "assay/moe/coactivation.h"
#include "assay/moe/domain_stats.h"
#include "assay/moe/expert_stats.h"
#include "assay/moe/routing_trace.h"

namespace assay::core::moe {

struct ExpertsParams {
    int topT = 3;            // Top-T partners (C2R lists, statistics, graph edges)
    RoutingOptions routing;  // C2R variant
    int devices = 4;         // G for placement and volumes (0 = none)
    PlacementMethod placement = PlacementMethod::Greedy;
    std::uint64_t seed = 0;  // random placement
    CommModel comm;
    bool sweep = true;  // the T sweep
};

struct LayerAnalysis {
    Coactivation vanilla;  // C = MᵀM of the trace's topk_idx
    Coactivation c2r;      // of C2R routing at Top-T (tokens = 0 without logits)
    ExpertStats stats;     // from `vanilla`
    DomainStats domains;   // domains = 0 without a domain tensor
};

struct ExpertsAnalysis {
    int n = 0, k = 0;
    std::int64_t tokens = 0;
    std::vector<std::string> domainNames;
    std::vector<LayerAnalysis> layers;
    bool hasC2r = false;  // the trace has router logits in every layer
    // Read from precomputed collaboration matrices (no routing): the heatmaps say so.
    bool fromCollaboration = false;
    C2rAnalysis c2r;  // valid when hasC2r
};

// ParameterError for Top-T outside [max(1,k−1), n−1] or G outside [0, n].
ExpertsAnalysis analyzeExperts(const RoutingTrace& trace, const ExpertsParams& params,
                               JobContext& job = JobContext::none());

}  // namespace assay::core::moe
