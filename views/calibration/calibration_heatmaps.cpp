// The cross-domain heatmaps and the size-stratified EMR figure (calibration_plots.h).
#include <qcustomplot.h>

#include <cmath>

#include "views/calibration/calibration_plots.h"
#include "views/common/plot_colormaps.h"

namespace assay::views {
namespace {

using core::conformal::CalibrationReport;
using core::conformal::CrossDomainMatrix;

QSharedPointer<QCPAxisTickerText> groupTicker(const std::vector<std::string>& groups) {
    auto t = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t g = 0; g < groups.size(); ++g) t->addTick(static_cast<double>(g), QString::fromStdString(groups[g]));
    return t;
}

const std::vector<double>& metricOf(const CrossDomainMatrix& m, HeatmapMetric metric) {
    return metric == HeatmapMetric::Apss ? m.apss : metric == HeatmapMetric::Selected ? m.selected : m.emr;
}

}  // namespace

void plotCrossDomain(QCustomPlot* plot, const CalibrationReport& r, HeatmapMetric metric, Theme theme) {
    const auto& cd = r.crossDomain;
    const int G = static_cast<int>(cd.groups.size());
    // This figure owns its whole layout (three axis rects and a colour scale).
    plot->clearPlottables();
    plot->clearItems();
    plot->plotLayout()->clear();
    if (G < 2 || cd.original.emr.empty()) {
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot,
            QObject::tr("Cross-domain needs a group column with at least two groups.")));
        applyTheme(plot, theme);
        plot->replot();
        return;
    }
    const CrossDomainMatrix* mats[] = {&cd.original, &cd.sconu, &cd.sconuPro};
    const QString titles[] = {QObject::tr("original"), QObject::tr("SConU"), QObject::tr("SConU-Pro")};
    const QString metricLabel = metric == HeatmapMetric::Emr ? QObject::tr("EMR (miscoverage)")
                              : metric == HeatmapMetric::Apss ? QObject::tr("APSS (set size)") : QObject::tr("selected test questions");
    // Colour range shared by the three panels so they compare; centred on the promise.
    double lo = INFINITY, hi = -INFINITY;
    for (const auto* m : mats) for (double v : metricOf(*m, metric)) if (std::isfinite(v)) { lo = std::min(lo, v); hi = std::max(hi, v); }
    if (!std::isfinite(lo)) { lo = 0; hi = 1; }
    QCPRange range(lo, hi);
    if (metric != HeatmapMetric::Selected) {
        const double centre = metric == HeatmapMetric::Emr ? r.params.alpha : 1.0;
        const double span = std::max({std::abs(hi - centre), std::abs(centre - lo), 1e-6});
        range = QCPRange(centre - span, centre + span);
    }
    const auto ticker = groupTicker(cd.groups);
    // Equal margins on all three panels, so their cells line up and have the same size.
    auto* margins = new QCPMarginGroup(plot);
    plot->plotLayout()->setColumnSpacing(24);  // room for the rotated labels next to the colour scale
    for (int k = 0; k < 3; ++k) {
        auto* rect = new QCPAxisRect(plot);
        plot->plotLayout()->addElement(0, k, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msBottom | QCP::msTop, margins);
        auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        map->setName(titles[k] + " " + metricLabel);
        map->data()->setSize(G, G);
        map->data()->setRange(QCPRange(0, G - 1), QCPRange(0, G - 1));
        const auto& values = metricOf(*mats[k], metric);
        for (int c = 0; c < G; ++c)
            for (int t = 0; t < G; ++t) {
                const double v = values[static_cast<std::size_t>(c * G + t)];
                map->data()->setCell(t, c, v);
                auto* label = new QCPItemText(plot);
                label->setClipAxisRect(rect);
                label->position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
                label->position->setCoords(t, c);
                label->setText(std::isfinite(v) ? QString::number(v, 'f', metric == HeatmapMetric::Selected ? 0 : 2) : "–");
                label->setColor(Qt::black);
            }
        map->setGradient(metric == HeatmapMetric::Selected ? sequentialGradient() : divergingGradient());
        map->setDataRange(range);
        map->setInterpolate(false);
        for (auto type : {QCPAxis::atBottom, QCPAxis::atLeft}) {
            QCPAxis* a = rect->axis(type);
            a->setTicker(ticker);
            a->setRange(-0.5, G - 0.5);
            a->grid()->setVisible(false);
            a->setTickLabelRotation(type == QCPAxis::atBottom ? 30 : 0);
        }
        rect->axis(QCPAxis::atLeft)->setRangeReversed(true);  // first group on top, as in a table
        rect->axis(QCPAxis::atBottom)->setLabel(titles[k] + QObject::tr(": test group"));
        rect->axis(QCPAxis::atLeft)->setLabel(k == 0 ? QObject::tr("calibration group") : QString());
        if (k == 2) {
            auto* scale = new QCPColorScale(plot);
            plot->plotLayout()->addElement(0, 3, scale);
            scale->setGradient(map->gradient());
            scale->setDataRange(range);
            scale->axis()->setLabel(metricLabel);
            scale->setBarWidth(12);
        }
    }
    applyTheme(plot, theme);
    plot->replot();
}

void plotStratified(QCustomPlot* plot, const CalibrationReport& r, Theme theme) {
    const auto& st = r.stratified;
    if (st.sizes.empty()) return plotMessage(plot, QObject::tr("Generic scores have no prediction sets."));
    resetPlot(plot);
    QVector<double> x;
    for (int s : st.sizes) x << s;
    const core::conformal::CurveStats* stats[] = {&st.before, &st.after};
    const QString names[] = {QObject::tr("EMR_s, all (SSM over s ≥ 1: %1)").arg(st.ssmBefore, 0, 'f', 3),
                             QObject::tr("EMR_s, SConU-selected (SSM over s ≥ 1: %1)").arg(st.ssmAfter, 0, 'f', 3)};
    for (int k = 0; k < 2; ++k) {
        QVector<double> xs, ys, err;
        for (int i = 0; i < x.size(); ++i) {
            if (!std::isfinite(stats[k]->mean[i])) continue;
            xs << x[i] + (k == 0 ? -0.08 : 0.08);
            ys << stats[k]->mean[i];
            err << stats[k]->std[i];
        }
        QCPGraph* g = plot->addGraph();
        g->setName(names[k]);
        g->setData(xs, ys, true);
        g->setPen(QPen(paletteColor(k, theme), lineWidth(theme)));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
        auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
        bars->setName(names[k] + QObject::tr(" ± std"));
        bars->setDataPlottable(g);
        bars->setData(err);
        bars->setPen(QPen(paletteColor(k, theme), lineWidth(theme)));
        bars->removeFromLegend();
    }
    auto* alphaLine = new QCPItemStraightLine(plot);
    alphaLine->point1->setCoords(0, r.params.alpha);
    alphaLine->point2->setCoords(1, r.params.alpha);
    alphaLine->setPen(QPen(QColor(128, 128, 128), lineWidth(theme), Qt::DashDotLine));
    plot->xAxis->setLabel(QObject::tr("prediction-set size s"));
    plot->yAxis->setLabel(QObject::tr("miscoverage EMR_s at α = %1 (dash-dot line)").arg(r.params.alpha));
    plot->xAxis->setRange(-0.5, st.sizes.back() + 0.5);
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1);
    plot->xAxis->setTicker(ticker);
    plot->yAxis->setRange(0, 1);
    plot->replot();
}

}  // namespace assay::views
