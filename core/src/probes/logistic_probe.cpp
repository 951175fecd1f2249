// fitLogistic: L-BFGS (lbfgs.h) on the one-pass objective (logistic_objective.h). Tolerances are
// those of the sklearn this project compares with (1.2, via SciPy's L-BFGS-B): max|∇f| ≤ tol on
// the objective as written in logistic_probe.h (sums, not means), or SciPy's relative-reduction
// test (ftol), or max_iter.
#include "assay/probes/logistic_probe.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/core/parallel.h"
#include "assay/core/runtime.h"
#include "lbfgs.h"
#include "logistic_objective.h"
#include "row_kernels.h"

namespace assay::core::probes {
namespace {

int resolveThreads(int threads) { return threads > 0 ? threads : computeThreads(); }

void checkLabels(const RowView& X, const std::vector<std::uint8_t>& labels) {
    if (static_cast<std::int64_t>(labels.size()) != X.size())
        throw ParameterError("labels", std::to_string(labels.size()) + " labels for " +
                                           std::to_string(X.size()) + " rows");
    std::int64_t pos = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] > 1)
            throw ParameterError("labels", "row " + std::to_string(i) + " is " +
                                               std::to_string(labels[i]) + "; labels are 0 or 1");
        pos += labels[i];
    }
    if (pos == 0 || pos == X.size())
        throw ParameterError("labels", std::string("no row is ") + (pos == 0 ? "1" : "0") +
                                           "; a probe needs both classes");
}

// The solver's change of variables: w_j = p_j v_j, b = p_b c − w·μ, i.e. L-BFGS runs on centred
// columns scaled by the inverse square root of the Hessian's diagonal at p = ½ (¼ Σs · var_j + 1/C,
// and ¼ Σs for the intercept). The objective and its minimiser are unchanged; hidden states, with
// a few dimensions hundreds of times larger than the rest, need far fewer iterations this way.
// The gtol test is on the gradient of the original (w, b).
struct Preconditioner {
    std::vector<double> p, mu;
    double pb = 1;

    void toOriginal(const std::vector<double>& v, std::vector<double>& x) const {
        const std::size_t d = p.size();
        double shift = 0;
        for (std::size_t j = 0; j < d; ++j) {
            x[j] = p[j] * v[j];
            shift += x[j] * mu[j];
        }
        x[d] = pb * v[d] - shift;
    }
    void toScaled(const std::vector<double>& w, double b, std::vector<double>& v) const {
        double shift = 0;
        for (std::size_t j = 0; j < p.size(); ++j) {
            v[j] = w[j] / p[j];
            shift += w[j] * mu[j];
        }
        v[p.size()] = (b + shift) / pb;
    }
    // ∂f/∂v_j = p_j (∂f/∂w_j − μ_j ∂f/∂b), ∂f/∂c = p_b ∂f/∂b.
    void scaledGradient(const std::vector<double>& gx, std::vector<double>& gv) const {
        const std::size_t d = p.size();
        for (std::size_t j = 0; j < d; ++j) gv[j] = p[j] * (gx[j] - mu[j] * gx[d]);
        gv[d] = pb * gx[d];
    }
    double originalGradientSize(const std::vector<double>& gv) const {
        const std::size_t d = p.size();
        const double gb = gv[d] / pb;
        double m = std::abs(gb);
        for (std::size_t j = 0; j < d; ++j) m = std::max(m, std::abs(gv[j] / p[j] + mu[j] * gb));
        return m;
    }
};

Preconditioner makePreconditioner(detail::LogisticObjective& objective, double C) {
    Preconditioner pre;
    std::vector<double> variance;
    objective.columnMoments(pre.mu, variance);
    const double quarter = 0.25 * objective.weightSum();
    pre.p.resize(variance.size());
    for (std::size_t j = 0; j < variance.size(); ++j)
        pre.p[j] = 1.0 / std::sqrt(quarter * variance[j] + 1.0 / C);
    pre.pb = 1.0 / std::sqrt(quarter);
    return pre;
}

}  // namespace

