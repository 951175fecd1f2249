#pragma once
// The Judge view's four figures (papers.md §6(e)) drawn from core's JudgeAnalysis: counts with
// the fitted pmfs, the error margin against m, the stopping trace, and the source similarities
// with the transferred prior.
#include <QStringList>

#include "assay/judge/judge_analysis.h"
#include "views/common/plot_theme.h"

class QCustomPlot;

namespace assay::views::judge {

// Histogram of x (share of samples) with the Binomial, Beta-Binomial and mixture pmfs.
// sourceNames: the input's sources (for the titles and legends that name the chosen one).
void plotPmf(QCustomPlot* plot, const core::judge::JudgeAnalysis& a, const QStringList& sourceNames,
             Theme theme);
// Mean |Â_m − A_full| ± its standard error per estimator, log m axis, the stop point marked.
void plotError(QCustomPlot* plot, const core::judge::JudgeAnalysis& a,
               const QStringList& sourceNames, Theme theme);
// Â_m with its conformal band against m, A on all labels (and the truth when known), the stop.
void plotStopping(QCustomPlot* plot, const core::judge::JudgeAnalysis& a,
                  core::judge::Estimator estimator, const QStringList& sourceNames, Theme theme);
// Cosine similarity and softmax weight per source (names), the chosen prior in the title.
void plotTransfer(QCustomPlot* plot, const core::judge::JudgeAnalysis& a,
                  const QStringList& sourceNames, Theme theme);

// "Binomial", "Beta-Binomial", "mixture", "empirical majority", "mixture + transfer".
QString estimatorLabel(const QString& curveLabel);

}  // namespace assay::views::judge
