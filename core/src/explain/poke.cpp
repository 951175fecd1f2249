// Reproduce-by-Poking (papers.md §7(c), PROPOSAL followed as inversion_metrics.h states it): the
// forward effect of turning each feature off, compared with the attribution it received.
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/inversion_metrics.h"

namespace assay::core::explain {

namespace {

// v / Σv with 0/0 → 0 (nothing to share out means every share is 0).
std::vector<double> shares(const std::vector<double>& v) {
    double total = 0;
    for (double x : v) total += x;
    std::vector<double> out(v.size(), 0.0);
    if (total > 0) {
        for (std::size_t j = 0; j < v.size(); ++j) out[j] = v[j] / total;
    }
    return out;
}

void requireFinite(const std::vector<double>& v, const char* what) {
    for (std::size_t j = 0; j < v.size(); ++j) {
        if (!std::isfinite(v[j])) {
            throw ParameterError(what, "entry " + std::to_string(j) + " is not finite");
        }
    }
}

// Noisy pokes (tabular: feature j is input j): Δ_j = mean over repeats of |f(x) − f(x + e_j·n)|,
// n = noise·σ_j·N(0,1), one stream per feature so features do not share draws.
std::vector<double> noisyDeltas(const Model& model, const Masker& masker, int label, int repeats,
                                double noise, const std::vector<double>& scales, std::uint64_t seed,
                                JobContext& job) {
    const int M = masker.features();
    const int D = masker.inputs();
    const int C = model.outputs();
    if (D != M) {
        throw ParameterError("noisy pokes", "need one model input per feature (tabular), got " +
                                                std::to_string(M) + " features for " +
                                                std::to_string(D) + " inputs");
    }
    if (static_cast<int>(scales.size()) != M) {
        throw ParameterError("scales", std::to_string(scales.size()) + " entries, expected " +
                                           std::to_string(M) + " (σ_j per feature)");
    }
    const std::vector<double>& x = masker.instance();
    std::vector<double> fx;
    evaluateRows(model, x.data(), 1, fx);
    std::vector<double> rows(static_cast<std::size_t>(repeats) * D), out;
    std::vector<double> delta(M, 0.0);
    for (int j = 0; j < M; ++j) {
        SplitMix64 rng(streamSeed(seed, static_cast<std::uint64_t>(j)));
        for (int r = 0; r < repeats; ++r) {
            double* row = rows.data() + static_cast<std::size_t>(r) * D;
            for (int d = 0; d < D; ++d) row[d] = x[d];
            row[j] += noise * scales[j] * rng.normal();
        }
        evaluateRows(model, rows.data(), repeats, out);
        double sum = 0;
        for (int r = 0; r < repeats; ++r)
            sum += std::fabs(fx[label] - out[static_cast<std::size_t>(r) * C + label]);
        delta[j] = sum / repeats;
        job.throwIfCancelled();
    }
    return delta;
}

}  // namespace

Pokes pokesFromDeltas(const std::vector<double>& a, std::vector<double> delta) {
    if (delta.size() != a.size()) {
        throw ParameterError("delta", std::to_string(delta.size()) + " entries, expected " +
                                          std::to_string(a.size()) + " (one per feature)");
    }
    requireFinite(a, "attributions");
    requireFinite(delta, "delta");
    Pokes p;
    std::vector<double> absA(a.size());
    for (std::size_t j = 0; j < a.size(); ++j) {
        if (delta[j] < 0) {
            throw ParameterError("delta", "entry " + std::to_string(j) + " is negative");
        }
        absA[j] = std::fabs(a[j]);
    }
    p.normAttr = shares(absA);
    p.normDelta = shares(delta);
    p.delta = std::move(delta);
    p.discrepancy.resize(a.size());
    for (std::size_t j = 0; j < a.size(); ++j) {
        p.discrepancy[j] = std::fabs(p.normAttr[j] - p.normDelta[j]);
    }
    return p;
}

Pokes poke(const Model& model, const Masker& masker, int label, const std::vector<double>& a,
           JobContext& job, int repeats, double noise, const std::vector<double>& scales,
           std::uint64_t seed) {
    const int M = masker.features();
    if (static_cast<int>(a.size()) != M) {
        throw ParameterError("attributions", std::to_string(a.size()) + " entries, expected " +
                                                 std::to_string(M) + " (the masker's features)");
    }
    if (label < 0 || label >= model.outputs()) {
        throw ParameterError("label", std::to_string(label) + " is outside [0, " +
                                          std::to_string(model.outputs()) + ")");
    }
    if (repeats < 0) throw ParameterError("repeats", std::to_string(repeats) + " is negative");
    if (!(noise >= 0)) throw ParameterError("noise", std::to_string(noise) + " is negative");
    if (repeats > 0 && noise > 0) {
        return pokesFromDeltas(
            a, noisyDeltas(model, masker, label, repeats, noise, scales, seed, job));
    }
    // Mask 0 is the full coalition (v = f(x) for a tabular masker), mask 1 + j has only j off.
    std::vector<std::uint8_t> masks(static_cast<std::size_t>(M + 1) * M, 1);
    for (int j = 0; j < M; ++j) masks[static_cast<std::size_t>(j + 1) * M + j] = 0;
    const std::vector<double> v = coalitionValues(model, masker, masks, job);
    const int C = model.outputs();
    std::vector<double> delta(M);
    for (int j = 0; j < M; ++j) {
        delta[j] = std::fabs(v[label] - v[static_cast<std::size_t>(j + 1) * C + label]);
    }
    return pokesFromDeltas(a, std::move(delta));
}

std::vector<double> rbpRefine(const std::vector<double>& a, const Pokes& pokes, double lambda) {
    if (!(lambda >= 0) || !std::isfinite(lambda)) {
        throw ParameterError("lambda", std::to_string(lambda) + " is not a finite number ≥ 0");
    }
    if (pokes.discrepancy.size() != a.size()) {
        throw ParameterError("pokes", std::to_string(pokes.discrepancy.size()) +
                                          " discrepancies, expected " + std::to_string(a.size()));
    }
    std::vector<double> out(a.size());
    for (std::size_t j = 0; j < a.size(); ++j) out[j] = a[j] / (1 + lambda * pokes.discrepancy[j]);
    return out;
}

}  // namespace assay::core::explain
