// The least-squares linear decoder over a batch (reconstruction.h): for each within-group position
// k, X_k = argmin Σ ‖X_kᵀ t_p − v_p‖² + λ‖X_k‖² over every patch p at position k of every image,
// with t_p the token that holds p (what nearest reconstruction gives it: the pooled window, the
// merged token, the nearest kept patch). Normal equations (G_k + λI) X_k = R_k, G_k = Σ t tᵀ,
// R_k = Σ t vᵀ, accumulated in double, solved by Cholesky, then evaluated on the same batch.
// Every loop writes only rows or patches its worker owns, so the numbers do not depend on the
// thread count.
#include "linear_decoder.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/parallel.h"

namespace assay::core::tokens {
namespace detail {
namespace {

constexpr int kWorkers = 64;

struct Maps {
    int count = 1;              // K
    std::vector<int> position;  // per patch: its map
};

Maps mapsFor(GridSize grid, const ReductionSpec& spec) {
    Maps maps;
    maps.position.assign(std::size_t(grid.patches()), 0);
    if (spec.method != ReductionMethod::Pool) return maps;
    const WindowGeometry g = windowGeometry(grid, spec.out);
    maps.count = g.windowSize();
    for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c)
            maps.position[std::size_t(r * grid.cols + c)] =
                (r % g.kernelRows) * g.kernelCols + (c % g.kernelCols);
    return maps;
}

// The input of the decoder for every patch of image b: its token, as nearest reconstruction.
std::vector<float> decoderInputs(const PatchFeatures& batch, int b, const std::vector<float>& v,
                                 const ReductionSpec& spec) {
    const TokenReduction red = reduceTokens(
        v.data(), batch.grid(), batch.dim(), spec,
        spec.method == ReductionMethod::Cls ? batch.attention(b) : std::vector<double>{});
    return reconstructGrid(red, batch.dim(), Upsampling::Nearest);
}

// In place: A = L Lᵀ (lower triangle). A non-positive pivot (rounding on a singular Gram despite
// the ridge) is replaced by the ridge so that the solve stays finite.
void cholesky(std::vector<double>& a, int n, double ridge) {
    for (int j = 0; j < n; ++j) {
        double d = a[std::size_t(j) * n + j];
        for (int k = 0; k < j; ++k) d -= a[std::size_t(j) * n + k] * a[std::size_t(j) * n + k];
        const double pivot = std::sqrt(d > 0 ? d : ridge);
        a[std::size_t(j) * n + j] = pivot;
        parallelFor(j + 1, n, kWorkers, [&](int, std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i) {
                double s = a[std::size_t(i) * n + j];
                for (int k = 0; k < j; ++k)
                    s -= a[std::size_t(i) * n + k] * a[std::size_t(j) * n + k];
                a[std::size_t(i) * n + j] = s / pivot;
            }
        });
    }
}

// Solves L Lᵀ X = R (R: n × n) in place, row by row so that the inner loops run along contiguous
// rows; each worker owns a range of columns of every row.
void solveRows(const std::vector<double>& l, int n, std::vector<double>& r) {
    parallelFor(0, n, kWorkers, [&](int, std::int64_t c0, std::int64_t c1) {
        for (int i = 0; i < n; ++i) {  // forward: Y = L⁻¹ R
            double* ri = r.data() + std::size_t(i) * n;
            for (int k = 0; k < i; ++k) {
                const double lik = l[std::size_t(i) * n + k];
                if (lik == 0) continue;
                const double* rk = r.data() + std::size_t(k) * n;
                for (std::int64_t c = c0; c < c1; ++c) ri[c] -= lik * rk[c];
            }
            const double d = l[std::size_t(i) * n + i];
            for (std::int64_t c = c0; c < c1; ++c) ri[c] /= d;
        }
        for (int i = n - 1; i >= 0; --i) {  // backward: X = L⁻ᵀ Y
            double* ri = r.data() + std::size_t(i) * n;
            for (int k = i + 1; k < n; ++k) {
                const double lki = l[std::size_t(k) * n + i];
                if (lki == 0) continue;
                const double* rk = r.data() + std::size_t(k) * n;
                for (std::int64_t c = c0; c < c1; ++c) ri[c] -= lki * rk[c];
            }
            const double d = l[std::size_t(i) * n + i];
            for (std::int64_t c = c0; c < c1; ++c) ri[c] /= d;
        }
    });
}

}  // namespace

