// Weight and gradient statistics (papers.md §2(c), with the PROPOSALs: an expert's gate, up and
// down matrices concatenated into one flat vector for similarity and norm; WSR the mean of the
// per-matrix stable ranks; the column entropies summed over the matrices). Everything reduced in
// double, read chunk by chunk of rows so half-precision layers are never copied whole.
#include <array>
#include <cmath>
#include <limits>

#include "assay/core/random.h"
#include "engine_ops.h"
#include "engine_tensors.h"

namespace assay::core::prune::engine {
namespace {

using Mats = std::array<at::Tensor, 3>;  // gate [f,d], up [f,d], down [d,f]; any float dtype

constexpr std::int64_t kStatChunkElements = std::int64_t{1} << 17;

TensorGroupStats groupStats(const std::vector<Mats>& mats, const std::vector<bool>& kept,
                            bool wantGram, bool wantEntropy, bool wantOutliers) {
    const int n = static_cast<int>(mats.size());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    TensorGroupStats st;
    st.gram.assign(static_cast<std::size_t>(n) * n, 0.0);
    st.norm.assign(static_cast<std::size_t>(n), nan);
    st.entropy.assign(static_cast<std::size_t>(n), nan);
    st.outliers.assign(static_cast<std::size_t>(n), nan);
    std::vector<int> alive;
    for (int p = 0; p < n; ++p)
        if (kept[static_cast<std::size_t>(p)]) alive.push_back(p);
    if (alive.empty()) return st;
    const std::size_t m = alive.size();
    std::vector<double> sum(m, 0.0), sumSq(m, 0.0), count(m, 0.0), entropy(m, 0.0);
    at::Tensor gram =
        at::zeros({static_cast<std::int64_t>(m), static_cast<std::int64_t>(m)}, at::kDouble);
    for (int kind = 0; kind < 3; ++kind) {
        const at::Tensor& first = mats[static_cast<std::size_t>(alive[0])][kind];
        const std::int64_t rows = first.size(0), cols = first.size(1);
        const std::int64_t step = std::max<std::int64_t>(1, kStatChunkElements / cols);
        std::vector<at::Tensor> colSum(m), colSq(m);
        for (std::int64_t r0 = 0; r0 < rows; r0 += step) {
            const std::int64_t r1 = std::min(rows, r0 + step);
            std::vector<at::Tensor> chunk(m);
            for (std::size_t i = 0; i < m; ++i) {
                chunk[i] =
                    mats[static_cast<std::size_t>(alive[i])][kind].slice(0, r0, r1).to(at::kDouble);
                sum[i] += chunk[i].sum().item<double>();
                if (!wantGram) sumSq[i] += chunk[i].square().sum().item<double>();
                if (wantEntropy) {
                    const at::Tensor s = chunk[i].sum(0), q = chunk[i].square().sum(0);
                    colSum[i] = colSum[i].defined() ? colSum[i] + s : s;
                    colSq[i] = colSq[i].defined() ? colSq[i] + q : q;
                }
            }
            if (wantGram) {
                const at::Tensor stacked =
                    at::stack(chunk).reshape({static_cast<std::int64_t>(m), -1});
                gram.add_(at::mm(stacked, stacked.t()));
            }
        }
        if (wantEntropy)
            for (std::size_t i = 0; i < m; ++i) {
                const at::Tensor mean = colSum[i] / static_cast<double>(rows);
                const at::Tensor var =
                    (colSq[i] / static_cast<double>(rows) - mean * mean).clamp_min(0);
                entropy[i] += var.sqrt().log().sum().item<double>();
            }
    }
    if (wantGram)
        for (std::size_t i = 0; i < m; ++i) sumSq[i] = gram[i][i].item<double>();
    std::vector<double> numel(m, 0.0);
    for (std::size_t i = 0; i < m; ++i)
        for (const at::Tensor& t : mats[static_cast<std::size_t>(alive[i])])
            numel[i] += static_cast<double>(t.numel());
    if (wantOutliers)
        for (std::size_t i = 0; i < m; ++i) {
            const double mu = sum[i] / numel[i];
            const double sigma = std::sqrt(std::max(0.0, sumSq[i] / numel[i] - mu * mu));
            for (const at::Tensor& t : mats[static_cast<std::size_t>(alive[i])]) {
                const std::int64_t step = std::max<std::int64_t>(1, kStatChunkElements / t.size(1));
                for (std::int64_t r0 = 0; r0 < t.size(0); r0 += step)
                    count[i] +=
                        (t.slice(0, r0, std::min(t.size(0), r0 + step)).to(at::kDouble) - mu)
                            .abs_()
                            .gt(3 * sigma)
                            .sum()
                            .item<double>();
            }
        }
    const at::Tensor g = gram.contiguous();
    for (std::size_t i = 0; i < m; ++i) {
        const std::size_t p = static_cast<std::size_t>(alive[i]);
        st.norm[p] = std::sqrt(sumSq[i]);
        if (wantEntropy) st.entropy[p] = entropy[i];
        if (wantOutliers) st.outliers[p] = count[i];
        if (wantGram)
            for (std::size_t j = 0; j < m; ++j)
                st.gram[p * n + static_cast<std::size_t>(alive[j])] =
                    g.data_ptr<double>()[i * m + j];
    }
    return st;
}

// σ₁² of W by power iteration on WᵀW (Rayleigh quotient ‖W v‖², which rises monotonically to
// σ₁²), from a seeded normal start vector; stops when it changes by less than tol relative.
double topSingularSquared(const at::Tensor& w, std::uint64_t seed, double tol, int maxIter,
                          int& iterations) {
    SplitMix64 rng(seed);
    at::Tensor v = at::empty({w.size(1)}, at::kFloat);
    auto* pv = v.data_ptr<float>();
    for (std::int64_t i = 0; i < w.size(1); ++i) pv[i] = static_cast<float>(rng.normal());
    v.div_(v.norm());
    double lambda = 0;
    for (int it = 1; it <= maxIter; ++it) {
        const at::Tensor u = at::mv(w, v);
        const double next = u.to(at::kDouble).square().sum().item<double>();
        iterations = std::max(iterations, it);
        if (next == 0) return 0;
        const at::Tensor z = at::mv(w.t(), u);
        v = z / z.norm();
        const bool done = std::abs(next - lambda) <= tol * next;
        lambda = next;
        if (done) break;
    }
    return lambda;
}

}  // namespace

WeightStats weightStats(const MoeConfig& config, const MoeLayerWeights& w,
                        const std::vector<bool>& kept, const WeightRequest& what, JobContext& job) {
    const int n = static_cast<int>(w.experts.size());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    WeightStats ws;
    std::vector<Mats> mats(static_cast<std::size_t>(n));
    for (int p = 0; p < n; ++p) {
        const ExpertWeights& e = w.experts[static_cast<std::size_t>(p)];
        mats[static_cast<std::size_t>(p)] = {viewTensor(e.gate), viewTensor(e.up),
                                             viewTensor(e.down)};
    }
    if (what.similarity || what.norm)
        ws.flat = groupStats(mats, kept, what.similarity, false, false);
    job.progress(1, 3);
    ws.routerNorm.assign(static_cast<std::size_t>(n), nan);
    if (what.router) {
        const at::Tensor r = viewTensor(w.router).to(at::kDouble);
        for (int p = 0; p < n; ++p)
            if (kept[static_cast<std::size_t>(p)])
                ws.routerNorm[static_cast<std::size_t>(p)] = r[p].norm().item<double>();
    }
    job.progress(2, 3);
    ws.stableRank.assign(static_cast<std::size_t>(n), nan);
    if (what.stableRank)
        for (int p = 0; p < n; ++p) {
            if (!kept[static_cast<std::size_t>(p)]) continue;
            double total = 0;
            for (int kind = 0; kind < 3; ++kind) {
                // One matrix in fp32 at a time (a 24th of a Mixtral layer): power iteration reads
                // it hundreds of times, which per-chunk conversion would repeat.
                const at::Tensor m = fp32(mats[static_cast<std::size_t>(p)][kind]).contiguous();
                const double fro = m.to(at::kDouble).square().sum().item<double>();
                const double top = topSingularSquared(
                    m, streamSeed(what.seed, static_cast<std::uint64_t>(p * 3 + kind)),
                    what.tolerance, what.maxIterations, ws.powerIterations);
                total += top > 0 ? fro / top : 0.0;
                job.throwIfCancelled();
            }
            ws.stableRank[static_cast<std::size_t>(p)] = total / 3.0;
        }
    job.progress(3, 3);
    (void)config;
    return ws;
}

TensorGroupStats gradientStats(const MoeConfig& config, const std::vector<ExpertGradient>& g,
                               const std::vector<bool>& kept) {
    const std::int64_t f = config.expertHidden, d = config.hidden;
    std::vector<Mats> mats(g.size());
    std::vector<bool> alive(kept);
    for (std::size_t p = 0; p < g.size(); ++p) {
        if (!kept[p] || g[p].gate.empty()) {
            alive[p] = false;
            continue;
        }
        auto blob = [](const std::vector<float>& v, std::int64_t r, std::int64_t c) {
            return at::from_blob(const_cast<float*>(v.data()), {r, c}, at::kFloat);
        };
        mats[p] = {blob(g[p].gate, f, d), blob(g[p].up, f, d), blob(g[p].down, d, f)};
    }
    return groupStats(mats, alive, true, true, true);
}

}  // namespace assay::core::prune::engine
