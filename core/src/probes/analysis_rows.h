#pragma once
// Reading RowView rows in double for the analysis passes (class means, PCA, projections): a
// bounded block at a time, converted with io::convertElements, so compact fp16 states are never
// copied whole. Every helper here sums in an order fixed by the data alone (rows in order within
// a column, or one row per output), so results do not depend on the number of threads.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "assay/probes/probe_dataset.h"

namespace assay::core::probes::detail {

// Rows per block so that a block holds about 2^20 doubles (8 MB): large enough to amortise a
// parallelFor, small enough to stay in the last-level cache on most machines.
inline std::int64_t blockRows(std::int64_t cols) {
    return std::max<std::int64_t>(1, (std::int64_t{1} << 20) / std::max<std::int64_t>(cols, 1));
}

// Row i of view into out (view.cols doubles).
void convertRow(const RowView& view, std::int64_t i, double* out);

// threads ≤ 0 means core's default (computeThreads()).
int workerLimit(int threads);

// ⟨x_i, v_k⟩ for every row i and every vector k (each view.cols long, double products and sums):
// out[k][i]. One pass over the rows, parallel over rows.
std::vector<std::vector<double>> projectRows(const RowView& view,
                                             const std::vector<const std::vector<double>*>& vectors,
                                             int threads = 0);

// Per-column sums of the rows with labels[i] == 0 (sum0) and == 1 (sum1), in double; labels may
// be empty (every row counts in sum0). Streamed in blocks.
void columnSums(const RowView& view, const std::vector<std::uint8_t>& labels,
                std::vector<double>& sum0, std::vector<double>& sum1, int threads = 0);

// Row-major double buffer [n, cols] as a RowView (the buffer must outlive it). The same as io's
// rowsOfDoubles; kept here so that the analysis' linear algebra needs no reader.
RowView doubleRows(const std::vector<double>& data, std::int64_t cols);

}  // namespace assay::core::probes::detail
