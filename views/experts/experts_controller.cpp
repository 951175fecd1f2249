#include "views/experts/experts_controller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include "assay/moe/moe_demo.h"
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
            m_trace = std::move(trace);
            m_isDemo = true;
            m_path.clear();
            emit traceLoaded();
            recompute();
        },
        [this](const QString& m) { fail(m); }, Lane::Device, tr("Training the demo MoE")));
}

void ExpertsController::loadFile(const QString& path) {
    emit logMessage("info", tr("Opening %1").arg(path));
    const std::string file = path.toStdString();
    track(m_runner.submit(
        QStringLiteral("experts-load"), this,
        [file](core::JobContext& job) { return std::make_shared<const moe::RoutingTrace>(moe::loadTrace(file, job)); },
        [this, path](std::shared_ptr<const moe::RoutingTrace> trace) {
            m_trace = std::move(trace);
            m_isDemo = false;
            m_path = path;
            emit logMessage("info", tr("Loaded %1: %2 layers, %3 experts, top-%4, %5 tokens")
                                        .arg(QFileInfo(path).fileName()).arg(m_trace->layers.size())
                                        .arg(m_trace->numExperts).arg(m_trace->topK)
                                        .arg(m_trace->layers.empty() ? 0 : m_trace->layers[0].tokens));
            emit traceLoaded();
            recompute();
        },
        [this](const QString& m) { fail(m); }, Lane::Io, tr("Reading the routing trace")));
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
    if (!m_trace) return;
    auto trace = m_trace;
    moe::ExpertsParams params = m_params;
    const int n = trace->numExperts, k = trace->topK;
    params.topT = std::clamp(params.topT, std::max(1, k - 1), std::max(1, n - 1));
    params.devices = std::clamp(params.devices, 0, n);
    track(m_runner.submit(
        QStringLiteral("experts"), this,
        [trace, params](core::JobContext& job) {
            QElapsedTimer timer;
            timer.start();
            auto a = std::make_shared<const moe::ExpertsAnalysis>(moe::analyzeExperts(*trace, params, job));
            return std::make_pair(a, timer.elapsed());
        },
        [this, params](std::pair<std::shared_ptr<const moe::ExpertsAnalysis>, qint64> result) {
            m_analysis = std::move(result.first);
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
