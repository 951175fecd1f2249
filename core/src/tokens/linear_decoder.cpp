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

// Solves L Lᵀ X = R for every column of R (n × n) in place.
void solveColumns(const std::vector<double>& l, int n, std::vector<double>& r) {
    parallelFor(0, n, kWorkers, [&](int, std::int64_t begin, std::int64_t end) {
        std::vector<double> y(std::size_t(n), 0.0);
        for (std::int64_t col = begin; col < end; ++col) {
            for (int i = 0; i < n; ++i) {
                double s = r[std::size_t(i) * n + col];
                for (int k = 0; k < i; ++k) s -= l[std::size_t(i) * n + k] * y[std::size_t(k)];
                y[std::size_t(i)] = s / l[std::size_t(i) * n + i];
            }
            for (int i = n - 1; i >= 0; --i) {
                double s = y[std::size_t(i)];
                for (int k = i + 1; k < n; ++k)
                    s -= l[std::size_t(k) * n + i] * r[std::size_t(k) * n + col];
                r[std::size_t(i) * n + col] = s / l[std::size_t(i) * n + i];
            }
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
    const std::size_t nn = std::size_t(n) * n;
    std::vector<std::vector<double>> gram(std::size_t(maps.count), std::vector<double>(nn, 0.0));
    std::vector<std::vector<double>> rhs = gram;
    const std::int64_t total = 2 * std::int64_t(batch.images()) + maps.count;
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
                    double* g = gram[std::size_t(k)].data() + i * n;
                    double* r = rhs[std::size_t(k)].data() + i * n;
                    const float* tp = t.data() + p * n;
                    const float* vp = v.data() + p * n;
                    for (int j = 0; j < n; ++j) {
                        g[j] += ti * tp[j];
                        r[j] += ti * vp[j];
                    }
                }
        });
        job.progress(++done, total);
    }
    for (int k = 0; k < maps.count; ++k) {
        std::vector<double>& g = gram[std::size_t(k)];
        double trace = 0;
        for (int i = 0; i < n; ++i) trace += g[std::size_t(i) * n + i];
        // Ridge for stability (tokens of D channels that span fewer dimensions, e.g. few images).
        const double ridge = trace > 0 ? 1e-6 * trace / n : 1.0;
        for (int i = 0; i < n; ++i) g[std::size_t(i) * n + i] += ridge;
        cholesky(g, n, ridge);
        solveColumns(g, n, rhs[std::size_t(k)]);  // rhs[k] := X_k
        job.progress(++done, total);
    }
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
