#include "views/experts/experts_plots.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>

#include "views/common/plot_colormaps.h"
#include "views/common/plot_layout.h"

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

// A fresh layout: `panels` axis rects in one row and a shared colour scale.
QVector<QCPAxisRect*> panelsWithScale(QCustomPlot* plot, int panels, QCPColorScale** scale) {
    plot->clearPlottables();
    plot->clearItems();
    plot->plotLayout()->clear();
    QVector<QCPAxisRect*> rects;
    auto* margins = new QCPMarginGroup(plot);
    for (int k = 0; k < panels; ++k) {
        auto* rect = new QCPAxisRect(plot);
        plot->plotLayout()->addElement(0, k, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msBottom | QCP::msTop, margins);
        rects << rect;
    }
    *scale = new QCPColorScale(plot);
    plot->plotLayout()->addElement(0, panels, *scale);
    (*scale)->setBarWidth(12);
    plot->plotLayout()->setColumnSpacing(18);
    return rects;
}

QCPColorMap* heatmap(QCPAxisRect* rect, int cols, int rows, const QString& name) {
    auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    map->setName(name);
    map->data()->setSize(cols, rows);
    map->data()->setRange(QCPRange(0, cols - 1), QCPRange(0, rows - 1));
    map->setInterpolate(false);
    rect->axis(QCPAxis::atBottom)->setRange(-0.5, cols - 0.5);
    rect->axis(QCPAxis::atLeft)->setRange(-0.5, rows - 0.5);
    rect->axis(QCPAxis::atLeft)->setRangeReversed(true);
    for (auto t : {QCPAxis::atBottom, QCPAxis::atLeft}) {
        rect->axis(t)->grid()->setVisible(false);
        rect->axis(t)->setTicker(integerTicker(t == QCPAxis::atBottom ? cols : rows));
    }
    return map;
}

void finish(QCustomPlot* plot, Theme theme) {
    applyTheme(plot, theme);
    plot->replot();
}

}  // namespace

void plotCoactivation(QCustomPlot* plot, const moe::ExpertsAnalysis& a, int layer, moe::Normalisation how, Theme theme) {
    const int n = a.n;
    const moe::LayerAnalysis& la = a.layers.at(std::clamp(layer, 0, int(a.layers.size()) - 1));
    const bool both = a.hasC2r && la.c2r.tokens > 0;
    QCPColorScale* scale = nullptr;
    const auto rects = panelsWithScale(plot, both ? 2 : 1, &scale);
    const moe::Coactivation* sources[] = {&la.vanilla, &la.c2r};
    const QString titles[] = {QObject::tr("model's top-%1 routing").arg(a.k),
                              QObject::tr("C2R, Top-T = %1").arg(la.stats.topT)};
    double lo = INFINITY, hi = -INFINITY;
    QVector<QCPColorMap*> maps;
    for (int p = 0; p < rects.size(); ++p) {
        const std::vector<double> v = moe::normalise(*sources[p], how);
        QCPColorMap* map = heatmap(rects[p], n, n, QObject::tr("%1, %2").arg(titles[p], moe::normalisationName(how)));
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                const double x = i == j ? kNaN : v[i * n + j];  // the diagonal (usage) is masked
                map->data()->setCell(j, i, x);
                if (std::isfinite(x)) { lo = std::min(lo, x); hi = std::max(hi, x); }
            }
        rects[p]->axis(QCPAxis::atBottom)->setLabel(titles[p] + QObject::tr(": partner j"));
        rects[p]->axis(QCPAxis::atLeft)->setLabel(QObject::tr("expert i (layer %1)").arg(layer));
        maps << map;
    }
    if (!std::isfinite(lo)) { lo = 0; hi = 1; }
    for (QCPColorMap* m : maps) {
        m->setColorScale(scale);  // first: the scale then takes the range set below
        m->setGradient(sequentialGradient());
        m->setDataRange(QCPRange(lo, std::max(hi, lo + 1e-12)));
    }
    scale->axis()->setLabel(QString::fromLatin1(moe::normalisationName(how)));
    finish(plot, theme);
}

void plotEntropy(QCustomPlot* plot, const moe::ExpertsAnalysis& a, Theme theme) {
    QCPColorScale* scale = nullptr;
    const auto rects = panelsWithScale(plot, 1, &scale);
    const int L = int(a.layers.size()), n = a.n;
    QCPColorMap* map = heatmap(rects[0], n, L, QObject::tr("normalised partner entropy H_i"));
    for (int l = 0; l < L; ++l)
        for (int i = 0; i < n; ++i) map->data()->setCell(i, l, a.layers[l].stats.entropy[i]);
    map->setColorScale(scale);
    map->setGradient(sequentialGradient());
    map->setDataRange(QCPRange(0, 1));
    rects[0]->axis(QCPAxis::atBottom)->setLabel(QObject::tr("expert"));
    rects[0]->axis(QCPAxis::atLeft)->setLabel(QObject::tr("layer"));
    scale->axis()->setLabel(QObject::tr("H_i (1 = collaborates with all, 0 = one partner)"));
    finish(plot, theme);
}

