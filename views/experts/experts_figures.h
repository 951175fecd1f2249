#pragma once
// The Experts view's figures in tabs: the graph (ImGui canvas when OpenGL is there, else a note;
// its exports always draw the prepared scene with QPainter) and five QCustomPlot panels.
#include <QMap>
#include <QStringList>
#include <QTabWidget>

class QLabel;

#include "assay/moe/experts_analysis.h"
#include "views/common/graph_scene.h"
#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"

namespace assay::views {

class GraphCanvas;
class PlotPanel;

class ExpertsFigures : public QTabWidget {
    Q_OBJECT
public:
    explicit ExpertsFigures(QWidget* parent = nullptr);

    // "graph", "heatmap", "entropy", "comm", "tsweep", "domains" (tab order).
    static QStringList ids();
    PlotPanel* panel(const QString& id) const;   // nullptr for "graph"
    GraphCanvas* canvas() const { return m_canvas; }  // nullptr without OpenGL (offscreen)

    // `generation` identifies the analysis (ExpertsController::analysisGeneration()): the plots are
    // redrawn only when it, the layer or the normalisation changed.
    void showAnalysis(const core::moe::ExpertsAnalysis& a, int generation, int layer, core::moe::Normalisation how);
    void showGraph(const GraphScene& scene, bool resetView);
    // The graph as shown (with dragged nodes) or as last built.
    GraphScene graphScene() const;
    void exportFigure(const QString& id, const QString& path, const ExportOptions& options);
    void setTheme(Theme theme);
    void setProvenance(const QMap<QString, QString>& provenance);
    void setCurrentFigure(const QString& id);
    QString currentFigure() const;

private:
    QMap<QString, PlotPanel*> m_panels;
    GraphCanvas* m_canvas = nullptr;
    QLabel* m_still = nullptr;  // the graph as a picture when there is no OpenGL
    GraphScene m_scene;
    Theme m_theme = Theme::Light;
    QMap<QString, QString> m_provenance;
    // What the five plots show now.
    int m_shownGeneration = -1;
    int m_shownLayer = -1;
    core::moe::Normalisation m_shownHow = core::moe::Normalisation::Raw;
};

}  // namespace assay::views
