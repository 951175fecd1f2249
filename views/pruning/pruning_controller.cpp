#include "views/pruning/pruning_controller.h"

#include <QElapsedTimer>
#include <algorithm>

#include "assay/core/error.h"
#include "assay/demo/prune_demo.h"
#include "views/pruning/pruning_graph.h"

namespace assay::views {

namespace prune = core::prune;

namespace {

struct Loaded {
    std::shared_ptr<const prune::PruningModel> model;
    prune::MaskEvaluation full;
    std::vector<std::pair<std::string, std::string>> hashes;
};

prune::ExpertMask fullMask(const prune::PruningModel& m) {
    return prune::ExpertMask::full(m.config().numExperts, m.config().topK, m.layers());
}

}  // namespace

PruningController::PruningController(JobRunner& runner, QObject* parent)
    : QObject(parent), m_runner(runner) {}

void PruningController::submitLoad(std::function<prune::PruningModel(core::JobContext&)> open,
                                   ViewInput info, PruningOpen opened, const QString& title) {
    m_runner.submit(
        QStringLiteral("pruning-load"), this,
        [open = std::move(open), demo = info.demo](core::JobContext& job) {
            Loaded l;
            auto model = std::make_shared<prune::PruningModel>(open(job));
            job.stage("evaluating the full model");
            l.full = prune::evaluateMask(*model, fullMask(*model), job);
            if (!demo)
                for (const auto& file : model->inputFiles())
                    for (auto& h : hashInputOnWorker(file.string(), job))
                        l.hashes.push_back(std::move(h));
            l.model = std::move(model);
            return l;
        },
        [this, info, opened](Loaded l) mutable {
            if (!l.hashes.empty()) info.hashes = std::move(l.hashes);
            m_opened = std::move(opened);
            onLoaded(std::move(l.model), std::move(l.full), std::move(info));
        },
        [this](const QString& m) { emit failed(m); }, Lane::Device, title);
}

void PruningController::loadDemo(const prune::PruningOpenOptions& options) {
    ViewInput info;
    info.demo = true;
    const prune::PruneDemoSpec spec;
    info.hashes = {{"demo", "pruning demo MoE trained from seed " + std::to_string(spec.seed)}};
    submitLoad([spec, options](
                   core::JobContext& job) { return prune::PruningModel::demo(spec, options, job); },
               std::move(info), {}, tr("Training the pruning demo MoE"));
}

void PruningController::loadCheckpoint(const QString& dir, const QString& calibration,
                                       const prune::PruningOpenOptions& options) {
    ViewInput info;
    info.path = dir;
    const std::string d = dir.toStdString(), c = calibration.toStdString();
    submitLoad(
        [d, c, options](core::JobContext& job) {
            return prune::PruningModel::openCheckpoint(d, c, options, job);
        },
        std::move(info), {dir, calibration, {}}, tr("Reading the checkpoint"));
}

void PruningController::loadTrace(const QString& path, const prune::PruningOpenOptions& options) {
    ViewInput info;
    info.path = path;
    const std::string p = path.toStdString();
    submitLoad(
        [p, options](core::JobContext& job) {
            return prune::PruningModel::openTrace(p, options, job);
        },
        std::move(info), {{}, {}, path}, tr("Reading the routing trace"));
}

void PruningController::onLoaded(Model model, prune::MaskEvaluation full, ViewInput info) {
    m_model = std::move(model);
    m_full = std::make_shared<const prune::MaskEvaluation>(std::move(full));
    m_edited = m_full;
    m_analysis.reset();
    m_curves.reset();
    m_criticality.reset();
    m_criticalityError.clear();
    m_editor = fullMask(*m_model);
    m_editorEdited = false;
    ++m_editorGeneration;
    m_positions.clear();
    m_layoutLayer = -1;
    const prune::MoeConfig& cfg = m_model->config();
    const std::vector<int>& layers = m_model->layers();
    const QString source = m_model->source() == prune::PruningSource::Demo ? tr("demo")
                           : m_model->source() == prune::PruningSource::Trace
                               ? tr("routing trace")
                               : QString::fromStdString(cfg.architecture);
    info.summary = tr("%1 · %2 MoE layers · %3 experts · top-%4 · %5 + %6 held-out tokens")
                       .arg(source)
                       .arg(layers.size())
                       .arg(cfg.numExperts)
                       .arg(cfg.topK)
                       .arg(m_model->estimationTokens())
                       .arg(m_model->heldOutTokens());
    const int n = std::max(1, cfg.numExperts);
    if (!layers.empty())
        info.ranges.insert(QStringLiteral("layer"), {layers.front(), layers.back()});
    info.ranges.insert(QStringLiteral("sparsity"), {0.0, double(n - cfg.topK) / n});
    info.ranges.insert(QStringLiteral("top-t"), {1, std::max(1, n - 1)});
    // Criticality does not depend on any setting: once per load, beside the analysis.
    const Model m = m_model;
    m_runner.submit(
        QStringLiteral("pruning-criticality"), this,
        [m](core::JobContext& job) { return prune::criticalityMap(*m, job); },
        [this](std::map<int, std::vector<double>> map) {
            m_criticality =
                std::make_shared<const std::map<int, std::vector<double>>>(std::move(map));
            emit criticalityReady();
        },
        [this](const QString& message) {
            m_criticalityError = message;  // said in the figure, not as an error popup
            emit criticalityReady();
        },
        Lane::Device, tr("Criticality map"));
    emit inputLoaded(info);
}

std::vector<double> PruningController::usage(int layer) const {
    std::vector<double> u;
    if (!m_full) return u;
    auto it = m_full->load.find(layer);
    if (it != m_full->load.end())
        for (std::int64_t v : it->second) u.push_back(double(v));
    if (u.empty() && m_model) u.assign(std::size_t(m_model->config().numExperts), 0.0);
    return u;
}

void PruningController::analyse(const prune::ProcedureSpec& spec, const QStringList& compared,
                                bool curves) {
    if (!m_model) return;
    const Model m = m_model;
    m_runner.submit(
        QStringLiteral("pruning-analysis"), this,
        [m, spec](core::JobContext& job) {
            QElapsedTimer timer;
            timer.start();
            auto a = std::make_shared<PruningAnalysis>();
            a->spec = spec;
            a->values = prune::computeCriteria(*m, fullMask(*m), {spec.criterion}, job).at(0);
            if (!a->values.unavailable.empty()) {
                a->procedureError = QString::fromStdString(a->values.unavailable);
                return std::make_pair(std::shared_ptr<const PruningAnalysis>(a), timer.elapsed());
            }
            try {
                prune::ProcedureSpec s = spec;
                s.procedure = prune::Procedure::OneShot;
                a->oneShot = prune::prune(*m, s, job);
                s.procedure = prune::Procedure::Iterative;
                a->iterative = prune::prune(*m, s, job);
                a->result = spec.procedure == prune::Procedure::OneShot ? a->oneShot
                            : spec.procedure == prune::Procedure::Iterative
                                ? a->iterative
                                : prune::prune(*m, spec, job);
            } catch (const core::ParameterError& e) {
                a->procedureError = QString::fromUtf8(e.what());
            }
            return std::make_pair(std::shared_ptr<const PruningAnalysis>(a), timer.elapsed());
        },
        [this](std::pair<std::shared_ptr<const PruningAnalysis>, qint64> r) {
            m_analysis = std::move(r.first);
            m_editor = m_analysis->result.layers.empty() ? fullMask(*m_model) : m_analysis->result;
            m_editorEdited = false;
            ++m_editorGeneration;
            emit analysisReady(r.second);
            evaluate();
        },
        [this](const QString& message) { emit failed(message); }, Lane::Device,
        tr("Pruning: criterion and procedure"));

    if (!curves || (!m->hasWeights() && !m->hasTaskLoss())) return;  // nothing to plot
    // The curves take longest: their own job, so the criterion and the editor come first.
    m_curves.reset();
    std::vector<prune::Criterion> criteria;
    for (const QString& name : compared)
        criteria.push_back(prune::criterionFromName(name.toStdString()));
    const bool pairOfVariants = compared.size() == 1;
    m_runner.submit(
        QStringLiteral("pruning-curves"), this,
        [m, criteria, spec, pairOfVariants](core::JobContext& job) {
            PruningCurves c;
            for (prune::Criterion criterion : criteria) {
                if (const std::string why = m->unavailableReason(criterion); !why.empty()) {
                    c.skipped << QStringLiteral("%1: %2").arg(prune::criterionName(criterion),
                                                              QString::fromStdString(why));
                    continue;
                }
                std::vector<prune::Variant> variants{spec.variant};
                if (pairOfVariants) variants = {prune::Variant::Min, prune::Variant::Max};
                for (prune::Variant v : variants)
                    for (prune::Procedure p :
                         {prune::Procedure::OneShot, prune::Procedure::Iterative})
                        c.curves.push_back(prune::pruningCurve(*m, criterion, v, p, job));
            }
            return std::make_shared<const PruningCurves>(std::move(c));
        },
        [this](std::shared_ptr<const PruningCurves> c) {
            m_curves = std::move(c);
            emit curvesReady();
        },
        [this](const QString& message) { emit failed(message); }, Lane::Device,
        tr("Pruning curves"));
}

void PruningController::evaluate() {
    if (!m_model) return;
    const Model m = m_model;
    const prune::ExpertMask mask = m_editor;
    const int generation = m_editorGeneration;
    m_runner.submit(
        QStringLiteral("pruning-eval"), this,
        [m, mask](core::JobContext& job) {
            return std::make_shared<const prune::MaskEvaluation>(
                prune::evaluateMask(*m, mask, job));
        },
        [this, generation](std::shared_ptr<const prune::MaskEvaluation> e) {
            if (generation != m_editorGeneration) return;  // a newer edit is on its way
            m_edited = std::move(e);
            emit evaluationReady();
        },
        [this](const QString& message) { emit failed(message); }, Lane::Device,
        tr("Evaluating the mask"));
}

void PruningController::layOut(int layer, int topT) {
    if (!m_model || !m_edited) return;
    auto it = m_edited->coactivation.find(layer);
    if (it == m_edited->coactivation.end()) return;
    const auto lm = m_editor.layers.find(layer);
    const std::vector<int> kept =
        lm == m_editor.layers.end() ? std::vector<int>{} : lm->second.keptIndices();
    const core::moe::Coactivation surviving = survivingCoactivation(it->second, kept);
    const int generation = m_editorGeneration;
    m_runner.submit(
        QStringLiteral("pruning-layout"), this,
        [surviving, topT](core::JobContext& job) { return survivingLayout(surviving, topT, job); },
        [this, layer, generation](std::vector<core::moe::Point> p) {
            if (generation != m_editorGeneration) return;
            m_positions = std::move(p);
            m_layoutLayer = layer;
            emit layoutReady();
        },
        [this](const QString& message) { emit failed(message); }, Lane::Device, tr("Graph layout"));
}

QString PruningController::toggle(int layer, int expert) {
    if (!m_model) return tr("nothing is loaded");
    auto it = m_editor.layers.find(layer);
    if (it == m_editor.layers.end() || expert < 0 || expert >= m_editor.numExperts)
        return tr("layer %1, expert %2 is not in the loaded model").arg(layer).arg(expert);
    prune::LayerMask& lm = it->second;
    if (lm.kept[std::size_t(expert)]) {
        if (lm.keptCount() <= m_editor.topK)
            return tr("layer %1 keeps only k = %2 experts: the router needs k, so expert %3 "
                      "stays")
                .arg(layer)
                .arg(m_editor.topK)
                .arg(expert);
        lm.kept[std::size_t(expert)] = false;
        lm.dropOrder.push_back(expert);
    } else {
        lm.kept[std::size_t(expert)] = true;
        lm.dropOrder.erase(std::remove(lm.dropOrder.begin(), lm.dropOrder.end(), expert),
                           lm.dropOrder.end());
    }
    m_editor.criterion = "manual";
    m_editor.variant.clear();
    m_editor.procedure = "manual";
    m_editorEdited = true;
    ++m_editorGeneration;
    evaluate();
    return {};
}

void PruningController::resetToProcedure() {
    if (!m_model) return;
    m_editor =
        m_analysis && !m_analysis->result.layers.empty() ? m_analysis->result : fullMask(*m_model);
    m_editorEdited = false;
    ++m_editorGeneration;
    evaluate();
}

QString PruningController::setEditorMask(const prune::ExpertMask& mask) {
    if (!m_model) return tr("open a model (the demo, a checkpoint or a trace) before its mask");
    const prune::MoeConfig& cfg = m_model->config();
    if (mask.numExperts != cfg.numExperts)
        return tr("the mask is for %1 experts, the model has %2")
            .arg(mask.numExperts)
            .arg(cfg.numExperts);
    prune::ExpertMask next = fullMask(*m_model);
    for (const auto& [layer, lm] : mask.layers) {
        if (!next.layers.count(layer))
            return tr("the mask has layer %1, which the loaded model does not").arg(layer);
        next.layers[layer] = lm;
    }
    next.criterion = mask.criterion;
    next.variant = mask.variant;
    next.procedure = mask.procedure;
    next.sparsity = mask.sparsity;
    m_editor = std::move(next);
    m_editorEdited = true;
    ++m_editorGeneration;
    evaluate();
    return {};
}

}  // namespace assay::views
