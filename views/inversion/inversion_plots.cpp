#include "views/inversion/inversion_plots.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "views/common/plot_category_axis.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_series.h"

namespace assay::views::inversion {

namespace {

using core::explain::FeatureRole;

QVector<double> toQ(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

QColor roleInk(FeatureRole role, Theme theme) {
    return role == FeatureRole::Noise ? QColor(0x99, 0x99, 0x99)
                                      : paletteColor(roleColour(role), theme);
}

// Light columns behind the spurious features (category j spans j ± 0.5).
void shadeSpurious(QCustomPlot* plot, const std::vector<FeatureRole>& roles, Theme theme) {
    QColor shade = paletteColor(1, theme);
    shade.setAlpha(28);
    for (std::size_t j = 0; j < roles.size(); ++j) {
        if (roles[j] != FeatureRole::Spurious) continue;
        auto* r = new QCPItemRect(plot);
        r->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        r->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        r->topLeft->setCoords(double(j) - 0.5, 0);
        r->bottomRight->setCoords(double(j) + 0.5, 1);
        r->setPen(Qt::NoPen);
        r->setBrush(shade);
        r->setLayer(QStringLiteral("background"));
    }
}

void finish(QCustomPlot* plot, Theme theme) {
    applyTheme(plot, theme);
    plot->replot();
}

}  // namespace

int roleColour(FeatureRole role) {
    switch (role) {
        case FeatureRole::Causal:
            return 2;
        case FeatureRole::Spurious:
            return 1;
        case FeatureRole::Noise:
            return 7;
    }
    return 7;
}

void plotAttributionBars(QCustomPlot* plot, const ItemRows& rows, const QString& title,
                         Theme theme) {
    resetPlot(plot);
    const int M = int(rows.features.size());
    if (M == 0 || rows.rows.empty())
        return plotMessage(plot, QObject::tr("No attributions for this item."));
    auto* group = new QCPBarsGroup(plot);
    group->setSpacing(0);
    const double width = 0.84 / double(rows.rows.size());
    double lo = 0, hi = 0;
    for (const ShareRow& r : rows.rows) {
        QVector<double> x, y;
        for (int j = 0; j < M && j < int(r.shares.size()); ++j) {
            x << j;
            y << r.shares[std::size_t(j)];
            lo = std::min(lo, y.back());
            hi = std::max(hi, y.back());
        }
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setName(r.note.isEmpty() ? r.name : QStringLiteral("%1 (%2)").arg(r.name, r.note));
        bars->setData(x, y, true);
        QColor c = paletteColor(r.colour, theme);
        bars->setPen(QPen(c));
        c.setAlpha(190);
        bars->setBrush(c);
        bars->setWidth(width);
        bars->setBarsGroup(group);
    }
    shadeSpurious(plot, rows.roles, theme);
    addHorizontalMarker(plot, 0, theme);
    setCategoryAxis(plot->xAxis, M, rows.features);
    const bool spurious = std::find(rows.roles.begin(), rows.roles.end(),
                                    core::explain::FeatureRole::Spurious) != rows.roles.end();
    plot->xAxis->setLabel(spurious ? QObject::tr("feature (shaded: spurious)")
                                   : QObject::tr("feature"));
    plot->yAxis->setLabel(QObject::tr("signed share a_j / Σ|a|"));
    const double pad = 0.08 * std::max(0.1, hi - lo);
    plot->yAxis->setRange(lo - pad, hi + pad);
    setFigureTitle(plot, title);
    finish(plot, theme);
}

void plotInversionScatter(QCustomPlot* plot, const std::vector<ScatterSeries>& series, double p,
                          const QString& title, Theme theme) {
    resetPlot(plot);
    const QPen iso(QColor(0x99, 0x99, 0x99), 1, Qt::DashLine);
    for (double level : {0.25, 0.5, 0.75}) {
        std::vector<double> R, g;
        isoLine(level, p, 64, R, g);
        if (R.empty()) continue;
        auto* curve = new QCPCurve(plot->xAxis, plot->yAxis);
        curve->setName(QObject::tr("IS = %1").arg(level));
        curve->setData(toQ(R), toQ(g));
        curve->setPen(iso);
        curve->removeFromLegend();
        auto* label = new QCPItemText(plot);
        const std::size_t mid = R.size() / 2;
        label->position->setCoords(R[mid], g[mid]);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setText(QObject::tr("IS %1").arg(level));
        styleLikeTickLabels(label);
    }
    for (const ScatterSeries& s : series) {
        QCPGraph* g = plot->addGraph();
        g->setName(s.name);
        g->setData(toQ(s.R), toQ(s.unfaithfulness));
        g->setLineStyle(QCPGraph::lsNone);
    }
    plot->xAxis->setLabel(QObject::tr("reliance on the spurious feature R"));
    plot->yAxis->setLabel(QObject::tr("unfaithfulness 1 − F"));
    plot->xAxis->setRange(-0.02, 1.02);
    plot->yAxis->setRange(-0.02, 1.02);
    setFigureTitle(plot, title);
    finish(plot, theme);
    // After the theme (which sets line widths): filled discs before RBP, circles after.
    int k = 0;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (k >= int(series.size())) break;
        const ScatterSeries& s = series[std::size_t(k++)];
        QColor c = paletteColor(s.colour, theme);
        plot->graph(i)->setPen(QPen(c, lineWidth(theme)));
        plot->graph(i)->setScatterStyle(s.refined ? QCPScatterStyle(QCPScatterStyle::ssCircle, 8)
                                                  : QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
    }
    plot->replot();
}

void plotStrengthSweep(QCustomPlot* plot, const std::vector<SweepCurve>& curves, double shown,
                       const QString& title, Theme theme) {
    resetPlot(plot);
    if (curves.empty())
        return plotMessage(plot, QObject::tr("Turn the strength sweep on to see IS against the "
                                             "spurious strength."));
    double hi = 0.1;
    for (const SweepCurve& c : curves) {
        QCPGraph* g = addLine(plot, c.name, toQ(c.strength), toQ(c.IS),
                              paletteColor(c.refined ? 1 : c.colour, theme), theme,
                              c.refined ? Qt::DashLine : Qt::SolidLine);
        g->setScatterStyle(
            QCPScatterStyle(c.refined ? QCPScatterStyle::ssCircle : QCPScatterStyle::ssDisc, 6));
        if (c.refined)
            g->setPen(QPen(paletteColor(c.colour, theme), lineWidth(theme), Qt::DashLine));
        for (double v : c.IS)
            if (std::isfinite(v)) hi = std::max(hi, v);
    }
    addVerticalMarker(plot, shown, QObject::tr("explained: %1").arg(shown, 0, 'f', 2), theme);
    plot->xAxis->setLabel(QObject::tr("spurious strength"));
    plot->yAxis->setLabel(QObject::tr("mean inversion score IS"));
    plot->xAxis->setRange(-0.03, 1.03);
    plot->yAxis->setRange(0, std::min(1.02, hi * 1.12));
    setFigureTitle(plot, title);
    finish(plot, theme);
}

namespace {

// Feature names beside the points, largest first, skipping a point whose label would overlap one
// already placed (features the model ignores all sit at the origin): boxes of about a short
// name's size in axis units of a plot `top` wide.
void addPokeLabels(QCustomPlot* plot, const PokePoints& pokes, double top) {
    const std::size_t n = std::min(pokes.normAttr.size(), pokes.normDelta.size());
    if (n > 24 || pokes.features.size() < int(n)) return;
    std::vector<std::size_t> order(n);
    for (std::size_t j = 0; j < n; ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::max(pokes.normAttr[a], pokes.normDelta[a]) >
               std::max(pokes.normAttr[b], pokes.normDelta[b]);
    });
    std::vector<std::size_t> placed;
    for (std::size_t j : order) {
        const double x = pokes.normDelta[j], y = pokes.normAttr[j];
        const bool clash = std::any_of(placed.begin(), placed.end(), [&](std::size_t k) {
            return std::abs(pokes.normDelta[k] - x) < 0.12 * top &&
                   std::abs(pokes.normAttr[k] - y) < 0.06 * top;
        });
        if (clash) continue;
        placed.push_back(j);
        auto* t = new QCPItemText(plot);
        t->position->setCoords(x, y);
        t->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        t->setText(QStringLiteral(" ") + pokes.features[int(j)]);
        styleLikeTickLabels(t);
    }
}

}  // namespace

void plotPokes(QCustomPlot* plot, const PokePoints& pokes, const QString& title, Theme theme) {
    resetPlot(plot);
    if (pokes.normAttr.empty()) return plotMessage(plot, QObject::tr("No pokes for this item."));
    double top = 0.05;
    for (double v : pokes.normAttr) top = std::max(top, v);
    for (double v : pokes.normDelta) top = std::max(top, v);
    top = std::min(1.0, top * 1.1);
    QCPGraph* diagonal = addLine(plot, QObject::tr("â = Δ̂ (RBP keeps a)"), {0, top}, {0, top},
                                 QColor(0x99, 0x99, 0x99), theme, Qt::DashLine);
    (void)diagonal;
    addPokeLabels(plot, pokes, top);
    const FeatureRole order[] = {FeatureRole::Causal, FeatureRole::Spurious, FeatureRole::Noise};
    for (FeatureRole role : order) {
        QVector<double> x, y;
        for (std::size_t j = 0; j < pokes.normAttr.size() && j < pokes.normDelta.size(); ++j) {
            if (j < pokes.roles.size() && pokes.roles[j] != role) continue;
            x << pokes.normDelta[j];
            y << pokes.normAttr[j];
        }
        if (x.isEmpty()) continue;
        QCPGraph* g = plot->addGraph();
        g->setName(roleLabel(role));
        g->setData(x, y);
        g->setLineStyle(QCPGraph::lsNone);
        g->setProperty("assayRole", int(role));
    }
    plot->xAxis->setLabel(QObject::tr("normalised forward effect Δ̂_j (poke to baseline)"));
    plot->yAxis->setLabel(QObject::tr("normalised attribution â_j"));
    plot->xAxis->setRange(-0.02, top);
    plot->yAxis->setRange(-0.02, top);
    setFigureTitle(plot, title);
    finish(plot, theme);
    for (int i = 0; i < plot->graphCount(); ++i) {
        const QVariant role = plot->graph(i)->property("assayRole");
        if (!role.isValid()) continue;
        const QColor c = roleInk(FeatureRole(role.toInt()), theme);
        plot->graph(i)->setPen(QPen(c, lineWidth(theme)));
        plot->graph(i)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 9));
    }
    plot->replot();
}

