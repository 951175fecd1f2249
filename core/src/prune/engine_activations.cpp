// The activation criteria's one sweep (papers.md §2(c)): each surviving expert applied to the
// tokens routed to it, A_p [t_p, d] before gate scaling, reduced in double to the statistics
// EAN, EAE, EAS (fast form) and EAO need.
//
// EAO needs μ and σ of all entries of A_p before it can count outliers. A_p of one expert is
// held while its statistics are taken, so when it fits one token chunk (kTokenChunk rows, the
// usual case: t_p ≈ k·T/n) μ, σ and the count come from the same A_p in the same sweep; only
// experts whose tokens span several chunks get a second pass that recomputes their A_p and
// counts against the μ, σ of the first. Exact either way; memory stays one chunk of A.
#include <ATen/Parallel.h>

#include <atomic>
#include <cmath>
#include <limits>

#include "engine_ops.h"
#include "engine_tensors.h"

namespace assay::core::prune::engine {
namespace {

struct Accum {
    std::vector<double> colSum, colSq, unitSum;  // [d]
};

// Adds one chunk of A (fp32 [t,d], contiguous) to the double sums in one fused pass: the threads
// split the columns (each owns its range of the sums), rows are read once. A per-statistic ATen
// reduction would read A once per statistic and cast to double on the way (measured ~5x slower).
void accumulate(Accum& acc, const at::Tensor& chunk, const ActivationRequest& what) {
    const at::Tensor a = chunk.contiguous();
    const std::int64_t t = a.size(0), d = a.size(1);
    if (acc.colSq.empty()) {
        acc.colSum.assign(static_cast<std::size_t>(d), 0.0);
        acc.colSq.assign(static_cast<std::size_t>(d), 0.0);
        acc.unitSum.assign(static_cast<std::size_t>(d), 0.0);
    }
    const float* data = a.data_ptr<float>();
    std::vector<double> inv;
    if (what.eas) {
        // 1 / ‖A_t‖ per row; rows of norm 0 weigh 0, not NaN.
        inv.resize(static_cast<std::size_t>(t));
        at::parallel_for(0, t, 64, [&](std::int64_t b, std::int64_t e) {
            for (std::int64_t r = b; r < e; ++r) {
                const float* row = data + r * d;
                double sq = 0;
                for (std::int64_t j = 0; j < d; ++j) sq += static_cast<double>(row[j]) * row[j];
                inv[static_cast<std::size_t>(r)] = sq > 0 ? 1 / std::sqrt(sq) : 0;
            }
        });
    }
    double* colSum = acc.colSum.data();
    double* colSq = acc.colSq.data();
    double* unit = acc.unitSum.data();
    const bool eas = what.eas;
    at::parallel_for(0, d, 64, [&](std::int64_t j0, std::int64_t j1) {
        for (std::int64_t r = 0; r < t; ++r) {
            const float* row = data + r * d;
            const double wr = eas ? inv[static_cast<std::size_t>(r)] : 0;
            for (std::int64_t j = j0; j < j1; ++j) {
                const double v = row[j];
                colSum[j] += v;
                colSq[j] += v * v;
                unit[j] += v * wr;
            }
        }
    });
}

// Entries with |a − μ| > 3σ, counted in one pass over the fp32 values.
double countOutliers(const at::Tensor& chunk, double mu, double sigma) {
    const at::Tensor a = chunk.contiguous();
    const float* data = a.data_ptr<float>();
    const std::int64_t count = a.numel();
    const double bound = 3 * sigma;
    std::atomic<std::int64_t> total{0};
    at::parallel_for(0, count, 1 << 16, [&](std::int64_t b, std::int64_t e) {
        std::int64_t c = 0;
        for (std::int64_t i = b; i < e; ++i)
            c += std::abs(static_cast<double>(data[i]) - mu) > bound;
        total += c;
    });
    return static_cast<double>(total.load());
}

}  // namespace

ActivationResult activationSweep(const MoeConfig& config, const MoeLayerWeights& w,
                                 const BlockInput& x, const std::vector<bool>& kept,
                                 const ActivationRequest& what, JobContext& job) {
    ActivationResult res;
    res.routing = routeBlock(config, w, x, kept, JobContext::none());
    const int n = static_cast<int>(w.experts.size());
    const std::int64_t d = x.cols;
    res.experts.resize(static_cast<std::size_t>(n));
    const ExpertTokens tokens = expertTokens(res.routing, n);
    const bool anyStats = what.eas || what.eae || what.eao || what.ean;
    struct Pending {
        int expert;
        double mu, sigma;
    };
    std::vector<Pending> secondPass;
    for (int p = 0; p < n; ++p) {
        ActivationStats& s = res.experts[static_cast<std::size_t>(p)];
        const auto& rows = tokens.rows[static_cast<std::size_t>(p)];
        s.tokens = static_cast<std::int64_t>(rows.size());
        if (what.eas) s.meanUnit.assign(static_cast<std::size_t>(d), 0.0);
        if (!kept[static_cast<std::size_t>(p)] || !anyStats) continue;
        if (rows.empty()) {
            // Never routed: no activations. Norm-like scores are 0; the entropy of nothing is −∞.
            s.eae = -std::numeric_limits<double>::infinity();
            continue;
        }
        Accum acc;
        const bool single = static_cast<std::int64_t>(rows.size()) <= kTokenChunk;
        at::Tensor held;
        for (std::size_t c0 = 0; c0 < rows.size(); c0 += kTokenChunk) {
            const std::int64_t cnt = std::min<std::int64_t>(kTokenChunk, rows.size() - c0);
            const at::Tensor a = applyExpert(w.experts[static_cast<std::size_t>(p)],
                                             inputGather(x, rows.data() + c0, cnt));
            accumulate(acc, a, what);
            if (single && what.eao) held = a;
        }
        const double t = static_cast<double>(rows.size());
        double sumAll = 0, sqAll = 0;
        s.ean = 0;
        s.eae = 0;
        for (std::int64_t j = 0; j < d; ++j) {
            const double cs = acc.colSum[static_cast<std::size_t>(j)];
            const double cq = acc.colSq[static_cast<std::size_t>(j)];
            s.ean += std::sqrt(cq);
            const double mean = cs / t;
            s.eae += std::log(std::sqrt(std::max(0.0, cq / t - mean * mean)));
            sumAll += cs;
            sqAll += cq;
        }
        if (what.eae || what.eao) {
            if (what.eao) {
                const double total = t * static_cast<double>(d);
                const double mu = sumAll / total;
                const double sigma = std::sqrt(std::max(0.0, sqAll / total - mu * mu));
                if (single)
                    s.eao = countOutliers(held, mu, sigma);
                else
                    secondPass.push_back({p, mu, sigma});
            }
        }
        if (what.eas) {
            for (std::int64_t j = 0; j < d; ++j)
                s.meanUnit[static_cast<std::size_t>(j)] =
                    acc.unitSum[static_cast<std::size_t>(j)] / t;
        }
        job.progress(p + 1, n);
    }
    for (const Pending& pending : secondPass) {
        const int p = pending.expert;
        const double mu = pending.mu, sigma = pending.sigma;
        ActivationStats& s = res.experts[static_cast<std::size_t>(p)];
        const auto& rows = tokens.rows[static_cast<std::size_t>(p)];
        double count = 0;
        for (std::size_t c0 = 0; c0 < rows.size(); c0 += kTokenChunk) {
            const std::int64_t cnt = std::min<std::int64_t>(kTokenChunk, rows.size() - c0);
            count += countOutliers(applyExpert(w.experts[static_cast<std::size_t>(p)],
                                               inputGather(x, rows.data() + c0, cnt)),
                                   mu, sigma);
            job.throwIfCancelled();
        }
        s.eao = count;
        ++res.eaoSecondPass;
    }
    return res;
}

}  // namespace assay::core::prune::engine
