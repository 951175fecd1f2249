#pragma once
// The interactive node-link canvas (Dear ImGui in a QOpenGLWidget): hover shows a node's
// tooltip, a click selects a node (nodeClicked), dragging a node moves it, dragging the
// background pans, the wheel zooms about the cursor. Draws only the prepared GraphScene.
#include <QElapsedTimer>
#include <QTransform>
#include <QVector>
#include <memory>

class QOpenGLFramebufferObject;
struct ImDrawList;

#include "views/common/graph_scene.h"
#include "views/common/imgui_canvas.h"
#include "views/common/plot_theme.h"

namespace assay::views {

class GraphCanvas : public ImGuiCanvas {
    Q_OBJECT
public:
    explicit GraphCanvas(QWidget* parent = nullptr);
    ~GraphCanvas() override;

    // Replaces the scene (keeps zoom and pan unless resetView).
    void setScene(const GraphScene& scene, bool resetView = false);
    // The scene as shown, with nodes where the user dragged them: what an export draws.
    const GraphScene& scene() const { return m_scene; }
    void setTheme(Theme theme);
    void resetView();
    // Screen position of node i at the current zoom and pan (tests click there).
    QPointF nodeScreenPos(int i) const;
    int hoveredNode() const { return m_hovered; }
    // Times the edge layer was rasterised (tests check hover does not redo it).
    int edgeRasterisations() const { return m_edgeRasterisations; }

signals:
    void nodeClicked(int node);  // -1: the background
    void nodeMoved(int node, QPointF layoutPos);

protected:
    void drawFrame() override;

private:
    QTransform viewTransform() const;
    void drawEdges(ImDrawList* list, const QTransform& t) const;
    // The edge layer is rasterised into a texture only when edges, selection, theme, size or
    // (after the pointer settles) the view change: with thousands of edges a software
    // rasteriser (Mesa's llvmpipe) needs ~0.3 s for them, while a frame with the cached layer
    // takes a few ms. While panning or zooming the texture is moved; while a node is dragged its
    // edges are drawn live.
    void updateEdgeCache(const QTransform& t);
    void invalidateEdgeCache() { m_cacheValid = false; }

    GraphScene m_scene;
    QVector<int> m_edgeOrder;  // weakest first
    Theme m_theme = Theme::Light;
    double m_zoom = 1.0;
    QPointF m_pan;
    int m_hovered = -1;
    int m_dragging = -1;  // node being dragged
    bool m_panning = false;
    std::unique_ptr<QOpenGLFramebufferObject> m_edgeCache;
    QTransform m_cacheTransform;
    bool m_cacheValid = false;
    QElapsedTimer m_sinceViewChange;
    int m_edgeRasterisations = 0;
};

}  // namespace assay::views
