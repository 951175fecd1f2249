// The CPU twin of the co-activation kernel. Per token it adds its k(k−1)/2 slot pairs (p < q)
// to a thread-local n×n uint32 histogram without sorting (the symmetric matrix is formed once at
// the end from pairs + pairsᵀ); for n = 64 the histogram is 16 KiB and stays in L1.
#include <algorithm>
#include <thread>

#include "assay/core/runtime.h"
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
    // Histograms of all threads should fit comfortably in cache/memory: at most 256 MiB total.
    const std::int64_t byCells =
        std::max<std::int64_t>(1, (std::int64_t{256} << 20) / static_cast<std::int64_t>(cells * 4));
    const int threads = static_cast<int>(std::max<std::int64_t>(
        1, std::min<std::int64_t>({computeThreads(), rows / 32768 + 1, byCells})));
    const std::int64_t flushRows =
        k <= 64 ? kFlushRows : std::max<std::int64_t>(1, (std::int64_t{1} << 31) / (k * k));
    const AddFn add = pickKernel(k);
    std::vector<PairCounts> partial(static_cast<std::size_t>(threads));
    auto work = [&](int w) {
        PairCounts& out = partial[static_cast<std::size_t>(w)];
        out.pairs.assign(cells, 0);
        out.usage.assign(static_cast<std::size_t>(n), 0);
        const std::int64_t begin = rows * w / threads, end = rows * (w + 1) / threads;
        std::vector<std::uint32_t> hist(cells), usage(static_cast<std::size_t>(n));
        for (std::int64_t b = begin; b < end && !out.bad; b += flushRows) {
            std::fill(hist.begin(), hist.end(), 0u);
            std::fill(usage.begin(), usage.end(), 0u);
            out.bad = !add(idx, b, std::min(end, b + flushRows), k, static_cast<std::uint32_t>(n),
                           hist.data(), usage.data());
            for (std::size_t c = 0; c < cells; ++c) out.pairs[c] += hist[c];
            for (int i = 0; i < n; ++i)
                out.usage[static_cast<std::size_t>(i)] += usage[static_cast<std::size_t>(i)];
        }
    };
    std::vector<std::thread> pool;
    for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& th : pool) th.join();
    PairCounts total = std::move(partial[0]);
    for (int w = 1; w < threads; ++w) {
        const PairCounts& p = partial[static_cast<std::size_t>(w)];
        total.bad |= p.bad;
        for (std::size_t c = 0; c < cells; ++c) total.pairs[c] += p.pairs[c];
        for (int i = 0; i < n; ++i)
            total.usage[static_cast<std::size_t>(i)] += p.usage[static_cast<std::size_t>(i)];
    }
    for (int i = 0; i < n; ++i)
        total.bad |= total.pairs[static_cast<std::size_t>(i) * n + i] != 0;  // a repeat
    return total;
}

}  // namespace assay::core::moe::detail
