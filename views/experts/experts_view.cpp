#include "views/experts/experts_view.h"

#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QToolButton>

#include "assay/moe/collaboration_export.h"
#include "views/common/expert_graph.h"
#include "views/common/graph_figure.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_panel.h"
#include "views/common/settings_panel.h"
#include "views/experts/experts_controller.h"
#include "views/experts/experts_plots.h"
#include "views/experts/experts_settings.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
static void initExpertsResources() { Q_INIT_RESOURCE(experts); }

namespace assay::views {

namespace moe = core::moe;
using namespace experts;

namespace {

QVector<FigureSpec> figureSpecs() {
    const QSize wide(1300, 620);
    return {{QStringLiteral("graph"), ExpertsView::tr("Expert graph"), QSize(1000, 1000)},
            {QStringLiteral("heatmap"), ExpertsView::tr("Co-activation"), wide},
            {QStringLiteral("entropy"), ExpertsView::tr("Partner entropy"), wide},
            {QStringLiteral("comm"), ExpertsView::tr("All-to-all volume"), wide},
            {QStringLiteral("tsweep"), ExpertsView::tr("T sweep"), wide},
            {QStringLiteral("domains"), ExpertsView::tr("Domains"), wide}};
}

// A routing trace (layers.{l}.topk_idx or .router_logits) or collaboration matrices (a
// "collaboration" tensor, or a file's only tensor of rank 2 or 3). Other layers.* tensors
// (hidden states layers.{l}.hidden) are not a trace.
bool opensFile(const FileContents& file) {
    auto endsWith = [](const std::string& s, const std::string& end) {
        return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
    };
    for (const auto& t : file.tensors)
        if (t.name.rfind("layers.", 0) == 0 &&
            (endsWith(t.name, ".topk_idx") || endsWith(t.name, ".router_logits")))
            return true;
    // assay-run coactivation's result has usage beside the counts; a shard's partial result has
    // the counts alone (it opens nowhere: merge the parts first).
    for (const auto& t : file.tensors)
        if (t.name.rfind("layers.", 0) == 0 && endsWith(t.name, ".coactivation") &&
            file.find(t.name.substr(0, t.name.size() - 12) + "usage"))
            return true;
    if (file.find("collaboration")) return true;
    if (file.tensors.size() != 1) return false;
    const std::vector<std::int64_t>& shape = file.tensors.front().shape;
    return (shape.size() == 2 || shape.size() == 3) &&
           shape[shape.size() - 1] == shape[shape.size() - 2];
}

}  // namespace

ExpertsView::ExpertsView(JobRunner& runner, QWidget* parent)
    : ViewBase(runner, experts::settingsSpec(), parent),
      m_controller(new ExpertsController(runner, this)),
      m_graph(new GraphFigure(this)) {
    initExpertsResources();
    const QVector<FigureSpec> specs = figureSpecs();
    figures()->addCustom(specs[0], m_graph, [this](const QString& path, const ExportOptions& o) {
        m_graph->exportTo(path, o);
    });
    for (int i = 1; i < specs.size(); ++i) figures()->addPlot(specs[i]);
    figures()->showMessage(tr("Open a routing trace or the demo."));
    guidePanel()->setGuide(loadGuide(QStringLiteral(":/guides/experts.json")));
    // Every layer's P(j | i) and entropy in one file (CSV or safetensors), beside the tabs.
    m_exportAll = new QToolButton(this);
    m_exportAll->setObjectName(QStringLiteral("export-all-layers"));
    m_exportAll->setText(tr("Export all layers…"));
    m_exportAll->setToolTip(
        tr("P(j | i) and partner entropy of every layer, as CSV or "
           "safetensors (also: assay-run c2r --collab FILE --export OUT)"));
    m_exportAll->setEnabled(false);
    connect(m_exportAll, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export all layers"), QStringLiteral("all_layers.csv"),
            tr("CSV (*.csv);;safetensors (*.safetensors)"));
        if (!path.isEmpty()) exportAllLayers(path);
    });
    figures()->setCornerWidget(m_exportAll, Qt::TopRightCorner);
    layOutStandard();
    // The communication model's four numbers matter for the volume estimates only: folded.
    controls()->setSectionExpanded(commSection(), false);
    connect(m_controller, &ExpertsController::inputLoaded, this, &ExpertsView::setInput);
    connect(m_controller, &ExpertsController::resultReady, this, &ExpertsView::onResultReady);
    connect(m_controller, &ExpertsController::layoutReady, this, [this](bool partial) {
        m_layoutSettling = partial;
        redrawGraph(true);
    });
    connect(m_controller, &ExpertsController::failed, this, &ExpertsView::reportError);
    connect(m_graph, &GraphFigure::nodeClicked, this, &ExpertsView::selectExpert);
}

