#include "assay/demo/judge_demo.h"

#include <cmath>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/judge/simulate.h"

namespace assay::core::demo {
namespace {

std::vector<double> unitVector(int dim, SplitMix64& rng) {
    std::vector<double> v(dim);
    double norm = 0;
    for (double& x : v) x = rng.normal(), norm += x * x;
    for (double& x : v) x /= std::sqrt(norm);
    return v;
}

JudgeDataset makeDataset(const std::string& name, const judge::MixtureParams& truth, int samples,
                         const std::vector<double>& centre, const JudgeDemoSpec& spec,
                         std::uint64_t stream) {
    SplitMix64 rng(streamSeed(spec.seed, stream));
    JudgeDataset d;
    d.name = name;
    d.truth = truth;
    d.trueAccuracy = judge::majorityAccuracy(judge::mixturePmf(truth, spec.judges));
    d.counts = judge::sampleCounts(truth, spec.judges, samples, rng, &d.easy);
    d.embeddings.resize(static_cast<std::size_t>(samples) * spec.dim);
    for (int i = 0; i < samples; ++i)
        for (int j = 0; j < spec.dim; ++j)
            d.embeddings[static_cast<std::size_t>(i) * spec.dim + j] =
                centre[j] + spec.textNoise * rng.normal();
    return d;
}

}  // namespace

JudgeDemo makeJudgeDemo(const JudgeDemoSpec& spec) {
    if (spec.judges < 1) throw ParameterError("judges", std::to_string(spec.judges) + " < 1");
    if (spec.dim < 2) throw ParameterError("dim", std::to_string(spec.dim) + " < 2");
    if (spec.targetSamples < 1 || spec.sourceSamples < 1)
        throw ParameterError("samples", "needs at least 1 per dataset");
    SplitMix64 rng(streamSeed(spec.seed, 0));
    const std::vector<double> t = unitVector(spec.dim, rng);
    // Similar centres: the target's plus a small random turn (cos ≈ 0.97); the dissimilar one is
    // made orthogonal to the target's (cos ≈ 0).
    auto near = [&](double turn) {
        std::vector<double> c = unitVector(spec.dim, rng);
        for (int j = 0; j < spec.dim; ++j) c[j] = t[j] + turn * c[j];
        return c;
    };
    const auto ca = near(0.25), cb = near(0.25);
    std::vector<double> cd = unitVector(spec.dim, rng);
    double dot = 0;
    for (int j = 0; j < spec.dim; ++j) dot += cd[j] * t[j];
    for (int j = 0; j < spec.dim; ++j) cd[j] -= dot * t[j];

    JudgeDemo demo;
    demo.judges = spec.judges;
    demo.dim = spec.dim;
    // The target: papers.md §6(f)'s setting (A = 0.6927 for five judges).
    demo.target = makeDataset("target", {0.7, 8, 2, 2, 5}, spec.targetSamples, t, spec, 1);
    demo.sources.push_back(
        makeDataset("similar-a", {0.68, 7.5, 2.1, 2.2, 5.4}, spec.sourceSamples, ca, spec, 2));
    demo.sources.push_back(
        makeDataset("similar-b", {0.73, 9, 2.2, 1.8, 4.6}, spec.sourceSamples, cb, spec, 3));
    // Mostly easy items that nearly every judge gets right: A ≈ 0.93, far from the target's.
    demo.sources.push_back(
        makeDataset("dissimilar", {0.9, 20, 1, 3, 3}, spec.sourceSamples, cd, spec, 4));
    return demo;
}

std::vector<judge::SourceFit> fitJudgeDemoSources(const JudgeDemo& demo) {
    std::vector<judge::SourceFit> fits;
    for (const JudgeDataset& d : demo.sources) {
        const auto f =
            judge::fitMixture(judge::histogram(d.counts, demo.judges), judge::weakPrior());
        fits.push_back({d.name, f.params, judge::meanEmbedding(d.embeddings, demo.dim)});
    }
    return fits;
}

}  // namespace assay::core::demo
