#include "views/pruning/pruning_plots.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "views/common/plot_category_axis.h"
#include "views/common/plot_heatmap.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_series.h"

namespace assay::views {

namespace prune = core::prune;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kRowLayers = "assayRowLayers";

void finish(QCustomPlot* plot, Theme theme) {
    applyTheme(plot, theme);
    plot->replot();
}

// The rows' decoder-layer indices, for clicks; names only when they are not 0..L−1.
QStringList layerNames(QCustomPlot* plot, const std::vector<int>& layers) {
    QVariantList rows;
    QStringList names;
    bool plain = true;
    for (std::size_t r = 0; r < layers.size(); ++r) {
        rows << layers[r];
        names << QString::number(layers[r]);
        plain = plain && layers[r] == int(r);
    }
    plot->setProperty(kRowLayers, rows);
    return plain ? QStringList() : names;
}

// Crosses on the cells of the experts `mask` drops (row r = layers[r]).
void crossDropped(QCPAxisRect* rect, const std::vector<int>& layers, const prune::ExpertMask& mask,
                  Theme theme, bool besideNumbers) {
    // Beside a cell's number (in its upper right corner) where numbers fit; else centred.
    const double dx = besideNumbers ? 0.34 : 0.0, dy = besideNumbers ? -0.3 : 0.0;
    QVector<double> x, y;
    for (std::size_t r = 0; r < layers.size(); ++r) {
        auto it = mask.layers.find(layers[r]);
        if (it == mask.layers.end()) continue;
        for (int e : it->second.droppedIndices()) {
            x << e + dx;
            y << double(r) + dy;
        }
    }
    auto* g = new QCPGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    g->setName(QObject::tr("dropped in the mask editor"));
    g->setData(x, y);
    g->setLineStyle(QCPGraph::lsNone);
    const QColor ink = theme == Theme::Dark ? QColor(240, 240, 240) : QColor(20, 20, 20);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, ink, 8));
    g->setPen(QPen(ink, 2));
}

void outline(QCPAxisRect* rect, int col, int row, const QColor& color, double inset) {
    auto* box = new QCPItemRect(rect->parentPlot());
    box->setClipAxisRect(rect);
    for (QCPItemPosition* p : {box->topLeft, box->bottomRight})
        p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    box->topLeft->setCoords(col - 0.5 + inset, row - 0.5 + inset);
    box->bottomRight->setCoords(col + 0.5 - inset, row + 0.5 - inset);
    box->setPen(QPen(color, 3));
    box->setBrush(Qt::NoBrush);
}

// Ranks in [0, 1] within one layer (ties share the lower rank), NaN where the value is NaN.
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<int> order;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isnan(v[i])) order.push_back(int(i));
    std::sort(order.begin(), order.end(), [&](int a, int b) { return v[a] < v[b]; });
    std::vector<double> r(v.size(), kNaN);
    const double top = std::max<double>(1, double(order.size()) - 1);
    for (std::size_t i = 0; i < order.size(); ++i) {
        std::size_t first = i;
        while (first > 0 && v[order[first - 1]] == v[order[i]]) --first;
        r[order[i]] = double(first) / top;
    }
    return r;
}

QColor minColor(Theme t) { return paletteColor(1, t); }  // vermillion
QColor maxColor(Theme t) { return paletteColor(4, t); }  // sky blue

}  // namespace

std::pair<int, int> heatmapCellAt(QCustomPlot* plot, const QPoint& pixel) {
    const QVariantList rows = plot->property(kRowLayers).toList();
    QCPAxisRect* rect = plot->axisRectAt(pixel);
    if (!rect || rows.isEmpty()) return {-1, -1};
    const double x = rect->axis(QCPAxis::atBottom)->pixelToCoord(pixel.x());
    const double y = rect->axis(QCPAxis::atLeft)->pixelToCoord(pixel.y());
    const int col = int(std::lround(x)), row = int(std::lround(y));
    const CategoryTicker* cols = categoryTicker(rect->axis(QCPAxis::atBottom));
    if (row < 0 || row >= rows.size() || col < 0 || (cols && col >= cols->count())) return {-1, -1};
    return {rows[row].toInt(), col};
}

