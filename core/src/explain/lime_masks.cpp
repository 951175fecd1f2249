// LIME for text and images (lime_text.LimeTextExplainer.__data_labels_distances and
// lime_image.LimeImageExplainer.data_labels, lime 0.2.0.1): 0/1 masks over words / superpixels,
// evaluated through the masker (which fills what is off), cosine distances to the all-ones row.
//   text   s ~ U{1..M} words removed, chosen without replacement; distance × 100; width 25.
//   image  each superpixel on with probability ½; width 0.25.
// Row 0 keeps everything.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/lime.h"

namespace assay::core::explain {
namespace {

LimeSamples emptyMasks(int M, int numSamples, int defaultSamples, const char* what) {
    if (M < 1) throw ParameterError(what, "has no features to explain (M = 0)");
    if (numSamples < 0)
        throw ParameterError("samples", std::to_string(numSamples) + ", expected ≥ 1");
    LimeSamples s;
    s.n = numSamples > 0 ? numSamples : defaultSamples;
    s.features = M;
    s.representation.assign(static_cast<std::size_t>(s.n) * M, 1.0);
    s.distances.assign(static_cast<std::size_t>(s.n), 0.0);
    return s;
}

// sklearn's cosine distance between a 0/1 row with k ones and the all-ones row of length M:
// 1 − k / (√k·√M) = 1 − √(k/M), written so the instance's own distance is exactly 0; an all-zero
// row has similarity 0 (sklearn leaves a zero norm at 0).
void cosineDistances(LimeSamples& s, double factor) {
    const int M = s.features;
    for (std::int64_t i = 0; i < s.n; ++i) {
        double k = 0;
        for (int j = 0; j < M; ++j) k += s.representation[static_cast<std::size_t>(i) * M + j];
        const double similarity = std::sqrt(k / static_cast<double>(M));
        s.distances[i] = factor * std::max(0.0, 1.0 - similarity);
    }
}

Explanation fitMasks(const Model& model, const Masker& masker, const LimeSamples& samples,
                     double width, const LimeOptions& options, JobContext& job) {
    std::vector<std::uint8_t> masks(samples.representation.size());
    for (std::size_t i = 0; i < masks.size(); ++i) masks[i] = samples.representation[i] > 0.5;
    const std::vector<double> y = coalitionValues(model, masker, masks, job);
    Explanation e = limeFit(samples, y, model.outputs(), width, options.labels, options.ridgeAlpha);
    e.modelRows = samples.n * masker.rowsPerMask();
    return e;
}

}  // namespace

LimeSamples limeTextSamples(int words, const LimeOptions& options) {
    LimeSamples s = emptyMasks(words, options.numSamples, 5000, "LIME text");
    std::vector<int> order(static_cast<std::size_t>(words));
    for (std::int64_t i = 1; i < s.n; ++i) {
        SplitMix64 rng(streamSeed(options.seed, static_cast<std::uint64_t>(i)));
        const auto removed = static_cast<int>(1 + rng.below(static_cast<std::uint64_t>(words)));
        std::iota(order.begin(), order.end(), 0);
        for (int r = 0; r < removed; ++r) {  // partial Fisher–Yates: `removed` distinct words
            const auto pick =
                r + static_cast<int>(rng.below(static_cast<std::uint64_t>(words - r)));
            std::swap(order[r], order[pick]);
            s.representation[static_cast<std::size_t>(i) * words + order[r]] = 0.0;
        }
    }
    cosineDistances(s, 100.0);
    return s;
}

LimeSamples limeImageSamples(int segments, const LimeOptions& options) {
    LimeSamples s = emptyMasks(segments, options.numSamples, 1000, "LIME image");
    for (std::int64_t i = 1; i < s.n; ++i) {
        SplitMix64 rng(streamSeed(options.seed, static_cast<std::uint64_t>(i)));
        for (int j = 0; j < segments; ++j)
            s.representation[static_cast<std::size_t>(i) * segments + j] =
                static_cast<double>(rng.next() >> 63);
    }
    cosineDistances(s, 1.0);
    return s;
}

Explanation limeText(const Model& model, const Masker& words, const LimeOptions& options,
                     JobContext& job) {
    const LimeSamples samples = limeTextSamples(words.features(), options);
    const double width = options.kernelWidth > 0 ? options.kernelWidth : 25.0;
    return fitMasks(model, words, samples, width, options, job);
}

Explanation limeImage(const Model& model, const Masker& superpixels, const LimeOptions& options,
                      JobContext& job) {
    const LimeSamples samples = limeImageSamples(superpixels.features(), options);
    const double width = options.kernelWidth > 0 ? options.kernelWidth : 0.25;
    return fitMasks(model, superpixels, samples, width, options, job);
}

}  // namespace assay::core::explain
