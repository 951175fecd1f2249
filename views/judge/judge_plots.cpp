#include "views/judge/judge_plots.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "views/common/plot_category_axis.h"
#include "views/common/plot_layout.h"
#include "views/common/plot_series.h"

namespace assay::views::judge {

namespace jd = core::judge;

namespace {

QVector<double> toQ(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

// One colour per estimator in every figure (Okabe-Ito indices).
int estimatorColour(const QString& curve) {
    if (curve == QLatin1String("binomial")) return 5;
    if (curve == QLatin1String("beta")) return 2;
    if (curve == QLatin1String("mixture")) return 0;
    if (curve == QLatin1String("empirical")) return 7;
    return 1;  // mixture+transfer
}

QCPBars* addBars(QCustomPlot* plot, const QString& name, const QVector<double>& x,
                 const QVector<double>& y, QColor colour, double width) {
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setData(x, y, true);
    bars->setPen(QPen(colour));
    colour.setAlpha(110);
    bars->setBrush(colour);
    bars->setWidth(width);
    return bars;
}

QString priorText(const jd::JudgeAnalysis& a, const QStringList& sourceNames) {
    if (!a.transfer) return QObject::tr("weak prior");
    if (a.sources.size() == 1)
        return QObject::tr("prior transferred from %1").arg(sourceNames.value(a.sources.front()));
    return QObject::tr("prior transferred from %1 sources").arg(a.sources.size());
}

QString num(double v, int digits = 3) { return QString::number(v, 'f', digits); }

}  // namespace

QString estimatorLabel(const QString& curve) {
    if (curve == QLatin1String("binomial")) return QObject::tr("Binomial");
    if (curve == QLatin1String("beta")) return QObject::tr("Beta-Binomial");
    if (curve == QLatin1String("mixture")) return QObject::tr("mixture");
    if (curve == QLatin1String("empirical")) return QObject::tr("empirical majority");
    return QObject::tr("mixture + transfer");
}

void plotPmf(QCustomPlot* plot, const jd::JudgeAnalysis& a, const QStringList& sourceNames,
             Theme theme) {
    resetPlot(plot);
    QVector<double> x;
    for (int k = 0; k <= a.n; ++k) x << k;
    addBars(plot, QObject::tr("observed share (m = %1)").arg(a.m), x, toQ(a.observed),
            paletteColor(7, theme), 0.7);
    double top = *std::max_element(a.observed.begin(), a.observed.end());
    for (const jd::Fit& f : a.fits) {
        if (f.estimator == jd::Estimator::Empirical) continue;
        const QString id = QString::fromLatin1(jd::estimatorName(f.estimator));
        QCPGraph* g =
            addLine(plot, QObject::tr("%1 pmf, Â = %2").arg(estimatorLabel(id), num(f.accuracy)), x,
                    toQ(f.pmf), paletteColor(estimatorColour(id), theme), theme);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
        top = std::max(top, *std::max_element(f.pmf.begin(), f.pmf.end()));
    }
    // Majority: x > n/2 counts as right (ties at n/2 as ½).
    addVerticalMarker(plot, a.n / 2.0, QObject::tr("majority above"), theme);
    plot->xAxis->setLabel(
        QObject::tr("x = judges agreeing with the human label (of n = %1)").arg(a.n));
    plot->yAxis->setLabel(QObject::tr("share of samples / P(x)"));
    plot->xAxis->setRange(-0.6, a.n + 0.6);
    QSharedPointer<QCPAxisTickerFixed> ticks(new QCPAxisTickerFixed);
    ticks->setTickStep(a.n > 20 ? 5 : 1);
    plot->xAxis->setTicker(ticks);
    plot->yAxis->setRange(0, std::min(1.0, top * 1.15 + 0.01));
    const jd::Fit& emp = a.fits[3];
    setFigureTitle(plot, QObject::tr("Judge counts of %1 samples · empirical majority %2 · %3")
                             .arg(a.m)
                             .arg(num(emp.accuracy))
                             .arg(priorText(a, sourceNames)));
    plot->replot();
}

void plotError(QCustomPlot* plot, const jd::JudgeAnalysis& a, const QStringList& sourceNames,
               Theme theme) {
    resetPlot(plot);
    if (a.margin.curves.empty())
        return plotMessage(plot, QObject::tr("Computing the error margin over %1 random orders…")
                                     .arg(a.margin.repetitions));
    QVector<double> x;
    for (int m : a.margin.ms) x << m;
    double top = 0;
    for (const jd::ErrorCurve& c : a.margin.curves) {
        const QString id = QString::fromStdString(c.label);
        QString name = estimatorLabel(id);
        if (c.transfer && a.sources.size() == 1)
            name += QStringLiteral(" (%1)").arg(sourceNames.value(a.sources.front()));
        addMeanBand(plot, name, x, toQ(c.meanError), toQ(c.stdError),
                    paletteColor(estimatorColour(id), theme), theme, QCPRange(0, 1),
                    QObject::tr("s.e."));
        for (std::size_t k = 0; k < c.meanError.size(); ++k)
            top = std::max(top, c.meanError[k] + c.stdError[k]);
    }
    plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    const double lo = x.isEmpty() ? 1 : x.front(), hi = x.isEmpty() ? 10 : x.back();
    // Round labels on the log axis: 1-2-5 per decade inside the range (a log ticker labels only
    // the decades, which leaves one or two labels for m = 5…400).
    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    for (double decade = 1; decade <= hi * 10; decade *= 10)
        for (double f : {1.0, 2.0, 5.0})
            if (f * decade >= lo && f * decade <= hi)
                ticks->addTick(f * decade, QString::number(f * decade));
    plot->xAxis->setTicker(ticks);
    plot->xAxis->setRange(lo / 1.15, hi * 1.15);
    plot->yAxis->setRange(0, top * 1.12 + 1e-3);
    if (a.trace.stopM >= lo && a.trace.stopM <= hi)
        addVerticalMarker(plot, a.trace.stopM, QObject::tr("stop m = %1").arg(a.trace.stopM),
                          theme);
    plot->xAxis->setLabel(QObject::tr("labelled samples m (log scale)"));
    plot->yAxis->setLabel(
        QObject::tr("mean |Â_m − A_full| ± s.e. over %1 random orders").arg(a.margin.repetitions));
    setFigureTitle(plot, QObject::tr("Error margin against labels · A_full = %1 (empirical "
                                     "majority of all %2)")
                             .arg(num(a.margin.aFull))
                             .arg(a.m));
    plot->replot();
}

void plotStopping(QCustomPlot* plot, const jd::JudgeAnalysis& a, jd::Estimator estimator,
                  const QStringList& sourceNames, Theme theme) {
    resetPlot(plot);
    QVector<double> m, acc, lo, hi, mAfter, accAfter;
    for (std::size_t k = 0; k < a.trace.steps.size(); ++k) {
        const jd::StoppingStep& s = a.trace.steps[k];
        m << s.m;
        lo << s.lo;
        hi << s.hi;
        if (k <= a.trace.stopIndex) acc << s.accuracy;
        if (k >= a.trace.stopIndex) mAfter << s.m, accAfter << s.accuracy;
    }
    const QString estimatorId = QLatin1String(jd::estimatorName(estimator));
    const QColor ink = paletteColor(estimatorColour(estimatorId), theme);
    QColor band = ink;
    band.setAlpha(45);
    QCPGraph* low = addLine(plot, QObject::tr("band low"), m, lo, band, theme);
    QCPGraph* high = addLine(plot, QObject::tr("conformal band Â_m ± q_m ([0, 1] while q = ∞)"), m,
                             hi, band, theme);
    high->setBrush(band);
    high->setChannelFillGraph(low);
    low->removeFromLegend();
    addLine(plot, QObject::tr("Â_m (%1)").arg(estimatorLabel(estimatorId)),
            QVector<double>(m.begin(), m.begin() + acc.size()), acc, ink, theme);
    if (mAfter.size() > 1)
        addLine(plot, QObject::tr("Â_m after the stop (labels not needed)"), mAfter, accAfter, ink,
                theme, Qt::DotLine);
    const double first = m.isEmpty() ? 0 : m.front(), last = m.isEmpty() ? 1 : m.back();
    const jd::Fit& emp = a.fits[3];
    addLine(plot, QObject::tr("empirical majority of all %1 labels").arg(a.m), {first, last},
            {emp.accuracy, emp.accuracy}, paletteColor(7, theme), theme, Qt::DashLine);
    if (a.trueAccuracy)
        addLine(plot, QObject::tr("true A (simulation)"), {first, last},
                {*a.trueAccuracy, *a.trueAccuracy}, paletteColor(3, theme), theme, Qt::DotLine);
    const jd::StoppingStep& stop = a.trace.steps.at(a.trace.stopIndex);
    addVerticalMarker(plot, a.trace.stopM,
                      QObject::tr("stop m = %1 (%2)")
                          .arg(a.trace.stopM)
                          .arg(QLatin1String(jd::stopReasonName(a.trace.reason))),
                      theme);
    plot->xAxis->setLabel(QObject::tr("labels m (annotation order)"));
    plot->yAxis->setLabel(QObject::tr("ensemble accuracy"));
    plot->xAxis->setRange(first - 0.5, last + 0.5);
    // The range of the finite bands and the lines: while q = +∞ the band fills the height.
    double yLo = emp.accuracy, yHi = emp.accuracy;
    if (a.trueAccuracy) yLo = std::min(yLo, *a.trueAccuracy), yHi = std::max(yHi, *a.trueAccuracy);
    for (const jd::StoppingStep& s : a.trace.steps) {
        yLo = std::min(yLo, s.accuracy);
        yHi = std::max(yHi, s.accuracy);
        if (std::isfinite(s.q)) yLo = std::min(yLo, s.lo), yHi = std::max(yHi, s.hi);
    }
    plot->yAxis->setRange(std::max(0.0, yLo - 0.05), std::min(1.02, yHi + 0.05));
    setFigureTitle(plot, QObject::tr("Adaptive stopping at m = %1: Â = %2, [%3, %4] · %5")
                             .arg(a.trace.stopM)
                             .arg(num(stop.accuracy))
                             .arg(num(stop.lo))
                             .arg(num(stop.hi))
                             .arg(priorText(a, sourceNames)));
    plot->replot();
}

void plotTransfer(QCustomPlot* plot, const jd::JudgeAnalysis& a, const QStringList& names,
                  Theme theme) {
    resetPlot(plot);
    const int S = int(a.similarities.size());
    if (S == 0) return plotMessage(plot, QObject::tr("No source datasets."));
    QVector<double> x, sim, weight;
    for (int s = 0; s < S; ++s) {
        x << s;
        sim << a.similarities[std::size_t(s)];
        double w = 0;
        if (a.transfer)
            for (std::size_t k = 0; k < a.sources.size(); ++k)
                if (a.sources[k] == s) w = a.transfer->weights[k];
        weight << w;
    }
    auto* group = new QCPBarsGroup(plot);
    group->setSpacing(0);
    addBars(plot, QObject::tr("cosine similarity of mean embeddings"), x, sim,
            paletteColor(2, theme), 0.38)
        ->setBarsGroup(group);
    addBars(plot,
            a.transfer ? QObject::tr("softmax weight (τ = 0.05) in the prior")
                       : QObject::tr("weight (none: the weak prior is in use)"),
            x, weight, paletteColor(1, theme), 0.38)
        ->setBarsGroup(group);
    addHorizontalMarker(plot, 0, theme);
    setCategoryAxis(plot->xAxis, S, names);
    const double lo = std::min(0.0, *std::min_element(sim.begin(), sim.end()));
    plot->yAxis->setRange(lo - 0.05, 1.1);
    plot->xAxis->setLabel(QObject::tr("source dataset"));
    plot->yAxis->setLabel(QObject::tr("cosine / weight"));
    QString title;
    if (a.transfer) {
        const jd::Prior& p = a.prior;
        const double mode = (p.aPi - 1) / (p.aPi + p.bPi - 2);
        title = QObject::tr(
                    "Transferred prior: π ~ Beta(%1, %2) (mode %3)\ncentres: easy Beta(%4, %5), "
                    "hard Beta(%6, %7); log-scale s = %8")
                    .arg(num(p.aPi, 2), num(p.bPi, 2), num(mode, 3), num(std::exp(p.muA1), 2),
                         num(std::exp(p.muB1), 2), num(std::exp(p.muA2), 2),
                         num(std::exp(p.muB2), 2), num(p.s, 2));
    } else {
        title = QObject::tr("Source similarities · the weak prior is in use (prior = weak)");
    }
    setFigureTitle(plot, title);
    plot->replot();
}

}  // namespace assay::views::judge
