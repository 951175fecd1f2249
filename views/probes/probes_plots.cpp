#include "views/probes/probes_plots.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "views/common/plot_layout.h"
#include "views/common/plot_series.h"

namespace assay::views {

namespace {

void finish(QCustomPlot* plot, Theme theme) {
    applyTheme(plot, theme);
    plot->replot();
}

}  // namespace

void plotLayerCurves(QCustomPlot* plot, const std::vector<LayerCurve>& curves, double chosen,
                     const QString& yLabel, const QString& title, Theme theme) {
    resetPlot(plot);
    double lo = 0.5, xmin = 1e300, xmax = -1e300;
    for (const LayerCurve& c : curves) {
        const QColor colour = paletteColor(c.colour, theme);
        QCPGraph* g = nullptr;
        if (!c.spread.isEmpty())
            g = addMeanBand(plot, c.name, c.layers, c.values, c.spread, colour, theme,
                            QCPRange(0, 1));
        else {
            g = addLine(plot, c.name, c.layers, c.values, colour, theme, c.style);
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        }
        (void)g;
        for (int i = 0; i < c.values.size(); ++i) {
            if (!std::isfinite(c.values[i])) continue;
            const double s = i < c.spread.size() ? c.spread[i] : 0.0;
            lo = std::min(lo, c.values[i] - s);
            xmin = std::min(xmin, c.layers[i]);
            xmax = std::max(xmax, c.layers[i]);
        }
    }
    if (xmin > xmax) xmin = 0, xmax = 1;
    addHorizontalMarker(plot, 0.5, theme);
    if (chosen >= 0) addVerticalMarker(plot, chosen, QObject::tr("layer %1").arg(chosen), theme);
    plot->xAxis->setLabel(QObject::tr("layer"));
    plot->yAxis->setLabel(yLabel);
    const double pad = std::max(0.5, 0.04 * (xmax - xmin));
    plot->xAxis->setRange(xmin - pad, xmax + pad);
    plot->yAxis->setRange(std::max(0.0, std::floor(lo * 20) / 20 - 0.02), 1.02);
    setFigureTitle(plot, title);
    finish(plot, theme);
}

void plotRoc(QCustomPlot* plot, const std::vector<double>& fpr, const std::vector<double>& tpr,
             double operatingFpr, double operatingTpr, const QString& operatingLabel,
             const QString& title, Theme theme) {
    resetPlot(plot);
    QCPCurve* diagonal = new QCPCurve(plot->xAxis, plot->yAxis);
    diagonal->setName(QObject::tr("chance"));
    diagonal->setData(QVector<double>{0, 1}, QVector<double>{0, 1});
    QPen grey(paletteColor(7, theme), lineWidth(theme), Qt::DashLine);
    grey.setColor(QColor(0x99, 0x99, 0x99));
    diagonal->setPen(grey);
    // A ROC curve is not a function of FPR (vertical steps): a parametric curve keeps the order.
    QCPCurve* roc = new QCPCurve(plot->xAxis, plot->yAxis);
    roc->setName(QObject::tr("held-out ROC"));
    roc->setData(QVector<double>(fpr.begin(), fpr.end()), QVector<double>(tpr.begin(), tpr.end()));
    roc->setPen(QPen(paletteColor(0, theme), lineWidth(theme)));
    QCPGraph* point = plot->addGraph();
    point->setName(operatingLabel);
    point->setData(QVector<double>{operatingFpr}, QVector<double>{operatingTpr});
    point->setLineStyle(QCPGraph::lsNone);
    point->setPen(QPen(paletteColor(1, theme), lineWidth(theme)));
    point->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 9));
    plot->xAxis->setLabel(QObject::tr("false positive rate (real flagged)"));
    plot->yAxis->setLabel(QObject::tr("true positive rate (hallucinated flagged)"));
    plot->xAxis->setRange(-0.01, 1.01);
    plot->yAxis->setRange(-0.01, 1.03);
    setFigureTitle(plot, title);
    finish(plot, theme);
}

