// coactivationCounts(): checks the arguments, runs the CPU or CUDA twin (coactivation_kernels.h),
// forms the symmetric matrix and, when a twin saw a bad row, names the first one.
#include "assay/moe/coactivation.h"

#include <algorithm>

#include "assay/core/error.h"
#include "assay/core/runtime.h"
#include "assay/moe/routing_trace.h"
#include "assay/moe/trace_loader.h"
#include "coactivation_kernels.h"
#include "cuda/kernels_available.h"

#ifdef ASSAY_WITH_CUDA
#include <ATen/ATen.h>
#endif

namespace assay::core::moe {
namespace detail {

#ifdef ASSAY_WITH_CUDA
PairCounts countPairsCuda(const std::int32_t* idx, std::int64_t rows, int k, int n) {
    const auto i64 = at::TensorOptions().dtype(at::kLong).device(at::kCUDA);
    at::Tensor dIdx = at::from_blob(const_cast<std::int32_t*>(idx), {rows * k},
                                    at::TensorOptions().dtype(at::kInt))
                          .to(at::kCUDA);
    at::Tensor pairs = at::zeros({static_cast<std::int64_t>(n) * n}, i64);
    at::Tensor usage = at::zeros({n}, i64);
    at::Tensor bad = at::zeros({1}, i64.dtype(at::kInt));
    core::coactivationCuda(dIdx.data_ptr<std::int32_t>(), rows, k, n,
                           pairs.data_ptr<std::int64_t>(), usage.data_ptr<std::int64_t>(),
                           bad.data_ptr<std::int32_t>());
    PairCounts out;
    const at::Tensor hp = pairs.cpu(), hu = usage.cpu();
    out.pairs.assign(hp.data_ptr<std::int64_t>(), hp.data_ptr<std::int64_t>() + hp.numel());
    out.usage.assign(hu.data_ptr<std::int64_t>(), hu.data_ptr<std::int64_t>() + hu.numel());
    out.bad = bad.cpu().item<std::int32_t>() != 0;
    return out;
}
#else
PairCounts countPairsCuda(const std::int32_t* idx, std::int64_t rows, int k, int n) {
    return countPairsCpu(idx, rows, k, n);  // never reached: dispatch checks kernelsAvailable()
}
#endif

}  // namespace detail

namespace {

// The first row with an index outside [0,n) or a repeated expert (only called after a twin
// reported one, so it may be slow).
[[noreturn]] void throwFirstBadRow(const std::int32_t* idx, std::int64_t rows, int k, int n,
                                   const std::string& label) {
    for (std::int64_t t = 0; t < rows; ++t) {
        const std::int32_t* row = idx + t * k;
        for (int p = 0; p < k; ++p) {
            if (row[p] < 0 || row[p] >= n)
                throw InputError(label + ": row " + std::to_string(t + 1) + ": expert index " +
                                 std::to_string(row[p]) + " is outside [0, " + std::to_string(n) +
                                 ")");
            for (int q = 0; q < p; ++q)
                if (row[q] == row[p])
                    throw InputError(label + ": row " + std::to_string(t + 1) + ": expert " +
                                     std::to_string(row[p]) + " appears twice");
        }
    }
    throw Error(label +
                ": the co-activation kernel reported a bad row that the check could not find");
}

void checkShape(std::int64_t rows, int k, int n) {
    if (n < 1 || n > kMaxCoactivationExperts)
        throw ParameterError("num_experts", std::to_string(n) + " is outside [1, " +
                                                std::to_string(kMaxCoactivationExperts) + "]");
    if (k < 1 || k > n)
        throw ParameterError("top_k",
                             std::to_string(k) + " is outside [1, n = " + std::to_string(n) + "]");
    if (rows < 0) throw ParameterError("rows", "must not be negative");
}

}  // namespace

Coactivation coactivationCounts(const std::int32_t* idx, std::int64_t rows, int k, int n,
                                const std::string& label) {
    checkShape(rows, k, n);
    Coactivation c;
    c.n = n;
    c.k = k;
    c.tokens = rows;
    c.counts.assign(static_cast<std::size_t>(n) * n, 0);
    if (rows == 0) return c;
    if (!idx) throw ParameterError("idx", "is null with rows > 0");
    const bool cuda =
        currentDevice().kind == DeviceKind::Cuda && kernelsAvailable() && k <= detail::kMaxCudaK;
    const detail::PairCounts p =
        cuda ? detail::countPairsCuda(idx, rows, k, n) : detail::countPairsCpu(idx, rows, k, n);
    if (p.bad) throwFirstBadRow(idx, rows, k, n, label);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const std::size_t ij = static_cast<std::size_t>(i) * n + j,
                              ji = static_cast<std::size_t>(j) * n + i;
            c.counts[ij] =
                i == j ? p.usage[static_cast<std::size_t>(i)] : p.pairs[ij] + p.pairs[ji];
        }
    }
    return c;
}

