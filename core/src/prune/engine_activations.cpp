// The activation criteria's one sweep (papers.md §2(c)): each surviving expert applied to the
// tokens routed to it, A_p [t_p, d] before gate scaling, reduced in double to the statistics
// EAN, EAE, EAS (fast form) and EAO need.
//
// EAO needs μ and σ of all entries of A_p before it can count outliers. A_p of one expert is
// held while its statistics are taken, so when it fits one token chunk (kTokenChunk rows, the
// usual case: t_p ≈ k·T/n) μ, σ and the count come from the same A_p in the same sweep; only
// experts whose tokens span several chunks get a second pass that recomputes their A_p and
// counts against the μ, σ of the first. Exact either way; memory stays one chunk of A.
#include <cmath>
#include <limits>

#include "engine_ops.h"
#include "engine_tensors.h"

namespace assay::core::prune::engine {
namespace {

struct Accum {
    at::Tensor colSum, colSq, unitSum;  // double [d]
    double sum = 0, sumSq = 0;
};

void accumulate(Accum& acc, const at::Tensor& a, const ActivationRequest& what) {
    const at::Tensor ad = a.to(at::kDouble);
    const at::Tensor sq = ad * ad;
    const at::Tensor colSq = sq.sum(0);
    acc.colSq = acc.colSq.defined() ? acc.colSq + colSq : colSq;
    if (what.eae || what.eao) {
        const at::Tensor colSum = ad.sum(0);
        acc.colSum = acc.colSum.defined() ? acc.colSum + colSum : colSum;
    }
    if (what.eas) {
        const at::Tensor norm = sq.sum(1, true).sqrt_();
        // Rows of norm 0 (an all-zero expert) contribute 0, not NaN.
        const at::Tensor unit = at::where(norm > 0, ad / norm, at::zeros_like(ad)).sum(0);
        acc.unitSum = acc.unitSum.defined() ? acc.unitSum + unit : unit;
    }
}

double countOutliers(const at::Tensor& a, double mu, double sigma) {
    return (a.to(at::kDouble) - mu).abs_().gt(3 * sigma).sum().item<double>();
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
            if (single) held = a;
        }
        const double t = static_cast<double>(rows.size());
        const at::Tensor colSq = acc.colSq;
        s.ean = colSq.sqrt().sum().item<double>();
        if (what.eae || what.eao) {
            const at::Tensor mean = acc.colSum / t;
            const at::Tensor var = (colSq / t - mean * mean).clamp_min(0);
            s.eae = var.sqrt().log().sum().item<double>();
            if (what.eao) {
                const double total = t * static_cast<double>(d);
                const double mu = acc.colSum.sum().item<double>() / total;
                const double sigma =
                    std::sqrt(std::max(0.0, colSq.sum().item<double>() / total - mu * mu));
                if (single)
                    s.eao = countOutliers(held, mu, sigma);
                else
                    secondPass.push_back({p, mu, sigma});
            }
        }
        if (what.eas) {
            const at::Tensor m = (acc.unitSum / t).contiguous();
            std::copy_n(m.data_ptr<double>(), d, s.meanUnit.begin());
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
