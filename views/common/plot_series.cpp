#include "views/common/plot_series.h"

#include <algorithm>

#include "views/common/plot_fit.h"

namespace assay::views {

namespace {

// Grey dash-dot: distinct from the black target and range lines of the figures.
QPen markerPen(Theme theme) {
    return QPen(QColor(128, 128, 128), lineWidth(theme), Qt::DashDotLine);
}

}  // namespace

QCPGraph* addLine(QCustomPlot* plot, const QString& name, const QVector<double>& x,
                  const QVector<double>& y, const QColor& color, Theme theme, Qt::PenStyle style,
                  QCPAxis* valueAxis) {
    QCPGraph* g = plot->addGraph(plot->xAxis, valueAxis ? valueAxis : plot->yAxis);
    g->setName(name);
    g->setData(x, y, true);
    g->setPen(QPen(color, lineWidth(theme), style));
    return g;
}

QCPGraph* addMeanBand(QCustomPlot* plot, const QString& name, const QVector<double>& x,
                      const QVector<double>& mean, const QVector<double>& spread,
                      const QColor& color, Theme theme, const QCPRange& possible,
                      const QString& spreadName) {
    QVector<double> lo, hi;
    for (int i = 0; i < mean.size(); ++i) {
        const double s = i < spread.size() ? spread[i] : 0.0;
        lo << std::clamp(mean[i] - s, possible.lower, possible.upper);
        hi << std::clamp(mean[i] + s, possible.lower, possible.upper);
    }
    QCPGraph* low =
        addLine(plot, name + QStringLiteral(" − ") + spreadName, x, lo, Qt::transparent, theme);
    QCPGraph* high =
        addLine(plot, name + QStringLiteral(" + ") + spreadName, x, hi, Qt::transparent, theme);
    QColor fill = color;
    fill.setAlpha(50);
    high->setBrush(fill);
    high->setChannelFillGraph(low);
    low->removeFromLegend();
    high->removeFromLegend();
    QCPGraph* line = addLine(plot, name, x, mean, color, theme);
    line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    return line;
}

QCPItemText* addVerticalMarker(QCustomPlot* plot, double x, const QString& label, Theme theme) {
    auto* line = new QCPItemStraightLine(plot);
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setPen(markerPen(theme));
    auto* text = new QCPItemText(plot);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(x, 0.02);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    text->setPadding(QMargins(4, 0, 4, 0));
    text->setText(label);
    text->setColor(plot->xAxis->labelColor());
    text->setFont(plot->xAxis->tickLabelFont());
    setFlipsInside(text);
    styleLikeTickLabels(text);
    return text;
}

QCPItemStraightLine* addHorizontalMarker(QCustomPlot* plot, double y, Theme theme) {
    auto* line = new QCPItemStraightLine(plot);
    line->point1->setCoords(0, y);
    line->point2->setCoords(1, y);
    line->setPen(markerPen(theme));
    return line;
}

}  // namespace assay::views
