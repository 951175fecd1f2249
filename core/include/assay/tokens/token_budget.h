#pragma once
// The budget table (papers.md §3(g); labelled an estimate everywhere it is shown): for visual token
// counts t (576 / 144 / 64 / 36 for a 24 × 24 grid: every budget grid plus the full grid) and a
// user-given LLM, prefill FLOPs ≈ 2·P·t + 4·L·t²·d (the visual part; text tokens add
// `textTokens` to t) and KV-cache bytes = 2·L·t·d·b·(kvHeads/heads).
#include <cstdint>
#include <vector>

#include "assay/tokens/patch_features.h"

namespace assay::core::tokens {

struct LlmShape {
    double parameters = 7e9;  // P (Vicuna-7B)
    int layers = 32;          // L
    int width = 4096;         // d
    int bytesPerElement = 2;  // b (fp16)
    int heads = 32;
    int kvHeads = 32;
    int textTokens = 0;  // added to every t
};

struct BudgetRow {
    int visualTokens = 0;  // t (visual)
    double prefillFlops = 0;
    double kvCacheBytes = 0;
    double flopsShare = 0;  // relative to the full grid's row
};

// ParameterError for non-positive sizes or kvHeads > heads / not dividing heads.
std::vector<BudgetRow> budgetTable(GridSize grid, const LlmShape& llm);

}  // namespace assay::core::tokens
