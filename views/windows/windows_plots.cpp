#include "views/windows/windows_plots.h"

#include <qcustomplot.h>

#include <QFontMetricsF>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "views/common/plot_layout.h"
#include "views/common/plot_series.h"

namespace assay::views {

namespace {

void finish(QCustomPlot* plot, Theme theme) {
    applyTheme(plot, theme);
    plot->replot();
}

}  // namespace

void plotMaps(QCustomPlot* plot, const std::vector<NamedMap>& maps, const MetricRange& metric,
              const QString& label, const QString& title, Theme theme) {
    const HeatmapPanels panels = heatmapPanels(plot, int(maps.size()), title);
    QVector<QCPColorMap*> colour;
    for (std::size_t i = 0; i < maps.size(); ++i) {
        QCPColorMap* m = addHeatmap(panels.rects[int(i)], maps[i].name, maps[i].cells, -1);
        colour << m;
        // Panel titles on the top axis: which method is which.
        QCPAxis* top = panels.rects[int(i)]->axis(QCPAxis::atTop);
        top->setVisible(true);
        top->setTicks(false);
        top->setTickLabels(false);
        top->setLabel(maps[i].name);
    }
    applyColourScale(panels, colour, metric, label);
    finish(plot, theme);
}

void plotMembers(QCustomPlot* plot, const std::vector<double>& cosine, const QStringList& names,
                 const QString& title, Theme theme) {
    const int k = names.size();
    const HeatmapPanels panels = heatmapPanels(plot, 1, title);
    HeatmapCells cells;
    cells.cols = cells.rows = k;
    cells.values = cosine;
    cells.colNames = cells.rowNames = names;
    QCPColorMap* m = addHeatmap(panels.rects.front(), QObject::tr("pairwise cosine"), cells, 2);
    MetricRange range;
    range.minimum = -1;
    range.maximum = 1;
    applyColourScale(panels, {m}, range, QObject::tr("cosine of the members' features"));
    finish(plot, theme);
}

void plotDistributions(QCustomPlot* plot, const std::vector<Distribution>& series,
                       const QString& title, Theme theme) {
    resetPlot(plot);
    double lo = 1, hi = -1;
    QStringList without;
    for (const Distribution& d : series)
        for (double v : d.values)
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (hi < lo) {
        plotMessage(plot, QObject::tr("No group of two or more patches: s_w is undefined for "
                                      "single patches (ToMe survivors, CLS selection)."));
        return;
    }
    // Bins on a round grid that holds every value (s_w is a cosine: within [-1, 1]).
    const int bins = 40;
    lo = std::max(-1.0, std::floor(lo * 20) / 20);
    hi = std::min(1.0, std::ceil(hi * 20) / 20);
    if (hi - lo < 0.05) hi = std::min(1.0, lo + 0.05), lo = hi - 0.05;
    const double width = (hi - lo) / bins;
    int colour = 0;
    for (const Distribution& d : series) {
        if (d.values.empty()) {
            without << d.name;
            ++colour;
            continue;
        }
        QVector<double> x, y;
        std::vector<double> count(std::size_t(bins), 0.0);
        for (double v : d.values) {
            if (!std::isfinite(v)) continue;
            count[std::size_t(std::clamp(int((v - lo) / width), 0, bins - 1))] += 1;
        }
        const double n = double(d.values.size());
        // Closed outlines: from zero at the left edge to zero at the right.
        x << lo;
        y << 0;
        for (int b = 0; b < bins; ++b) {
            x << lo + b * width << lo + (b + 1) * width;
            y << count[std::size_t(b)] / n << count[std::size_t(b)] / n;
        }
        x << hi;
        y << 0;
        const double mean = std::accumulate(d.values.begin(), d.values.end(), 0.0) / n;
        QString name = QObject::tr("%1 · mean %2 · %3 groups")
                           .arg(d.name)
                           .arg(mean, 0, 'f', 3)
                           .arg(d.values.size());
        if (d.singletons > 0) name += QObject::tr(" (+%1 single)").arg(d.singletons);
        addLine(plot, name, x, y, paletteColor(colour++, theme), theme);
    }
    plot->xAxis->setLabel(QObject::tr("within-group similarity s_w (mean pairwise cosine)"));
    plot->yAxis->setLabel(QObject::tr("share of groups"));
    plot->xAxis->setRange(lo, hi);
    plot->yAxis->rescale();
    plot->yAxis->setRangeLower(0);
    plot->yAxis->setRangeUpper(plot->yAxis->range().upper * 1.08);
    QString t = title;
    if (!without.isEmpty())
        t += QObject::tr(" (%1: single patches)").arg(without.join(QStringLiteral(", ")));
    setFigureTitle(plot, t);
    finish(plot, theme);
}

namespace {

QString si(double v, const QString& unit) {
    const char* prefixes[] = {"", " k", " M", " G", " T", " P", " E"};
    int i = 0;
    while (std::abs(v) >= 1000 && i < 6) v /= 1000, ++i;
    return QStringLiteral("%1%2%3")
        .arg(v, 0, 'f', v < 10 ? 2 : (v < 100 ? 1 : 0))
        .arg(QLatin1String(prefixes[i]))
        .arg(unit);
}

QString bytes(double v) {
    const char* units[] = {" B", " KiB", " MiB", " GiB", " TiB"};
    int i = 0;
    while (v >= 1024 && i < 4) v /= 1024, ++i;
    return QStringLiteral("%1%2")
        .arg(v, 0, 'f', v < 10 ? 2 : (v < 100 ? 1 : 0))
        .arg(QLatin1String(units[i]));
}

}  // namespace

void paintBudgetTable(QPainter& p, const BudgetTable& table, QSizeF size, Theme theme) {
    const bool dark = theme == Theme::Dark;
    const bool big = theme == Theme::Presentation;
    const QColor background = dark ? QColor(0x1e, 0x1f, 0x22) : QColor(Qt::white);
    const QColor ink = dark
                           ? QColor(0xdc, 0xdc, 0xdc)
                           : (theme == Theme::Light ? QColor(0x30, 0x30, 0x30) : QColor(Qt::black));
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(QRectF(QPointF(0, 0), size), background);
    QFont titleFont, font;
    titleFont.setPointSizeF(big ? 23 : 11);
    titleFont.setBold(true);
    font.setPointSizeF(big ? 18 : 9.5);
    const QFontMetricsF tm(titleFont, p.device()), fm(font, p.device());
    const double margin = fm.height();
    double y = margin;
    p.setPen(ink);
    p.setFont(titleFont);
    p.drawText(QRectF(margin, y, size.width() - 2 * margin, tm.height()), Qt::AlignLeft,
               QObject::tr("Token budget — estimate (papers.md §3(g))"));
    y += tm.height() * 1.3;
    p.setFont(font);
    const QStringList notes = {
        table.llm,
        QObject::tr("Prefill FLOPs ≈ 2·P·t + 4·L·t²·d; KV cache = 2·L·t·d·b·(kv heads / heads). "
                    "An estimate, not a measurement.")};
    for (const QString& n : notes) {
        p.drawText(QRectF(margin, y, size.width() - 2 * margin, fm.height()), Qt::AlignLeft,
                   fm.elidedText(n, Qt::ElideRight, size.width() - 2 * margin));
        y += fm.lineSpacing();
    }
    y += fm.lineSpacing() * 0.6;
    if (!table.error.isEmpty()) {
        p.drawText(QRectF(margin, y, size.width() - 2 * margin, fm.height() * 3),
                   Qt::AlignLeft | Qt::TextWordWrap, table.error);
        p.restore();
        return;
    }
    const QStringList header = {QObject::tr("visual tokens t"), QObject::tr("grid"),
                                QObject::tr("prefill FLOPs"), QObject::tr("share of full"),
                                QObject::tr("KV cache")};
    const std::vector<double> share = {0.16, 0.22, 0.24, 0.16, 0.22};
    const double tableW = size.width() - 2 * margin;
    const double rowH = fm.height() * 1.6;
    auto cellRect = [&](int col, double top) {
        double x = margin;
        for (int c = 0; c < col; ++c) x += share[std::size_t(c)] * tableW;
        // The grid column is the one left-aligned beside a right-aligned one: a wider gap.
        const double pad = col == 1 ? 3 * fm.averageCharWidth() : 6;
        return QRectF(x + pad, top, share[std::size_t(col)] * tableW - pad - 6, rowH);
    };
    QFont bold = font;
    bold.setBold(true);
    p.setFont(bold);
    for (int c = 0; c < header.size(); ++c)
        p.drawText(cellRect(c, y), Qt::AlignVCenter | (c == 1 ? Qt::AlignLeft : Qt::AlignRight),
                   header[c]);
    y += rowH;
    p.setPen(QPen(ink, big ? 2.0 : 1.0));
    p.drawLine(QPointF(margin, y), QPointF(margin + tableW, y));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const core::tokens::BudgetRow& row = table.rows[r];
        if (int(r) == table.chosenRow) {
            QColor band(0x56, 0xB4, 0xE9);  // Okabe-Ito sky blue
            band.setAlphaF(dark ? 0.35 : 0.25);
            p.fillRect(QRectF(margin, y, tableW, rowH), band);
        }
        p.setPen(ink);
        p.setFont(int(r) == table.chosenRow ? bold : font);
        const QStringList cells = {
            QString::number(row.visualTokens), r < table.grids.size() ? table.grids[r] : QString(),
            si(row.prefillFlops, QStringLiteral("FLOP")),
            QStringLiteral("%1%").arg(100 * row.flopsShare, 0, 'f', 1), bytes(row.kvCacheBytes)};
        for (int c = 0; c < cells.size(); ++c)
            p.drawText(cellRect(c, y), Qt::AlignVCenter | (c == 1 ? Qt::AlignLeft : Qt::AlignRight),
                       cells[c]);
        y += rowH;
    }
    p.setPen(QPen(ink, big ? 2.0 : 1.0));
    p.drawLine(QPointF(margin, y), QPointF(margin + tableW, y));
    p.restore();
}

QString budgetCsv(const BudgetTable& table) {
    QString csv = QStringLiteral("visual_tokens,grid,prefill_flops,flops_share,kv_cache_bytes\n");
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(table.rows[r].visualTokens)
                   .arg(r < table.grids.size() ? QString(table.grids[r]).remove(QLatin1Char(','))
                                               : QString())
                   .arg(table.rows[r].prefillFlops, 0, 'g', 17)
                   .arg(table.rows[r].flopsShare, 0, 'g', 17)
                   .arg(table.rows[r].kvCacheBytes, 0, 'g', 17);
    return csv;
}

}  // namespace assay::views