void plotCriteria(QCustomPlot* plot, const CriteriaFigure& f, Theme theme) {
    const prune::CriterionValues& v = *f.values;
    const QString name = QString::fromLatin1(prune::criterionName(v.criterion));
    QString title = QObject::tr(
                        "%1 (%2) per expert\noutlined: vermillion = Min-%1 drops next, "
                        "sky blue = Max-%1 · × = dropped in the editor")
                        .arg(name, QString::fromLatin1(prune::criterionTitle(v.criterion)));
    if (!v.note.empty()) title += QLatin1Char('\n') + QString::fromStdString(v.note);
    const HeatmapPanels panels = heatmapPanels(plot, 1, title);
    const int n = f.experts, L = int(f.layers.size());
    HeatmapCells cells{n, L, {}, {}, layerNames(plot, f.layers)};
    for (int layer : f.layers) {
        auto it = v.perLayer.find(layer);
        std::vector<double> row =
            it == v.perLayer.end() ? std::vector<double>(std::size_t(n), kNaN) : it->second;
        row.resize(std::size_t(n), kNaN);
        if (f.rank) row = ranks(row);
        cells.values.insert(cells.values.end(), row.begin(), row.end());
    }
    QCPColorMap* map = addHeatmap(panels.rects[0], name, cells, f.rank ? -1 : 2);
    MetricRange range;  // a criterion's values can be any real number
    if (f.rank) range = {0.0, 1.0, std::nullopt, true};
    applyColourScale(panels, {map}, range, f.rank ? QObject::tr("rank in the layer") : name);
    QCPAxisRect* rect = panels.rects[0];
    rect->axis(QCPAxis::atBottom)->setLabel(QObject::tr("expert"));
    rect->axis(QCPAxis::atLeft)->setLabel(QObject::tr("layer"));
    for (int r = 0; r < L; ++r) {
        auto it = f.drops.find(f.layers[r]);
        if (it == f.drops.end()) continue;
        if (it->second.first >= 0) outline(rect, it->second.first, r, minColor(theme), 0.04);
        if (it->second.second >= 0) outline(rect, it->second.second, r, maxColor(theme), 0.16);
    }
    if (f.editor) crossDropped(rect, f.layers, *f.editor, theme, !f.rank && n <= 16);
    finish(plot, theme);
}

void plotCriticality(QCustomPlot* plot, const std::map<int, std::vector<double>>& map,
                     const prune::ExpertMask& editor, const QString& quantity, double fullValue,
                     Theme theme) {
    const HeatmapPanels panels = heatmapPanels(
        plot, 1,
        QObject::tr("%1 after removing one expert alone (full model: %2) · × = dropped in the "
                    "editor")
            .arg(quantity)
            .arg(fullValue, 0, 'g', 4));
    std::vector<int> layers;
    int n = 0;
    for (const auto& [l, row] : map) {
        layers.push_back(l);
        n = std::max(n, int(row.size()));
    }
    HeatmapCells cells{n, int(layers.size()), {}, {}, layerNames(plot, layers)};
    for (const auto& [l, row] : map) {
        std::vector<double> r = row;
        r.resize(std::size_t(n), kNaN);
        cells.values.insert(cells.values.end(), r.begin(), r.end());
    }
    QCPColorMap* cm = addHeatmap(panels.rects[0], quantity, cells, 3);
    // Diverging around the full model's value: red = removing the expert costs, blue = it helps.
    applyColourScale(panels, {cm}, {0.0, INFINITY, fullValue}, quantity);
    panels.rects[0]->axis(QCPAxis::atBottom)->setLabel(QObject::tr("expert removed"));
    panels.rects[0]->axis(QCPAxis::atLeft)->setLabel(QObject::tr("layer"));
    crossDropped(panels.rects[0], layers, editor, theme, n <= 16);
    finish(plot, theme);
}

