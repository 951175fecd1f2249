#pragma once
// The inner loops of the probes, over a block of rows already converted to float (row r of the
// block at rows[r], `cols` floats each): margins (one dot product per row) and the rank-`count`
// gradient update Σ_r c_r · x_r. Products are formed in double from the fp32 values (exact for
// fp32 × fp32, and at double's precision against double weights) and summed in double, in a fixed
// order that depends only on cols, so every caller gets the same numbers on a given machine
// whatever the thread count. AVX2 + FMA when the CPU has them (checked once), plain loops
// otherwise; both are exact reorderings of the same sums only up to rounding, so a machine always
// uses one of them.
#include <cstdint>
#include <vector>

#include "assay/probes/probe_dataset.h"

namespace assay::core::probes::detail {

// Rows per block: 8 rows of d = 4096 floats (128 KiB) stay in L2 between the margin pass and the
// gradient pass over the same block.
inline constexpr int kBlockRows = 8;

// out[r] = Σ_j rows[r][j] · w[j] for r < count (count ≤ kBlockRows).
void blockDots(const float* const* rows, int count, std::int64_t cols, const double* w,
               double* out);

// g[j] += Σ_r coef[r] · rows[r][j] for r < count (count ≤ kBlockRows), rows in order.
void blockAccumulate(const float* const* rows, const double* coef, int count, std::int64_t cols,
                     double* g);

// Makes float copies of rows [first, first + count) of X in `buffer` (count × cols floats) and
// points ptrs[r] at them; F32 rows are pointed at in place (no copy).
void loadBlock(const RowView& X, std::int64_t first, int count, std::vector<float>& buffer,
               const float** ptrs);

}  // namespace assay::core::probes::detail
