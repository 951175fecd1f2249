// countAtLeast: the CPU twin (sort the queries, one merge pass per thread's slice) and the
// dispatch to the CUDA kernel (core/cuda/count_at_least.cu) when the device is CUDA.
#include <algorithm>
#include <cmath>

#include "assay/conformal/split_conformal.h"
#include "assay/core/error.h"
#include "assay/core/parallel.h"
#include "assay/core/runtime.h"
#include "cuda/kernels_available.h"
#include "radix_sort.h"

#ifdef ASSAY_WITH_CUDA
#include <ATen/ATen.h>
#endif

namespace assay::core::conformal {
namespace {

std::vector<std::int64_t> countAtLeastCpu(const std::vector<double>& sorted,
                                          const std::vector<double>& queries) {
    const std::size_t m = queries.size(), n = sorted.size();
    std::vector<std::int64_t> out(m);
    if (m == 0) return out;
    // Sorted queries turn m binary searches into one merge; radix sort keeps this O(m).
    const std::vector<std::uint32_t> order = detail::argsortDoubles(queries.data(), m);
    // Below 64 Ki queries per worker a thread costs more than it saves.
    const int workers = static_cast<int>(m / 65536) + 1;
    parallelFor(0, static_cast<std::int64_t>(m), workers,
                [&](int, std::int64_t begin, std::int64_t end) {
                    // One merge pass over this worker's slice of the sorted queries.
                    std::size_t lo = static_cast<std::size_t>(
                        std::lower_bound(sorted.begin(), sorted.end(), queries[order[begin]]) -
                        sorted.begin());
                    for (std::int64_t t = begin; t < end; ++t) {
                        const double q = queries[order[t]];
                        while (lo < n && sorted[lo] < q) ++lo;
                        out[order[t]] = static_cast<std::int64_t>(n - lo);
                    }
                });
    return out;
}

#ifdef ASSAY_WITH_CUDA
std::vector<std::int64_t> countAtLeastCuda(const std::vector<double>& sorted,
                                           const std::vector<double>& queries) {
    const auto f64 = at::TensorOptions().dtype(at::kDouble);
    at::Tensor s = at::from_blob(const_cast<double*>(sorted.data()),
                                 {static_cast<std::int64_t>(sorted.size())}, f64)
                       .to(at::kCUDA);
    at::Tensor q = at::from_blob(const_cast<double*>(queries.data()),
                                 {static_cast<std::int64_t>(queries.size())}, f64)
                       .to(at::kCUDA);
    at::Tensor out = at::empty({static_cast<std::int64_t>(queries.size())},
                               at::TensorOptions().dtype(at::kLong).device(at::kCUDA));
    core::countAtLeastCuda(s.data_ptr<double>(), s.numel(), q.data_ptr<double>(), q.numel(),
                           out.data_ptr<std::int64_t>());
    at::Tensor host = out.cpu();
    const std::int64_t* p = host.data_ptr<std::int64_t>();
    return std::vector<std::int64_t>(p, p + host.numel());
}
#endif

}  // namespace

std::vector<std::int64_t> countAtLeast(const std::vector<double>& sorted,
                                       const std::vector<double>& queries) {
    for (double v : queries)
        if (std::isnan(v)) throw InputError("calibration data", "statistic", "contains NaN");
#ifdef ASSAY_WITH_CUDA
    if (currentDevice().kind == DeviceKind::Cuda && !queries.empty() && !sorted.empty())
        return countAtLeastCuda(sorted, queries);
#endif
    return countAtLeastCpu(sorted, queries);
}

}  // namespace assay::core::conformal
