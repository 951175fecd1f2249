#include "views/experts/experts_controller.h"

#include <QElapsedTimer>

#include "assay/demo/moe_demo.h"
#include "assay/moe/coactivation_result.h"
#include "assay/moe/collaboration_file.h"
#include "assay/moe/trace_loader.h"
#include "views/common/job_runner.h"
#include "views/experts/experts_settings.h"

namespace assay::views {

namespace moe = core::moe;

namespace {

struct Loaded {
    std::shared_ptr<const moe::RoutingTrace> trace;
    std::shared_ptr<const std::vector<moe::Coactivation>> collab;
    std::vector<std::pair<std::string, std::string>> hashes;
    bool routingCounts = false;  // collab is an assay-run coactivation result's counts
    QString resultSummary;       // then: what it is and where it came from
};

// "assay-run coactivation result of trace.safetensors (merged from 16 parts): …"
QString resultSummary(const moe::CoactivationResult& r) {
    QStringList inputs;
    for (const auto& in : r.provenance.value("inputs", nlohmann::json::array()))
        inputs << QString::fromStdString(in.value("file", std::string()));
    const moe::Coactivation& c = r.layers.front();
    return QObject::tr(
               "assay-run coactivation result of %1%2: %3 layers · %4 experts · top-%5 · "
               "%6 tokens (counts only: no C2R, domains or volumes)")
        .arg(inputs.join(QStringLiteral(", ")))
        .arg(r.parts > 0 ? QObject::tr(" (merged from %1 parts)").arg(r.parts) : QString())
        .arg(r.layers.size())
        .arg(c.n)
        .arg(c.k)
        .arg(c.tokens);
}

}  // namespace

ExpertsController::ExpertsController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner) {
    connect(&runner, &JobRunner::partialReady, this, [this](JobId id, const std::any& partial) {
        const auto* positions = std::any_cast<std::vector<moe::Point>>(&partial);
        if (id != m_layoutJob || !positions) return;
        m_positions = *positions;
        m_layoutLayer = m_layoutJobLayer;
        emit layoutReady(true);
    });
}

void ExpertsController::loadDemo() {
    m_runner.submit(
        QStringLiteral("experts-load"), this,
        [](core::JobContext& job) {
            return std::make_shared<const moe::RoutingTrace>(moe::makeMoeDemo({}, job).trace);
        },
        [this](Trace trace) {
            ViewInput info;
            info.demo = true;
            info.hashes = {{"demo", "MoE trained from seed 7"}};
            onLoaded(std::move(trace), nullptr, std::move(info));
        },
        [this](const QString& m) { emit failed(m); }, Lane::Device, tr("Training the demo MoE"));
}

void ExpertsController::loadFile(const QString& path) {
    const std::string file = path.toStdString();
    m_runner.submit(
        QStringLiteral("experts-load"), this,
        [file](core::JobContext& job) {
            Loaded l;
            if (moe::isCoactivationResult(file)) {
                moe::CoactivationResult r = moe::loadCoactivationResult(file);
                l.routingCounts = true;
                l.resultSummary = resultSummary(r);
                l.collab =
                    std::make_shared<const std::vector<moe::Coactivation>>(std::move(r.layers));
            } else if (moe::isRoutingTrace(file)) {
                l.trace = std::make_shared<const moe::RoutingTrace>(moe::loadTrace(file, job));
            } else {
                l.collab = std::make_shared<const std::vector<moe::Coactivation>>(
                    moe::loadCollaboration(file));
            }
            l.hashes = hashInputOnWorker(file, job);
            return l;
        },
        [this, path](Loaded l) {
            ViewInput info;
            info.path = path;
            info.hashes = std::move(l.hashes);
            info.summary = l.resultSummary;
            onLoaded(std::move(l.trace), std::move(l.collab), std::move(info), l.routingCounts);
        },
        [this](const QString& m) { emit failed(m); }, Lane::Io, tr("Reading the routing trace"));
}

