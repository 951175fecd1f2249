#pragma once
// A figure drawn with QPainter (the captions coloured by probe score): the widget paints the same
// function the exports call (views/common/plot_export.h exportDrawing), so PNG, SVG, PDF and CSV
// work offscreen and look like the screen, in any theme. (The Token windows view has the same
// widget; a view never includes another view, so this is the Probes view's own.)
#include <QWidget>
#include <functional>

#include "views/common/plot_export.h"
#include "views/common/plot_theme.h"

namespace assay::views {

class CaptionFigure : public QWidget {
    Q_OBJECT
public:
    using Paint = std::function<void(QPainter& painter, QSizeF size, Theme theme)>;
    explicit CaptionFigure(QWidget* parent = nullptr);

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
