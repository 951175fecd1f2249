#pragma once
// Category axes (groups, domains, experts) that stay readable from 2 to hundreds of categories.
// How the tick labels fit depends on the pixels the axis gets and on the theme's type, which are
// known only once QCustomPlot has laid the figure out; so the ticker decides after each layout
// (fitCategoryAxis, called by fitToLayout in plot_fit.h) and the figure is laid out again:
//  - names on a horizontal axis: upright while they fit side by side, else turned to read
//    upwards (every name stays), and only when even turned they would touch, every k-th;
//  - numbers (expert 0..n-1), and any vertical axis: every k-th label, k from 1, 2, 5, 10, ...
//    for numbers (so the shown ones are round), any k for names.
#include <qcustomplot.h>

#include <QStringList>

namespace assay::views {

class CategoryTicker : public QCPAxisTicker {
public:
    // `names` empty: the categories are numbered 0..count-1.
    CategoryTicker(int count, QStringList names);

    int count() const { return m_count; }
    const QStringList& names() const { return m_names; }
    // Every step-th category carries a tick and a label.
    int labelStep() const { return m_step; }
    // Decides step and rotation for `axis` at its current length and tick-label font; returns
    // whether anything changed (the figure then needs another layout).
    bool fit(QCPAxis* axis);

protected:
    double getTickStep(const QCPRange& range) override;
    int getSubTickCount(double tickStep) override;
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QVector<QString> createLabelVector(const QVector<double>& ticks, const QLocale& locale,
                                       QChar formatChar, int precision) override;

private:
    QString labelOf(int category) const;

    int m_count;
    QStringList m_names;
    int m_step = 1;
};

// Puts categories 0..count-1 on `axis` (range -0.5..count-0.5, no grid, no sub-ticks).
void setCategoryAxis(QCPAxis* axis, int count, const QStringList& names = {});

// The category ticker of `axis`, or nullptr.
CategoryTicker* categoryTicker(const QCPAxis* axis);

}  // namespace assay::views