void plotCurves(QCustomPlot* plot, const std::vector<prune::PruningCurve>& curves,
                const QString& metric, int experts, double sparsity, const QStringList& skipped,
                Theme theme) {
    resetPlot(plot);
    QStringList criteria;
    for (const prune::PruningCurve& c : curves) {
        const QString name = QString::fromLatin1(prune::criterionName(c.criterion));
        if (!criteria.contains(name)) criteria << name;
    }
    double top = 0, right = 0;
    for (const prune::PruningCurve& c : curves) {
        QVector<double> x, y;
        for (const prune::CurvePoint& p : c.points) {
            const double value = metric == QLatin1String("loss")       ? p.loss
                                 : metric == QLatin1String("accuracy") ? p.accuracy
                                                                       : p.error;
            if (std::isnan(value)) continue;
            x << (experts > 0 ? double(p.dropped) / experts : p.sparsity);
            right = std::max(right, x.back());
            y << value;
            top = std::max(top, value);
        }
        const QString cname = QString::fromLatin1(prune::criterionName(c.criterion));
        const bool iterative = c.procedure != prune::Procedure::OneShot;
        QCPGraph* g = addLine(
            plot,
            QStringLiteral("%1-%2, %3")
                .arg(c.variant == prune::Variant::Min ? QStringLiteral("Min")
                                                      : QStringLiteral("Max"),
                     cname, QString::fromLatin1(prune::procedureName(c.procedure))),
            x, y,
            paletteColor(int(criteria.indexOf(cname)) +
                             (criteria.size() == 1 && c.variant == prune::Variant::Max ? 1 : 0),
                         theme),
            theme, iterative ? Qt::SolidLine : Qt::DashLine);
        g->setScatterStyle(QCPScatterStyle(c.variant == prune::Variant::Min
                                               ? QCPScatterStyle::ssCircle
                                               : QCPScatterStyle::ssSquare,
                                           6));
    }
    const QString label = metric == QLatin1String("loss") ? QObject::tr("task loss (held out)")
                          : metric == QLatin1String("accuracy")
                              ? QObject::tr("task accuracy (held out)")
                              : QObject::tr(
                                    "relative reconstruction "
                                    "error (held out)");
    plot->xAxis->setLabel(QObject::tr("sparsity: share of each layer's experts dropped"));
    plot->yAxis->setLabel(label);
    plot->xAxis->setRange(-0.02, std::max(sparsity, right) + 0.05);
    plot->yAxis->setRange(0, metric == QLatin1String("accuracy") ? 1.0 : std::max(1e-9, top * 1.1));
    addVerticalMarker(plot, sparsity, QObject::tr("chosen %1").arg(sparsity, 0, 'g', 3), theme);
    QString title =
        QObject::tr("%1 vs sparsity · solid = iterative, dashed = one-shot")
            .arg(label.section(QLatin1Char(' '), 0, metric == QLatin1String("error") ? 2 : 1));
    if (!skipped.isEmpty())
        title +=
            QLatin1Char('\n') + QObject::tr("not drawn: ") + skipped.join(QStringLiteral("; "));
    setFigureTitle(plot, title);
    finish(plot, theme);
}

void plotLoad(QCustomPlot* plot, int layer, const prune::MaskEvaluation& before,
              const prune::MaskEvaluation& after, Theme theme) {
    resetPlot(plot);
    auto b = before.load.find(layer), a = after.load.find(layer);
    if (b == before.load.end() || a == after.load.end())
        return plotMessage(plot, QObject::tr("No load for layer %1.").arg(layer));
    const int n = int(b->second.size());
    auto* group = new QCPBarsGroup(plot);
    const auto cv = [](const std::map<int, double>& m, int l) {
        auto it = m.find(l);
        return it == m.end() ? kNaN : it->second;
    };
    const QString names[] = {QObject::tr("before: full model"),
                             QObject::tr("after: the editor's mask")};
    double top = 1;
    for (int s = 0; s < 2; ++s) {
        const std::vector<std::int64_t>& load = s == 0 ? b->second : a->second;
        QVector<double> x, y;
        for (int e = 0; e < n && e < int(load.size()); ++e) {
            x << e;
            y << double(load[e]);
            top = std::max(top, double(load[e]));
        }
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setData(x, y, true);
        bars->setName(names[s]);
        QColor c = paletteColor(s == 0 ? 7 : 0, theme);
        bars->setPen(QPen(c));
        c.setAlpha(s == 0 ? 120 : 200);
        bars->setBrush(c);
        bars->setWidth(0.38);
        bars->setBarsGroup(group);
    }
    setCategoryAxis(plot->xAxis, n);
    plot->xAxis->setLabel(QObject::tr("expert (layer %1)").arg(layer));
    plot->yAxis->setLabel(QObject::tr("tokens routed (held out)"));
    plot->yAxis->setRange(0, top * 1.12);
    setFigureTitle(plot,
                   QObject::tr("Load per expert · CV before %1, after %2 (std / mean over the "
                               "surviving experts)")
                       .arg(cv(before.loadCv, layer), 0, 'f', 3)
                       .arg(cv(after.loadCv, layer), 0, 'f', 3));
    finish(plot, theme);
}

