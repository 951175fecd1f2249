#pragma once
// A QOpenGLWidget that owns its own Dear ImGui context (several canvases may coexist). Qt's
// mouse and wheel events are forwarded to ImGui; a frame is drawn only after input or
// requestRedraw(), plus a few trailing frames so hover states settle — never on a free-running
// timer. Subclasses draw in drawFrame() with ImGui calls and prepared buffers only.
// QOpenGLWidget does not exist on Qt's offscreen platform: exports never go through here.
#include <QOpenGLWidget>
#include <QPair>
#include <QVector>

struct ImGuiContext;

namespace assay::views {

class ImGuiCanvas : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit ImGuiCanvas(QWidget* parent = nullptr);
    ~ImGuiCanvas() override;

    // Schedules a frame (and the trailing ones).
    void requestRedraw();
    // Frames drawn so far (tests check that idle canvases do not redraw).
    int framesDrawn() const { return m_frames; }

protected:
    // Called between ImGui::NewFrame() and ImGui::Render(), with this canvas's context current.
    virtual void drawFrame() = 0;

    void initializeGL() override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void makeImGuiCurrent();

    ImGuiContext* m_context = nullptr;
    QVector<QPair<int, bool>> m_buttonEvents;  // (button, down), applied one per frame
    bool m_backendReady = false;
    int m_trailingFrames = 0;
    int m_frames = 0;
    qint64 m_lastFrameNs = 0;
};

}  // namespace assay::views