void plotCommunication(QCustomPlot* plot, const moe::ExpertsAnalysis& a, Theme theme) {
    if (!a.hasC2r || a.c2r.communication.empty())
        return plotMessage(plot, QObject::tr("Placement needs router logits in the trace and G ≥ 1."));
    resetPlot(plot);
    const auto& comm = a.c2r.communication;
    const int L = int(comm.size());
    const double mb = 1e6;
    const QString names[] = {QObject::tr("naive: a copy per (token, expert)"), QObject::tr("dedup: a copy per (token, device)"),
                             QObject::tr("C2R at Top-T")};
    auto* group = new QCPBarsGroup(plot);
    double totalSeconds[3] = {0, 0, 0};
    for (int s = 0; s < 3; ++s) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        QVector<double> x, y;
        for (int l = 0; l < L; ++l) {
            const moe::DispatchVolume& v = s == 0 ? comm[l].naive : s == 1 ? comm[l].dedup : comm[l].c2r;
            x << l;
            y << v.bytes / mb;
            totalSeconds[s] += v.secondsEstimate;
        }
        bars->setData(x, y, true);
        bars->setName(names[s] + QObject::tr(" — est. %1 ms").arg(1e3 * totalSeconds[s], 0, 'f', 2));
        QColor c = paletteColor(s == 0 ? 7 : s == 1 ? 0 : 2, theme);
        bars->setPen(QPen(c));
        c.setAlpha(190);
        bars->setBrush(c);
        bars->setWidth(0.25);
        bars->setBarsGroup(group);
    }
    plot->xAxis->setTicker(integerTicker(L));
    plot->xAxis->setLabel(QObject::tr("layer (G = %1 devices; times are estimates)").arg(comm[0].placement.devices));
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
    QCPGraph* g1 = plot->addGraph();
    g1->setName(QObject::tr("tokens whose expert set changes"));
    g1->setData(t, changed, true);
    g1->setPen(QPen(paletteColor(1, theme), lineWidth(theme)));
    g1->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    QCPGraph* g2 = plot->addGraph();
    g2->setName(QObject::tr("combine-weight mass kept"));
    g2->setData(t, kept, true);
    g2->setPen(QPen(paletteColor(0, theme), lineWidth(theme), Qt::DashLine));
    plot->xAxis->setTicker(integerTicker(t.size()));
    plot->xAxis->setLabel(QObject::tr("Top-T (collaborators allowed per expert)"));
    plot->yAxis->setLabel(QObject::tr("share (mean over layers)"));
    plot->yAxis->setRange(0, 1.05);
    plot->xAxis->setRange(t.first() - 0.5, t.last() + 0.5);
    if (!a.c2r.communication.empty()) {
        plot->yAxis2->setVisible(true);
        QCPGraph* g3 = plot->addGraph(plot->xAxis, plot->yAxis2);
        g3->setName(QObject::tr("V_C2R, all layers (MB, estimate; right axis)"));
        g3->setData(t, volume, true);
        g3->setPen(QPen(paletteColor(2, theme), lineWidth(theme)));
        g3->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
        plot->yAxis2->setLabel(QObject::tr("V_C2R (MB)"));
        plot->yAxis2->rescale();
        plot->yAxis2->setRangeLower(0);
    }
    finish(plot, theme);
}

void plotDomains(QCustomPlot* plot, const moe::ExpertsAnalysis& a, int layer, Theme theme) {
    const moe::LayerAnalysis& la = a.layers.at(std::clamp(layer, 0, int(a.layers.size()) - 1));
    if (la.domains.domains == 0) return plotMessage(plot, QObject::tr("The trace has no domain tensor."));
    QCPColorScale* scale = nullptr;
    const auto rects = panelsWithScale(plot, 1, &scale);
    const int D = la.domains.domains, n = a.n;
    QCPColorMap* map = heatmap(rects[0], n, D, QObject::tr("share of a domain's routing slots"));
    for (int d = 0; d < D; ++d) {
        const double slotCount = std::max<double>(1, double(la.domains.tokensByDomain[d]) * a.k);
        for (int i = 0; i < n; ++i) map->data()->setCell(i, d, la.domains.usageByDomain[d * n + i] / slotCount);
    }
    map->setColorScale(scale);
    map->setGradient(sequentialGradient());
    map->rescaleDataRange(true);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int d = 0; d < D; ++d)
        ticker->addTick(d, d < int(a.domainNames.size()) ? QString::fromStdString(a.domainNames[d]) : QString::number(d));
    rects[0]->axis(QCPAxis::atLeft)->setTicker(ticker);
    rects[0]->axis(QCPAxis::atBottom)->setLabel(
        QObject::tr("expert (layer %1; mean specialisation I(expert; domain) = %2 nats)").arg(layer).arg(la.domains.meanSpecialisation, 0, 'f', 3));
    rects[0]->axis(QCPAxis::atLeft)->setLabel(QObject::tr("domain"));
    scale->axis()->setLabel(QObject::tr("usage share"));
    finish(plot, theme);
}

}  // namespace assay::views
