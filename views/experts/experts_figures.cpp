#include "views/experts/experts_figures.h"

#include <QGuiApplication>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

#include "assay/core/error.h"
#include "views/common/graph_canvas.h"
#include "views/common/graph_painter.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_panel.h"
#include "views/experts/experts_plots.h"

namespace assay::views {

namespace {

// Qt's offscreen and minimal platforms have no OpenGL widgets (assay render, plain test runs).
bool openGlWidgetsAvailable() {
    const QString p = QGuiApplication::platformName();
    return p != QLatin1String("offscreen") && p != QLatin1String("minimal");
}

}  // namespace

ExpertsFigures::ExpertsFigures(QWidget* parent) : QTabWidget(parent) {
    setDocumentMode(true);
    if (openGlWidgetsAvailable()) {
        m_canvas = new GraphCanvas(this);
        m_canvas->setObjectName(QStringLiteral("graph"));
        addTab(m_canvas, tr("Expert graph"));
    } else {
        // No OpenGL (offscreen, minimal): the same prepared scene, painted as a still picture.
        m_still = new QLabel(tr("The interactive graph needs OpenGL; its exports work without it."), this);
        m_still->setObjectName(QStringLiteral("graph"));
        m_still->setAlignment(Qt::AlignCenter);
        addTab(m_still, tr("Expert graph"));
    }
    const QStringList titles = {tr("Co-activation"), tr("Partner entropy"), tr("All-to-all volume"),
                                tr("T sweep"), tr("Domains")};
    const QStringList plotIds = ids().mid(1);
    for (int i = 0; i < plotIds.size(); ++i) {
        auto* p = new PlotPanel(titles[i], this);
        p->setObjectName(plotIds[i]);
        m_panels.insert(plotIds[i], p);
        addTab(p, titles[i]);
        plotMessage(p->plot(), tr("Open a routing trace or the demo."));
    }
}

QStringList ExpertsFigures::ids() {
    return {QStringLiteral("graph"), QStringLiteral("heatmap"), QStringLiteral("entropy"),
            QStringLiteral("comm"), QStringLiteral("tsweep"), QStringLiteral("domains")};
}

PlotPanel* ExpertsFigures::panel(const QString& id) const { return m_panels.value(id, nullptr); }

void ExpertsFigures::showAnalysis(const core::moe::ExpertsAnalysis& a, int generation, int layer,
                                  core::moe::Normalisation how) {
    // Graph-only edits (edges, threshold, colour, selection) leave these five figures as they are.
    if (generation == m_shownGeneration && layer == m_shownLayer && how == m_shownHow) return;
    m_shownGeneration = generation;
    m_shownLayer = layer;
    m_shownHow = how;
    plotCoactivation(panel("heatmap")->plot(), a, layer, how, m_theme);
    plotEntropy(panel("entropy")->plot(), a, m_theme);
    plotCommunication(panel("comm")->plot(), a, m_theme);
    plotTSweep(panel("tsweep")->plot(), a, m_theme);
    plotDomains(panel("domains")->plot(), a, layer, m_theme);
    for (PlotPanel* p : m_panels) p->setTheme(m_theme);
}

void ExpertsFigures::showGraph(const GraphScene& scene, bool resetView) {
    m_scene = scene;
    if (m_canvas) m_canvas->setScene(scene, resetView);
    if (m_still) {
        QSize size = m_still->size();
        if (size.width() < 200 || size.height() < 200) size = QSize(900, 700);
        QPixmap picture(size);
        QPainter painter(&picture);
        paintGraph(painter, scene, QRectF(QPointF(0, 0), QSizeF(size)), m_theme);
        painter.end();
        m_still->setPixmap(picture);
    }
}

GraphScene ExpertsFigures::graphScene() const { return m_canvas ? m_canvas->scene() : m_scene; }

void ExpertsFigures::exportFigure(const QString& id, const QString& path, const ExportOptions& options) {
    if (id == QLatin1String("graph")) {
        ExportOptions o = options;
        if (o.provenance.isEmpty()) o.provenance = m_provenance;
        exportGraph(graphScene(), path, o, QSize(900, 900), m_theme);
        return;
    }
    PlotPanel* p = panel(id);
    if (!p)
        throw core::ParameterError("figure", "'" + id.toStdString() + "' is not an Experts figure (expected " +
                                                 ids().join(", ").toStdString() + ")");
    p->exportTo(path, options);
}

void ExpertsFigures::setTheme(Theme theme) {
    m_theme = theme;
    m_shownGeneration = -1;  // the plot functions pick colours by theme: draw again
    for (PlotPanel* p : m_panels) p->setTheme(theme);
    if (m_canvas) m_canvas->setTheme(theme);
}

void ExpertsFigures::setProvenance(const QMap<QString, QString>& provenance) {
    m_provenance = provenance;
    for (PlotPanel* p : m_panels) p->setProvenance(provenance);
}

void ExpertsFigures::setCurrentFigure(const QString& id) {
    for (int i = 0; i < count(); ++i)
        if (widget(i)->objectName() == id) setCurrentIndex(i);
}

QString ExpertsFigures::currentFigure() const { return currentWidget() ? currentWidget()->objectName() : QString(); }

}  // namespace assay::views
