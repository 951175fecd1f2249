#include "views/common/plot_theme.h"

#include <qcustomplot.h>

#include <QFontMetricsF>
#include <QVariant>
#include <array>

#include "assay/core/error.h"
#include "views/common/plot_category_axis.h"

namespace assay::views {

namespace {

const char* const kThemeProperty = "assayTheme";
const char* const kTickStyledItem = "assayTickStyled";

struct Style {
    QColor background;
    QColor ink;   // axes, ticks, labels
    QColor grid;  // invalid: no grid
    int tickPt;
    int labelPt;
    int tickCount;  // large type needs fewer ticks or the labels collide
    double axisWidth;
    double lineWidth;
};

Style styleOf(Theme theme) {
    switch (theme) {
        case Theme::Paper:
            return {Qt::white, Qt::black, QColor(), 8, 9, 5, 1.0, 1.5};
        case Theme::Dark:
            return {QColor(0x1e, 0x1f, 0x22),
                    QColor(0xdc, 0xdc, 0xdc),
                    QColor(0x3c, 0x3e, 0x42),
                    9,
                    10,
                    5,
                    1.0,
                    2.0};
        case Theme::Presentation:
            return {Qt::white, Qt::black, QColor(0xd0, 0xd0, 0xd0), 18, 22, 3, 2.5, 4.0};
        case Theme::Light:
            break;
    }
    return {Qt::white, QColor(0x30, 0x30, 0x30), QColor(0xe4, 0xe4, 0xe4), 9, 10, 5, 1.0, 2.0};
}

void styleAxis(QCPAxis* axis, const Style& style) {
    const QPen axisPen(style.ink, style.axisWidth);
    axis->setBasePen(axisPen);
    axis->setTickPen(axisPen);
    axis->setSubTickPen(QPen(style.ink, style.axisWidth * 0.75));
    axis->setTickLabelColor(style.ink);
    axis->setLabelColor(style.ink);
    QFont tickFont = axis->tickLabelFont();
    tickFont.setPointSize(style.tickPt);
    axis->setTickLabelFont(tickFont);
    // Labels under (or over) the axes start half a line away: the lowest tick label of a vertical
    // axis, centred on the corner, then never runs into the first one of the horizontal axis.
    if (axis->orientation() == Qt::Horizontal)
        axis->setTickLabelPadding(qCeil(QFontMetricsF(tickFont).height() / 2) + 1);
    QFont labelFont = axis->labelFont();
    labelFont.setPointSize(style.labelPt);
    axis->setLabelFont(labelFont);
    axis->ticker()->setTickCount(style.tickCount);
    QCPGrid* grid = axis->grid();
    // No grid across heatmap cells: categories are marked by their ticks.
    grid->setVisible(style.grid.isValid() && !categoryTicker(axis));
    if (style.grid.isValid()) grid->setPen(QPen(style.grid, 1.0, Qt::DotLine));
    grid->setZeroLinePen(Qt::NoPen);
}

}  // namespace

void applyTheme(QCustomPlot* plot, Theme theme) {
    const Style style = styleOf(theme);
    plot->setProperty(kThemeProperty, int(theme));
    plot->setBackground(style.background);
    const QList<QCPAxisRect*> rects = plot->axisRects();
    for (QCPAxisRect* rect : rects) {
        rect->setBackground(style.background);
        const QList<QCPAxis*> axes = rect->axes();
        for (QCPAxis* axis : axes) styleAxis(axis, style);
    }
    QCPLegend* legend = plot->legend;
    if (legend) {
        QColor fill = style.background;
        fill.setAlpha(220);
        legend->setBrush(fill);
        // A legend in its own row under the axes (plot_layout.h) spans the whole width: a frame
        // there would sit on the image's edges and be cut; inside the axes it is framed.
        const bool ownRow = legend->layout() == plot->plotLayout();
        legend->setBorderPen(ownRow ? QPen(Qt::NoPen) : QPen(style.ink, style.axisWidth * 0.5));
        legend->setTextColor(style.ink);
        QFont font = legend->font();
        font.setPointSize(style.tickPt);
        legend->setFont(font);
    }
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph* graph = plot->graph(i);
        QPen pen = graph->pen();
        pen.setWidthF(style.lineWidth);
        graph->setPen(pen);
    }
    // Marker labels (plot_series.h) take the tick labels' type and ink.
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i));
            text && text->property(kTickStyledItem).toBool()) {
            text->setColor(style.ink);
            QFont font = text->font();
            font.setPointSize(style.tickPt);
            text->setFont(font);
        }
    // Title elements (QCPTextElement) and colour scales follow the ink colour too, also inside
    // nested layouts (the heatmaps put a colour scale in a sub-grid).
    const QList<QCPLayoutElement*> elements = plot->plotLayout()->elements(true);
    for (QCPLayoutElement* element : elements) {
        if (auto* text = qobject_cast<QCPTextElement*>(element)) {
            text->setTextColor(style.ink);
            QFont font = text->font();
            font.setPointSize(style.labelPt + 1);
            text->setFont(font);
        } else if (auto* scale = qobject_cast<QCPColorScale*>(element)) {
            if (scale->axis()) {
                styleAxis(scale->axis(), style);
                scale->axis()->grid()->setVisible(false);  // no grid lines across the gradient
            }
        }
    }
}

void styleLikeTickLabels(QCPItemText* item) { item->setProperty(kTickStyledItem, true); }

Theme currentTheme(const QCustomPlot* plot) {
    const QVariant value = plot->property(kThemeProperty);
    return value.isValid() ? Theme(value.toInt()) : Theme::Light;
}

QColor paletteColor(int i, Theme theme) {
    // Okabe & Ito (2008), ordered so that the first colours are the most distinct on white.
    static const std::array<QRgb, 8> kOkabeIto = {0x0072B2, 0xD55E00, 0x009E73, 0xE69F00,
                                                  0x56B4E9, 0xCC79A7, 0xF0E442, 0x000000};
    const int index = ((i % 8) + 8) % 8;
    if (theme == Theme::Dark && kOkabeIto[index] == 0x000000) return QColor(0xd0, 0xd0, 0xd0);
    return QColor(kOkabeIto[index]);
}

double lineWidth(Theme theme) { return styleOf(theme).lineWidth; }

QString themeName(Theme theme) {
    switch (theme) {
        case Theme::Paper:
            return QStringLiteral("paper");
        case Theme::Dark:
            return QStringLiteral("dark");
        case Theme::Presentation:
            return QStringLiteral("presentation");
        case Theme::Light:
            break;
    }
    return QStringLiteral("light");
}

Theme themeFromName(const QString& name) {
    for (Theme theme : {Theme::Paper, Theme::Light, Theme::Dark, Theme::Presentation}) {
        if (name.compare(themeName(theme), Qt::CaseInsensitive) == 0) return theme;
    }
    throw core::ParameterError(
        "theme", "\"" + name.toStdString() + "\" is not one of paper, light, dark, presentation");
}

}  // namespace assay::views
