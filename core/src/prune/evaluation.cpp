// evaluateMask and criticalityMap (pruning_model.h): the masked blocks on the held-out tokens
// against the full model's outputs, load and co-activation of the surviving routing (the Experts
// view's core counts), and the demo's task figures.
#include <cmath>
#include <limits>

#include "assay/moe/coactivation.h"
#include "pruning_model_impl.h"
#include "sub_job.h"

namespace assay::core::prune {
namespace {

void loadFigures(const Routing& r, const std::vector<bool>& kept, int n, MaskEvaluation& e, int l) {
    std::vector<std::int64_t> load(static_cast<std::size_t>(n), 0);
    for (std::int32_t p : r.idx) ++load[static_cast<std::size_t>(p)];
    double sum = 0, sumSq = 0;
    int m = 0;
    for (int p = 0; p < n; ++p)
        if (kept[static_cast<std::size_t>(p)]) {
            const double x = static_cast<double>(load[static_cast<std::size_t>(p)]);
            sum += x;
            sumSq += x * x;
            ++m;
        }
    const double mean = m > 0 ? sum / m : 0;
    const double sd = m > 0 ? std::sqrt(std::max(0.0, sumSq / m - mean * mean)) : 0;
    e.load[l] = std::move(load);
    e.loadCv[l] = mean > 0 ? sd / mean : 0;
    e.coactivation[l] =
        r.tokens > 0
            ? moe::coactivationCounts(r.idx.data(), r.tokens, r.k, n, "routing")
            : moe::Coactivation{n, r.k, 0,
                                std::vector<std::int64_t>(static_cast<std::size_t>(n) * n, 0)};
}

}  // namespace

MaskEvaluation evaluateMask(const PruningModel& model, const ExpertMask& mask, JobContext& job) {
    const PruningModel::Impl& m = model.impl();
    const int n = m.config.numExperts;
    MaskEvaluation e;
    e.hasError = m.hasLayerWeights();
    e.hasLoad = true;
    const std::int64_t L = static_cast<std::int64_t>(m.layers.size());
    double errorSum = 0;
    for (std::int64_t li = 0; li < L; ++li) {
        const int l = m.layers[static_cast<std::size_t>(li)];
        SubJob sub(job, li, L + 1);
        const std::vector<bool> kept = keptOf(mask, l, n);
        if (m.hasLayerWeights()) {
            const auto full = m.fullOutput(l, sub);
            std::vector<float> storage;
            Routing r;
            const std::vector<float> y = pruneEngine().forward(
                m.config, m.layerWeights(l), m.input(mask, l, true, storage), kept, &r, sub);
            double num = 0, den = 0;
            for (std::size_t i = 0; i < y.size(); ++i) {
                const double a = y[i], b = (*full)[i];
                num += (a - b) * (a - b);
                den += b * b;
            }
            e.relativeError[l] =
                den > 0 ? num / den : (num > 0 ? std::numeric_limits<double>::infinity() : 0);
            errorSum += e.relativeError[l];
            loadFigures(r, kept, n, e, l);
        } else {
            const std::optional<Routing> r = m.routing(mask, l, true, sub);
            if (r)
                loadFigures(*r, kept, n, e, l);
            else
                e.hasLoad = false;
        }
        job.progress((li + 1) * 1000, (L + 1) * 1000);
    }
    if (!e.hasLoad) {
        e.load.clear();
        e.loadCv.clear();
        e.coactivation.clear();
    }
    if (e.hasError && L > 0) e.meanRelativeError = errorSum / static_cast<double>(L);
    if (m.demo) {
        SubJob sub(job, L, L + 1);
        const DemoTaskResult t = m.demo->evaluate(mask, sub);
        e.hasTask = true;
        e.taskLoss = t.loss;
        e.taskAccuracy = t.accuracy;
        e.domainAccuracy = t.domainAccuracy;
    }
    job.progress((L + 1) * 1000, (L + 1) * 1000);
    return e;
}

std::map<int, std::vector<double>> criticalityMap(const PruningModel& model, JobContext& job) {
    const PruningModel::Impl& m = model.impl();
    const int n = m.config.numExperts;
    std::map<int, std::vector<double>> out;
    const std::int64_t steps = static_cast<std::int64_t>(m.layers.size()) * n;
    std::int64_t done = 0;
    for (int l : m.layers) {
        std::vector<double>& row = out[l];
        row.assign(static_cast<std::size_t>(n), std::numeric_limits<double>::quiet_NaN());
        for (int p = 0; p < n; ++p, ++done) {
            job.progress(done, steps);
            if (!m.hasLayerWeights() || n - 1 < m.config.topK) continue;
            ExpertMask mask = fullMaskOf(m);
            mask.layers[l].kept[static_cast<std::size_t>(p)] = false;
            if (m.demo) {
                row[static_cast<std::size_t>(p)] = m.demo->evaluate(mask, JobContext::none()).loss;
                continue;
            }
            // Only layer l changes (a checkpoint's block inputs are the captured ones).
            const auto full = m.fullOutput(l, JobContext::none());
            std::vector<float> storage;
            const std::vector<float> y =
                pruneEngine().forward(m.config, m.layerWeights(l), m.input(mask, l, true, storage),
                                      mask.layers[l].kept, nullptr, JobContext::none());
            double num = 0, den = 0;
            for (std::size_t i = 0; i < y.size(); ++i) {
                const double a = y[i], b = (*full)[i];
                num += (a - b) * (a - b);
                den += b * b;
            }
            row[static_cast<std::size_t>(p)] = den > 0 ? num / den : 0;
        }
    }
    job.progress(steps, steps);
    return out;
}

}  // namespace assay::core::prune
