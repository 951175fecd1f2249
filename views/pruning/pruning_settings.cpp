#include "views/pruning/pruning_settings.h"

#include <QCoreApplication>

#include "assay/prune/criteria.h"

namespace assay::views::pruning {

namespace prune = core::prune;

namespace {

QString tr(const char* text) { return QCoreApplication::translate("PruningSettings", text); }

QVector<SettingChoice> criterionChoices() {
    QVector<SettingChoice> choices;
    // EAN first: the paper's best overall (Min-EAN) is the default.
    choices.push_back({QStringLiteral("EAN"), QStringLiteral("EAN — ") + tr("activation norm")});
    for (prune::Criterion c : prune::allCriteria()) {
        if (c == prune::Criterion::EAN) continue;
        choices.push_back(
            {QString::fromLatin1(prune::criterionName(c)),
             QStringLiteral("%1 — %2").arg(QString::fromLatin1(prune::criterionName(c)),
                                           tr(prune::criterionTitle(c)))});
    }
    return choices;
}

}  // namespace

QString procedureSection() { return tr("Criterion and procedure"); }
QString figureSection() { return tr("Figures"); }
QString inputSection() { return tr("Input"); }

QStringList comparedCriteria(const QString& compare, const QString& chosen) {
    QStringList names;
    if (compare == QLatin1String("best"))
        names = {QStringLiteral("EAN"), QStringLiteral("RWN"), QStringLiteral("ETS"),
                 QStringLiteral("EGE")};
    else if (compare == QLatin1String("weight"))
        names = {QStringLiteral("EWS"), QStringLiteral("RWN"), QStringLiteral("WSR"),
                 QStringLiteral("EWN")};
    else if (compare == QLatin1String("inference"))
        names = {QStringLiteral("EUF"), QStringLiteral("ECC"), QStringLiteral("EVTC"),
                 QStringLiteral("ETS")};
    else if (compare == QLatin1String("activation"))
        names = {QStringLiteral("EAS"), QStringLiteral("EAE"), QStringLiteral("EAO"),
                 QStringLiteral("EAN")};
    else if (compare == QLatin1String("gradient"))
        names = {QStringLiteral("EGS"), QStringLiteral("EGE"), QStringLiteral("EGO"),
                 QStringLiteral("EGN")};
    names.removeAll(chosen);
    names.prepend(chosen);
    return names;
}

SettingsSpec settingsSpec() {
    const QString proc = procedureSection(), fig = figureSection(), in = inputSection();
    const Stage analysis = Stage::Analysis, figure = Stage::Figure, load = Stage::Load;
    SettingsSpec spec;
    spec.add(choiceSetting(kCriterion.key, tr("Criterion"),
                           tr("The expert-importance criterion (MC-Suite, papers.md §2(c)) that "
                              "scores experts and drives the procedure"),
                           criterionChoices(), analysis, proc));
    spec.add(
        choiceSetting(kVariant.key, tr("Variant"),
                      tr("Which end is dropped: min = the lowest score, max = the highest"),
                      {{"min", tr("Min (drop the lowest)")}, {"max", tr("Max (drop the highest)")}},
                      analysis, proc));
    spec.add(choiceSetting(kProcedure.key, tr("Procedure"),
                           tr("One-shot scores once; iterative re-estimates before each expert "
                              "per layer; lottery adds a budgeted fine-tune after each round "
                              "(demo only)"),
                           {{"one-shot", tr("One-shot")},
                            {"iterative", tr("Iterative")},
                            {"lottery", tr("Lottery (iterative + fine-tune)")}},
                           analysis, proc));
    SettingSpec sparsity = realSetting(
        kSparsity.key, tr("Sparsity"),
        tr("Share of each layer's experts dropped (rounded to whole experts; at least k stay)"),
        0.5, 0, 1, analysis, proc);
    sparsity.maxExclusive = true;
    sparsity.step = 0.125;
    sparsity.decimals = 3;
    sparsity.slider = true;
    sparsity.dataLimit = tr("≤ (n − k) / n for n experts, top-k");
    spec.add(sparsity);
    spec.add(choiceSetting(kCompare.key, tr("Curves of"),
                           tr("Criteria in the curve figure besides the chosen one: none, the "
                              "paper's best of each group (EAN, RWN, ETS, EGE), or one group"),
                           {{"chosen", tr("The chosen criterion")},
                            {"best", tr("Best of each group")},
                            {"weight", tr("Weight group")},
                            {"inference", tr("Inference group")},
                            {"activation", tr("Activation group")},
                            {"gradient", tr("Gradient group")}},
                           analysis, fig));
    spec.add(choiceSetting(kCurveMetric.key, tr("Curve metric"),
                           tr("What the curves plot against sparsity: auto = task loss for the "
                              "demo, else the relative reconstruction error"),
                           {{"auto", tr("Automatic")},
                            {"error", tr("Relative reconstruction error")},
                            {"loss", tr("Task loss (demo)")},
                            {"accuracy", tr("Task accuracy (demo)")}},
                           figure, fig));
    SettingSpec layer = intSetting(kLayer.key, tr("Layer"),
                                   tr("The MoE layer of the load histogram and the graph "
                                      "(decoder-layer index l of model.layers.{l})"),
                                   0, 0, 1023, figure, fig);
    layer.dataLimit = tr("an MoE layer of the input");
    spec.add(layer);
    spec.add(choiceSetting(kScale.key, tr("Heatmap scale"),
                           tr("Criterion heatmap colours: rank within each layer (criteria differ "
                              "in scale from layer to layer) or the values themselves"),
                           {{"rank", tr("Rank within the layer")}, {"value", tr("Value")}}, figure,
                           fig));
    SettingSpec topT =
        intSetting(kTopT.key, tr("Graph Top-T"),
                   tr("Partners per surviving expert drawn in the graph"), 2, 1, 4096, figure, fig);
    topT.dataLimit = tr("≤ n − 1");
    spec.add(topT);
    SettingSpec calib;
    calib.key = QLatin1String(kCalib.key);
    calib.type = SettingType::Text;
    calib.label = tr("Calibration file");
    calib.tooltip =
        tr("Hidden states (layers.{l}.hidden) for a checkpoint folder; empty: a "
           "calibration*.safetensors beside config.json");
    calib.defaultValue = QString();
    calib.stage = load;
    calib.section = in;
    spec.add(calib);
    SettingSpec layers;
    layers.key = QLatin1String(kLayers.key);
    layers.type = SettingType::IntList;
    layers.label = tr("Layers");
    layers.tooltip = tr("Decoder layers to load (empty: every MoE layer the input covers)");
    layers.defaultValue = QVariantList{};
    layers.min = 0;
    layers.max = 4095;
    layers.stage = load;
    layers.section = in;
    spec.add(layers);
    SettingSpec heldOut = realSetting(kHeldOut.key, tr("Held-out share"),
                                      tr("Share of the calibration tokens kept for evaluation "
                                         "(the rest estimates the criteria)"),
                                      0.25, 0, 1, load, in);
    heldOut.minExclusive = heldOut.maxExclusive = true;
    heldOut.step = 0.05;
    spec.add(heldOut);
    spec.add(intSetting(kSeed.key, tr("Seed"),
                        tr("Seed of the estimation / held-out split of the calibration tokens"), 0,
                        0, 2147483647, load, in));
    return spec;
}

}  // namespace assay::views::pruning