void plotStability(QCustomPlot* plot, const StabilityBands& bands, const QString& title,
                   Theme theme) {
    resetPlot(plot);
    if (bands.mean.empty())
        return plotMessage(plot, QObject::tr("Stability is off (stability seeds = 0)."));
    const int M = int(bands.mean.size());
    QVector<double> x, y, e;
    double lo = 0, hi = 0;
    for (int j = 0; j < M; ++j) {
        const double s = j < int(bands.stddev.size()) ? bands.stddev[std::size_t(j)] : 0.0;
        x << j;
        y << bands.mean[std::size_t(j)];
        e << s;
        lo = std::min(lo, y.back() - s);
        hi = std::max(hi, y.back() + s);
    }
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(QObject::tr("mean over seeds"));
    bars->setData(x, y, true);
    QColor c = paletteColor(0, theme);
    bars->setPen(QPen(c));
    c.setAlpha(150);
    bars->setBrush(c);
    bars->setWidth(0.6);
    auto* errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
    errors->setName(QObject::tr("± std over seeds"));
    errors->setDataPlottable(bars);
    errors->setData(e);
    errors->setPen(QPen(paletteColor(7, theme), 1.5));
    addHorizontalMarker(plot, 0, theme);
    setCategoryAxis(plot->xAxis, M, bands.features);
    plot->xAxis->setLabel(QObject::tr("feature"));
    plot->yAxis->setLabel(QObject::tr("attribution"));
    const double pad = 0.08 * std::max(1e-9, hi - lo);
    plot->yAxis->setRange(lo - pad, hi + pad);
    setFigureTitle(plot, title);
    finish(plot, theme);
}

}  // namespace assay::views::inversion
