#include "analysis_rows.h"

#include "assay/core/parallel.h"
#include "assay/core/runtime.h"
#include "assay/io/chunked_reader.h"

namespace assay::core::probes::detail {

void convertRow(const RowView& view, std::int64_t i, double* out) {
    io::convertElements(view.rows[static_cast<std::size_t>(i)], view.dtype, 0, view.cols, out);
}

int workerLimit(int threads) { return threads > 0 ? threads : computeThreads(); }

std::vector<std::vector<double>> projectRows(const RowView& view,
                                             const std::vector<const std::vector<double>*>& vectors,
                                             int threads) {
    const std::int64_t n = view.size();
    const std::size_t d = static_cast<std::size_t>(view.cols);
    std::vector<std::vector<double>> out(vectors.size(),
                                         std::vector<double>(static_cast<std::size_t>(n)));
    parallelFor(0, n, workerLimit(threads), [&](int, std::int64_t i0, std::int64_t i1) {
        std::vector<double> x(d);
        for (std::int64_t i = i0; i < i1; ++i) {
            convertRow(view, i, x.data());
            for (std::size_t k = 0; k < vectors.size(); ++k) {
                const double* v = vectors[k]->data();
                double s = 0;
                for (std::size_t j = 0; j < d; ++j) s += x[j] * v[j];
                out[k][static_cast<std::size_t>(i)] = s;
            }
        }
    });
    return out;
}

void columnSums(const RowView& view, const std::vector<std::uint8_t>& labels,
                std::vector<double>& sum0, std::vector<double>& sum1, int threads) {
    const std::int64_t n = view.size(), d = view.cols;
    const std::int64_t block = std::min(blockRows(d), std::max<std::int64_t>(n, 1));
    const int workers = workerLimit(threads);
    sum0.assign(static_cast<std::size_t>(d), 0.0);
    sum1.assign(static_cast<std::size_t>(d), 0.0);
    std::vector<double> xb(static_cast<std::size_t>(block * d));
    for (std::int64_t b0 = 0; b0 < n; b0 += block) {
        const std::int64_t rows = std::min(block, n - b0);
        parallelFor(0, rows, workers, [&](int, std::int64_t i0, std::int64_t i1) {
            for (std::int64_t i = i0; i < i1; ++i) convertRow(view, b0 + i, xb.data() + i * d);
        });
        parallelFor(0, d, workers, [&](int, std::int64_t j0, std::int64_t j1) {
            for (std::int64_t i = 0; i < rows; ++i) {
                const bool one = !labels.empty() && labels[static_cast<std::size_t>(b0 + i)] != 0;
                std::vector<double>& sum = one ? sum1 : sum0;
                const double* x = xb.data() + i * d;
                for (std::int64_t j = j0; j < j1; ++j) sum[static_cast<std::size_t>(j)] += x[j];
            }
        });
    }
}

RowView doubleRows(const std::vector<double>& data, std::int64_t cols) {
    RowView view;
    view.dtype = io::DType::F64;
    view.cols = cols;
    const std::int64_t n = cols > 0 ? static_cast<std::int64_t>(data.size()) / cols : 0;
    view.rows.reserve(static_cast<std::size_t>(n));
    const auto* base = reinterpret_cast<const unsigned char*>(data.data());
    for (std::int64_t i = 0; i < n; ++i)
        view.rows.push_back(base + static_cast<std::size_t>(i * cols) * sizeof(double));
    return view;
}

}  // namespace assay::core::probes::detail