void plotAgreement(QCustomPlot* plot, const std::map<int, std::vector<prune::Agreement>>& grid,
                   int experts, const QString& what, Theme theme) {
    const HeatmapPanels panels = heatmapPanels(plot, 1, what);
    std::vector<int> layers;
    int counts[3] = {0, 0, 0};
    for (const auto& [l, row] : grid) layers.push_back(l);
    HeatmapCells cells{experts, int(layers.size()), {}, {}, layerNames(plot, layers)};
    for (const auto& [l, row] : grid)
        for (int e = 0; e < experts; ++e) {
            const int v = e < int(row.size()) ? int(row[e]) : 2;
            cells.values.push_back(v);
            ++counts[v];
        }
    QCPColorMap* map = addHeatmap(panels.rects[0],
                                  QObject::tr("agreement (0 both drop, 1 "
                                              "disagree, 2 both keep)"),
                                  cells, -1);
    applyColourScale(panels, {map}, {0.0, 2.0, std::nullopt, true}, QString());
    QCPColorGradient g;
    g.setColorStopAt(0.0, paletteColor(1, theme));
    g.setColorStopAt(0.5, paletteColor(6, theme));
    g.setColorStopAt(1.0, paletteColor(0, theme));
    g.setLevelCount(3);
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    map->setGradient(g);
    panels.scale->setGradient(g);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    ticker->addTick(0.33, QObject::tr("both drop (%1)").arg(counts[0]));
    ticker->addTick(1.0, QObject::tr("disagree (%1)").arg(counts[1]));
    ticker->addTick(1.67, QObject::tr("both keep (%1)").arg(counts[2]));
    panels.scale->axis()->setTicker(ticker);
    panels.rects[0]->axis(QCPAxis::atBottom)->setLabel(QObject::tr("expert"));
    panels.rects[0]->axis(QCPAxis::atLeft)->setLabel(QObject::tr("layer"));
    finish(plot, theme);
}

void plotDomains(QCustomPlot* plot, const std::vector<std::string>& names,
                 const prune::MaskEvaluation& before, const prune::MaskEvaluation& after,
                 Theme theme) {
    resetPlot(plot);
    const int D = int(names.size());
    QStringList labels;
    for (const std::string& s : names) labels << QString::fromStdString(s);
    auto* group = new QCPBarsGroup(plot);
    const QString series[] = {
        QObject::tr("full model (%1)").arg(before.taskAccuracy, 0, 'f', 3),
        QObject::tr("the editor's mask (%1)").arg(after.taskAccuracy, 0, 'f', 3)};
    for (int s = 0; s < 2; ++s) {
        const std::vector<double>& acc = s == 0 ? before.domainAccuracy : after.domainAccuracy;
        QVector<double> x, y;
        for (int d = 0; d < D && d < int(acc.size()); ++d) {
            x << d;
            y << acc[d];
        }
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setData(x, y, true);
        bars->setName(series[s]);
        QColor c = paletteColor(s == 0 ? 7 : 2, theme);
        bars->setPen(QPen(c));
        c.setAlpha(s == 0 ? 120 : 200);
        bars->setBrush(c);
        bars->setWidth(0.38);
        bars->setBarsGroup(group);
    }
    setCategoryAxis(plot->xAxis, D, labels);
    plot->xAxis->setLabel(QObject::tr("domain"));
    plot->yAxis->setLabel(QObject::tr("task accuracy (held out)"));
    plot->yAxis->setRange(0, 1.05);
    setFigureTitle(plot,
                   QObject::tr("Accuracy per domain: which task suffers first when experts go"));
    finish(plot, theme);
}

}  // namespace assay::views