void plotClassHistograms(QCustomPlot* plot, const std::vector<ClassValues>& classes,
                         const QString& xLabel, const QString& title, Theme theme) {
    resetPlot(plot);
    double lo = 1e300, hi = -1e300;
    for (const ClassValues& c : classes)
        for (double v : c.values)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (hi < lo) {
        plotMessage(plot, QObject::tr("No values to draw"));
        return;
    }
    if (hi - lo < 1e-12) lo -= 0.5, hi += 0.5;
    const int bins = 40;
    const double width = (hi - lo) / bins;
    for (const ClassValues& c : classes) {
        std::vector<double> count(std::size_t(bins), 0.0);
        double n = 0;
        for (double v : c.values) {
            if (!std::isfinite(v)) continue;
            count[std::size_t(std::clamp(int((v - lo) / width), 0, bins - 1))] += 1;
            n += 1;
        }
        if (n == 0) continue;
        QVector<double> x{lo}, y{0};
        for (int b = 0; b < bins; ++b) {
            x << lo + b * width << lo + (b + 1) * width;
            y << count[std::size_t(b)] / n << count[std::size_t(b)] / n;
        }
        x << hi;
        y << 0;
        QCPGraph* g = addLine(plot, QObject::tr("%1 (%2)").arg(c.name).arg(qint64(n)), x, y,
                              paletteColor(c.colour, theme), theme);
        QColor fill = paletteColor(c.colour, theme);
        fill.setAlpha(45);
        g->setBrush(fill);
    }
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(QObject::tr("share of the class's rows"));
    plot->xAxis->setRange(lo - width, hi + width);
    plot->yAxis->rescale();
    plot->yAxis->setRangeLower(0);
    plot->yAxis->setRangeUpper(plot->yAxis->range().upper * 1.08);
    setFigureTitle(plot, title);
    finish(plot, theme);
}

void plotScatter(QCustomPlot* plot, const std::vector<ClassPoints>& classes, const QString& xLabel,
                 const QString& yLabel, const QString& title, Theme theme) {
    resetPlot(plot);
    for (const ClassPoints& c : classes) {
        QCPGraph* g = plot->addGraph();
        g->setName(c.name);
        g->setData(c.x, c.y);  // QCPGraph sorts by key (the points are in row order)
        g->setLineStyle(QCPGraph::lsNone);
        QColor colour = paletteColor(c.colour, theme);
        g->setPen(QPen(colour, lineWidth(theme)));
        colour.setAlpha(150);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, 4));
    }
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(yLabel);
    plot->rescaleAxes();
    for (QCPAxis* a : {plot->xAxis, plot->yAxis}) {
        const QCPRange r = a->range();
        const double pad = std::max(1e-9, 0.04 * r.size());
        a->setRange(r.lower - pad, r.upper + pad);
    }
    setFigureTitle(plot, title);
    finish(plot, theme);
    // applyTheme keeps colours but may reset the scatter: restore the translucent discs.
    for (int i = 0; i < plot->graphCount() && i < int(classes.size()); ++i) {
        QColor colour = paletteColor(classes[std::size_t(i)].colour, theme);
        colour.setAlpha(150);
        plot->graph(i)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, 4));
    }
    plot->replot();
}

void plotAlphaSweep(QCustomPlot* plot, const QVector<double>& alpha,
                    const std::vector<AlphaCurve>& curves, const QString& yLabel,
                    const QString& title, Theme theme) {
    resetPlot(plot);
    double lo = 0, hi = 1;
    for (const AlphaCurve& c : curves) {
        QCPGraph* g =
            addLine(plot, c.name, alpha, c.values, paletteColor(c.colour, theme), theme, c.style);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        for (double v : c.values)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    addVerticalMarker(plot, 0, QObject::tr("α = 0"), theme);
    plot->xAxis->setLabel(QObject::tr("steering strength α (h + α·σ·v)"));
    plot->yAxis->setLabel(yLabel);
    if (!alpha.isEmpty()) {
        const double a = *std::min_element(alpha.begin(), alpha.end()),
                     b = *std::max_element(alpha.begin(), alpha.end());
        const double pad = std::max(0.05, 0.03 * (b - a));
        plot->xAxis->setRange(a - pad, b + pad);
    }
    plot->yAxis->setRange(lo - 0.04 * (hi - lo), hi + 0.06 * (hi - lo));
    setFigureTitle(plot, title);
    finish(plot, theme);
}

void plotHeatmaps(QCustomPlot* plot, const std::vector<NamedCells>& panels,
                  const MetricRange& metric, const QString& scaleLabel, const QString& title,
                  Theme theme) {
    const HeatmapPanels hp = heatmapPanels(plot, int(panels.size()), title);
    QVector<QCPColorMap*> maps;
    for (std::size_t i = 0; i < panels.size(); ++i) {
        QCPColorMap* m =
            addHeatmap(hp.rects[int(i)], panels[i].name, panels[i].cells, panels[i].decimals);
        maps << m;
        QCPAxis* top = hp.rects[int(i)]->axis(QCPAxis::atTop);
        top->setVisible(true);
        top->setTicks(false);
        top->setTickLabels(false);
        top->setLabel(panels[i].name);
        if (!panels[i].xLabel.isEmpty())
            hp.rects[int(i)]->axis(QCPAxis::atBottom)->setLabel(panels[i].xLabel);
    }
    applyColourScale(hp, maps, metric, scaleLabel);
    finish(plot, theme);
}

}  // namespace assay::views
