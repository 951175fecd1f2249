#include "views/experts/experts_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include "assay/moe/collaboration_file.h"
#include "assay/demo/moe_demo.h"
#include "assay/moe/trace_loader.h"

namespace assay::views {

namespace moe = core::moe;

namespace {

bool sameParams(const moe::ExpertsParams& a, const moe::ExpertsParams& b) {
    return a.topT == b.topT && a.routing.variant == b.routing.variant && a.routing.normalise == b.routing.normalise &&
           a.devices == b.devices && a.placement == b.placement && a.seed == b.seed &&
           a.comm.hidden == b.comm.hidden && a.comm.elementBytes == b.comm.elementBytes &&
           a.comm.bandwidthGBps == b.comm.bandwidthGBps && a.comm.latencyUs == b.comm.latencyUs;
}

}  // namespace

ExpertsController::ExpertsController(JobRunner& runner, QObject* parent) : QObject(parent), m_runner(runner) {
    connect(&runner, &JobRunner::jobFinished, this, &ExpertsController::onJobEnded);
    connect(&runner, &JobRunner::jobCancelled, this, &ExpertsController::onJobEnded);
    connect(&runner, &JobRunner::jobFailed, this, [this](JobId id, const QString&) { onJobEnded(id); });
}

void ExpertsController::track(JobId id) {
    const bool wasBusy = isBusy();
    m_jobs.insert(id);
    if (!wasBusy) emit busyChanged(true);
}

void ExpertsController::onJobEnded(JobId id) {
    if (m_jobs.remove(id) && !isBusy()) emit busyChanged(false);
}

void ExpertsController::fail(const QString& message) {
    emit logMessage("error", message);
    emit errorOccurred(message);
}

void ExpertsController::loadDemo() {
    emit logMessage("info", tr("Training the demo MoE (2 layers, 16 experts, top-2, 4 domains, seed 7)"));
    track(m_runner.submit(
        QStringLiteral("experts-load"), this,
        [](core::JobContext& job) { return std::make_shared<const moe::RoutingTrace>(moe::makeMoeDemo({}, job).trace); },
        [this](std::shared_ptr<const moe::RoutingTrace> trace) {
            m_isDemo = true;
            m_path.clear();
            setTrace(std::move(trace));
        },
        [this](const QString& m) { fail(m); }, Lane::Device, tr("Training the demo MoE")));
}

void ExpertsController::loadFile(const QString& path) {
    emit logMessage("info", tr("Opening %1").arg(path));
    const std::string file = path.toStdString();
    using Loaded = std::pair<std::shared_ptr<const moe::RoutingTrace>, std::shared_ptr<const std::vector<moe::Coactivation>>>;
    track(m_runner.submit(
        QStringLiteral("experts-load"), this,
        [file](core::JobContext& job) -> Loaded {
            if (moe::isRoutingTrace(file)) return {std::make_shared<const moe::RoutingTrace>(moe::loadTrace(file, job)), nullptr};
            return {nullptr, std::make_shared<const std::vector<moe::Coactivation>>(moe::loadCollaboration(file))};
        },
        [this, path](Loaded loaded) {
            m_isDemo = false;
            m_path = path;
            if (loaded.first) setTrace(std::move(loaded.first));
            else setCollaboration(std::move(loaded.second));
            emit logMessage("info", tr("Loaded %1: %2").arg(QFileInfo(path).fileName(), m_shape.summary));
        },
        [this](const QString& m) { fail(m); }, Lane::Io, tr("Reading the routing trace")));
}

void ExpertsController::setTrace(std::shared_ptr<const moe::RoutingTrace> trace) {
    m_trace = std::move(trace);
    m_collab.reset();
    const moe::RoutingTrace& t = *m_trace;
    m_shape.layers = int(t.layers.size());
    m_shape.experts = t.numExperts;
    m_shape.topK = t.topK;
    m_shape.domains = !t.domain.empty();
    m_shape.logits = !t.layers.empty() && !t.layers[0].routerLogits.empty();
    m_shape.summary = tr("%1 layers · %2 experts · top-%3 · %4 tokens%5")
                          .arg(t.layers.size()).arg(t.numExperts).arg(t.topK)
                          .arg(t.layers.empty() ? 0 : t.layers[0].tokens)
                          .arg(t.domainNames.empty() ? QString() : tr(" · %1 domains").arg(t.domainNames.size()));
    emit traceLoaded();
    recompute();
}

void ExpertsController::setCollaboration(std::shared_ptr<const std::vector<moe::Coactivation>> layers) {
    m_collab = std::move(layers);
    m_trace.reset();
    m_shape.layers = int(m_collab->size());
    m_shape.experts = m_collab->front().n;
    m_shape.topK = 2;
    m_shape.domains = m_shape.logits = false;
    m_shape.summary = tr("collaboration matrices: %1 layers × %2 experts (no routing: no C2R, domains or volumes)")
                          .arg(m_shape.layers).arg(m_shape.experts);
    emit traceLoaded();
    recompute();
}

void ExpertsController::setParams(const moe::ExpertsParams& params) {
    const bool changed = !sameParams(params, m_params);
    m_params = params;
    if (changed || !m_analysis) recompute();
}

void ExpertsController::setLayout(int layer, ExpertsLayout layout) {
    if (layer == m_layer && layout == m_layout && m_layoutLayer == layer) return;
    m_layer = layer;
    m_layout = layout;
    relayout();
}

void ExpertsController::recompute() {
    if (!hasData()) return;
    auto trace = m_trace;
    auto collab = m_collab;
    moe::ExpertsParams params = m_params;
    const int n = m_shape.experts, k = m_shape.topK;
    params.topT = std::clamp(params.topT, std::max(1, k - 1), std::max(1, n - 1));
    params.devices = std::clamp(params.devices, 0, n);
    track(m_runner.submit(
        QStringLiteral("experts"), this,
        [trace, collab, params](core::JobContext& job) {
            QElapsedTimer timer;
            timer.start();
            auto a = std::make_shared<const moe::ExpertsAnalysis>(
                trace ? moe::analyzeExperts(*trace, params, job) : moe::analyzeCollaboration(*collab, params.topT, job));
            return std::make_pair(a, timer.elapsed());
        },
        [this, params](std::pair<std::shared_ptr<const moe::ExpertsAnalysis>, qint64> result) {
            m_analysis = std::move(result.first);
            ++m_generation;
            emit logMessage("info", tr("Experts: Top-T = %1, %2 devices, C2R %3 — %4 ms")
                                        .arg(params.topT).arg(params.devices)
                                        .arg(moe::c2rVariantName(params.routing.variant)).arg(result.second));
            emit analysisReady();
            m_layoutLayer = -1;
            relayout();
        },
        [this](const QString& m) { fail(m); }, Lane::Device, tr("Experts analysis")));
}

void ExpertsController::relayout() {
    if (!m_analysis) return;
    const auto analysis = m_analysis;
    const int layer = std::clamp(m_layer, 0, int(analysis->layers.size()) - 1);
    const ExpertsLayout kind = m_layout;
    track(m_runner.submit(
        QStringLiteral("experts-layout"), this,
        [analysis, layer, kind](core::JobContext& job) {
            const moe::LayerAnalysis& a = analysis->layers[layer];
            const int n = analysis->n;
            if (kind == ExpertsLayout::Circular) return moe::circularLayout(n);
            if (kind == ExpertsLayout::Grouped && analysis->hasC2r && !analysis->c2r.communication.empty())
                return moe::groupedLayout(analysis->c2r.communication[layer].placement.deviceOf);
            return moe::forceLayout(moe::normalise(a.vanilla, moe::Normalisation::Conditional), n, 300, job);
        },
        [this, layer](std::vector<moe::Point> positions) {
            m_positions = std::move(positions);
            m_layoutLayer = layer;
            emit layoutReady();
        },
        [this](const QString& m) { fail(m); }, Lane::Device, tr("Graph layout")));
}

}  // namespace assay::views
