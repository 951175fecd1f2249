#pragma once
// A figure drawn with QPainter (Token windows: the overlay and the budget table; Probes: the
// captions): the widget paints the same function the exports call (views/common/plot_export.h
// exportDrawing), so PNG, SVG, PDF and CSV work offscreen and look like the screen, in any theme.
#include <QColor>
#include <QFont>
#include <QWidget>
#include <functional>

#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"

namespace assay::views {

// The type and ink of views/common/plot_theme.cpp for figures drawn with QPainter, so they read
// like the plots beside them.
struct PaintLook {
    QColor background, ink, faint;
    double tickPt, labelPt, line;
};
PaintLook paintLook(Theme theme);
QFont paintFont(double pt, bool bold = false);

class PaintedFigure : public QWidget {
    Q_OBJECT
public:
    using Paint = std::function<void(QPainter& painter, QSizeF size, Theme theme)>;
    explicit PaintedFigure(QWidget* parent = nullptr);

    // `paint` draws the figure at any size; `csv` returns its data.
    void setDrawing(Paint paint, std::function<QString()> csv);
    void setTheme(Theme theme);
    Theme theme() const { return m_theme; }
    bool hasDrawing() const { return bool(m_paint); }
    // Exports at options' size (else the widget's, else `natural`), theme and provenance.
    void exportTo(const QString& path, const ExportOptions& options) const;

signals:
    void clicked(const QPointF& at);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    Paint m_paint;
    std::function<QString()> m_csv;
    Theme m_theme = Theme::Light;
};

}  // namespace assay::views