CoactivationAccumulator::CoactivationAccumulator(int k, int n, std::string label)
    : m_label(std::move(label)) {
    checkShape(0, k, n);
    m_total.n = n;
    m_total.k = k;
    m_total.counts.assign(static_cast<std::size_t>(n) * n, 0);
}

void CoactivationAccumulator::add(const std::int32_t* idx, std::int64_t rows) {
    const Coactivation part = coactivationCounts(idx, rows, m_total.k, m_total.n, m_label);
    for (std::size_t c = 0; c < part.counts.size(); ++c) m_total.counts[c] += part.counts[c];
    m_total.tokens += rows;
}

Coactivation coactivation(const LayerRouting& layer, int numExperts) {
    if (layer.topkIdx.size() !=
        static_cast<std::size_t>(layer.tokens) * static_cast<std::size_t>(std::max(layer.k, 0)))
        throw ParameterError("topkIdx",
                             "holds " + std::to_string(layer.topkIdx.size()) +
                                 " indices, expected T·k = " + std::to_string(layer.tokens) + "·" +
                                 std::to_string(layer.k));
    return coactivationCounts(layer.topkIdx.data(), layer.tokens, layer.k, numExperts);
}

Coactivation coactivation(const TraceSource& trace, int layer, JobContext& job,
                          std::int64_t chunkTokens) {
    return coactivation(trace, layer, RowRange{0, trace.tokens()}, job, chunkTokens);
}

Coactivation addCoactivations(const std::vector<Coactivation>& parts) {
    if (parts.empty()) throw ParameterError("parts", "nothing to add");
    Coactivation sum = parts.front();
    for (std::size_t p = 1; p < parts.size(); ++p) {
        const Coactivation& c = parts[p];
        if (c.n != sum.n || c.k != sum.k)
            throw ParameterError("parts", "part " + std::to_string(p) + " has n = " +
                                              std::to_string(c.n) + ", k = " + std::to_string(c.k) +
                                              "; the first has n = " + std::to_string(sum.n) +
                                              ", k = " + std::to_string(sum.k));
        sum.tokens += c.tokens;
        for (std::size_t i = 0; i < sum.counts.size(); ++i) sum.counts[i] += c.counts[i];
    }
    return sum;
}

Coactivation coactivation(const TraceSource& trace, int layer, RowRange rows, JobContext& job,
                          std::int64_t chunkTokens) {
    CoactivationAccumulator acc(
        trace.k(), trace.numExperts(),
        trace.path().filename().string() + ": layers." + std::to_string(layer) + ".topk_idx");
    job.stage("co-activation, layer " + std::to_string(layer));
    trace.forEachChunk(
        layer, chunkTokens, [&](const std::int32_t* idx, std::int64_t n) { acc.add(idx, n); }, job,
        rows);
    return acc.result();
}

}  // namespace assay::core::moe