ExpertsView::~ExpertsView() = default;

QString ExpertsView::title() const { return tr("Experts"); }

void ExpertsView::loadDemo() {
    log(QStringLiteral("info"),
        tr("Training the demo MoE (2 layers, 16 experts, top-2, 4 domains, seed 7)"));
    m_controller->loadDemo();
}

void ExpertsView::loadFile(const QString& path) { m_controller->loadFile(path); }

bool ExpertsView::hasResult() const { return m_controller->analysis() != nullptr; }

bool ExpertsView::exportAllLayers(const QString& path) {
    const moe::ExpertsAnalysis* a = m_controller->analysis();
    if (!a) return false;
    std::vector<moe::Coactivation> layers;
    for (const moe::LayerAnalysis& l : a->layers) layers.push_back(l.vanilla);
    QJsonObject meta;
    for (auto it = figures()->provenance().cbegin(); it != figures()->provenance().cend(); ++it)
        meta.insert(it.key(), it.value());
    try {
        moe::exportAllLayers(
            layers, path.toStdString(),
            {{"assay", QJsonDocument(meta).toJson(QJsonDocument::Compact).toStdString()}});
    } catch (const std::exception& e) {
        reportError(QString::fromUtf8(e.what()));
        return false;
    }
    log(QStringLiteral("info"),
        tr("Wrote P(j | i) and entropy of %1 layers to %2").arg(layers.size()).arg(path));
    return true;
}

void ExpertsView::selectExpert(int expert) {
    applySettings({{QLatin1String(kSelected.key), expert}});
}

void ExpertsView::recompute(Stage from, const QStringList& changed) {
    if (from != Stage::Figure) {
        const Settings& v = values();
        moe::ExpertsParams p;
        p.topT = v.get(kTopT);
        p.routing.variant = moe::c2rVariantFromName(v.get(kVariant).toStdString());
        p.devices = v.get(kDevices);
        p.placement = moe::placementMethodFromName(v.get(kPlacement).toStdString());
        p.comm.hidden = v.get(kHidden);
        p.comm.elementBytes = v.get(kBytes);
        p.comm.bandwidthGBps = v.get(kBandwidth);
        p.comm.latencyUs = v.get(kLatency);
        m_controller->analyse(p);
        return;
    }
    if (changed.contains(QLatin1String(kLayer.key)) ||
        changed.contains(QLatin1String(kLayout.key)) ||
        changed.contains(QLatin1String(kEdgeWeight.key)))
        layOut();
    controls()->setControlEnabled(QLatin1String(kThreshold.key),
                                  values().get(kEdges) == QLatin1String("threshold"));
    redrawPlots();
    redrawGraph(false);
}

void ExpertsView::onResultReady(qint64 ms) {
    log(QStringLiteral("info"), tr("Experts: Top-T = %1, %2 devices, C2R %3 — %4 ms")
                                    .arg(values().get(kTopT))
                                    .arg(values().get(kDevices))
                                    .arg(values().get(kVariant))
                                    .arg(ms));
    m_exportAll->setEnabled(true);
    controls()->setControlEnabled(QLatin1String(kThreshold.key),
                                  values().get(kEdges) == QLatin1String("threshold"));
    redrawPlots();
    layOut();
}

