#include "assay/judge/error_margin.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "assay/core/error.h"
#include "assay/core/parallel.h"
#include "assay/core/random.h"

namespace assay::core::judge {

ErrorMargin errorMargin(const std::vector<int>& counts, int n, const std::vector<int>& ms,
                        int repetitions, const std::vector<Estimator>& estimators,
                        const Prior& prior, const std::optional<Prior>& transferred,
                        std::uint64_t seed, JobContext& job) {
    const CountHistogram full = histogram(counts, n);
    if (repetitions < 1)
        throw ParameterError("repetitions", std::to_string(repetitions) + " is below 1");
    if (ms.empty()) throw ParameterError("m", "no sample sizes given");
    for (int m : ms)
        if (m < 1 || m > static_cast<int>(counts.size()))
            throw ParameterError("m", std::to_string(m) + " is outside [1, " +
                                          std::to_string(counts.size()) + "] (the labelled set)");
    if (estimators.empty() && !transferred) throw ParameterError("estimators", "none given");
    checkPrior(prior);
    if (transferred) checkPrior(*transferred);

    ErrorMargin out;
    out.ms = ms;
    out.repetitions = repetitions;
    out.aFull = empiricalMajority(full).accuracy;
    for (Estimator e : estimators) out.curves.push_back({estimatorName(e), e, false, {}, {}});
    if (transferred) out.curves.push_back({"mixture+transfer", Estimator::Mixture, true, {}, {}});
    const std::size_t C = out.curves.size(), M = ms.size();

    // One row of C·M errors per repetition, filled in parallel (a repetition depends only on its
    // own stream), then summed in repetition order: the same bits on any number of threads.
    std::vector<double> errors(static_cast<std::size_t>(repetitions) * C * M, 0.0);
    auto runRepetition = [&](int r, std::vector<std::size_t>& order, CountHistogram& hist) {
        // Fisher–Yates from a per-repetition stream: repetition r is the same whatever the others.
        SplitMix64 rng(streamSeed(seed, static_cast<std::uint64_t>(r)));
        std::iota(order.begin(), order.end(), std::size_t{0});
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
        double* row = errors.data() + static_cast<std::size_t>(r) * C * M;
        for (std::size_t k = 0; k < M; ++k) {
            hist.h.assign(static_cast<std::size_t>(n) + 1, 0.0);
            for (int i = 0; i < ms[k]; ++i) hist.h[counts[order[i]]] += 1;
            hist.m = ms[k];
            for (std::size_t c = 0; c < C; ++c) {
                const ErrorCurve& curve = out.curves[c];
                const double a =
                    fit(curve.estimator, hist, curve.transfer ? *transferred : prior).accuracy;
                row[c * M + k] = std::abs(a - out.aFull);
            }
        }
    };
    // Batches between progress reports (the cancellation point stays on this thread).
    const int batch = std::max(1, 4 * parallelWorkers(repetitions, 1 << 16));
    for (int r0 = 0; r0 < repetitions; r0 += batch) {
        job.progress(r0, repetitions);
        const int r1 = std::min(repetitions, r0 + batch);
        parallelFor(r0, r1, 1 << 16, [&](int, std::int64_t b, std::int64_t e) {
            std::vector<std::size_t> order(counts.size());
            CountHistogram hist;
            hist.n = n;
            for (std::int64_t r = b; r < e; ++r) runRepetition(static_cast<int>(r), order, hist);
        });
    }
    job.progress(repetitions, repetitions);
    std::vector<double> sum(C * M, 0.0), sumSq(C * M, 0.0);
    for (int r = 0; r < repetitions; ++r)
        for (std::size_t j = 0; j < C * M; ++j) {
            const double err = errors[static_cast<std::size_t>(r) * C * M + j];
            sum[j] += err;
            sumSq[j] += err * err;
        }
    const double R = repetitions;
    for (std::size_t c = 0; c < C; ++c)
        for (std::size_t k = 0; k < M; ++k) {
            const double mean = sum[c * M + k] / R;
            const double var =
                R > 1 ? std::max(0.0, (sumSq[c * M + k] - R * mean * mean) / (R - 1)) : 0.0;
            out.curves[c].meanError.push_back(mean);
            out.curves[c].stdError.push_back(std::sqrt(var / R));
        }
    return out;
}

}  // namespace assay::core::judge
