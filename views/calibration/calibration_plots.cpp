#include "views/calibration/calibration_plots.h"

#include <qcustomplot.h>

#include <cmath>

#include "views/calibration/calibration_figure_notes.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_series.h"

namespace assay::views {
namespace {

using core::conformal::CalibrationReport;
using core::conformal::CurveStats;

QVector<double> qv(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

// Mean ± std over the splits, the band inside what the quantity can be.
QCPGraph* meanWithBand(QCustomPlot* plot, const QString& name, const QVector<double>& x,
                       const CurveStats& s, QColor color, Theme theme, const QCPRange& possible) {
    return addMeanBand(plot, name, x, qv(s.mean), qv(s.std), color, theme, possible);
}

}  // namespace

HeatmapMetric heatmapMetricFromName(const QString& name) {
    if (name == QLatin1String("apss")) return HeatmapMetric::Apss;
    if (name == QLatin1String("selected")) return HeatmapMetric::Selected;
    return HeatmapMetric::Emr;
}

void plotCoverage(QCustomPlot* plot, const CalibrationReport& r, Theme theme) {
    resetPlot(plot);
    const auto& c = r.curves;
    const QVector<double> x = qv(c.alpha);
    QCPGraph* bandLow = addLine(plot, QObject::tr("finite-sample band low (1 − α)"), x,
                                qv(c.bandLow), paletteColor(7, theme), theme);
    QCPGraph* bandHigh = addLine(plot, QObject::tr("finite-sample band high (1 − α + 1/(n+1))"), x,
                                 qv(c.bandHigh), paletteColor(7, theme), theme, Qt::DotLine);
    bandHigh->setBrush(QColor(128, 128, 128, 40));
    bandHigh->setChannelFillGraph(bandLow);
    bandHigh->removeFromLegend();
    bandLow->setName(QObject::tr("target 1 − α"));
    addLine(plot, QObject::tr("binomial 95% range, one split (low)"), x, qv(c.binomLow),
            paletteColor(7, theme), theme, Qt::DashLine)
        ->removeFromLegend();
    addLine(plot, QObject::tr("binomial 95% range, one split"), x, qv(c.binomHigh),
            paletteColor(7, theme), theme, Qt::DashLine);
    const QCPRange rate(0, 1);  // coverage cannot leave [0, 1], nor can its band
    meanWithBand(plot, QObject::tr("coverage, all questions"), x, c.coverage,
                 paletteColor(0, theme), theme, rate);
    meanWithBand(plot, QObject::tr("coverage, SConU-selected (δ = %1)").arg(r.params.delta), x,
                 c.coverageSelected, paletteColor(1, theme), theme, rate);
    plot->xAxis->setLabel(QObject::tr("risk level α"));
    plot->yAxis->setLabel(
        r.fixedSplit
            ? QObject::tr("coverage 1 − EMR (the data's fixed split)")
            : QObject::tr("coverage 1 − EMR (± std, %1 splits)").arg(r.params.repetitions));
    plot->xAxis->setRange(0, 1);
    plot->yAxis->setRange(0, 1.02);
    QVector<QCPItemText*> labels{
        addVerticalMarker(plot, r.params.alpha, QObject::tr("α = %1").arg(r.params.alpha), theme)};
    // Below the minimum manageable risk αₗ the threshold takes in every option whose samples
    // never hit (score 1), so the sets hold the gold answer always: coverage 1 by construction.
    if (r.alphaL > 0)
        labels << addVerticalMarker(
            plot, r.alphaL, QObject::tr("αₗ = %1: coverage 1 below").arg(r.alphaL, 0, 'f', 3),
            theme);
    placeMarkerLabels(plot, labels);
    QString title = calibrationGroupsTitle(r);
    if (const QString note = selectionOnScoreNote(r); !note.isEmpty()) title += "\n" + note;
    setFigureTitle(plot, title);
    plot->replot();
}

void plotSetSize(QCustomPlot* plot, const CalibrationReport& r, Theme theme) {
    if (r.options == 0) {
        plotMessage(plot, QObject::tr("Generic scores have no prediction sets."));
        return setFigureTitle(plot, calibrationGroupsTitle(r));
    }
    resetPlot(plot);
    const QVector<double> x = qv(r.curves.alpha);
    const QCPRange sizes(0, static_cast<double>(r.options));  // a set holds 0..K options
    meanWithBand(plot, QObject::tr("set size, all questions"), x, r.curves.setSize,
                 paletteColor(0, theme), theme, sizes);
    meanWithBand(plot, QObject::tr("set size, SConU-selected"), x, r.curves.setSizeSelected,
                 paletteColor(1, theme), theme, sizes);
    plot->xAxis->setLabel(QObject::tr("risk level α"));
    plot->yAxis->setLabel(QObject::tr("average prediction-set size (APSS)"));
    plot->xAxis->setRange(0, 1);
    plot->yAxis->setRange(0, static_cast<double>(r.options) + 0.2);
    placeMarkerLabels(plot, {addVerticalMarker(plot, r.params.alpha,
                                               QObject::tr("α = %1").arg(r.params.alpha), theme)});
    setFigureTitle(plot, calibrationGroupsTitle(r));
    plot->replot();
}

void plotPValues(QCustomPlot* plot, const CalibrationReport& r, Theme theme) {
    resetPlot(plot);
    constexpr int kBins = 20;
    auto histogram = [&](const std::vector<double>& p) {
        QVector<double> counts(kBins, 0.0);
        for (double v : p) counts[std::min(kBins - 1, static_cast<int>(v * kBins))] += 1;
        return counts;
    };
    QVector<double> centres;
    for (int b = 0; b < kBins; ++b) centres << (b + 0.5) / kBins;
    const double width = 1.0 / kBins;
    // Two bars per bin: SConU left of the bin centre, SConU-Pro right of it.
    const std::vector<double>* values[] = {&r.reference.pValue, &r.reference.pValuePro};
    const QString names[] = {QObject::tr("SConU p-values"), QObject::tr("SConU-Pro p-values")};
    for (int k = 0; k < 2; ++k) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(names[k]);
        QVector<double> x;
        for (double c : centres) x << c + (k == 0 ? -0.225 : 0.225) * width;
        bars->setData(x, histogram(*values[k]), true);
        bars->setWidth(width * 0.45);
        QColor color = paletteColor(k, theme);
        bars->setPen(QPen(color));
        color.setAlpha(170);
        bars->setBrush(color);
    }
    plot->xAxis->setLabel(QObject::tr("conformal p-value (reference split; abstain when p ≤ δ)"));
    plot->yAxis->setLabel(QObject::tr("test questions"));
    plot->xAxis->setRange(0, 1);
    plot->rescaleAxes(true);
    plot->xAxis->setRange(0, 1);
    plot->yAxis->setRangeLower(0);
    plot->yAxis->setRangeUpper(plot->yAxis->range().upper * 1.1);
    placeMarkerLabels(plot, {addVerticalMarker(plot, r.params.delta,
                                               QObject::tr("δ = %1: %2 of %3 answered")
                                                   .arg(r.params.delta)
                                                   .arg(r.reference.sconu.count)
                                                   .arg(r.reference.testItems.size()),
                                               theme)});
    setFigureTitle(plot, calibrationGroupsTitle(r));
    plot->replot();
}

}  // namespace assay::views
