#pragma once
// Fills the Token windows view's QCustomPlot figures from core results (no job logic), and
// paints the budget table (a QPainter drawing, like the overlay).
#include <QPainter>
#include <QString>
#include <QStringList>
#include <vector>

#include "assay/tokens/token_budget.h"
#include "views/common/plot_colour_scale.h"
#include "views/common/plot_heatmap.h"
#include "views/common/plot_theme.h"

class QCustomPlot;

namespace assay::views {

struct NamedMap {
    QString name;        // panel title and CSV series: "WiCo (2-D window concat)"
    HeatmapCells cells;  // H × W, NaN where the quantity is undefined
};

// Methods side by side: one panel per map, one colour scale for `metric`.
void plotMaps(QCustomPlot* plot, const std::vector<NamedMap>& maps, const MetricRange& metric,
              const QString& label, const QString& title, Theme theme);

// The clicked group's members: their pairwise cosine (k × k, diagonal 1), named by patch
// "(row, col)".
void plotMembers(QCustomPlot* plot, const std::vector<double>& cosine, const QStringList& names,
                 const QString& title, Theme theme);

struct Distribution {
    QString name;  // the legend's
    std::vector<double> values;
    long long singletons = 0;  // groups of one patch, left out (no s_w)
};

// Step histograms of s_w on common bins, as shares of each series' groups (series of different
// sizes compare), with each series' mean in the legend; series without values are named in the
// title instead.
void plotDistributions(QCustomPlot* plot, const std::vector<Distribution>& series,
                       const QString& title, Theme theme);

// The budget table (papers.md §3(g)): visual tokens, grid, prefill FLOPs and share, KV cache,
// headed "Estimate" with the LLM's shape.
struct BudgetTable {
    std::vector<core::tokens::BudgetRow> rows;
    std::vector<QString> grids;  // per row: "12 × 12", "24 × 24 (full)"
    int chosenRow = -1;          // the budget chosen in the view
    QString llm;                 // "P = 7 B, L = 32, d = 4096, …"
    QString error;               // non-empty: the LLM shape was refused, said instead
};
void paintBudgetTable(QPainter& painter, const BudgetTable& table, QSizeF size, Theme theme);
QString budgetCsv(const BudgetTable& table);

}  // namespace assay::views
