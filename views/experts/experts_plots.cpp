#include "views/experts/experts_plots.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>

#include "views/common/plot_heatmap.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_series.h"

namespace assay::views {

namespace moe = core::moe;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Whole-number ticks (experts, layers, T), at most about 16 of them.
QSharedPointer<QCPAxisTickerFixed> integerTicker(int count) {
    auto t = QSharedPointer<QCPAxisTickerFixed>::create();
    t->setTickStep(std::max(1, (count + 15) / 16));
    t->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    return t;
}

// What a normalised co-activation can be: counts, rates in [0, 1], or a lift around chance.
MetricRange coactivationRange(moe::Normalisation how) {
    switch (how) {
        case moe::Normalisation::Raw:
            return {0.0, INFINITY, std::nullopt};
        case moe::Normalisation::Lift:
            return {0.0, INFINITY, 1.0};  // 1 = as often as chance
        case moe::Normalisation::Conditional:
        case moe::Normalisation::Jaccard:
        case moe::Normalisation::Share:
            break;
    }
    return {0.0, 1.0, std::nullopt};
}

void finish(QCustomPlot* plot, Theme theme) {
    applyTheme(plot, theme);
    plot->replot();
}

}  // namespace

void plotCoactivation(QCustomPlot* plot, const moe::ExpertsAnalysis& a, int layer,
                      moe::Normalisation how, Theme theme) {
    const int n = a.n;
    const moe::LayerAnalysis& la = a.layers.at(std::clamp(layer, 0, int(a.layers.size()) - 1));
    const bool both = a.hasC2r && la.c2r.tokens > 0;
    const HeatmapPanels panels = heatmapPanels(plot, both ? 2 : 1);
    const moe::Coactivation* sources[] = {&la.vanilla, &la.c2r};
    const QString titles[] = {QObject::tr("model's top-%1 routing").arg(a.k),
                              QObject::tr("C2R, Top-T = %1").arg(la.stats.topT)};
    QVector<QCPColorMap*> maps;
    for (int p = 0; p < panels.rects.size(); ++p) {
        HeatmapCells cells{n, n, moe::normalise(*sources[p], how), {}, {}};
        for (int i = 0; i < n; ++i)
            cells.values[std::size_t(i) * n + i] = kNaN;  // the diagonal (usage) is masked
        maps << addHeatmap(panels.rects[p],
                           QObject::tr("%1, %2").arg(titles[p], moe::normalisationName(how)), cells,
                           how == moe::Normalisation::Raw ? 0 : 2);
        panels.rects[p]->axis(QCPAxis::atBottom)->setLabel(titles[p] + QObject::tr(": partner j"));
        panels.rects[p]
            ->axis(QCPAxis::atLeft)
            ->setLabel(QObject::tr("expert i (layer %1)").arg(layer));
    }
    applyColourScale(panels, maps, coactivationRange(how),
                     QString::fromLatin1(moe::normalisationName(how)));
    finish(plot, theme);
}

void plotEntropy(QCustomPlot* plot, const moe::ExpertsAnalysis& a, Theme theme) {
    const HeatmapPanels panels = heatmapPanels(plot, 1);
    const int L = int(a.layers.size()), n = a.n;
    HeatmapCells cells{n, L, {}, {}, {}};
    for (int l = 0; l < L; ++l)
        cells.values.insert(cells.values.end(), a.layers[l].stats.entropy.begin(),
                            a.layers[l].stats.entropy.end());
    QCPColorMap* map =
        addHeatmap(panels.rects[0], QObject::tr("normalised partner entropy H_i"), cells, 2);
    // H_i is normalised to [0, 1]: the whole range, so the colours read alike for every trace.
    applyColourScale(panels, {map}, {0.0, 1.0, std::nullopt, true}, QObject::tr("H_i"));
    panels.rects[0]
        ->axis(QCPAxis::atBottom)
        ->setLabel(QObject::tr("expert (H_i: 1 = collaborates with all, 0 = one partner)"));
    panels.rects[0]->axis(QCPAxis::atLeft)->setLabel(QObject::tr("layer"));
    finish(plot, theme);
}

