#include "views/common/plot_layout.h"

#include <qcustomplot.h>

namespace assay::views {

void resetPlot(QCustomPlot* plot) {
    plot->clearPlottables();
    plot->clearItems();
    // A message (plotMessage) hid the axes: a figure brings them back.
    if (plot->axisRect()) plot->axisRect()->setVisible(true);
    // The legend sits in its own row under the axes, two entries per line: it never hides a
    // curve, whatever the theme's type size.
    if (plot->legend && plot->plotLayout()->elementCount() == 1) {
        plot->axisRect()->insetLayout()->take(plot->legend);
        plot->plotLayout()->addElement(1, 0, plot->legend);
        plot->plotLayout()->setRowStretchFactor(1, 0.001);
        plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
        plot->legend->setWrap(2);
        plot->legend->setMargins(QMargins(6, 3, 6, 3));
    }
    if (plot->legend) plot->legend->setVisible(true);
}

void plotMessage(QCustomPlot* plot, const QString& message) {
    if (!plot->axisRect() || !plot->xAxis) {
        // A figure that built its own layout (the heatmaps): show the message as its only element.
        plot->clearPlottables();
        plot->clearItems();
        plot->plotLayout()->clear();
        auto* text = new QCPTextElement(plot, message);
        text->setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
        plot->plotLayout()->addElement(0, 0, text);
        plot->replot();
        return;
    }
    // Keep the axis rect (the next figure reuses it) but hide it with its axes, grid and legend,
    // and centre the text on the whole plot, unclipped: an empty legend row or a small axis rect
    // must not squash or cut the message.
    const QColor ink = plot->xAxis->labelColor();
    resetPlot(plot);
    plot->legend->setVisible(false);
    plot->axisRect()->setVisible(false);
    auto* t = new QCPItemText(plot);
    t->setClipToAxisRect(false);
    t->position->setType(QCPItemPosition::ptViewportRatio);
    t->position->setCoords(0.5, 0.5);
    t->setPositionAlignment(Qt::AlignCenter);
    t->setTextAlignment(Qt::AlignCenter);
    t->setText(message);
    t->setColor(ink);
    QFont font = plot->xAxis->labelFont();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    t->setFont(font);
    plot->replot();
}

}  // namespace assay::views
