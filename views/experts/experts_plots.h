#pragma once
// Fills the Experts view's QCustomPlot figures from an analysis (no job logic).
#include <QString>

#include "assay/moe/experts_analysis.h"
#include "views/common/plot_theme.h"

class QCustomPlot;

namespace assay::views {

// Co-activation of one layer, diagonal masked, normalised: the model's routing and C2R's at
// Top-T side by side (C2R's only when the trace has router logits).
void plotCoactivation(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, int layer,
                      core::moe::Normalisation how, Theme theme);
// Layer × expert heatmap of the normalised partner entropy H_i.
void plotEntropy(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, Theme theme);
// Dispatch volume per layer (MB, one direction): naive, dedup, C2R; the time estimates in the
// legend.
void plotCommunication(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, Theme theme);
// Share of tokens whose expert set C2R changes, and V_C2R, against T.
void plotTSweep(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, Theme theme);
// Domain × expert usage (share of each domain's routing slots) of one layer.
void plotDomains(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, int layer, Theme theme);

}  // namespace assay::views
