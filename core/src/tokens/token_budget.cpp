// The budget table (token_budget.h): closed-form estimates, one row per visual token count, the
// full grid first, then every budget grid from the largest down (576, 144, 64, 36, … for 24 × 24).
#include "assay/tokens/token_budget.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/tokens/token_reduction.h"

namespace assay::core::tokens {
namespace {

void requirePositive(const char* name, double v) {
    if (!(v > 0) || !std::isfinite(v))
        throw ParameterError(name, std::to_string(v) + " must be positive");
}

}  // namespace

std::vector<BudgetRow> budgetTable(GridSize grid, const LlmShape& llm) {
    if (grid.rows < 1 || grid.cols < 1)
        throw ParameterError("grid", gridSizeText(grid) + " must have positive sides");
    requirePositive("parameters", llm.parameters);
    requirePositive("layers", llm.layers);
    requirePositive("width", llm.width);
    requirePositive("bytes", llm.bytesPerElement);
    requirePositive("heads", llm.heads);
    requirePositive("kv-heads", llm.kvHeads);
    if (llm.kvHeads > llm.heads || llm.heads % llm.kvHeads != 0)
        throw ParameterError("kv-heads", std::to_string(llm.kvHeads) +
                                             " must divide the number of heads (" +
                                             std::to_string(llm.heads) + ")");
    if (llm.textTokens < 0)
        throw ParameterError("text-tokens", std::to_string(llm.textTokens) + " is negative");

    std::vector<int> counts = {int(grid.patches())};
    std::vector<GridSize> budgets = budgetGrids(grid);
    std::sort(budgets.begin(), budgets.end(),
              [](GridSize a, GridSize b) { return a.patches() > b.patches(); });
    for (GridSize g : budgets) counts.push_back(int(g.patches()));

    const double L = llm.layers, d = llm.width, P = llm.parameters;
    const double kvShare = double(llm.kvHeads) / double(llm.heads);
    std::vector<BudgetRow> rows;
    for (int visual : counts) {
        const double t = double(visual) + llm.textTokens;
        BudgetRow row;
        row.visualTokens = visual;
        row.prefillFlops = 2 * P * t + 4 * L * t * t * d;
        row.kvCacheBytes = 2 * L * t * d * llm.bytesPerElement * kvShare;
        rows.push_back(row);
    }
    for (BudgetRow& row : rows) row.flopsShare = row.prefillFlops / rows.front().prefillFlops;
    return rows;
}

}  // namespace assay::core::tokens