DecoderResult fitLinearDecoder(const PatchFeatures& batch, const ReductionSpec& spec, bool second,
                               JobContext& job) {
    DecoderResult result;
    if (spec.method == ReductionMethod::Wico || spec.method == ReductionMethod::Concat1d) {
        result.unavailable =
            "lossless by construction: the concatenated tokens hold every member patch";
        return result;
    }
    if (batch.images() < 2) {
        result.unavailable =
            "a decoder needs a batch: one image gives fewer equations than unknowns";
        return result;
    }
    if (spec.method == ReductionMethod::Cls && !batch.hasAttention()) {
        result.unavailable = "CLS selection needs CLS attention, and the input has none";
        return result;
    }
    const GridSize grid = batch.grid();
    const int n = batch.dim();
    const std::int64_t patches = grid.patches();
    const Maps maps = mapsFor(grid, spec);
    // Each map has D unknowns per output channel; fewer samples than that fit any batch exactly
    // and say nothing about what the tokens lost.
    const std::int64_t samples = std::int64_t(batch.images()) * patches / maps.count;
    if (samples < n) {
        result.unavailable = "a decoder needs at least D = " + std::to_string(n) +
                             " samples per map, and " + std::to_string(batch.images()) +
                             " images give " + std::to_string(samples) +
                             " (fewer equations than unknowns)";
        return result;
    }
    // One Gram for every map: Tome and Cls have one map; for Pool each window's token is the input
    // of exactly one patch per offset, so every offset's Gram Σ t tᵀ is the same (taken at offset
    // 0).
    const std::size_t nn = std::size_t(n) * n;
    std::vector<double> gram(nn, 0.0);
    std::vector<std::vector<double>> rhs(std::size_t(maps.count), std::vector<double>(nn, 0.0));
    const std::int64_t total = 2 * std::int64_t(batch.images()) + 1;
    std::int64_t done = 0;
    for (int b = 0; b < batch.images(); ++b) {
        const std::vector<float> v = batch.imageRows(b, second);
        const std::vector<float> t = decoderInputs(batch, b, v, spec);
        parallelFor(0, n, kWorkers, [&](int, std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i)
                for (std::int64_t p = 0; p < patches; ++p) {
                    const double ti = t[std::size_t(p * n + i)];
                    if (ti == 0) continue;
                    const int k = maps.position[std::size_t(p)];
                    double* r = rhs[std::size_t(k)].data() + i * n;
                    const float* vp = v.data() + p * n;
                    for (int j = 0; j < n; ++j) r[j] += ti * vp[j];
                    if (k != 0) continue;
                    double* g = gram.data() + i * n;
                    const float* tp = t.data() + p * n;
                    for (int j = 0; j < n; ++j) g[j] += ti * tp[j];
                }
        });
        job.progress(++done, total);
    }
    double trace = 0;
    for (int i = 0; i < n; ++i) trace += gram[std::size_t(i) * n + i];
    // Ridge for stability (tokens of D channels that span fewer dimensions, e.g. few images).
    const double ridge = trace > 0 ? 1e-6 * trace / n : 1.0;
    for (int i = 0; i < n; ++i) gram[std::size_t(i) * n + i] += ridge;
    cholesky(gram, n, ridge);
    for (std::vector<double>& r : rhs) solveRows(gram, n, r);  // rhs[k] := X_k
    job.progress(++done, total);
    result.patchError.reserve(std::size_t(batch.images() * patches));
    double sum = 0;
    for (int b = 0; b < batch.images(); ++b) {
        const std::vector<float> v = batch.imageRows(b, second);
        const std::vector<float> t = decoderInputs(batch, b, v, spec);
        std::vector<float> decoded(t.size());
        parallelFor(0, patches, kWorkers, [&](int, std::int64_t begin, std::int64_t end) {
            std::vector<double> acc(static_cast<std::size_t>(n));
            for (std::int64_t p = begin; p < end; ++p) {
                const std::vector<double>& x = rhs[std::size_t(maps.position[std::size_t(p)])];
                std::fill(acc.begin(), acc.end(), 0.0);
                for (int i = 0; i < n; ++i) {
                    const double ti = t[std::size_t(p * n + i)];
                    if (ti == 0) continue;
                    const double* row = x.data() + std::size_t(i) * n;
                    for (int c = 0; c < n; ++c) acc[std::size_t(c)] += ti * row[c];
                }
                for (int c = 0; c < n; ++c)
                    decoded[std::size_t(p * n + c)] = float(acc[std::size_t(c)]);
            }
        });
        const std::vector<double> e = patchError(v.data(), decoded.data(), n, patches);
        for (double x : e) sum += x;
        result.patchError.insert(result.patchError.end(), e.begin(), e.end());
        job.progress(++done, total);
    }
    result.meanError = sum / double(result.patchError.size());
    return result;
}

}  // namespace detail

DecoderResult fitLinearDecoder(const PatchFeatures& batch, const ReductionSpec& spec,
                               JobContext& job) {
    return detail::fitLinearDecoder(batch, spec, false, job);
}

}  // namespace assay::core::tokens
