#include "assay/judge/judge_analysis.h"

#include <algorithm>
#include <memory>
#include <string>

#include "assay/core/error.h"

namespace assay::core::judge {

namespace {

// A share [from, to) of the parent job's progress; a cancel of the parent throws here too.
class ShareOfJob : public JobContext {
public:
    ShareOfJob(JobContext& parent, double from, double to)
        : m_parent(parent), m_from(from), m_to(to) {}

protected:
    void onProgress(std::int64_t done, std::int64_t total) override {
        constexpr std::int64_t kScale = 10000;
        const double f = total > 0 ? double(done) / double(total) : 0.0;
        m_parent.progress(std::int64_t((m_from + (m_to - m_from) * f) * kScale), kScale);
    }
    void onStage(std::string_view name) override { m_parent.stage(name); }

private:
    JobContext& m_parent;
    double m_from, m_to;
};

}  // namespace

std::vector<int> defaultMs(int m) {
    if (m < 1) return {};
    if (m < 5) return {m};
    std::vector<int> ms{5};
    for (int decade = 10; decade <= 400; decade *= 10)
        for (int f : {10, 15, 20, 30, 40, 60, 80}) {
            const int v = decade * f / 10;
            if (v > 400 || v > m) break;
            if (v > ms.back()) ms.push_back(v);
        }
    if (ms.back() < std::min(m, 400)) ms.push_back(std::min(m, 400));
    return ms;
}

JudgeAnalysis analyseJudge(const JudgeInput& input, const JudgeAnalysisOptions& options,
                           JobContext& job) {
    const CountHistogram hist = histogram(input.counts, input.n);  // validates counts and n
    for (int s : options.sources)
        if (s < 0 || s >= static_cast<int>(input.sources.size()))
            throw InputError("sources: " + std::to_string(s) + " is not a source (there are " +
                             std::to_string(input.sources.size()) + ")");
    JudgeAnalysis a;
    a.n = input.n;
    a.m = static_cast<int>(input.counts.size());
    a.trueAccuracy = input.trueAccuracy;
    for (double h : hist.h) a.observed.push_back(h / hist.m);
    a.prior = weakPrior();
    for (const SourceFit& s : input.sources) {
        if (s.meanEmbedding.size() != input.targetMean.size())
            throw InputError(s.name, "mean embedding",
                             "has dimension " + std::to_string(s.meanEmbedding.size()) +
                                 ", the target's " + std::to_string(input.targetMean.size()));
        a.similarities.push_back(cosine(input.targetMean, s.meanEmbedding));
    }
    std::optional<Prior> transferred;
    if (!options.sources.empty()) {
        std::vector<SourceFit> chosen;
        for (int s : options.sources) chosen.push_back(input.sources[static_cast<std::size_t>(s)]);
        a.transfer = transferPrior(input.targetMean, chosen);
        a.sources = options.sources;
        a.prior = a.transfer->prior;
        transferred = a.prior;
    }
    job.stage("fits");
    for (Estimator e : allEstimators()) a.fits.push_back(fit(e, hist, a.prior));

    job.stage("adaptive stopping");
    StoppingOptions stopping = options.stopping;
    stopping.traceToEnd = true;
    ShareOfJob stoppingShare(job, 0.0, 0.25);
    a.trace = adaptiveStopping(input.counts, input.n, options.estimator, a.prior, stopping,
                               stoppingShare);

    if (options.reuseMargin) {
        a.margin = *options.reuseMargin;
        return a;
    }
    const std::vector<int> ms = options.ms.empty() ? defaultMs(a.m) : options.ms;
    a.margin.ms = ms;
    a.margin.repetitions = options.repetitions;
    job.publish(std::make_shared<const JudgeAnalysis>(a));
    job.stage("error margin");
    ShareOfJob marginShare(job, 0.25, 1.0);
    a.margin = errorMargin(
        input.counts, input.n, ms, options.repetitions,
        {Estimator::Binomial, Estimator::Beta, Estimator::Mixture, Estimator::Empirical},
        weakPrior(), transferred, options.seed, marginShare);
    return a;
}

}  // namespace assay::core::judge
