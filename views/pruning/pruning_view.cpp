#include "views/pruning/pruning_view.h"

#include <qcustomplot.h>

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QToolButton>

#include "assay/core/error.h"
#include "assay/prune/moe_checkpoint.h"
#include "views/common/graph_figure.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/job_runner.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_panel.h"
#include "views/common/settings_panel.h"
#include "views/pruning/pruning_controller.h"
#include "views/pruning/pruning_graph.h"
#include "views/pruning/pruning_inputs.h"
#include "views/pruning/pruning_plots.h"
#include "views/pruning/pruning_settings.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
static void initPruningResources() { Q_INIT_RESOURCE(pruning); }

namespace assay::views {

namespace prune = core::prune;
using namespace pruning;

namespace {

QVector<FigureSpec> figureSpecs() {
    const QSize wide(1100, 700);
    return {{QStringLiteral("criteria"), PruningView::tr("Criterion"), wide},
            {QStringLiteral("curve"), PruningView::tr("Curves"), QSize(1000, 720)},
            {QStringLiteral("load"), PruningView::tr("Load"), QSize(1000, 620)},
            {QStringLiteral("criticality"), PruningView::tr("Criticality"), wide},
            {QStringLiteral("agreement"), PruningView::tr("Agreement"), wide},
            {QStringLiteral("graph"), PruningView::tr("Surviving graph"), QSize(1000, 1000)},
            {QStringLiteral("domains"), PruningView::tr("Domains"), QSize(1000, 620)}};
}

}  // namespace

PruningView::PruningView(JobRunner& runner, QWidget* parent)
    : ViewBase(runner, pruning::settingsSpec(), parent),
      m_controller(new PruningController(runner, this)),
      m_graph(new GraphFigure(this)) {
    initPruningResources();
    const QVector<FigureSpec> specs = figureSpecs();
    for (const FigureSpec& s : specs) {
        if (s.id == QLatin1String("graph"))
            figures()->addCustom(s, m_graph, [this](const QString& path, const ExportOptions& o) {
                m_graph->exportTo(path, o);
            });
        else
            figures()->addPlot(s);
    }
    // The mask editor: a click on an expert's cell drops or restores it.
    for (const QString& id : {QStringLiteral("criteria"), QStringLiteral("criticality")}) {
        QCustomPlot* plot = figures()->panel(id)->plot();
        connect(plot, &QCustomPlot::mousePress, this,
                [this, id](QMouseEvent* event) { onCellClicked(id, event->pos()); });
    }
    connect(m_graph, &GraphFigure::nodeClicked, this, [this](int node) {
        const auto& mask = m_controller->editorMask();
        auto it = mask.layers.find(values().get(kLayer));
        if (it == mask.layers.end()) return;
        const std::vector<int> kept = it->second.keptIndices();
        if (node >= 0 && node < int(kept.size())) toggleExpert(it->first, kept[node]);
    });
    figures()->showMessage(tr("Open a checkpoint folder, a routing trace or the demo."));
    guidePanel()->setGuide(loadGuide(QStringLiteral(":/guides/pruning.json")));
    m_maskMenu = makeMaskMenu();
    figures()->setCornerWidget(m_maskMenu, Qt::TopRightCorner);
    layOutStandard();
    controls()->setSectionExpanded(inputSection(), false);
    connect(m_controller, &PruningController::inputLoaded, this, &PruningView::onInputLoaded);
    connect(m_controller, &PruningController::analysisReady, this, [this](qint64 ms) {
        const PruningAnalysis* a = m_controller->analysis();
        if (!a->procedureError.isEmpty())
            log(QStringLiteral("warning"), tr("Pruning: %1").arg(a->procedureError));
        else
            log(QStringLiteral("info"),
                tr("Pruning: %1-%2 %3 at sparsity %4 — %5 ms")
                    .arg(values().get(kVariant) == QLatin1String("min") ? QStringLiteral("Min")
                                                                        : QStringLiteral("Max"),
                         values().get(kCriterion), values().get(kProcedure))
                    .arg(values().get(kSparsity))
                    .arg(ms));
        redraw();
    });
    connect(m_controller, &PruningController::curvesReady, this, &PruningView::redraw);
    connect(m_controller, &PruningController::criticalityReady, this, &PruningView::redraw);
    connect(m_controller, &PruningController::evaluationReady, this, [this] {
        redraw();
        requestLayout();
    });
    connect(m_controller, &PruningController::layoutReady, this, &PruningView::redrawGraph);
    connect(m_controller, &PruningController::failed, this, &PruningView::reportError);
}

PruningView::~PruningView() = default;

QString PruningView::title() const { return tr("Pruning"); }

QToolButton* PruningView::makeMaskMenu() {
    auto* button = new QToolButton(this);
    button->setObjectName(QStringLiteral("pruning-mask-menu"));
    button->setText(tr("Mask ▾"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    menu->addAction(tr("Reset to the procedure's result"), this, &PruningView::resetMask);
    menu->addSeparator();
    menu->addAction(tr("Load mask.json…"), this, [this] {
        const QString p =
            QFileDialog::getOpenFileName(this, tr("Load a mask"), {}, tr("Expert mask (*.json)"));
        if (!p.isEmpty()) loadMask(p);
    });
    menu->addAction(tr("Export mask…"), this, [this] {
        const QString p = QFileDialog::getSaveFileName(
            this, tr("Export the mask"), QStringLiteral("mask.json"), tr("Expert mask (*.json)"));
        if (!p.isEmpty()) exportMask(p);
    });
    menu->addAction(tr("Export pruned checkpoint…"), this, [this] {
        const QString p =
            QFileDialog::getExistingDirectory(this, tr("Folder of the pruned checkpoint"));
        if (!p.isEmpty()) exportCheckpoint(p);
    });
    menu->addSeparator();
    menu->addAction(tr("Open checkpoint folder…"), this, [this] {
        const QString p =
            QFileDialog::getExistingDirectory(this, tr("Hugging Face checkpoint folder"));
        if (!p.isEmpty()) openFile(p);
    });
    menu->addAction(tr("Open routing trace…"), this, [this] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Routing trace"), {},
                                                       tr("Routing trace (*.safetensors)"));
        if (!p.isEmpty()) openFile(p);
    });
    button->setMenu(menu);
    return button;
}

static prune::PruningOpenOptions openOptions(const Settings& v) {
    prune::PruningOpenOptions o;
    for (int l : v.get(kLayers)) o.layers.push_back(l);
    o.heldOutFraction = v.get(kHeldOut);
    o.seed = std::uint64_t(v.get(kSeed));
    return o;
}

void PruningView::loadDemo() {
    log(QStringLiteral("info"), tr("Training the pruning demo MoE (4 layers, 8 experts, top-2, "
                                   "four domains and an instruction-like task)"));
    m_controller->loadDemo(openOptions(values()));
}

void PruningView::loadFile(const QString& path) {
    PruningInput in;
    try {
        in = classifyPruningInput(path, values().get(kCalib));
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    switch (in.kind) {
        case PruningInput::Mask:
            return loadMask(in.path);
        case PruningInput::Trace:
            return m_controller->loadTrace(in.path, openOptions(values()));
        case PruningInput::Checkpoint:
            if (in.calibration != values().get(kCalib) && !in.calibrationFound)
                adjustValues({{QLatin1String(kCalib.key), in.calibration}});
            return m_controller->loadCheckpoint(in.path, in.calibration, openOptions(values()));
    }
}

void PruningView::onInputLoaded(const ViewInput& input) {
    const prune::PruningModel& m = *m_controller->model();
    // Criteria the input cannot give (a trace has no weights; gradients need a loss) are greyed
    // out with the reason; the default moves to one it can.
    QString firstAvailable;
    for (prune::Criterion c : prune::allCriteria()) {
        const QString name = QString::fromLatin1(prune::criterionName(c));
        const bool ok = m.unavailableReason(c).empty();
        controls()->setChoiceEnabled(QLatin1String(kCriterion.key), name, ok);
        if (ok && firstAvailable.isEmpty()) firstAvailable = name;
    }
    const QString chosen = values().get(kCriterion);
    const std::string why = m.unavailableReason(prune::criterionFromName(chosen.toStdString()));
    if (!why.empty() && !firstAvailable.isEmpty()) {
        const QString next = m.unavailableReason(prune::Criterion::EUF).empty()
                                 ? QStringLiteral("EUF")
                                 : firstAvailable;
        log(QStringLiteral("info"), tr("Pruning: %1 is not available here (%2); using %3")
                                        .arg(chosen, QString::fromStdString(why), next));
        adjustValues({{QLatin1String(kCriterion.key), next}});
    }
    const bool demo = m.source() == prune::PruningSource::Demo;
    controls()->setChoiceEnabled(QLatin1String(kProcedure.key), QStringLiteral("lottery"), demo);
    if (!demo && values().get(kProcedure) == QLatin1String("lottery"))
        adjustValues({{QLatin1String(kProcedure.key), QStringLiteral("iterative")}});
    setInput(input);
}

bool PruningView::hasResult() const { return m_controller->analysis() != nullptr; }

void PruningView::recompute(Stage from, const QStringList& changed) {
    if (from != Stage::Figure) {
        const Settings& v = values();
        prune::ProcedureSpec spec;
        spec.criterion = prune::criterionFromName(v.get(kCriterion).toStdString());
        spec.variant = prune::variantFromName(v.get(kVariant).toStdString());
        spec.procedure = prune::procedureFromName(v.get(kProcedure).toStdString());
        spec.sparsity = v.get(kSparsity);
        spec.seed = std::uint64_t(v.get(kSeed));
        const bool curves = !m_controller->curves() ||
                            changed.contains(QLatin1String(kCriterion.key)) ||
                            changed.contains(QLatin1String(kVariant.key)) ||
                            changed.contains(QLatin1String(kCompare.key));
        m_controller->analyse(spec, comparedCriteria(v.get(kCompare), v.get(kCriterion)), curves);
        return;
    }
    redraw();
    requestLayout();
}

QString PruningView::toggleExpert(int layer, int expert) {
    const QString why = m_controller->toggle(layer, expert);
    if (!why.isEmpty())
        reportError(tr("Pruning: %1").arg(why));
    else
        redraw();  // the crosses move at once; the numbers follow when the evaluation is back
    return why;
}

void PruningView::resetMask() {
    m_controller->resetToProcedure();
    redraw();
}

void PruningView::onCellClicked(const QString& figure, const QPoint& pixel) {
    if (!m_controller->model()) return;
    const auto [layer, expert] = heatmapCellAt(figures()->panel(figure)->plot(), pixel);
    if (layer >= 0 && expert >= 0) toggleExpert(layer, expert);
}

void PruningView::loadMask(const QString& path) {
    try {
        const prune::ExpertMask mask = prune::readExpertMask(path.toStdString());
        if (const QString why = m_controller->setEditorMask(mask); !why.isEmpty())
            return reportError(tr("%1: %2").arg(QFileInfo(path).fileName(), why));
        log(QStringLiteral("info"), tr("Pruning: the editor holds the mask of %1").arg(path));
        redraw();
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

bool PruningView::exportMask(const QString& path) {
    if (!m_controller->model()) {
        reportError(tr("Pruning: nothing to export: open data or the demo first"));
        return false;
    }
    try {
        prune::writeExpertMask(m_controller->editorMask(), path.toStdString());
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return false;
    }
    log(QStringLiteral("info"), tr("Exported the mask to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool PruningView::exportCheckpoint(const QString& dir) {
    const prune::PruningModel* m = m_controller->model();
    if (!m || m->source() != prune::PruningSource::Checkpoint) {
        reportError(
            tr("Pruning: a pruned checkpoint needs a checkpoint folder as input (the "
               "demo and traces have none); the mask exports as mask.json"));
        return false;
    }
    const prune::ExpertMask mask = m_controller->editorMask();
    if (const QString why = checkpointExportRefusal(*m, mask); !why.isEmpty()) {
        reportError(tr("Pruning: %1").arg(why));
        return false;
    }
    const std::string from = m_controller->opened().checkpoint.toStdString(),
                      to = dir.toStdString();
    runner().submit(
        QStringLiteral("pruning-export"), this,
        [from, to, mask](core::JobContext& job) {
            prune::MoeCheckpoint::open(from).exportPruned(mask, to, job);
        },
        [this, dir] {
            log(QStringLiteral("info"),
                tr("Wrote the pruned checkpoint to %1").arg(QDir::toNativeSeparators(dir)));
        },
        [this](const QString& message) { reportError(message); }, Lane::Io,
        tr("Exporting the pruned checkpoint"));
    return true;
}

void PruningView::redraw() {
    const prune::PruningModel* m = m_controller->model();
    if (!m) return;
    const Theme t = theme();
    const Settings& v = values();
    const int n = m->config().numExperts, layer = v.get(kLayer);
    const PruningAnalysis* a = m_controller->analysis();
    const prune::ExpertMask& editor = m_controller->editorMask();
    FigureTabs* f = figures();
    // Criterion explorer.
    QCustomPlot* criteria = f->panel(QStringLiteral("criteria"))->plot();
    if (!a)
        plotMessage(criteria, tr("Computing the criterion…"));
    else if (!a->values.unavailable.empty())
        plotMessage(criteria,
                    tr("%1 is not available for this input: %2")
                        .arg(v.get(kCriterion), QString::fromStdString(a->values.unavailable)));
    else {
        CriteriaFigure cf;
        cf.values = &a->values;
        cf.layers = m->layers();
        cf.experts = n;
        cf.editor = &editor;
        cf.rank = v.get(kScale) == QLatin1String("rank");
        const prune::ExpertMask full = prune::ExpertMask::full(n, m->config().topK, m->layers());
        for (int l : m->layers())
            cf.drops[l] = {prune::expertToDrop(a->values, l, prune::Variant::Min, full.layers.at(l),
                                               m_controller->usage(l)),
                           prune::expertToDrop(a->values, l, prune::Variant::Max, full.layers.at(l),
                                               m_controller->usage(l))};
        plotCriteria(criteria, cf, t);
    }
    // Curves.
    QCustomPlot* curve = f->panel(QStringLiteral("curve"))->plot();
    QString metric = v.get(kCurveMetric);
    if (metric == QLatin1String("auto"))
        metric = m->hasTaskLoss() ? QStringLiteral("loss") : QStringLiteral("error");
    if (!m->hasWeights() && !m->hasTaskLoss())
        plotMessage(curve, tr("Curves need an error to plot: expert weights (a checkpoint) or the "
                              "demo's task; a routing trace has neither."));
    else if (const PruningCurves* c = m_controller->curves(); !c)
        plotMessage(curve, tr("Computing the curves…"));
    else if (c->curves.empty())
        plotMessage(curve, tr("No curve: %1").arg(c->skipped.join(QStringLiteral("; "))));
    else
        plotCurves(curve, c->curves, metric, n, v.get(kSparsity), c->skipped, t);
    // Load before / after and per-domain accuracy.
    const prune::MaskEvaluation* before = m_controller->fullEvaluation();
    const prune::MaskEvaluation* after = m_controller->editorEvaluation();
    QCustomPlot* load = f->panel(QStringLiteral("load"))->plot();
    if (before && after && before->hasLoad)
        plotLoad(load, layer, *before, *after, t);
    else
        plotMessage(load, tr("No load: this input cannot route tokens."));
    QCustomPlot* domains = f->panel(QStringLiteral("domains"))->plot();
    if (before && after && before->hasTask)
        plotDomains(domains, m->domainNames(), *before, *after, t);
    else
        plotMessage(domains, tr("Per-domain accuracy needs the demo's task."));
    // Criticality and agreement.
    QCustomPlot* crit = f->panel(QStringLiteral("criticality"))->plot();
    if (const auto* map = m_controller->criticality())
        plotCriticality(
            crit, *map, editor, m->hasTaskLoss() ? tr("task loss") : tr("relative error"),
            before ? (m->hasTaskLoss() ? before->taskLoss : before->meanRelativeError) : 0, t);
    else
        plotMessage(crit, m_controller->criticalityError().isEmpty()
                              ? tr("Computing the criticality map…")
                              : m_controller->criticalityError());
    QCustomPlot* agree = f->panel(QStringLiteral("agreement"))->plot();
    if (a && !a->oneShot.layers.empty() && !a->iterative.layers.empty())
        plotAgreement(agree, prune::agreementGrid(a->oneShot, a->iterative), n,
                      tr("%1-%2 at sparsity %3: one-shot vs iterative drop decisions")
                          .arg(v.get(kVariant) == QLatin1String("min") ? QStringLiteral("Min")
                                                                       : QStringLiteral("Max"),
                               v.get(kCriterion))
                          .arg(v.get(kSparsity)),
                      t);
    else
        plotMessage(agree, a ? a->procedureError : tr("Computing the procedures…"));
    f->setTheme(t);
    figuresUpdated();
}

void PruningView::requestLayout() {
    m_controller->layOut(values().get(kLayer), values().get(kTopT));
}

void PruningView::redrawGraph() {
    const prune::MaskEvaluation* e = m_controller->editorEvaluation();
    const int layer = values().get(kLayer);
    if (!e || m_controller->layoutLayer() != layer) return;
    auto c = e->coactivation.find(layer);
    auto lm = m_controller->editorMask().layers.find(layer);
    if (c == e->coactivation.end() || lm == m_controller->editorMask().layers.end()) return;
    m_graph->setTheme(theme());
    m_graph->setScene(survivingGraph(c->second, lm->second.keptIndices(), m_controller->positions(),
                                     layer, values().get(kTopT)),
                      true);
    figuresUpdated();
}

QString PruningView::figureUnavailable(const QString& id) const {
    if (QString why = ViewBase::figureUnavailable(id); !why.isEmpty()) return why;
    const prune::PruningModel* m = m_controller->model();
    const PruningAnalysis* a = m_controller->analysis();
    const QString criterion = values().get(kCriterion);
    if (id == QLatin1String("criteria") && !a->values.unavailable.empty())
        return tr("'criteria': %1 is not available: %2")
            .arg(criterion, QString::fromStdString(a->values.unavailable));
    if (id == QLatin1String("agreement") &&
        (a->oneShot.layers.empty() || a->iterative.layers.empty()))
        return tr("'agreement': %1").arg(a->procedureError);
    if (id == QLatin1String("curve") && m && !m->hasWeights() && !m->hasTaskLoss())
        return tr(
            "'curve' needs expert weights (a checkpoint) or the demo's task: a routing "
            "trace gives no error to plot");
    if (id == QLatin1String("curve") &&
        (!m_controller->curves() || m_controller->curves()->curves.empty()))
        return tr("'curve': no criterion of the comparison can be computed here");
    const prune::MaskEvaluation* e = m_controller->fullEvaluation();
    if ((id == QLatin1String("load") || id == QLatin1String("graph")) && (!e || !e->hasLoad))
        return tr("'%1' needs routing: a trace with router logits, a checkpoint or the demo")
            .arg(id);
    if ((id == QLatin1String("load") || id == QLatin1String("graph")) &&
        !e->load.count(values().get(kLayer)))
        return tr("'%1': layer %2 is not one of the loaded MoE layers")
            .arg(id)
            .arg(values().get(kLayer));
    if (id == QLatin1String("domains") && (!m || !m->hasTaskLoss()))
        return tr("'domains' needs the demo's task (per-domain accuracy)");
    if (id == QLatin1String("criticality") && !m_controller->criticality())
        return tr("'criticality': %1")
            .arg(m_controller->criticalityError().isEmpty() ? tr("not computed yet")
                                                            : m_controller->criticalityError());
    return {};
}

ViewEntry pruningViewEntry() {
    return makeViewEntry<PruningView>(
        QStringLiteral("pruning"), PruningView::tr("Pruning"),
        QStringLiteral(":/icons/pruning.svg"), pruning::settingsSpec(), figureSpecs(),
        opensPruningInput,
        {{QStringLiteral("checkpoint"),
          PruningView::tr("a Hugging Face MoE folder: config.json + safetensors")},
         {QStringLiteral("calibration"),
          PruningView::tr("hidden states: layers.{l}.hidden [T,d] or hidden [L,T,d]")},
         {QStringLiteral("target"), PruningView::tr("layers.{l}.target [T,d] (gradient criteria)")},
         {QStringLiteral("mask"), PruningView::tr("mask.json of assay-run prune or the editor")}});
}

}  // namespace assay::views
