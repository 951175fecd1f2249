// Randomised subspace iteration (Halko, Martinsson & Tropp 2011, alg. 4.4) on the covariance,
// applied implicitly: every pass computes G = X_cᵀ (X_c Q) for a d × k basis Q (k = r plus
// oversampling) block by block, so memory is O(d·k) whatever N is. The last pass also gives the
// k × k Rayleigh quotient Qᵀ C Q, whose Jacobi eigenvectors rotate Q onto the components.
//
// Determinism: within a block, rows are converted and projected independently (parallel over
// rows), and G is accumulated parallel over its rows (columns of X) with the rows of the block in
// order (pca_kernels.h), so every sum is taken in the same order whatever the number of threads.
#include "assay/probes/pca.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis_linalg.h"
#include "analysis_rows.h"
#include "assay/core/error.h"
#include "assay/core/parallel.h"
#include "assay/core/random.h"
#include "pca_kernels.h"

namespace assay::core::probes {
namespace {

constexpr int kOversample = 10;

struct Pass {
    std::vector<double> g;   // d × k: X_cᵀ X_c Q
    double squaredNorm = 0;  // Σ ‖x − μ‖² (the total scatter)
};

// One streamed pass: G = Σ_i (x_i − μ) ((x_i − μ)ᵀ Q), with Q's k columns padded with zeros to
// a multiple of the kernels' tile.
Pass covarianceTimes(const RowView& X, const std::vector<double>& mean,
                     const std::vector<double>& q, int k) {
    const std::int64_t n = X.size(), d = X.cols;
    const std::int64_t block = std::min(detail::blockRows(d), n);
    const int threads = detail::workerLimit(0);
    const std::int64_t K = k, kp = (K + detail::kTile - 1) / detail::kTile * detail::kTile;
    std::vector<double> qp(static_cast<std::size_t>(d * kp), 0.0);
    for (std::int64_t j = 0; j < d; ++j)
        std::copy(q.begin() + j * K, q.begin() + (j + 1) * K, qp.begin() + j * kp);
    std::vector<double> gp(static_cast<std::size_t>(d * kp), 0.0);
    std::vector<double> xb(static_cast<std::size_t>(block * d));
    std::vector<double> yb(static_cast<std::size_t>(block * kp));
    std::vector<double> sq(static_cast<std::size_t>(block));
    Pass out;
    for (std::int64_t b0 = 0; b0 < n; b0 += block) {
        const std::int64_t rows = std::min(block, n - b0);
        parallelFor(0, rows, threads, [&](int, std::int64_t i0, std::int64_t i1) {
            for (std::int64_t i = i0; i < i1; ++i) {
                double* x = xb.data() + i * d;
                detail::convertRow(X, b0 + i, x);
                double s = 0;
                for (std::int64_t j = 0; j < d; ++j) {
                    x[j] -= mean[static_cast<std::size_t>(j)];
                    s += x[j] * x[j];
                }
                sq[static_cast<std::size_t>(i)] = s;
            }
            detail::projectBlock(xb.data() + i0 * d, i1 - i0, d, qp.data(), kp,
                                 yb.data() + i0 * kp);
        });
        for (std::int64_t i = 0; i < rows; ++i) out.squaredNorm += sq[static_cast<std::size_t>(i)];
        // Columns of X (rows of G) in groups of 4 per worker chunk boundary, so the tiles line up.
        const std::int64_t groups = (d + 3) / 4;
        parallelFor(0, groups, threads, [&](int, std::int64_t t0, std::int64_t t1) {
            detail::accumulateBlock(xb.data(), rows, d, yb.data(), kp, gp.data(), 4 * t0,
                                    std::min(d, 4 * t1));
        });
    }
    out.g.resize(static_cast<std::size_t>(d * K));
    for (std::int64_t j = 0; j < d; ++j)
        std::copy(gp.begin() + j * kp, gp.begin() + j * kp + K, out.g.begin() + j * K);
    return out;
}

// Column means (rows in order within each column: the same for any thread count).
std::vector<double> columnMeans(const RowView& X) {
    std::vector<double> sum, unused;
    detail::columnSums(X, {}, sum, unused);
    for (double& s : sum) s /= static_cast<double>(X.size());
    return sum;
}

}  // namespace

PcaBasis fitPca(const RowView& X, int rank, std::uint64_t seed, int powerIterations,
                JobContext& job) {
    const std::int64_t n = X.size(), d = X.cols;
    if (rank < 1 || rank > std::min(n, d))
        throw ParameterError("rank", std::to_string(rank) +
                                         " is outside [1, min(rows, width)] = [1, " +
                                         std::to_string(std::min(n, d)) + "]");
    if (powerIterations < 0)
        throw ParameterError("powerIterations", std::to_string(powerIterations) + " is negative");
    const int k = static_cast<int>(std::min<std::int64_t>(rank + kOversample, std::min(n, d)));
    const std::size_t K = static_cast<std::size_t>(k);
    const int passes = powerIterations + 2;  // mean, power iterations, Rayleigh–Ritz
    job.progress(0, passes);

    PcaBasis basis;
    basis.width = d;
    basis.rank = rank;
    basis.mean = columnMeans(X);
    job.progress(1, passes);

    // Gaussian start, one stream per row of Ω so it does not depend on k's neighbours.
    std::vector<double> q(static_cast<std::size_t>(d) * K);
    for (std::int64_t j = 0; j < d; ++j) {
        SplitMix64 rng(streamSeed(seed, static_cast<std::uint64_t>(j)));
        for (std::size_t c = 0; c < K; ++c) q[static_cast<std::size_t>(j) * K + c] = rng.normal();
    }
    detail::orthonormaliseColumns(q, d, k);
    Pass pass;
    for (int it = 0; it <= powerIterations; ++it) {
        pass = covarianceTimes(X, basis.mean, q, k);
        job.progress(2 + it, passes);
        if (it == powerIterations) break;
        q = pass.g;
        detail::orthonormaliseColumns(q, d, k);
    }
    const double dof = static_cast<double>(std::max<std::int64_t>(n - 1, 1));
    basis.totalVariance = pass.squaredNorm / dof;

    // Rayleigh–Ritz: B = Qᵀ G / (n − 1) = Qᵀ C Q, B = W Λ Wᵀ, components = (Q W)ᵀ.
    std::vector<double> b(K * K, 0.0);
    for (std::int64_t j = 0; j < d; ++j) {
        const double* qj = q.data() + j * static_cast<std::int64_t>(K);
        const double* gj = pass.g.data() + j * static_cast<std::int64_t>(K);
        for (std::size_t a = 0; a < K; ++a)
            for (std::size_t c = a; c < K; ++c) b[a * K + c] += qj[a] * gj[c];
    }
    for (double& v : b) v /= dof;
    const detail::SymmetricEigen eig = detail::symmetricEigen(std::move(b), k);

    const std::size_t R = static_cast<std::size_t>(rank), D = static_cast<std::size_t>(d);
    basis.components.assign(R * D, 0.0);
    basis.variance.resize(R);
    for (std::size_t r = 0; r < R; ++r) {
        basis.variance[r] = std::max(0.0, eig.values[r]);
        double* comp = basis.components.data() + r * D;
        for (std::size_t j = 0; j < D; ++j) {
            double s = 0;
            for (std::size_t a = 0; a < K; ++a) s += q[j * K + a] * eig.vectors[a * K + r];
            comp[j] = s;
        }
        // Sign convention: the largest-|·| entry positive (first such entry on ties).
        std::size_t arg = 0;
        for (std::size_t j = 1; j < D; ++j)
            if (std::abs(comp[j]) > std::abs(comp[arg])) arg = j;
        if (comp[arg] < 0)
            for (std::size_t j = 0; j < D; ++j) comp[j] = -comp[j];
    }
    return basis;
}

std::vector<double> projectPca(const RowView& X, const PcaBasis& basis, int threads) {
    if (X.cols != basis.width)
        throw ParameterError("projectPca", "rows have " + std::to_string(X.cols) +
                                               " columns, the basis " +
                                               std::to_string(basis.width));
    const std::int64_t n = X.size(), d = X.cols;
    const std::size_t R = static_cast<std::size_t>(basis.rank), D = static_cast<std::size_t>(d);
    std::vector<double> out(static_cast<std::size_t>(n) * R);
    parallelFor(0, n, detail::workerLimit(threads), [&](int, std::int64_t i0, std::int64_t i1) {
        std::vector<double> x(D);
        for (std::int64_t i = i0; i < i1; ++i) {
            detail::convertRow(X, i, x.data());
            for (std::size_t j = 0; j < D; ++j) x[j] -= basis.mean[j];
            for (std::size_t r = 0; r < R; ++r) {
                const double* comp = basis.components.data() + r * D;
                double s = 0;
                for (std::size_t j = 0; j < D; ++j) s += x[j] * comp[j];
                out[static_cast<std::size_t>(i) * R + r] = s;
            }
        }
    });
    return out;
}

}  // namespace assay::core::probes
