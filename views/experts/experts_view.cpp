#include "views/experts/experts_view.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include "assay/core/error.h"
#include "views/common/graph_canvas.h"
#include "views/common/guide.h"
#include "views/common/guide_panel.h"
#include "views/common/view_registry.h"
#include "views/experts/experts_controller.h"
#include "views/experts/experts_controls.h"
#include "views/experts/experts_figures.h"
#include "views/experts/experts_graph.h"

// Q_INIT_RESOURCE declares its function in the enclosing namespace: call it from the global one.
static void initExpertsResources() { Q_INIT_RESOURCE(experts); }

namespace assay::views {

namespace moe = core::moe;

ExpertsView::ExpertsView(JobRunner& runner, QWidget* parent)
    : ViewBase(parent),
      m_controller(new ExpertsController(runner, this)),
      m_controls(new ExpertsControls(this)),
      m_figures(new ExpertsFigures(this)),
      m_guide(new GuidePanel(this)) {
    initExpertsResources();
    layOutStandard(m_controls, m_guide, m_figures);

    m_guide->setGuide(loadGuide(QStringLiteral(":/guides/experts.json")));
    connect(m_guide, &GuidePanel::stepActivated, this, [this](int, const QVariantMap& s) { applySettings(s); });
    connect(m_controls, &ExpertsControls::edited, this, &ExpertsView::onEdited);
    connect(m_controller, &ExpertsController::traceLoaded, this, [this] {
        const ExpertsController::Shape& shape = m_controller->shape();
        m_controls->setTraceShape(shape.layers, shape.experts, shape.topK, shape.domains, shape.logits);
        m_controls->setSummary(shape.summary);
        if (m_selected >= shape.experts) m_selected = -1;  // a selection restored from a session stays
    });
    connect(m_controller, &ExpertsController::analysisReady, this, [this] { redraw(false); });
    connect(m_controller, &ExpertsController::layoutReady, this, [this] { redraw(true); });
    connect(m_controller, &ExpertsController::logMessage, this, &ViewBase::logMessage);
    connect(m_controller, &ExpertsController::errorOccurred, this, &ViewBase::errorOccurred);
    connect(m_controller, &ExpertsController::busyChanged, this, &ViewBase::busyChanged);
    if (GraphCanvas* canvas = m_figures->canvas())
        connect(canvas, &GraphCanvas::nodeClicked, this, &ExpertsView::selectExpert);
}

ExpertsView::~ExpertsView() = default;

QString ExpertsView::title() const { return tr("Experts"); }
QIcon ExpertsView::icon() const { return QIcon(QStringLiteral(":/icons/experts.svg")); }

void ExpertsView::openDemo() {
    m_controller->loadDemo();
    m_guide->goToStep(0);
}

void ExpertsView::openFile(const QString& path) { m_controller->loadFile(path); }

QStringList ExpertsView::figureIds() const { return ExpertsFigures::ids(); }

void ExpertsView::exportFigure(const QString& id, const QString& path, const ExportOptions& options) {
    if (!ExpertsFigures::ids().contains(id))
        throw core::ParameterError("figure", "'" + id.toStdString() + "' is not an Experts figure (expected " +
                                                 ExpertsFigures::ids().join(", ").toStdString() + ")");
    if (const QString why = figureUnavailable(id); !why.isEmpty()) throw core::ParameterError("figure", why.toStdString());
    ExportOptions sized = options;
    if (sized.widthPx <= 0 && sized.widthCm <= 0 && !m_figures->isVisible()) {
        sized.widthPx = id == QLatin1String("graph") ? 1000 : 1300;  // headless: a paper size
        sized.heightPx = id == QLatin1String("graph") ? 1000 : 620;
    }
    const Theme shown = m_theme;
    const bool retheme = sized.theme && *sized.theme != shown;
    if (retheme) setTheme(*sized.theme);
    try {
        m_figures->exportFigure(id, path, sized);
    } catch (...) {
        if (retheme) setTheme(shown);
        throw;
    }
    if (retheme) setTheme(shown);
    emit logMessage("info", tr("Exported %1 to %2").arg(id, path));
}

QString ExpertsView::figureUnavailable(const QString& id) const {
    const moe::ExpertsAnalysis* a = m_controller->analysis();
    if (!a) return tr("nothing computed yet: open a routing trace or the demo first");
    if ((id == QLatin1String("comm") || id == QLatin1String("tsweep")) && !a->hasC2r)
        return tr("'%1' needs router logits in the trace (C2R re-routes from them)").arg(id);
    if (id == QLatin1String("comm") && a->c2r.communication.empty())
        return tr("'comm' needs devices G >= 1");
    if (id == QLatin1String("domains") && (a->layers.empty() || a->layers[0].domains.domains == 0))
        return tr("'domains' needs a domain tensor in the trace");
    return {};
}

void ExpertsView::applySettings(const QVariantMap& settings) {
    QVariantMap controls = settings;
    for (const char* key : {"figure", "selected"}) controls.remove(key);
    if (!controls.isEmpty()) m_controls->setValues(controls);
    if (settings.contains("selected")) selectExpert(settings.value("selected").toInt());
    if (settings.contains("figure")) m_figures->setCurrentFigure(settings.value("figure").toString());
}

QVariantMap ExpertsView::settings() const {
    QVariantMap s = m_controls->values();
    s.insert("figure", m_figures->currentFigure());
    s.insert("selected", m_selected);
    return s;
}

void ExpertsView::selectExpert(int expert) {
    m_selected = expert;
    redraw(false);
}

void ExpertsView::onEdited() {
    const QVariantMap v = m_controls->values();
    moe::ExpertsParams p;
    p.topT = v.value("topT").toInt();
    p.routing.variant = moe::c2rVariantFromName(v.value("variant").toString().toStdString());
    p.devices = v.value("devices").toInt();
    p.placement = moe::placementMethodFromName(v.value("placement").toString().toStdString());
    p.comm.hidden = v.value("hidden").toInt();
    p.comm.elementBytes = v.value("bytes").toInt();
    p.comm.bandwidthGBps = v.value("bandwidth").toDouble();
    p.comm.latencyUs = v.value("latency").toDouble();
    m_controller->setParams(p);
    const QString layout = v.value("layout").toString();
    m_controller->setLayout(v.value("layer").toInt(), layout == QLatin1String("circular") ? ExpertsLayout::Circular
                                                     : layout == QLatin1String("grouped") ? ExpertsLayout::Grouped
                                                                                          : ExpertsLayout::Force);
    redraw(false);  // display-only choices (normalisation, edges, colour) apply at once
}

void ExpertsView::redraw(bool resetView) {
    const moe::ExpertsAnalysis* a = m_controller->analysis();
    if (!a) return;
    const QVariantMap v = m_controls->values();
    const int layer = std::clamp(v.value("layer").toInt(), 0, int(a->layers.size()) - 1);
    m_figures->showAnalysis(*a, m_controller->analysisGeneration(), layer, moe::normalisationFromName(v.value("normalisation").toString().toStdString()));
    if (m_controller->layoutLayer() == layer || m_controller->positions().empty()) {
        ExpertsGraphOptions o;
        o.layer = layer;
        o.edges = v.value("edges").toString();
        o.threshold = v.value("threshold").toDouble();
        o.colour = v.value("colour").toString();
        o.selected = m_selected;
        m_figures->showGraph(buildExpertsGraph(*a, m_controller->positions(), o), resetView);
    }
    QMap<QString, QString> provenance;
    provenance.insert("assay:analysis", "experts");
    provenance.insert("assay:input", m_controller->isDemo() ? QStringLiteral("demo (seed 7)") : m_controller->inputPath());
    QStringList params;
    for (auto it = v.begin(); it != v.end(); ++it) params << it.key() + "=" + it.value().toString();
    provenance.insert("assay:parameters", params.join(QStringLiteral("; ")));
    m_figures->setProvenance(provenance);
}

QJsonObject ExpertsView::saveState(const QDir& sessionDir) const {
    QJsonObject o;
    o["settings"] = QJsonObject::fromVariantMap(settings());
    o["demo"] = m_controller->isDemo();
    if (!m_controller->inputPath().isEmpty()) o["input"] = sessionDir.relativeFilePath(m_controller->inputPath());
    return o;
}

void ExpertsView::restoreState(const QJsonObject& state, const QDir& sessionDir) {
    applySettings(state.value("settings").toObject().toVariantMap());
    if (state.value("demo").toBool()) m_controller->loadDemo();
    else if (state.contains("input")) openFile(QDir::cleanPath(sessionDir.absoluteFilePath(state.value("input").toString())));
}

void ExpertsView::setTheme(Theme theme) {
    m_theme = theme;
    m_figures->setTheme(theme);
    redraw(false);
}

bool ExpertsView::isBusy() const { return m_controller->isBusy(); }


void registerExpertsView(ViewRegistry& registry) {
    registry.registerView({QStringLiteral("experts"), ExpertsView::tr("Experts"), QIcon(QStringLiteral(":/icons/experts.svg")),
                           [](JobRunner& runner, QWidget* parent) { return new ExpertsView(runner, parent); }});
}

}  // namespace assay::views
