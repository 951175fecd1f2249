// The CPU twin of the co-activation kernel. Per token it adds its k(k−1)/2 slot pairs (p < q)
// to a per-worker n×n uint32 histogram without sorting (the symmetric matrix is formed once at
// the end from pairs + pairsᵀ); for n = 64 the histogram is 16 KiB and stays in L1.
#include <algorithm>
#include <limits>
#include <vector>

#include "assay/core/parallel.h"
#include "coactivation_kernels.h"

namespace assay::core::moe::detail {
namespace {

// Each row adds at most k(k−1)/2 <= 2^11 to one cell for k <= 64 (only with repeats), so a
// block of 2^20 rows never wraps a uint32 cell for k <= 64; larger k use smaller blocks.
constexpr std::int64_t kFlushRows = std::int64_t{1} << 20;

// Adds rows [begin,end); false when an index is outside [0,n) (the histogram is then garbage).
template <int K>
bool addRows(const std::int32_t* idx, std::int64_t begin, std::int64_t end, int kDyn,
             std::uint32_t n, std::uint32_t* hist, std::uint32_t* usage) {
    const int k = K > 0 ? K : kDyn;
    std::uint32_t a[K > 0 ? K : 1];
    std::vector<std::uint32_t> dyn(K > 0 ? 0 : static_cast<std::size_t>(k));
    std::uint32_t* s = K > 0 ? a : dyn.data();
    for (std::int64_t t = begin; t < end; ++t) {
        const std::int32_t* row = idx + t * k;
        bool ok = true;
        for (int p = 0; p < k; ++p) {
            s[p] = static_cast<std::uint32_t>(row[p]);
            ok &= s[p] < n;
        }
        if (!ok) return false;
        for (int p = 0; p < k; ++p) {
            ++usage[s[p]];
            std::uint32_t* h = hist + static_cast<std::size_t>(s[p]) * n;
            for (int q = p + 1; q < k; ++q) ++h[s[q]];
        }
    }
    return true;
}

using AddFn = bool (*)(const std::int32_t*, std::int64_t, std::int64_t, int, std::uint32_t,
                       std::uint32_t*, std::uint32_t*);

AddFn pickKernel(int k) {
    switch (k) {
        case 1:
            return addRows<1>;
        case 2:
            return addRows<2>;
        case 4:
            return addRows<4>;
        case 6:
            return addRows<6>;
        case 8:
            return addRows<8>;
        default:
            return addRows<0>;
    }
}

}  // namespace

PairCounts countPairsCpu(const std::int32_t* idx, std::int64_t rows, int k, int n) {
    const std::size_t cells = static_cast<std::size_t>(n) * n;
    // Histograms of all workers should fit comfortably in cache/memory: at most 256 MiB total;
    // below 32 Ki rows per worker a thread costs more than it saves.
    const std::int64_t byCells =
        std::max<std::int64_t>(1, (std::int64_t{256} << 20) / static_cast<std::int64_t>(cells * 4));
    const int maxWorkers = static_cast<int>(
        std::min<std::int64_t>({rows / 32768 + 1, byCells, std::numeric_limits<int>::max()}));
    const std::int64_t flushRows =
        k <= 64 ? kFlushRows : std::max<std::int64_t>(1, (std::int64_t{1} << 31) / (k * k));
    const AddFn add = pickKernel(k);
    // One partial per worker (at least one, so that zero rows still give zero counts).
    std::vector<PairCounts> partial(
        static_cast<std::size_t>(std::max(1, parallelWorkers(rows, maxWorkers))));
    for (PairCounts& p : partial) {
        p.pairs.assign(cells, 0);
        p.usage.assign(static_cast<std::size_t>(n), 0);
    }
    parallelFor(0, rows, maxWorkers, [&](int w, std::int64_t begin, std::int64_t end) {
        PairCounts& out = partial[static_cast<std::size_t>(w)];
        std::vector<std::uint32_t> hist(cells), usage(static_cast<std::size_t>(n));
        for (std::int64_t b = begin; b < end && !out.bad; b += flushRows) {
            std::fill(hist.begin(), hist.end(), 0u);
            std::fill(usage.begin(), usage.end(), 0u);
            out.bad = !add(idx, b, std::min(end, b + flushRows), k, static_cast<std::uint32_t>(n),
                           hist.data(), usage.data());
            for (std::size_t c = 0; c < cells; ++c) out.pairs[c] += hist[c];
            for (std::size_t i = 0; i < usage.size(); ++i) out.usage[i] += usage[i];
        }
    });
    // Merged in worker order (integer sums: the order only matters for reading the code).
    PairCounts total = std::move(partial[0]);
    for (std::size_t w = 1; w < partial.size(); ++w) {
        const PairCounts& p = partial[w];
        total.bad |= p.bad;
        for (std::size_t c = 0; c < cells; ++c) total.pairs[c] += p.pairs[c];
        for (std::size_t i = 0; i < p.usage.size(); ++i) total.usage[i] += p.usage[i];
    }
    for (int i = 0; i < n; ++i)  // a repeated expert puts a count on the diagonal
        total.bad |= total.pairs[static_cast<std::size_t>(i) * n + i] != 0;
    return total;
}

}  // namespace assay::core::moe::detail
