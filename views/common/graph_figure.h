#pragma once
// A graph as a figure: the interactive ImGui canvas where OpenGL widgets exist, else (offscreen,
// minimal platforms) the same prepared scene painted as a still picture. Exports always draw
// the scene with QPainter (graph_painter.h), so they work with no display.
#include <QStackedWidget>

#include "views/common/graph_scene.h"
#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"

class QLabel;

namespace assay::views {

class GraphCanvas;

class GraphFigure : public QStackedWidget {
    Q_OBJECT
public:
    explicit GraphFigure(QWidget* parent = nullptr);

    void setScene(const GraphScene& scene, bool resetView);
    // The graph as shown (with dragged nodes) or as last set.
    GraphScene scene() const;
    void setTheme(Theme theme);
    GraphCanvas* canvas() const { return m_canvas; }  // nullptr without OpenGL
    void exportTo(const QString& path, const ExportOptions& options) const;

signals:
    void nodeClicked(int node);

private:
    void paintStill();

    GraphCanvas* m_canvas = nullptr;
    QLabel* m_still = nullptr;
    GraphScene m_scene;
    Theme m_theme = Theme::Light;
};

}  // namespace assay::views
