#pragma once
// The co-activation graph of the experts a mask keeps, drawn by views/common's expert-graph
// scene (the same code as the Experts view): the surviving experts' routing counts (from
// evaluateMask, the calibration tokens routed through the pruned router) restricted to the kept
// experts, nodes named by their original index.
#include <vector>

#include "assay/moe/coactivation.h"
#include "assay/moe/graph_layout.h"
#include "views/common/graph_scene.h"

namespace assay::views {

// The kept experts' rows and columns of `full` (n×n), in the order of `kept`.
core::moe::Coactivation survivingCoactivation(const core::moe::Coactivation& full,
                                              const std::vector<int>& kept);

// Force layout of the surviving experts along their Top-T links by lift (off the GUI thread).
std::vector<core::moe::Point> survivingLayout(const core::moe::Coactivation& surviving, int topT,
                                              core::JobContext& job);

// The scene of the kept experts: built from the layer's full counts (so names, tooltips and
// partner lists keep the model's expert indices; dropped experts have no usage, hence no links),
// then the dropped experts' nodes are left out. `positions[i]` belongs to `kept[i]`.
GraphScene survivingGraph(const core::moe::Coactivation& full, const std::vector<int>& kept,
                          const std::vector<core::moe::Point>& positions, int layer, int topT);

}  // namespace assay::views
