// The cross-domain heatmaps and the size-stratified EMR figure (calibration_plots.h).
#include <qcustomplot.h>

#include <cmath>

#include "views/calibration/calibration_figure_notes.h"
#include "views/calibration/calibration_plots.h"
#include "views/common/plot_heatmap.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_series.h"

namespace assay::views {
namespace {

using core::conformal::CalibrationReport;
using core::conformal::CrossDomainMatrix;

const std::vector<double>& metricOf(const CrossDomainMatrix& m, HeatmapMetric metric) {
    return metric == HeatmapMetric::Apss       ? m.apss
           : metric == HeatmapMetric::Selected ? m.selected
                                               : m.emr;
}

// What each metric can be: EMR is a rate, diverging around the promised α; APSS counts options,
// diverging around a single answer; the selected questions are a count.
MetricRange metricRange(HeatmapMetric metric, const CalibrationReport& r) {
    switch (metric) {
        case HeatmapMetric::Emr:
            return {0.0, 1.0, r.params.alpha};
        case HeatmapMetric::Apss:
            return {0.0, r.options > 0 ? double(r.options) : INFINITY, 1.0};
        case HeatmapMetric::Selected:
            break;
    }
    return {0.0, INFINITY, std::nullopt};
}

}  // namespace

void plotCrossDomain(QCustomPlot* plot, const CalibrationReport& r, HeatmapMetric metric,
                     Theme theme) {
    const auto& cd = r.crossDomain;
    const int G = static_cast<int>(cd.groups.size());
    if (G < 2 || cd.original.emr.empty()) {
        plotMessage(plot,
                    QObject::tr("Cross-domain needs a group column with at least two groups."));
        applyTheme(plot, theme);
        plot->replot();
        return;
    }
    const CrossDomainMatrix* mats[] = {&cd.original, &cd.sconu, &cd.sconuPro};
    const QString titles[] = {QObject::tr("original"), QObject::tr("SConU"),
                              QObject::tr("SConU-Pro")};
    const QString metricLabel = metric == HeatmapMetric::Emr ? QObject::tr("EMR (miscoverage)")
                                : metric == HeatmapMetric::Apss
                                    ? QObject::tr("APSS (set size)")
                                    : QObject::tr("selected test questions");
    QStringList groups;
    for (const std::string& g : cd.groups) groups << QString::fromStdString(g);
    // Three panels (calibration group c = rows, test group c' = columns) with one colour scale,
    // so they compare.
    QString title = QObject::tr("Calibrated on each group (rows) · tested on each group (columns)");
    if (r.fixedSplit) title += QObject::tr(" (fixed split from the data)");
    const HeatmapPanels panels = heatmapPanels(plot, 3, title);
    QVector<QCPColorMap*> maps;
    for (int k = 0; k < 3; ++k) {
        HeatmapCells cells{G, G, metricOf(*mats[k], metric), groups, groups};
        maps << addHeatmap(panels.rects[k], titles[k] + " " + metricLabel, cells,
                           metric == HeatmapMetric::Selected ? 0 : 2);
        panels.rects[k]->axis(QCPAxis::atBottom)->setLabel(titles[k] + QObject::tr(": test group"));
        panels.rects[k]
            ->axis(QCPAxis::atLeft)
            ->setLabel(k == 0 ? QObject::tr("calibration group") : QString());
    }
    applyColourScale(panels, maps, metricRange(metric, r), metricLabel);
    applyTheme(plot, theme);
    plot->replot();
}

void plotStratified(QCustomPlot* plot, const CalibrationReport& r, Theme theme) {
    const auto& st = r.stratified;
    if (st.sizes.empty()) {
        plotMessage(plot, QObject::tr("Generic scores have no prediction sets."));
        return setFigureTitle(plot, calibrationGroupsTitle(r));
    }
    resetPlot(plot);
    QVector<double> x;
    for (int s : st.sizes) x << s;
    const core::conformal::CurveStats* stats[] = {&st.before, &st.after};
    const QString names[] = {
        QObject::tr("EMRₛ, all (SSM over s ≥ 1: %1)").arg(st.ssmBefore, 0, 'f', 3),
        QObject::tr("EMRₛ, SConU-selected (SSM over s ≥ 1: %1)").arg(st.ssmAfter, 0, 'f', 3)};
    for (int k = 0; k < 2; ++k) {
        QVector<double> xs, ys, below, above;
        for (int i = 0; i < x.size(); ++i) {
            if (!std::isfinite(stats[k]->mean[i])) continue;
            xs << x[i] + (k == 0 ? -0.08 : 0.08);
            ys << stats[k]->mean[i];
            // ± std, kept inside [0, 1]: a miscoverage rate cannot leave it.
            below << std::min(stats[k]->std[i], stats[k]->mean[i]);
            above << std::min(stats[k]->std[i], 1.0 - stats[k]->mean[i]);
        }
        QCPGraph* g = addUnclippedGraph(plot);  // EMR₀ is often 1: its marker drawn whole
        g->setName(names[k]);
        g->setData(xs, ys, true);
        g->setPen(QPen(paletteColor(k, theme), lineWidth(theme)));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
        QCPErrorBars* bars = addUnclippedErrorBars(plot);
        bars->setName(names[k] + QObject::tr(" ± std"));
        bars->setDataPlottable(g);
        bars->setData(below, above);
        bars->setPen(QPen(paletteColor(k, theme), lineWidth(theme)));
        bars->removeFromLegend();
    }
    addHorizontalMarker(plot, r.params.alpha, theme);
    plot->xAxis->setLabel(QObject::tr("prediction-set size s"));
    plot->yAxis->setLabel(
        QObject::tr("miscoverage EMRₛ at α = %1 (dash-dot line)").arg(r.params.alpha));
    plot->xAxis->setRange(-0.5, st.sizes.back() + 0.5);
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1);
    plot->xAxis->setTicker(ticker);
    plot->yAxis->setRange(0, 1.02);  // a little headroom above EMR = 1
    setFigureTitle(plot, calibrationGroupsTitle(r));
    plot->replot();
}

}  // namespace assay::views
