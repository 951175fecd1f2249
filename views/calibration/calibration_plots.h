#pragma once
// Fills QCustomPlot figures from a calibration report (no job logic, no widgets beyond the plot).
// Each function clears the plot first; axis labels and graph names are what exports and the CSV
// carry, so they say what the numbers are.
#include <QString>

#include "assay/conformal/calibration_analysis.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_theme.h"

class QCustomPlot;

namespace assay::views {

enum class HeatmapMetric { Emr, Apss, Selected };
HeatmapMetric heatmapMetricFromName(const QString& name);  // "emr", "apss", "selected"

// Coverage (1 − EMR) against α, mean ± std over the splits, before and after SConU selection,
// with the target 1 − α, the exact finite-sample band and the binomial range of one split.
void plotCoverage(QCustomPlot* plot, const core::conformal::CalibrationReport& r, Theme theme);
// Average prediction-set size against α, before and after selection.
void plotSetSize(QCustomPlot* plot, const core::conformal::CalibrationReport& r, Theme theme);
// Histogram of the SConU and SConU-Pro p-values of the reference split, with the δ line.
void plotPValues(QCustomPlot* plot, const core::conformal::CalibrationReport& r, Theme theme);
// Calibration group × test group heatmaps for original / SConU / SConU-Pro.
void plotCrossDomain(QCustomPlot* plot, const core::conformal::CalibrationReport& r,
                     HeatmapMetric m, Theme theme);
// EMR per prediction-set size, mean ± std, before and after selection, with the α line.
void plotStratified(QCustomPlot* plot, const core::conformal::CalibrationReport& r, Theme theme);

}  // namespace assay::views
