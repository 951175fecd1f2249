#pragma once
// Fills the Pruning view's QCustomPlot figures from core results (no job logic). Layer × expert
// heatmaps put the model's MoE layers in rows (decoder-layer indices) and experts in columns.
#include <QPoint>
#include <QString>
#include <QStringList>
#include <map>
#include <utility>
#include <vector>

#include "assay/prune/pruning_model.h"
#include "views/common/plot_theme.h"

class QCustomPlot;

namespace assay::views {

// Where a click on a layer × expert heatmap landed: (layer, expert), or (-1, -1) off the cells.
std::pair<int, int> heatmapCellAt(QCustomPlot* plot, const QPoint& pixel);

struct CriteriaFigure {
    const core::prune::CriterionValues* values = nullptr;
    std::vector<int> layers;
    int experts = 0;
    // Per layer, the expert Min and the Max variant would drop next (-1: none).
    std::map<int, std::pair<int, int>> drops;
    const core::prune::ExpertMask* editor = nullptr;  // its dropped experts are crossed out
    bool rank = true;  // colours by rank within the layer, else by value
};
void plotCriteria(QCustomPlot* plot, const CriteriaFigure& f, Theme theme);

// Error (demo: task loss) after removing each single expert.
void plotCriticality(QCustomPlot* plot, const std::map<int, std::vector<double>>& map,
                     const core::prune::ExpertMask& editor, const QString& quantity,
                     double fullValue, Theme theme);

// One line per curve: colour = criterion, solid = iterative, dashed = one-shot, circles = min,
// squares = max. `metric`: "error", "loss" or "accuracy"; a vertical marker at `sparsity`.
void plotCurves(QCustomPlot* plot, const std::vector<core::prune::PruningCurve>& curves,
                const QString& metric, int experts, double sparsity, const QStringList& skipped,
                Theme theme);

// Tokens per expert of `layer` before (the full model) and after (the editor's mask), with the
// coefficients of variation over the surviving experts in the title.
void plotLoad(QCustomPlot* plot, int layer, const core::prune::MaskEvaluation& before,
              const core::prune::MaskEvaluation& after, Theme theme);

// One-shot vs iterative drop decisions: both drop / disagree / both keep.
void plotAgreement(QCustomPlot* plot,
                   const std::map<int, std::vector<core::prune::Agreement>>& grid, int experts,
                   const QString& what, Theme theme);

// Task accuracy per domain (demo): full model vs the editor's mask.
void plotDomains(QCustomPlot* plot, const std::vector<std::string>& names,
                 const core::prune::MaskEvaluation& before,
                 const core::prune::MaskEvaluation& after, Theme theme);

}  // namespace assay::views
