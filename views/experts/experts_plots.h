#pragma once
// Fills the Experts view's QCustomPlot figures from an analysis (no job logic).
#include <QString>

#include "assay/moe/experts_analysis.h"
#include "views/common/plot_theme.h"

class QCustomPlot;

namespace assay::views {

// Co-activation of one layer, diagonal masked, normalised: the model's routing and C2R's at
// Top-T side by side (C2R's only when the trace has router logits). The title says whether the
// matrix is the model's routing or a precomputed collaboration file. colourMax > 0: the colour
// scale runs up to it whatever the data (the same for every file); 0: the data's own range.
void plotCoactivation(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, int layer,
                      core::moe::Normalisation how, Theme theme, double colourMax = 0);
// Layer × expert heatmap of the normalised partner entropy H_i.
void plotEntropy(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, Theme theme);
// Dispatch volume per layer (MB, one direction): naive, dedup, C2R; the time estimates in the
// legend.
void plotCommunication(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, Theme theme);
// Share of tokens whose expert set C2R changes and the combine weight kept (0..1), against T;
// with devices, the volume under C2R in MB on its own axes below (never on the shares' scale).
void plotTSweep(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, Theme theme);
// Domain × expert usage (share of each domain's routing slots) of one layer.
void plotDomains(QCustomPlot* plot, const core::moe::ExpertsAnalysis& a, int layer, Theme theme);

}  // namespace assay::views