void ExpertsView::layOut() {
    const QString layout = values().get(kLayout);
    m_controller->layOut(values().get(kLayer),
                         layout == QLatin1String("circular")  ? ExpertsLayout::Circular
                         : layout == QLatin1String("grouped") ? ExpertsLayout::Grouped
                                                              : ExpertsLayout::Force,
                         moe::edgeWeightFromName(values().get(kEdgeWeight).toStdString()),
                         values().get(kTopT));
}

void ExpertsView::redrawPlots() {
    const moe::ExpertsAnalysis* a = m_controller->analysis();
    if (!a) return;
    const int layer = values().get(kLayer);
    const QString how = values().get(kNormalise);
    const double colourMax = values().get(kColourMax);
    if (m_controller->analysisGeneration() == m_shownGeneration && layer == m_shownLayer &&
        how == m_shownNormalise && colourMax == m_shownColourMax)
        return;  // graph-only edits (edges, threshold, colour, selection) leave the plots as they
                 // are
    m_shownGeneration = m_controller->analysisGeneration();
    m_shownLayer = layer;
    m_shownNormalise = how;
    m_shownColourMax = colourMax;
    const Theme t = theme();
    FigureTabs* f = figures();
    plotCoactivation(f->panel(QStringLiteral("heatmap"))->plot(), *a, layer,
                     moe::normalisationFromName(how.toStdString()), t, colourMax);
    plotEntropy(f->panel(QStringLiteral("entropy"))->plot(), *a, t);
    plotCommunication(f->panel(QStringLiteral("comm"))->plot(), *a, t);
    plotTSweep(f->panel(QStringLiteral("tsweep"))->plot(), *a, t);
    plotDomains(f->panel(QStringLiteral("domains"))->plot(), *a, layer, t);
    f->setTheme(t);
    figuresUpdated();
}

void ExpertsView::redrawGraph(bool resetView) {
    const moe::ExpertsAnalysis* a = m_controller->analysis();
    if (!a || m_controller->layoutLayer() != values().get(kLayer))
        return;  // its layout is on the way
    ExpertsGraphOptions o;
    o.layer = values().get(kLayer);
    o.edges = values().get(kEdges);
    o.weight = values().get(kEdgeWeight);
    o.threshold = values().get(kThreshold);
    o.colour = values().get(kColour);
    o.selected = values().get(kSelected);
    GraphScene scene = buildExpertsGraph(*a, m_controller->positions(), o);
    if (m_layoutSettling) scene.legend += tr(" · layout settling…");  // a partial result, said so
    m_graph->setScene(scene, resetView);
    figuresUpdated();
}

void ExpertsView::onThemeChanged() {
    m_shownGeneration = -1;  // the plot functions pick colours by theme: draw again
    m_graph->setTheme(theme());
    redrawPlots();
}

QString ExpertsView::figureUnavailable(const QString& id) const {
    if (QString why = ViewBase::figureUnavailable(id); !why.isEmpty()) return why;
    const moe::ExpertsAnalysis* a = m_controller->analysis();
    if ((id == QLatin1String("comm") || id == QLatin1String("tsweep")) && !a->hasC2r)
        return tr("'%1' needs router logits in the trace (C2R re-routes from them)").arg(id);
    if (id == QLatin1String("comm") && a->c2r.communication.empty())
        return tr("'comm' needs devices G >= 1");
    if (id == QLatin1String("domains") && (a->layers.empty() || a->layers[0].domains.domains == 0))
        return tr("'domains' needs a domain tensor in the trace");
    return {};
}

ViewEntry expertsViewEntry() {
    return makeViewEntry<ExpertsView>(QStringLiteral("experts"), ExpertsView::tr("Experts"),
                                      QStringLiteral(":/icons/experts.svg"),
                                      experts::settingsSpec(), figureSpecs(), opensFile);
}

}  // namespace assay::views
