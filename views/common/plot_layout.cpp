#include "views/common/plot_layout.h"

#include <qcustomplot.h>

#include "views/common/plot_fit.h"

namespace assay::views {

namespace {
constexpr const char* kHiddenByMessage = "assayHiddenByMessage";
constexpr const char* kTitleName = "assayFigureTitle";
}  // namespace

void resetPlot(QCustomPlot* plot) {
    keepFitted(plot);
    plot->clearPlottables();
    plot->clearItems();
    // A message (plotMessage) hid the axes (and with them their grids): a figure brings them back.
    if (plot->axisRect())
        for (QCPAxis* axis : plot->axisRect()->axes())
            if (axis->property(kHiddenByMessage).toBool()) {
                axis->setVisible(true);
                axis->setProperty(kHiddenByMessage, false);
            }
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
    if (!plot->axisRect() || !plot->xAxis || !plot->legend) {
        // A figure that built its own layout (the heatmaps, which took the default axes and the
        // legend with them): show the message as its only element.
        plot->clearPlottables();
        plot->clearItems();
        plot->plotLayout()->clear();
        auto* text = new QCPTextElement(plot, message);
        text->setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
        plot->plotLayout()->addElement(0, 0, text);
        plot->replot();
        return;
    }
    // Keep the axis rect (the next figure reuses it; hiding it would hide the items too) but hide
    // its axes, their grids and the legend, and centre the text on the whole plot, unclipped: an
    // empty legend row or a small axis rect must not squash or cut the message.
    const QColor ink = plot->xAxis->labelColor();
    resetPlot(plot);
    plot->legend->setVisible(false);
    for (QCPAxis* axis : plot->axisRect()->axes())
        if (axis->visible()) {
            axis->setVisible(false);
            axis->setProperty(kHiddenByMessage, true);
        }
    auto* t = new QCPItemText(plot);
    t->setClipToAxisRect(false);
    t->position->setType(QCPItemPosition::ptViewportRatio);
    t->position->setCoords(0.5, 0.5);
    t->setPositionAlignment(Qt::AlignCenter);
    t->setTextAlignment(Qt::AlignCenter);
    t->setText(message);
    t->setColor(ink);
    QFont font = plot->xAxis->labelFont();
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 1.2);  // -1 when set in pixels
    t->setFont(font);
    plot->replot();
}

void setFigureTitle(QCustomPlot* plot, const QString& title) {
    QCPLayoutGrid* layout = plot->plotLayout();
    QCPTextElement* element = nullptr;
    for (QCPLayoutElement* e : layout->elements(false))
        if (auto* t = qobject_cast<QCPTextElement*>(e);
            t && t->objectName() == QLatin1String(kTitleName))
            element = t;
    if (!element) {
        layout->insertRow(0);
        element = new QCPTextElement(plot, title);
        element->setObjectName(QLatin1String(kTitleName));
        layout->addElement(0, 0, element);
        layout->setRowStretchFactor(0, 0.001);  // its text's height, no more
    }
    element->setText(title);
}

}  // namespace assay::views
