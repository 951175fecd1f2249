#pragma once
// Fills the Probes view's QCustomPlot figures from plain series (no job logic, no core types):
// curves by layer, the ROC, class histograms, the PCA scatter, the α sweep and the heatmaps.
#include <QString>
#include <QStringList>
#include <QVector>
#include <vector>

#include "views/common/plot_heatmap.h"
#include "views/common/plot_theme.h"

class QCustomPlot;

namespace assay::views {

// One curve over layers (x: layer numbers). `spread` non-empty: a ± band (CV std).
struct LayerCurve {
    QString name;
    QVector<double> layers, values, spread;
    Qt::PenStyle style = Qt::SolidLine;
    int colour = 0;  // palette index
};

// AUROC (or another [0, 1] score) by layer with the chance line at 0.5 and the chosen layer
// marked (chosen < 0: no marker).
void plotLayerCurves(QCustomPlot* plot, const std::vector<LayerCurve>& curves, double chosen,
                     const QString& yLabel, const QString& title, Theme theme);

// The held-out ROC with the diagonal and the operating point at the chosen sensitivity.
void plotRoc(QCustomPlot* plot, const std::vector<double>& fpr, const std::vector<double>& tpr,
             double operatingFpr, double operatingTpr, const QString& operatingLabel,
             const QString& title, Theme theme);

// Step histograms of each class's values on common bins, as shares of the class's rows.
struct ClassValues {
    QString name;
    std::vector<double> values;
    int colour = 0;
};
void plotClassHistograms(QCustomPlot* plot, const std::vector<ClassValues>& classes,
                         const QString& xLabel, const QString& title, Theme theme);

// Points per class (already decimated), drawn as small discs.
struct ClassPoints {
    QString name;
    QVector<double> x, y;
    int colour = 0;
};
void plotScatter(QCustomPlot* plot, const std::vector<ClassPoints>& classes, const QString& xLabel,
                 const QString& yLabel, const QString& title, Theme theme);

// Curves over α (x) in one axis; the y label says what they are.
struct AlphaCurve {
    QString name;
    QVector<double> values;
    Qt::PenStyle style = Qt::SolidLine;
    int colour = 0;
};
void plotAlphaSweep(QCustomPlot* plot, const QVector<double>& alpha,
                    const std::vector<AlphaCurve>& curves, const QString& yLabel,
                    const QString& title, Theme theme);

// Heatmap panels side by side, one colour scale for `metric`, each panel titled on its top axis.
struct NamedCells {
    QString name;
    HeatmapCells cells;
    int decimals = 2;  // numbers in the cells where they fit (-1: none)
    QString xLabel;    // under the panel (empty: none)
};
void plotHeatmaps(QCustomPlot* plot, const std::vector<NamedCells>& panels,
                  const MetricRange& metric, const QString& scaleLabel, const QString& title,
                  Theme theme);

}  // namespace assay::views
