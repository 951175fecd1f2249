#pragma once
// Builds the expert graph's prepared geometry from an analysis (shared: the Experts view draws
// it, and any view that shows experts — e.g. those a pruning keeps — builds it the same way): nodes
// = experts (area ∝ usage, colour = collaborative/specialised, dominant domain or device), edges =
// each expert's Top-T partners or every link above a threshold, by lift (default) or P(j|i)
// (width and opacity ∝ the weight); pairs that never co-activate are never linked.
#include <QString>
#include <vector>

#include "assay/moe/experts_analysis.h"
#include "assay/moe/graph_layout.h"
#include "views/common/graph_scene.h"

namespace assay::views {

struct ExpertsGraphOptions {
    int layer = 0;
    QString edges = QStringLiteral("topt");   // "topt" or "threshold"
    QString weight = QStringLiteral("lift");  // "lift" or "conditional" (graph_edges.h: why)
    double threshold = 0.2;                   // share of the strongest link weight
    QString colour = QStringLiteral("role");  // "role", "domain" or "device"
    int selected = -1;                        // selected expert: its Top-T partners highlight
};

GraphScene buildExpertsGraph(const core::moe::ExpertsAnalysis& analysis,
                             const std::vector<core::moe::Point>& positions,
                             const ExpertsGraphOptions& options);

}  // namespace assay::views
