#include "views/common/painted_figure.h"

#include <qcustomplot.h>

#include <QMouseEvent>
#include <QPainter>

namespace assay::views {

PaintedFigure::PaintedFigure(QWidget* parent) : QWidget(parent) {
    setMinimumSize(300, 300);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void PaintedFigure::setDrawing(Paint paint, std::function<QString()> csv) {
    m_paint = std::move(paint);
    m_csv = std::move(csv);
    update();
}

void PaintedFigure::setTheme(Theme theme) {
    m_theme = theme;
    update();
}

void PaintedFigure::exportTo(const QString& path, const ExportOptions& options) const {
    const Paint paint = m_paint;
    const Theme theme = options.theme.value_or(m_theme);
    const auto csv = m_csv;
    exportDrawing(
        [paint, theme](QCPPainter& painter, QSize logical) {
            if (paint) paint(painter, QSizeF(logical), theme);
        },
        options.naturalSize.isEmpty() ? size() : options.naturalSize,
        [csv] { return csv ? csv() : QString(); }, path, options);
}

void PaintedFigure::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (m_paint)
        m_paint(painter, QSizeF(size()), m_theme);
    else
        painter.fillRect(rect(), palette().window());
}

void PaintedFigure::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) emit clicked(event->position());
    QWidget::mousePressEvent(event);
}

}  // namespace assay::views
