// LIME tabular (lime_tabular.LimeTabularExplainer.__data_inverse and explain_instance, lime
// 0.2.0.1), sample_around_instance = False, euclidean distances:
//   discretize  per feature a bin drawn with the training frequencies; the representation is 1
//               where the bin is x's bin; the model sees a value drawn in the bin from the
//               truncated normal of the bin's mean and std (lime's undiscretize). lime's scaler is
//               reset to mean 0 / scale 1 there, so distances are taken on the 0/1 representation.
//   continuous  z = N(0,1)·scale + mean; representation and distances on (z − mean) / scale.
// Row 0 is x with an all-ones (or (x − mean)/scale) representation.
// Departure: where a bin's min equals its max, lime returns the z-score (min − mean)/std (0) as
// the value; Assay returns the bin's value (min) itself.
#include <cmath>
#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/lime.h"
#include "lime_tabular_bins.h"

namespace assay::core::explain {
namespace {

void checkInstance(const std::vector<double>& x, const TabularStats& stats) {
    if (stats.D < 1 || static_cast<int>(stats.mean.size()) != stats.D)
        throw ParameterError("LIME tabular: training statistics", "are empty (call tabularStats)");
    if (static_cast<int>(x.size()) != stats.D)
        throw InputError(
            "LIME tabular", "instance",
            "has " + std::to_string(x.size()) + " values, expected D = " + std::to_string(stats.D));
    for (std::size_t j = 0; j < x.size(); ++j)
        if (!std::isfinite(x[j]))
            throw InputError("LIME tabular", "instance feature " + std::to_string(j),
                             "is not finite");
}

// A bin index from the cumulative training frequencies (numpy's choice(p=...) inverts the CDF
// the same way); bins never seen in training have frequency 0 and are never drawn.
int drawBin(const std::vector<double>& frequency, double u) {
    double cumulative = 0;
    int last = 0;
    for (int b = 0; b < static_cast<int>(frequency.size()); ++b) {
        if (frequency[b] <= 0) continue;
        cumulative += frequency[b];
        last = b;
        if (u < cumulative) return b;
    }
    return last;  // u within rounding of 1
}

void sampleDiscretized(const std::vector<double>& x, const TabularStats& s, int j, SplitMix64& rng,
                       LimeSamples& out) {
    const int D = s.D;
    const int xBin = detail::binOf(s.edges[j], x[j]);
    const std::size_t bins = s.binFrequency[j].size();
    std::vector<detail::TruncatedStandardNormal> inBin;
    for (std::size_t b = 0; b < bins; ++b)
        inBin.emplace_back((s.binMin[j][b] - s.binMean[j][b]) / s.binStd[j][b],
                           (s.binMax[j][b] - s.binMean[j][b]) / s.binStd[j][b]);
    for (std::int64_t i = 1; i < out.n; ++i) {
        const int b = drawBin(s.binFrequency[j], rng.uniform());
        const double lo = s.binMin[j][b], hi = s.binMax[j][b];
        // u in (0, 1): uniform() may return 0, where Φ⁻¹ is −∞.
        const double u = rng.uniform() + 0x1p-54;
        const double value = lo == hi ? lo : s.binMean[j][b] + s.binStd[j][b] * inBin[b](u);
        out.rows[static_cast<std::size_t>(i) * D + j] = value;
        out.representation[static_cast<std::size_t>(i) * D + j] = b == xBin ? 1.0 : 0.0;
    }
}

void sampleContinuous(const TabularStats& s, int j, SplitMix64& rng, LimeSamples& out) {
    const int D = s.D;
    for (std::int64_t i = 1; i < out.n; ++i) {
        const double z = rng.normal() * s.scale[j] + s.mean[j];
        out.rows[static_cast<std::size_t>(i) * D + j] = z;
        out.representation[static_cast<std::size_t>(i) * D + j] = (z - s.mean[j]) / s.scale[j];
    }
}

}  // namespace

LimeSamples limeTabularSamples(const std::vector<double>& x, const TabularStats& stats,
                               const LimeOptions& options) {
    checkInstance(x, stats);
    if (options.numSamples < 0)
        throw ParameterError("samples", std::to_string(options.numSamples) + ", expected ≥ 1");
    const int D = stats.D;
    LimeSamples out;
    out.n = options.numSamples > 0 ? options.numSamples : 5000;
    out.features = D;
    out.inputs = D;
    out.rows.assign(static_cast<std::size_t>(out.n) * D, 0.0);
    out.representation.assign(static_cast<std::size_t>(out.n) * D, 0.0);
    for (int j = 0; j < D; ++j) {
        SplitMix64 rng(streamSeed(options.seed, static_cast<std::uint64_t>(j)));
        out.rows[j] = x[j];
        if (options.discretize) {
            out.representation[j] = 1.0;
            sampleDiscretized(x, stats, j, rng, out);
        } else {
            out.representation[j] = (x[j] - stats.mean[j]) / stats.scale[j];
            sampleContinuous(stats, j, rng, out);
        }
    }
    out.distances.assign(static_cast<std::size_t>(out.n), 0.0);
    for (std::int64_t i = 1; i < out.n; ++i) {
        double d2 = 0;
        for (int j = 0; j < D; ++j) {
            const double d =
                out.representation[static_cast<std::size_t>(i) * D + j] - out.representation[j];
            d2 += d * d;
        }
        out.distances[i] = std::sqrt(d2);
    }
    return out;
}

Explanation limeTabular(const Model& model, const std::vector<double>& x, const TabularStats& stats,
                        const LimeOptions& options, JobContext& job) {
    if (model.inputs() != stats.D)
        throw InputError("LIME tabular", "model",
                         "takes " + std::to_string(model.inputs()) +
                             " inputs, the data has D = " + std::to_string(stats.D));
    const LimeSamples samples = limeTabularSamples(x, stats, options);
    job.throwIfCancelled();
    std::vector<double> y;
    evaluateRows(model, samples.rows.data(), samples.n, y);
    job.throwIfCancelled();
    const double width = options.kernelWidth > 0 ? options.kernelWidth
                                                 : 0.75 * std::sqrt(static_cast<double>(stats.D));
    return limeFit(samples, y, model.outputs(), width, options.labels, options.ridgeAlpha);
}

}  // namespace assay::core::explain
