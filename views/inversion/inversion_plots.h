#pragma once
// Fills the Inversion view's QCustomPlot figures from the plain series of
// inversion_figure_data.h (no job logic): the attribution bars, R against 1 − F with IS
// iso-lines, IS against the spurious strength, the poke plot and the stability bands.
#include <QString>

#include "views/common/plot_theme.h"
#include "views/inversion/inversion_figure_data.h"

class QCustomPlot;

namespace assay::views::inversion {

// Grouped bars, one group per feature, one bar per row (signed shares); the spurious features'
// columns are shaded.
void plotAttributionBars(QCustomPlot* plot, const ItemRows& rows, const QString& title,
                         Theme theme);

// Every item as a point (R, 1 − F) per method, filled before RBP and hollow after, over the
// IS iso-lines at 0.25, 0.5 and 0.75 for power p.
void plotInversionScatter(QCustomPlot* plot, const std::vector<ScatterSeries>& series, double p,
                          const QString& title, Theme theme);

// Mean IS against the strength per method (dashed: after RBP), the explained strength marked.
void plotStrengthSweep(QCustomPlot* plot, const std::vector<SweepCurve>& curves, double shown,
                       const QString& title, Theme theme);

// â_j against Δ̂_j per feature, coloured by role, with the diagonal â = Δ̂ (where RBP leaves
// the attribution as it is).
void plotPokes(QCustomPlot* plot, const PokePoints& pokes, const QString& title, Theme theme);

// Mean ± std of the shown method's attributions over the stability seeds, per feature.
void plotStability(QCustomPlot* plot, const StabilityBands& bands, const QString& title,
                   Theme theme);

// Palette index of a role: causal green, spurious vermillion, noise grey.
int roleColour(core::explain::FeatureRole role);

}  // namespace assay::views::inversion
