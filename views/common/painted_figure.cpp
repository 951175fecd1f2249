#include "views/common/painted_figure.h"

#include <qcustomplot.h>

#include <QMouseEvent>
#include <QPainter>

namespace assay::views {

PaintLook paintLook(Theme theme) {
    switch (theme) {
        case Theme::Paper:
            return {Qt::white, Qt::black, QColor(0, 0, 0, 70), 8, 9, 1.0};
        case Theme::Dark:
            return {QColor(0x1e, 0x1f, 0x22),
                    QColor(0xdc, 0xdc, 0xdc),
                    QColor(255, 255, 255, 60),
                    9,
                    10,
                    1.0};
        case Theme::Presentation:
            return {Qt::white, Qt::black, QColor(0, 0, 0, 80), 18, 22, 2.0};
        case Theme::Light:
            break;
    }
    return {Qt::white, QColor(0x30, 0x30, 0x30), QColor(0, 0, 0, 60), 9, 10, 1.0};
}

QFont paintFont(double pt, bool bold) {
    QFont f;
    f.setPointSizeF(pt);
    f.setBold(bold);
    return f;
}

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
