#include "views/common/graph_canvas.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <QOpenGLContext>
#include <QOpenGLFramebufferObject>
#include <QOpenGLFunctions>
#include <QTimer>
#include <algorithm>
#include <cmath>

#include "views/common/graph_painter.h"

namespace assay::views {
namespace {

ImU32 toImColor(const QColor& c) { return IM_COL32(c.red(), c.green(), c.blue(), c.alpha()); }

ImVec2 toIm(const QPointF& p) { return ImVec2(float(p.x()), float(p.y())); }

}  // namespace

GraphCanvas::GraphCanvas(QWidget* parent) : ImGuiCanvas(parent) {
    setMinimumSize(320, 320);
    m_sinceViewChange.start();
}

GraphCanvas::~GraphCanvas() {
    makeCurrent();  // the cached texture belongs to this widget's context
    m_edgeCache.reset();
    doneCurrent();
}

void GraphCanvas::setScene(const GraphScene& scene, bool reset) {
    m_scene = scene;
    m_edgeOrder.resize(m_scene.edges.size());
    for (int i = 0; i < m_edgeOrder.size(); ++i) m_edgeOrder[i] = i;
    std::stable_sort(m_edgeOrder.begin(), m_edgeOrder.end(), [&](int a, int b) {
        return m_scene.edges[a].weight < m_scene.edges[b].weight;
    });
    if (m_hovered >= m_scene.nodes.size()) m_hovered = -1;
    m_dragging = -1;
    invalidateEdgeCache();
    if (reset) resetView();
    requestRedraw();
}

void GraphCanvas::setTheme(Theme theme) {
    m_theme = theme;
    invalidateEdgeCache();
    requestRedraw();
}

void GraphCanvas::resetView() {
    m_zoom = 1.0;
    m_pan = QPointF();
    requestRedraw();
}

QTransform GraphCanvas::viewTransform() const {
    const QRectF area(0, 0, width(), height());
    QTransform zoomPan;
    zoomPan.translate(area.center().x() + m_pan.x(), area.center().y() + m_pan.y());
    zoomPan.scale(m_zoom, m_zoom);
    zoomPan.translate(-area.center().x(), -area.center().y());
    return fitTransform(m_scene.bounds(), area) * zoomPan;
}

QPointF GraphCanvas::nodeScreenPos(int i) const {
    return viewTransform().map(m_scene.nodes.value(i).pos);
}

void GraphCanvas::drawFrame() {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("##graph", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const bool dark = m_theme == Theme::Dark;
    draw->AddRectFilled(ImVec2(0, 0), io.DisplaySize,
                        dark ? IM_COL32(30, 31, 34, 255) : IM_COL32(255, 255, 255, 255));

    QTransform t = viewTransform();
    const QPointF mouse(io.MousePos.x, io.MousePos.y);
    // Hover: the topmost node under the cursor.
    m_hovered = -1;
    for (int i = m_scene.nodes.size() - 1; i >= 0 && ImGui::IsWindowHovered(); --i) {
        const QPointF p = t.map(m_scene.nodes[i].pos);
        const double r = std::max(4.0, m_scene.nodes[i].radius);
        if (std::hypot(p.x() - mouse.x(), p.y() - mouse.y()) <= r) {
            m_hovered = i;
            break;
        }
    }
    if (ImGui::IsMouseClicked(0) && ImGui::IsWindowHovered()) {
        m_dragging = m_hovered;
        m_panning = m_hovered < 0;
        emit nodeClicked(m_hovered);
    }
    if (ImGui::IsMouseReleased(0) && m_dragging >= 0) invalidateEdgeCache();
    if (ImGui::IsMouseDragging(0)) {
        const QPointF delta(io.MouseDelta.x, io.MouseDelta.y);
        if (m_dragging >= 0 && m_dragging < m_scene.nodes.size()) {
            bool invertible = false;
            const QTransform inverse = t.inverted(&invertible);
            if (invertible) {
                m_scene.nodes[m_dragging].pos = inverse.map(mouse);
                emit nodeMoved(m_dragging, m_scene.nodes[m_dragging].pos);
            }
        } else if (m_panning) {
            m_pan += delta;
            m_sinceViewChange.restart();
        }
    }
    if (ImGui::IsMouseReleased(0)) {
        m_dragging = -1;
        m_panning = false;
    }
    if (io.MouseWheel != 0.0f && ImGui::IsWindowHovered()) {
        // Zoom about the cursor: the point under it stays put.
        const double factor = std::pow(1.15, double(io.MouseWheel));
        const QPointF centre(width() / 2.0, height() / 2.0);
        const QPointF anchor = mouse - centre - m_pan;
        m_zoom = std::clamp(m_zoom * factor, 0.1, 40.0);
        m_pan = mouse - centre - anchor * factor;
        m_sinceViewChange.restart();
    }
    t = viewTransform();

    if (m_dragging >= 0) {
        invalidateEdgeCache();
        drawEdges(draw, t);  // the dragged node's edges move: draw them all live
    } else {
        updateEdgeCache(t);
        if (m_cacheValid) {
            // The cached layer, moved by the view change since it was made (scale + translate).
            bool invertible = false;
            const QTransform delta = m_cacheTransform.inverted(&invertible) * t;
            const QPointF p0 = delta.map(QPointF(0, 0)), p1 = delta.map(QPointF(width(), height()));
            draw->AddImage(
                reinterpret_cast<ImTextureID>(static_cast<intptr_t>(m_edgeCache->texture())),
                toIm(p0), toIm(p1), ImVec2(0, 1), ImVec2(1, 0));
        }
    }
    const QColor ink = dark ? QColor(230, 230, 230) : QColor(40, 40, 40);
    for (int i = 0; i < m_scene.nodes.size(); ++i) {
        const GraphNode& n = m_scene.nodes[i];
        const ImVec2 p = toIm(t.map(n.pos));
        const bool selected = i == m_scene.selected, partner = m_scene.isHighlighted(i);
        QColor fill = n.fill;
        if (m_scene.selected >= 0 && !selected && !partner) fill.setAlphaF(0.3);
        const float r = float(n.radius * std::sqrt(m_zoom));
        draw->AddCircleFilled(p, r, toImColor(fill), 24);
        const QColor ring = selected  ? ink
                            : partner ? QColor(230, 159, 0)
                                      : (i == m_hovered ? ink : fill.darker(140));
        draw->AddCircle(p, r, toImColor(ring), 24,
                        selected || partner || i == m_hovered ? 2.5f : 1.0f);
    }
    // Labels where placeNodeLabels puts them (the exports' rule): none overlaps another. Beyond
    // 1024 nodes the names would be unreadable anyway (and the search quadratic): tooltips only.
    if (m_scene.nodes.size() <= 1024) {
        const QVector<QRectF> boxes = placeNodeLabels(
            m_scene, t, QRectF(0, 0, io.DisplaySize.x, io.DisplaySize.y),
            [](const QString& label) {
                const ImVec2 s = ImGui::CalcTextSize(label.toUtf8().constData());
                return QSizeF(s.x, s.y);
            },
            std::sqrt(m_zoom));
        for (int i = 0; i < boxes.size(); ++i)
            if (!boxes[i].isEmpty())
                draw->AddText(toIm(boxes[i].topLeft()), toImColor(ink),
                              m_scene.nodes[i].label.toUtf8().constData());
    }
    if (!m_scene.legend.isEmpty())
        draw->AddText(ImVec2(8, io.DisplaySize.y - 20), toImColor(ink),
                      m_scene.legend.toUtf8().constData());
    if (m_hovered >= 0 && !m_scene.nodes[m_hovered].tooltip.isEmpty())
        ImGui::SetTooltip("%s", m_scene.nodes[m_hovered].tooltip.toUtf8().constData());
    ImGui::End();
}

void GraphCanvas::drawEdges(ImDrawList* list, const QTransform& t) const {
    for (int i : m_edgeOrder) {
        const GraphEdge& e = m_scene.edges[i];
        if (e.from < 0 || e.to < 0 || e.from >= m_scene.nodes.size() ||
            e.to >= m_scene.nodes.size())
            continue;
        list->AddLine(toIm(t.map(m_scene.nodes[e.from].pos)), toIm(t.map(m_scene.nodes[e.to].pos)),
                      toImColor(edgeColorFor(m_scene, e)), float(edgeWidthFor(m_scene, e)));
    }
}

void GraphCanvas::updateEdgeCache(const QTransform& t) {
    const qreal ratio = devicePixelRatioF();
    const QSize pixels(qMax(1, int(width() * ratio)), qMax(1, int(height() * ratio)));
    const bool sizeChanged = !m_edgeCache || m_edgeCache->size() != pixels;
    const bool viewSettled = m_sinceViewChange.elapsed() > 150;
    if (m_cacheValid && !sizeChanged && (t == m_cacheTransform || !viewSettled)) {
        if (t != m_cacheTransform)  // come back when the pointer has settled, to re-rasterise
            QTimer::singleShot(170, this, [this] { requestRedraw(); });
        return;
    }
    if (sizeChanged) m_edgeCache = std::make_unique<QOpenGLFramebufferObject>(pixels);
    // The layer includes the background, so compositing it needs no blending (and edges keep
    // exactly the colours the painter export gives them).
    ImDrawList list(ImGui::GetDrawListSharedData());
    list._ResetForNewFrame();
    list.Flags = ImDrawListFlags_None;
    list.PushClipRect(ImVec2(0, 0), ImVec2(float(width()), float(height())));
    list.PushTextureID(ImGui::GetIO().Fonts->TexID);
    const bool dark = m_theme == Theme::Dark;
    list.AddRectFilled(ImVec2(0, 0), ImVec2(float(width()), float(height())),
                       dark ? IM_COL32(30, 31, 34, 255) : IM_COL32(255, 255, 255, 255));
    drawEdges(&list, t);
    ImDrawList* lists[] = {&list};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = list.VtxBuffer.Size;
    data.TotalIdxCount = list.IdxBuffer.Size;
    data.DisplayPos = ImVec2(0, 0);
    data.DisplaySize = ImVec2(float(width()), float(height()));
    data.FramebufferScale = ImVec2(float(ratio), float(ratio));
    m_edgeCache->bind();
    QOpenGLFunctions* gl = QOpenGLContext::currentContext()->functions();
    gl->glViewport(0, 0, pixels.width(), pixels.height());
    gl->glClearColor(0, 0, 0, 0);
    gl->glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(&data);
    gl->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
    m_cacheTransform = t;
    m_cacheValid = true;
    ++m_edgeRasterisations;
}

}  // namespace assay::views
