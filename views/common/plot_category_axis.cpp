#include "views/common/plot_category_axis.h"

#include <QFontMetricsF>
#include <cmath>

namespace assay::views {

namespace {

// The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `k`: numbered labels stay round.
int roundStep(int k) {
    for (int decade = 1;; decade *= 10)
        for (int m : {1, 2, 5})
            if (m * decade >= k) return m * decade;
}

}  // namespace

CategoryTicker::CategoryTicker(int count, QStringList names)
    : m_count(std::max(0, count)), m_names(std::move(names)) {}

QString CategoryTicker::labelOf(int category) const {
    if (category < 0 || category >= m_count) return {};
    return m_names.isEmpty() ? QString::number(category) : m_names.value(category);
}

bool CategoryTicker::fit(QCPAxis* axis) {
    const QCPAxisRect* rect = axis ? axis->axisRect() : nullptr;
    const bool horizontal = axis && axis->orientation() == Qt::Horizontal;
    const double length = !rect ? 0 : horizontal ? rect->width() : rect->height();
    if (length < 2 || m_count < 1) return false;  // not laid out yet
    const double pitch = length / m_count;
    const QFontMetricsF metrics(axis->tickLabelFont());
    double widest = 0;
    for (int c = 0; c < m_count; ++c)
        widest = std::max(widest, metrics.horizontalAdvance(labelOf(c)));
    const double height = metrics.height();
    // Labels need this much room along the axis, plus a gap so that neighbours read as
    // separate words.
    auto stepFor = [&](double room) {
        const int k = std::max(1, int(std::ceil(room / pitch - 1e-9)));
        return m_names.isEmpty() ? roundStep(k) : k;
    };
    int step = 1;
    double rotation = 0;
    if (!horizontal) {
        step = stepFor(height * 1.1);
    } else if (m_names.isEmpty()) {
        step = stepFor(widest + 0.6 * height);
    } else if (widest + 0.4 * height <= pitch) {
        // Names keep reading upright while about half a letter's gap is left between them.
    } else {
        // Turned a quarter (reading upwards, ending at the tick): each name needs one line and
        // a sliver of gap (the line height already holds the font's leading). Names are only
        // thinned when even that does not fit: a dropped name leaves its column unreadable.
        rotation = -90;
        step = stepFor(height * 1.1);
    }
    const bool changed =
        step != m_step || !qFuzzyCompare(axis->tickLabelRotation() + 1000, rotation + 1000);
    m_step = step;
    axis->setTickLabelRotation(rotation);
    return changed;
}

double CategoryTicker::getTickStep(const QCPRange&) { return 1.0; }

int CategoryTicker::getSubTickCount(double) { return 0; }

QVector<double> CategoryTicker::createTickVector(double, const QCPRange& range) {
    // A tick where a label is: between thinned labels a comb of ticks would only add noise.
    QVector<double> ticks;
    for (int c = 0; c < m_count; c += m_step)
        if (range.contains(c)) ticks << c;
    return ticks;
}

QVector<QString> CategoryTicker::createLabelVector(const QVector<double>& ticks, const QLocale&,
                                                   QChar, int) {
    QVector<QString> labels;
    labels.reserve(ticks.size());
    for (double t : ticks) {
        const int c = int(std::lround(t));
        labels << labelOf(c);
    }
    return labels;
}

void setCategoryAxis(QCPAxis* axis, int count, const QStringList& names) {
    axis->setTicker(QSharedPointer<CategoryTicker>::create(count, names));
    axis->setRange(-0.5, count - 0.5);
    axis->setSubTicks(false);
    // Ticks outside the cells: inside they would vanish on dark cells and show on masked ones.
    axis->setTickLength(0, 4);
    axis->grid()->setVisible(false);
    axis->setTickLabelRotation(0);
}

CategoryTicker* categoryTicker(const QCPAxis* axis) {
    return axis ? dynamic_cast<CategoryTicker*>(axis->ticker().data()) : nullptr;
}

}  // namespace assay::views
