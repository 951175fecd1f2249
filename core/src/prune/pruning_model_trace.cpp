// PruningModel::openTrace: a routing trace (the Experts view's format) gives the frequency-type
// criteria only; with router logits, masks are re-routed over the surviving experts.
#include "assay/core/error.h"
#include "assay/moe/trace_loader.h"
#include "pruning_model_sources.h"

namespace assay::core::prune {

PruningModel PruningModel::openTrace(const std::filesystem::path& path,
                                     const PruningOpenOptions& options, JobContext& job) {
    job.stage("opening trace");
    const moe::TraceSource trace = moe::TraceSource::open(path, options.layers);
    auto m = std::make_unique<Impl>();
    m->source = PruningSource::Trace;
    MoeConfig& c = m->config;
    c.family = MoeFamily::Mixtral;
    c.architecture = trace.model().empty() ? "routing trace" : trace.model();
    c.numLayers = trace.layerCount();
    for (int l = 0; l < trace.layerCount(); ++l) c.moeLayers.push_back(l);
    c.numExperts = trace.numExperts();
    c.topK = trace.k();
    std::vector<int> all = c.moeLayers;
    m->layers = chooseLayers(options.layers, all, [&](int l) {
        if (l < 0 || l >= trace.layerCount())
            throw ParameterError("layers", "layer " + std::to_string(l) +
                                               " is not in the trace (0.." +
                                               std::to_string(trace.layerCount() - 1) + ")");
    });
    const std::int64_t T = trace.tokens();
    std::int64_t done = 0;
    for (int l : m->layers) {
        Impl::TraceLayer& t = m->trace[l];
        t.idx.reserve(static_cast<std::size_t>(T * c.topK));
        trace.forEachChunk(
            l, 1 << 20,
            [&](const std::int32_t* idx, std::int64_t rows) {
                t.idx.insert(t.idx.end(), idx, idx + rows * c.topK);
            },
            JobContext::none());
        if (trace.hasLogits(l)) t.logits = trace.logits(l);
        job.progress(++done, static_cast<std::int64_t>(m->layers.size()));
    }
    const std::vector<std::int32_t> ids = trace.tokenIds();
    m->tokenIds.assign(ids.begin(), ids.end());
    splitRows(T, options.heldOutFraction, options.seed, m->estimationRows, m->heldOutRows);
    m->estimation = static_cast<std::int64_t>(m->estimationRows.size());
    m->heldOut = static_cast<std::int64_t>(m->heldOutRows.size());
    if (!m->tokenIds.empty()) {
        m->vocabulary =
            static_cast<double>(*std::max_element(m->tokenIds.begin(), m->tokenIds.end()) + 1);
        m->vocabularyNote = "|V| = largest token id + 1";
    }
    m->gradientMissing = "needs expert weights: a routing trace has none";
    m->files = {path};
    return PruningModelFactory::make(std::move(m));
}

}  // namespace assay::core::prune