void plotCommunication(QCustomPlot* plot, const moe::ExpertsAnalysis& a, Theme theme) {
    if (!a.hasC2r || a.c2r.communication.empty())
        return plotMessage(plot,
                           QObject::tr("Placement needs router logits in the trace and G ≥ 1."));
    resetPlot(plot);
    const auto& comm = a.c2r.communication;
    const int L = int(comm.size());
    const double mb = 1e6;
    const QString names[] = {QObject::tr("naive: a copy per (token, expert)"),
                             QObject::tr("dedup: a copy per (token, device)"),
                             QObject::tr("C2R at Top-T")};
    auto* group = new QCPBarsGroup(plot);
    double totalSeconds[3] = {0, 0, 0};
    for (int s = 0; s < 3; ++s) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        QVector<double> x, y;
        for (int l = 0; l < L; ++l) {
            const moe::DispatchVolume& v = s == 0   ? comm[l].naive
                                           : s == 1 ? comm[l].dedup
                                                    : comm[l].c2r;
            x << l;
            y << v.bytes / mb;
            totalSeconds[s] += v.secondsEstimate;
        }
        bars->setData(x, y, true);
        bars->setName(names[s] +
                      QObject::tr(" — est. %1 ms").arg(1e3 * totalSeconds[s], 0, 'f', 2));
        QColor c = paletteColor(s == 0 ? 7 : s == 1 ? 0 : 2, theme);
        bars->setPen(QPen(c));
        c.setAlpha(190);
        bars->setBrush(c);
        bars->setWidth(0.25);
        bars->setBarsGroup(group);
    }
    plot->xAxis->setTicker(integerTicker(L));
    plot->xAxis->setLabel(
        QObject::tr("layer (G = %1 devices; times are estimates)").arg(comm[0].placement.devices));
    plot->yAxis->setLabel(QObject::tr("dispatch volume per all-to-all (MB)"));
    plot->rescaleAxes();
    plot->xAxis->setRange(-0.6, L - 0.4);
    plot->yAxis->setRange(0, plot->yAxis->range().upper * 1.15);
    finish(plot, theme);
}

void plotTSweep(QCustomPlot* plot, const moe::ExpertsAnalysis& a, Theme theme) {
    if (!a.hasC2r || a.c2r.sweep.empty())
        return plotMessage(plot, QObject::tr("The T sweep needs router logits in the trace."));
    resetPlot(plot);
    QVector<double> t, changed, kept, volume;
    for (const moe::TSweepPoint& p : a.c2r.sweep) {
        t << p.topT;
        changed << p.mean.changedShare;
        kept << p.mean.keptWeightMass;
        volume << p.c2rBytes / 1e6;
    }
    QCPGraph* g1 = addLine(plot, QObject::tr("tokens whose expert set changes"), t, changed,
                           paletteColor(1, theme), theme);
    g1->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    addLine(plot, QObject::tr("combine-weight mass kept"), t, kept, paletteColor(0, theme), theme,
            Qt::DashLine);
    plot->xAxis->setTicker(integerTicker(t.size()));
    plot->xAxis->setLabel(QObject::tr("Top-T (collaborators allowed per expert)"));
    plot->yAxis->setLabel(QObject::tr("share (mean over layers)"));
    plot->yAxis->setRange(0, 1.05);
    plot->xAxis->setRange(t.first() - 0.5, t.last() + 0.5);
    if (!a.c2r.communication.empty()) {
        plot->yAxis2->setVisible(true);
        QCPGraph* g3 = addLine(plot, QObject::tr("V_C2R, all layers (MB, estimate; right axis)"), t,
                               volume, paletteColor(2, theme), theme, Qt::SolidLine, plot->yAxis2);
        g3->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
        plot->yAxis2->setLabel(QObject::tr("V_C2R (MB)"));
        plot->yAxis2->rescale();
        // From 0, with headroom: the largest volume's curve would otherwise run along the frame.
        plot->yAxis2->setRange(0, plot->yAxis2->range().upper * 1.1);
    }
    finish(plot, theme);
}

void plotDomains(QCustomPlot* plot, const moe::ExpertsAnalysis& a, int layer, Theme theme) {
    const moe::LayerAnalysis& la = a.layers.at(std::clamp(layer, 0, int(a.layers.size()) - 1));
    if (la.domains.domains == 0)
        return plotMessage(plot, QObject::tr("The trace has no domain tensor."));
    const HeatmapPanels panels = heatmapPanels(plot, 1);
    const int D = la.domains.domains, n = a.n;
    HeatmapCells cells{n, D, std::vector<double>(std::size_t(D) * n), {}, {}};
    for (int d = 0; d < D; ++d) {
        const double slotCount = std::max<double>(1, double(la.domains.tokensByDomain[d]) * a.k);
        for (int i = 0; i < n; ++i)
            cells.values[std::size_t(d) * n + i] = la.domains.usageByDomain[d * n + i] / slotCount;
        cells.rowNames << (d < int(a.domainNames.size()) ? QString::fromStdString(a.domainNames[d])
                                                         : QString::number(d));
    }
    QCPColorMap* map =
        addHeatmap(panels.rects[0], QObject::tr("share of a domain's routing slots"), cells, 2);
    applyColourScale(panels, {map}, {0.0, 1.0, std::nullopt}, QObject::tr("usage share"));
    panels.rects[0]
        ->axis(QCPAxis::atBottom)
        ->setLabel(QObject::tr("expert (layer %1; mean specialisation I(expert; domain) = %2 nats)")
                       .arg(layer)
                       .arg(la.domains.meanSpecialisation, 0, 'f', 3));
    panels.rects[0]->axis(QCPAxis::atLeft)->setLabel(QObject::tr("domain"));
    finish(plot, theme);
}

}  // namespace assay::views