void ExpertsController::onLoaded(Trace trace, Collab collab, ViewInput info, bool routingCounts) {
    m_trace = std::move(trace);
    m_collab = std::move(collab);
    m_countsOfRouting = routingCounts;
    m_analysis.reset();
    m_positions.clear();
    m_layoutLayer = -1;
    if (m_trace) {
        const moe::RoutingTrace& t = *m_trace;
        m_shape = {int(t.layers.size()), t.numExperts, t.topK, !t.domain.empty(),
                   !t.layers.empty() && !t.layers[0].routerLogits.empty()};
        info.summary =
            tr("%1 layers · %2 experts · top-%3 · %4 tokens%5")
                .arg(t.layers.size())
                .arg(t.numExperts)
                .arg(t.topK)
                .arg(t.layers.empty() ? 0 : t.layers[0].tokens)
                .arg(t.domainNames.empty() ? QString()
                                           : tr(" · %1 domains").arg(t.domainNames.size()));
    } else {
        m_shape = {int(m_collab->size()), m_collab->front().n, m_collab->front().k, false, false};
        if (!m_countsOfRouting)  // a coactivation result brings its own summary
            info.summary = tr("collaboration matrices: %1 layers × %2 experts (no routing: no "
                              "C2R, domains or volumes)")
                               .arg(m_shape.layers)
                               .arg(m_shape.experts);
    }
    const int n = m_shape.experts;
    info.ranges.insert(QLatin1String(experts::kLayer.key), {0, std::max(0, m_shape.layers - 1)});
    info.ranges.insert(QLatin1String(experts::kTopT.key),
                       {std::max(1, m_shape.topK - 1), std::max(1, n - 1)});
    info.ranges.insert(QLatin1String(experts::kDevices.key), {1, std::max(1, n)});
    info.ranges.insert(QLatin1String(experts::kSelected.key), {-1, n - 1});
    emit inputLoaded(info);
}

void ExpertsController::analyse(const moe::ExpertsParams& params) {
    if (!m_trace && !m_collab) return;
    const Trace trace = m_trace;
    const Collab collab = m_collab;
    const bool routing = m_countsOfRouting;
    m_runner.submit(
        QStringLiteral("experts"), this,
        [trace, collab, params, routing](core::JobContext& job) {
            QElapsedTimer timer;
            timer.start();
            moe::ExpertsAnalysis a = trace ? moe::analyzeExperts(*trace, params, job)
                                           : moe::analyzeCollaboration(*collab, params.topT, job);
            // A coactivation result's counts are the model's routing (C = MᵀM), not a matrix of
            // precomputed partner counts: the figures say so.
            if (routing) a.fromCollaboration = false;
            return std::make_pair(std::make_shared<const moe::ExpertsAnalysis>(std::move(a)),
                                  timer.elapsed());
        },
        [this](std::pair<std::shared_ptr<const moe::ExpertsAnalysis>, qint64> result) {
            m_analysis = std::move(result.first);
            ++m_generation;
            m_layoutLayer = -1;
            emit resultReady(result.second);
        },
        [this](const QString& m) { emit failed(m); }, Lane::Device, tr("Experts analysis"));
}

void ExpertsController::layOut(int layer, ExpertsLayout kind, moe::EdgeWeight weight, int topT) {
    if (!m_analysis) return;
    const auto analysis = m_analysis;
    m_layoutJobLayer = layer;
    m_layoutJob = m_runner.submit(
        QStringLiteral("experts-layout"), this,
        [analysis, layer, kind, weight, topT](core::JobContext& job) {
            const moe::LayerAnalysis& a = analysis->layers[layer];
            const int n = analysis->n;
            if (kind == ExpertsLayout::Circular) return moe::circularLayout(n);
            if (kind == ExpertsLayout::Grouped && analysis->hasC2r &&
                !analysis->c2r.communication.empty())
                return moe::groupedLayout(analysis->c2r.communication[layer].placement.deviceOf);
            // Attraction along the drawn links only: linked experts gather, and busy experts
            // (whom every P(j | i) favours) do not pull the whole layer into a star.
            return moe::forceLayout(
                moe::topLinkMatrix(moe::linkWeights(a.vanilla, weight), n, std::max(1, topT)), n,
                300, job);
        },
        [this, layer](std::vector<moe::Point> positions) {
            m_positions = std::move(positions);
            m_layoutLayer = layer;
            m_layoutJob = 0;
            emit layoutReady(false);
        },
        [this](const QString& m) { emit failed(m); }, Lane::Device, tr("Graph layout"));
}

}  // namespace assay::views
