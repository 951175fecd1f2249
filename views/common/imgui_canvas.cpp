#include "views/common/imgui_canvas.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QTimer>
#include <QWheelEvent>

namespace assay::views {
namespace {

constexpr int kTrailingFrames = 3;

int imguiButton(Qt::MouseButton b) {
    switch (b) {
        case Qt::LeftButton:
            return 0;
        case Qt::RightButton:
            return 1;
        case Qt::MiddleButton:
            return 2;
        default:
            return -1;
    }
}

qint64 nowNs() {
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.nsecsElapsed();
}

}  // namespace

ImGuiCanvas::ImGuiCanvas(QWidget* parent) : QOpenGLWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    // Each canvas has its own context: ImGui's state (hover, drag) must not leak between them.
    ImGuiContext* previous = ImGui::GetCurrentContext();
    m_context = ImGui::CreateContext();
    ImGui::SetCurrentContext(m_context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini files next to the user's data
    io.LogFilename = nullptr;
    // DejaVu Sans (Debian's default UI font) reads better than ImGui's built-in bitmap font.
    static const char* const kFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (QFileInfo::exists(QString::fromLatin1(kFont))) io.Fonts->AddFontFromFileTTF(kFont, 14.0f);
    ImGui::StyleColorsLight();
    ImGui::SetCurrentContext(previous);
}

ImGuiCanvas::~ImGuiCanvas() {
    if (m_backendReady) {
        makeCurrent();
        makeImGuiCurrent();
        ImGui_ImplOpenGL3_Shutdown();
        doneCurrent();
    }
    ImGui::DestroyContext(m_context);
}

void ImGuiCanvas::makeImGuiCurrent() { ImGui::SetCurrentContext(m_context); }

void ImGuiCanvas::requestRedraw() {
    m_trailingFrames = kTrailingFrames;
    update();
}

void ImGuiCanvas::initializeGL() {
    makeImGuiCurrent();
    // GLSL 1.30 runs on every desktop context Qt gives, Mesa's llvmpipe under Xvfb included.
    m_backendReady = ImGui_ImplOpenGL3_Init("#version 130");
}

void ImGuiCanvas::paintGL() {
    if (!m_backendReady) return;
    makeImGuiCurrent();
    ImGuiIO& io = ImGui::GetIO();
    const qreal ratio = devicePixelRatioF();
    io.DisplaySize = ImVec2(float(width()), float(height()));
    io.DisplayFramebufferScale = ImVec2(float(ratio), float(ratio));
    const qint64 now = nowNs();
    io.DeltaTime =
        m_lastFrameNs ? std::max(1e-4f, float(now - m_lastFrameNs) * 1e-9f) : 1.0f / 60.0f;
    m_lastFrameNs = now;

    // One button change per frame: a click whose press and release arrive between two frames
    // would otherwise never be seen by ImGui (1.86 has no input queue of its own).
    bool applied[5] = {false, false, false, false, false};
    for (auto it = m_buttonEvents.begin(); it != m_buttonEvents.end();) {
        if (applied[it->first]) {
            ++it;
            continue;
        }
        io.MouseDown[it->first] = it->second;
        applied[it->first] = true;
        it = m_buttonEvents.erase(it);
    }
    if (!m_buttonEvents.isEmpty())
        m_trailingFrames = std::max(m_trailingFrames, 1 + int(m_buttonEvents.size()));

    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    drawFrame();
    ImGui::Render();
    QOpenGLFunctions* gl = QOpenGLContext::currentContext()->functions();
    gl->glViewport(0, 0, int(width() * ratio), int(height() * ratio));
    gl->glClearColor(1.f, 1.f, 1.f, 1.f);
    gl->glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++m_frames;
    if (m_trailingFrames > 0) {
        --m_trailingFrames;
        QTimer::singleShot(16, this, [this] { update(); });
    }
}

void ImGuiCanvas::mousePressEvent(QMouseEvent* event) {
    makeImGuiCurrent();
    ImGui::GetIO().MousePos = ImVec2(float(event->position().x()), float(event->position().y()));
    if (const int b = imguiButton(event->button()); b >= 0) m_buttonEvents.append({b, true});
    requestRedraw();
}

void ImGuiCanvas::mouseReleaseEvent(QMouseEvent* event) {
    makeImGuiCurrent();
    if (const int b = imguiButton(event->button()); b >= 0) m_buttonEvents.append({b, false});
    requestRedraw();
}

void ImGuiCanvas::mouseMoveEvent(QMouseEvent* event) {
    makeImGuiCurrent();
    ImGui::GetIO().MousePos = ImVec2(float(event->position().x()), float(event->position().y()));
    requestRedraw();
}

void ImGuiCanvas::wheelEvent(QWheelEvent* event) {
    makeImGuiCurrent();
    ImGui::GetIO().MouseWheel += float(event->angleDelta().y()) / 120.0f;
    requestRedraw();
}

void ImGuiCanvas::leaveEvent(QEvent* event) {
    makeImGuiCurrent();
    ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    requestRedraw();
    QOpenGLWidget::leaveEvent(event);
}

}  // namespace assay::views
