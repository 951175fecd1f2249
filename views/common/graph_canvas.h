#pragma once
// The interactive node-link canvas (Dear ImGui in a QOpenGLWidget): hover shows a node's
// tooltip, a click selects a node (nodeClicked), dragging a node moves it, dragging the
// background pans, the wheel zooms about the cursor. Draws only the prepared GraphScene.
#include <QVector>

#include "views/common/graph_scene.h"
#include "views/common/imgui_canvas.h"
#include "views/common/plot_theme.h"

namespace assay::views {

class GraphCanvas : public ImGuiCanvas {
    Q_OBJECT
public:
    explicit GraphCanvas(QWidget* parent = nullptr);

    // Replaces the scene (keeps zoom and pan unless resetView).
    void setScene(const GraphScene& scene, bool resetView = false);
    // The scene as shown, with nodes where the user dragged them: what an export draws.
    const GraphScene& scene() const { return m_scene; }
    void setTheme(Theme theme);
    void resetView();
    // Screen position of node i at the current zoom and pan (tests click there).
    QPointF nodeScreenPos(int i) const;
    int hoveredNode() const { return m_hovered; }

signals:
    void nodeClicked(int node);  // -1: the background
    void nodeMoved(int node, QPointF layoutPos);

protected:
    void drawFrame() override;

private:
    QTransform viewTransform() const;

    GraphScene m_scene;
    QVector<int> m_edgeOrder;  // weakest first
    Theme m_theme = Theme::Light;
    double m_zoom = 1.0;
    QPointF m_pan;
    int m_hovered = -1;
    int m_dragging = -1;      // node being dragged
    bool m_panning = false;
};

}  // namespace assay::views
