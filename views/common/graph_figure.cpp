#include "views/common/graph_figure.h"

#include <QGuiApplication>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

#include "views/common/graph_canvas.h"
#include "views/common/graph_painter.h"

namespace assay::views {

namespace {

// Qt's offscreen and minimal platforms have no OpenGL widgets (assay render, plain test runs).
bool openGlWidgetsAvailable() {
    const QString p = QGuiApplication::platformName();
    return p != QLatin1String("offscreen") && p != QLatin1String("minimal");
}

}  // namespace

GraphFigure::GraphFigure(QWidget* parent) : QStackedWidget(parent) {
    if (openGlWidgetsAvailable()) {
        m_canvas = new GraphCanvas(this);
        addWidget(m_canvas);
        connect(m_canvas, &GraphCanvas::nodeClicked, this, &GraphFigure::nodeClicked);
    } else {
        m_still = new QLabel(tr("The interactive graph needs OpenGL; its exports work without it."),
                             this);
        m_still->setAlignment(Qt::AlignCenter);
        addWidget(m_still);
    }
}

void GraphFigure::setScene(const GraphScene& scene, bool resetView) {
    m_scene = scene;
    if (m_canvas) m_canvas->setScene(scene, resetView);
    paintStill();
}

GraphScene GraphFigure::scene() const { return m_canvas ? m_canvas->scene() : m_scene; }

void GraphFigure::setTheme(Theme theme) {
    m_theme = theme;
    if (m_canvas) m_canvas->setTheme(theme);
    paintStill();
}

void GraphFigure::paintStill() {
    if (!m_still || m_scene.nodes.empty()) return;
    QSize size = m_still->size();
    if (size.width() < 200 || size.height() < 200) size = QSize(900, 700);
    QPixmap picture(size);
    QPainter painter(&picture);
    paintGraph(painter, m_scene, QRectF(QPointF(0, 0), QSizeF(size)), m_theme);
    painter.end();
    m_still->setPixmap(picture);
}

void GraphFigure::exportTo(const QString& path, const ExportOptions& options) const {
    exportGraph(scene(), path, options,
                options.naturalSize.isEmpty() ? size() : options.naturalSize,
                options.theme.value_or(m_theme));
}

}  // namespace assay::views