LogisticProbe fitLogistic(const RowView& X, const std::vector<std::uint8_t>& labels,
                          const LogisticOptions& options, const LogisticProbe* warmStart,
                          JobContext& job) {
    if (!(options.C > 0) || !std::isfinite(options.C))
        throw ParameterError("C", std::to_string(options.C) + " is not a positive number");
    if (!(options.tol > 0))
        throw ParameterError("tol", std::to_string(options.tol) + " is not positive");
    if (!(options.ftol >= 0))
        throw ParameterError("ftol", std::to_string(options.ftol) + " is negative");
    if (options.maxIterations < 0)
        throw ParameterError("max iterations",
                             std::to_string(options.maxIterations) + " is negative");
    if (X.cols < 1) throw ParameterError("states", "rows have no columns");
    checkLabels(X, labels);
    const std::size_t d = static_cast<std::size_t>(X.cols);
    if (warmStart != nullptr && warmStart->weights.size() != d)
        throw ParameterError("warm start", "has " + std::to_string(warmStart->weights.size()) +
                                               " weights, the rows have " + std::to_string(d));
    detail::LogisticObjective objective(X, labels, detail::sampleWeights(labels, options.balanced),
                                        options.C, resolveThreads(options.threads));
    const Preconditioner pre = makePreconditioner(objective, options.C);
    std::vector<double> v(d + 1, 0.0);
    if (warmStart != nullptr) pre.toScaled(warmStart->weights, warmStart->bias, v);
    std::vector<double> x(d + 1), gx(d + 1);
    detail::LbfgsOptions lbfgs;
    lbfgs.gtol = options.tol;
    lbfgs.ftol = options.ftol;
    lbfgs.maxIterations = options.maxIterations;
    lbfgs.gradientSize = [&](const std::vector<double>& gv) {
        return pre.originalGradientSize(gv);
    };
    const int total = std::max(1, options.maxIterations);
    const detail::LbfgsResult r = detail::minimizeLbfgs(
        v,
        [&](const std::vector<double>& p, std::vector<double>& gv) {
            pre.toOriginal(p, x);
            const double f = objective(x, gx);
            pre.scaledGradient(gx, gv);
            return f;
        },
        lbfgs, [&](int k) { job.progress(k, total); });
    pre.toOriginal(v, x);
    LogisticProbe probe;
    probe.bias = x[d];
    x.resize(d);
    probe.weights = std::move(x);
    probe.iterations = r.iterations;
    probe.converged = r.converged;
    probe.objective = r.value;
    return probe;
}

std::vector<double> decisionScores(const RowView& X, const std::vector<double>& weights,
                                   double bias, int threads) {
    if (static_cast<std::int64_t>(weights.size()) != X.cols)
        throw ParameterError("weights", "has " + std::to_string(weights.size()) +
                                            " values, the rows have " + std::to_string(X.cols));
    const std::int64_t n = X.size();
    std::vector<double> out(static_cast<std::size_t>(n));
    const std::int64_t blocks = (n + detail::kBlockRows - 1) / detail::kBlockRows;
    // Each row's score depends on that row only: the same numbers for any thread count.
    parallelFor(0, blocks, resolveThreads(threads), [&](int, std::int64_t b0, std::int64_t b1) {
        std::vector<float> buffer;
        const float* ptrs[detail::kBlockRows];
        for (std::int64_t blk = b0; blk < b1; ++blk) {
            const std::int64_t i = blk * detail::kBlockRows;
            const int count = static_cast<int>(std::min<std::int64_t>(detail::kBlockRows, n - i));
            detail::loadBlock(X, i, count, buffer, ptrs);
            detail::blockDots(ptrs, count, X.cols, weights.data(), out.data() + i);
            for (int r = 0; r < count; ++r) out[static_cast<std::size_t>(i + r)] += bias;
        }
    });
    return out;
}

std::vector<double> projections(const RowView& X, const std::vector<double>& v, int threads) {
    return decisionScores(X, v, 0.0, threads);
}

}  // namespace assay::core::probes
