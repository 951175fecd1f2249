#pragma once
// What each Inversion figure shows, taken from one InversionAnalysis as plain series (no Qt
// widgets, no drawing): the plot and painter functions draw these, the tests check them against
// the analysis. Attributions of different methods live on different scales (SHAP in output units
// summing to f(x) − E f, LIME's surrogate slopes, the ground truth's own units), so the bars, the
// heatmaps and the highlighting show each as a signed share a_j / Σ|a| (the â of RBP with sign).
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "assay/explain/inversion_analysis.h"

namespace assay::views::inversion {

namespace ex = core::explain;

// a_j / Σ_k |a_k|; all zeros when Σ|a| = 0.
std::vector<double> signedShares(const std::vector<double>& a);

// The method's result in the analysis, or nullptr when it was not run.
const ex::MethodResult* findMethod(const ex::InversionAnalysis& a, ex::Method method);
QString methodLabel(ex::Method method);   // "LIME", "KernelSHAP"
QString roleLabel(ex::FeatureRole role);  // "causal", "spurious", "noise" (translated)

// One row of shares over the item's features: a bar series, a heatmap panel, a highlighted line.
struct ShareRow {
    QString name;
    std::vector<double> shares;  // M
    QString note;                // "R 0.41 · F 0.80" (empty for the ground truth)
    int colour = 0;              // palette index
};

// The item's ground truth, every method's attributions and the shown method after RBP.
struct ItemRows {
    QStringList features;                // M labels
    std::vector<ex::FeatureRole> roles;  // M
    std::vector<ShareRow> rows;          // ground truth, methods in request order, RBP-refined
};
ItemRows itemRows(const ex::InversionAnalysis& a, int item, ex::Method shown);

// R against 1 − F per item for each method, before and after RBP.
struct ScatterSeries {
    QString name;
    std::vector<double> R, unfaithfulness;  // per item: R and 1 − F
    bool refined = false;                   // after RBP (hollow markers)
    int colour = 0;
};
std::vector<ScatterSeries> scatterSeries(const ex::InversionAnalysis& a);

// The IS = level iso-line in the (R, 1 − F) unit square: 1 − F = (2·level^p − R^p)^(1/p) for
// R from 0 to min(1, 2^(1/p)·level), clipped to the square; `points` samples.
void isoLine(double level, double p, int points, std::vector<double>& R, std::vector<double>& g);

// Mean IS (and after RBP) per method against the strength, sorted by strength.
struct SweepCurve {
    QString name;
    std::vector<double> strength, IS;
    bool refined = false;
    int colour = 0;
};
std::vector<SweepCurve> sweepCurves(const ex::InversionAnalysis& a);

// The pokes of one item and method: â_j against Δ̂_j, with the roles.
struct PokePoints {
    QStringList features;
    std::vector<ex::FeatureRole> roles;
    std::vector<double> normAttr, normDelta;
};
PokePoints pokePoints(const ex::InversionAnalysis& a, int item, ex::Method shown);

// Mean ± std of the attributions over the stability seeds for one item, and LIME's local R² for
// every item (empty when LIME was not run).
struct StabilityBands {
    QStringList features;
    std::vector<double> mean, stddev;  // empty when stability was off
    double meanStd = 0;
    std::vector<double> localR2;  // per item, LIME
};
StabilityBands stabilityBands(const ex::InversionAnalysis& a, int item, ex::Method shown);

// "tabular · shortcut model · strength 0.90": the figures' titles start with it.
QString analysisCaption(const ex::InversionAnalysis& a);

}  // namespace assay::views::inversion
