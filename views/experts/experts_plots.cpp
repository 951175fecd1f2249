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
                      moe::Normalisation how, Theme theme, double colourMax) {
    const int n = a.n;
    const moe::LayerAnalysis& la = a.layers.at(std::clamp(layer, 0, int(a.layers.size()) - 1));
    const bool both = a.hasC2r && la.c2r.tokens > 0;
    const HeatmapPanels panels = heatmapPanels(plot, both ? 2 : 1);
    const moe::Coactivation* sources[] = {&la.vanilla, &la.c2r};
    // Say what the matrix is: a file of precomputed counts is not the model's routing.
    const QString titles[] = {a.fromCollaboration ? QObject::tr("precomputed collaboration matrix")
                                                  : QObject::tr("model's top-%1 routing").arg(a.k),
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
    // A fixed top (the "colour-max" setting) gives every file the same scale, so two files'
    // heatmaps compare by colour; 0 = this file's own range.
    MetricRange range = coactivationRange(how);
    if (colourMax > 0) {
        range.maximum = colourMax;
        range.wholeRange = true;
    }
    applyColourScale(panels, maps, range, QString::fromLatin1(moe::normalisationName(how)));
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
        addHeatmap(panels.rects[0], QObject::tr("normalised partner entropy Hᵢ"), cells, 2);
    // Hᵢ is normalised to [0, 1]: the whole range, so the colours read alike for every trace.
    applyColourScale(panels, {map}, {0.0, 1.0, std::nullopt, true}, QObject::tr("Hᵢ"));
    panels.rects[0]
        ->axis(QCPAxis::atBottom)
        ->setLabel(QObject::tr("expert (Hᵢ: 1 = collaborates with all, 0 = one partner)"));
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

namespace {

constexpr const char* kVolumeRect = "assayVolumeRect";

// The T sweep's volume axes from an earlier drawing, removed (the plot keeps its first axes).
void removeVolumeRect(QCustomPlot* plot) {
    QCPLayoutGrid* grid = plot->plotLayout();
    for (int i = 0; i < grid->elementCount(); ++i)
        if (auto* rect = qobject_cast<QCPAxisRect*>(grid->elementAt(i));
            rect && rect->property(kVolumeRect).toBool()) {
            grid->remove(rect);
            grid->simplify();
            break;
        }
}

}  // namespace

void plotTSweep(QCustomPlot* plot, const moe::ExpertsAnalysis& a, Theme theme) {
    removeVolumeRect(plot);
    if (!a.hasC2r || a.c2r.sweep.empty())
        return plotMessage(plot, QObject::tr("The T sweep needs router logits in the trace."));
    resetPlot(plot);
    plot->yAxis2->setVisible(false);
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
        // The volume in megabytes gets its own axes under the shares: on a second axis beside a
        // 0..1 share its curve ran above the shares' 1 and read as a share larger than 1.
        auto* rect = new QCPAxisRect(plot);
        rect->setProperty(kVolumeRect, true);
        plot->plotLayout()->insertRow(1);
        plot->plotLayout()->addElement(1, 0, rect);
        plot->plotLayout()->setRowStretchFactor(0, 1.6);
        plot->plotLayout()->setRowStretchFactor(1, 1.0);
        auto* group = new QCPMarginGroup(plot);
        plot->axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        QCPGraph* g3 = plot->addGraph(x, y);
        g3->setName(QObject::tr("V(C2R): dispatch volume under C2R, all layers (MB, estimate)"));
        g3->setData(t, volume, true);
        QPen pen(paletteColor(2, theme));
        pen.setWidthF(plot->graph(0)->pen().widthF());
        g3->setPen(pen);
        g3->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
        x->setTicker(integerTicker(t.size()));
        x->setRange(plot->xAxis->range());
        x->setLabel(QObject::tr("Top-T"));
        y->setLabel(QObject::tr("V(C2R), MB"));
        double top = 0;
        for (double v : volume) top = std::max(top, v);
        y->setRange(0, top > 0 ? top * 1.15 : 1.0);  // from 0: the saving reads as a length
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
