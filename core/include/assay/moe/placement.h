#pragma once
// Expert placement on G devices and the all-to-all dispatch volume it implies (papers.md §1
// Step 8; all of it is PROPOSAL there: the paper's own model could not be read).
//
// Groups: device g holds n/G experts, the first n mod G devices one more.
// Greedy collaboration grouping (papers.md's rule, one refinement): take the pairs (x,y) by
// descending C_xy (> 0, ties to the lower pair); if neither is placed, put both into the group
// with room that collaborates most with them (sum of C to its members) when that is > 0, else
// open a new group while fewer than G exist, else the group with room and the most affinity;
// if one is placed, add the other to its group when it has room; otherwise skip the pair.
// (papers.md always opens a new group for an unplaced pair, which splits a planted group that
// its largest pairs hit twice; the refinement keeps collaborators together.) Experts still
// unplaced go, by descending collaboration mass, to the group with room that collaborates most
// with them (ties to the lower device).
//
// Dispatch volume of one layer (one direction; the combine step returns the same volume):
// token t lives on its home device src(t) = t mod G (the batch sharded evenly over the G
// expert-parallel ranks, in trace order). With b bytes per element and hidden size d:
//   naive  b*d * sum_t sum_{e in sel_t} [device(e) != src(t)]    one copy per (token, expert)
//   dedup  b*d * sum_t |{device(e) : e in sel_t} \ {src(t)}|     one copy per (token, remote
//   device)
// V_C2R is dedup applied to C2R's routing. Per token dedup <= naive; under C2R with a
// placement-consistent list (placementTopT) every selected expert sits on device(e1), so each
// token costs at most one copy and V_C2R <= V_dedup of vanilla top-k.
// The all-to-all time is an ESTIMATE from user-set numbers, never a measurement: each device
// sends its share on its own link at `bandwidth`, one message per other device:
//   seconds = latency * (G - 1) + max over devices of (bytes it sends) / bandwidth.
#include <cstdint>
#include <string>
#include <vector>

#include "assay/moe/c2r_routing.h"
#include "assay/moe/routing_trace.h"

namespace assay::core::moe {

struct Placement {
    int devices = 0;                     // G
    std::vector<std::int32_t> deviceOf;  // [n] device of each expert, in [0, G)
};

enum class PlacementMethod { Greedy, Contiguous, Random };
PlacementMethod placementMethodFromName(
    const std::string& name);  // "greedy" | "contiguous" | "random"
const char* placementMethodName(PlacementMethod method);

// Capacities [G]: n/G each, the first n mod G one more. ParameterError unless 1 <= G <= n.
std::vector<int> groupCapacities(int n, int devices);

// collab [n,n], non-negative, diagonal ignored (raw counts or a C2R collaboration file).
Placement greedyPlacement(const std::vector<double>& collab, int n, int devices);
Placement contiguousPlacement(int n, int devices);  // experts 0.. on device 0, ...
Placement randomPlacement(int n, int devices,
                          std::uint64_t seed);  // a seeded shuffle, then contiguous
// collab is used by Greedy only.
Placement makePlacement(PlacementMethod method, const std::vector<double>& collab, int n,
                        int devices, std::uint64_t seed);

// ParameterError unless every expert has a device in [0,G) and device g holds groupCapacities()[g].
void checkPlacement(const Placement& placement, int n);

// Share of the off-diagonal collaboration inside groups: sum_g sum_{i != j in g} C_ij / sum_{i !=
// j} C_ij (0 when there is none).
double intraGroupShare(const std::vector<double>& collab, int n, const Placement& placement);

// C2R lists consistent with the placement: TopT(i) = the other members of i's group (ascending),
// T = n/G - 1. ParameterError unless G divides n.
TopTLists placementTopT(const Placement& placement);

struct CommModel {
    int hidden = 4096;            // d
    int elementBytes = 2;         // b (bf16)
    double bandwidthGBps = 50.0;  // per device link, 1e9 bytes/s
    double latencyUs = 10.0;      // per message
};

enum class DispatchCounting { PerExpert, PerDevice };  // naive, dedup

struct DispatchVolume {
    std::int64_t copies = 0;       // token vectors sent
    double bytes = 0.0;            // copies * d * b
    double maxDeviceBytes = 0.0;   // most bytes one device sends
    double secondsEstimate = 0.0;  // an estimate (see above), one direction
};

DispatchVolume dispatchVolume(const LayerRouting& routing, const Placement& placement,
                              DispatchCounting counting, const CommModel& model);

}  // namespace assay::core::moe
