#include "views/probes/probes_settings.h"

#include <QCoreApplication>

namespace assay::views::probes_settings {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ProbesSettings", text); }

SettingSpec textSetting(const char* key, const QString& label, const QString& tooltip,
                        const QString& value, Stage stage, const QString& section) {
    SettingSpec s;
    s.key = QLatin1String(key);
    s.type = SettingType::Text;
    s.label = label;
    s.tooltip = tooltip;
    s.defaultValue = value;
    s.stage = stage;
    s.section = section;
    return s;
}

SettingSpec boolSetting(const char* key, const QString& label, const QString& tooltip, bool value,
                        Stage stage, const QString& section) {
    SettingSpec s;
    s.key = QLatin1String(key);
    s.type = SettingType::Bool;
    s.label = label;
    s.tooltip = tooltip;
    s.defaultValue = value;
    s.stage = stage;
    s.section = section;
    return s;
}

}  // namespace

QString probeSection() { return tr("Probes"); }
QString steeringSection() { return tr("Steering and transfer"); }
QString figureSection() { return tr("Figures"); }
QString inputSection() { return tr("Inputs"); }

SettingsSpec settingsSpec() {
    const QString pr = probeSection(), st = steeringSection(), fi = figureSection(),
                  in = inputSection();
    const Stage analysis = Stage::Analysis, figure = Stage::Figure, load = Stage::Load;
    SettingsSpec spec;
    SettingSpec layer = intSetting(kLayer.key, tr("Layer"),
                                   tr("The layer the ROC, histograms, PCA, steering, transfer "
                                      "matrix and captions show (-1: the best held-out AUROC)"),
                                   -1, -1, 1 << 20, figure, pr);
    layer.dataLimit = tr("-1 or a layer of the states");
    spec.add(layer);
    SettingSpec c = realSetting(kC.key, tr("C"),
                                tr("Inverse regularisation strength, sklearn's C: loss = Σ "
                                   "log-loss + ½‖w‖²/C (intercept not penalised)"),
                                1.0, 0, 1e6, analysis, pr);
    c.aliases = QStringList{QStringLiteral("C")};
    c.minExclusive = true;
    c.decimals = 4;
    c.step = 0.1;
    spec.add(c);
    spec.add(intSetting(kCv.key, tr("CV folds"),
                        tr("k-fold cross-validation on the training rows (0: none): C is chosen "
                           "per layer from the C grid by mean CV AUROC, and the AUROC curve gets "
                           "a ± std band"),
                        0, 0, 20, analysis, pr));
    SettingSpec grid;
    grid.key = QLatin1String(kCGrid.key);
    grid.type = SettingType::DoubleList;
    grid.label = tr("C grid");
    grid.tooltip = tr("The values of C cross-validation chooses from (with CV folds ≥ 2)");
    grid.defaultValue = QVariantList{0.01, 0.1, 1.0, 10.0, 100.0};
    grid.min = 0;
    grid.minExclusive = true;
    grid.stage = analysis;
    grid.section = pr;
    spec.add(grid);
    spec.add(boolSetting(kBalanced.key, tr("Balanced"),
                         tr("class_weight=\"balanced\": each class weighs n / (2 n_class) "
                            "(hallucinated mentions are usually a minority)"),
                         false, analysis, pr));
    SettingSpec test = realSetting(kTestFraction.key, tr("Test fraction"),
                                   tr("Share of the rows (of the groups, with a group tensor) "
                                      "held out when the file has no split"),
                                   0.25, 0, 1, analysis, pr);
    test.minExclusive = test.maxExclusive = true;
    test.step = 0.05;
    spec.add(test);
    spec.add(intSetting(kSeed.key, tr("Seed"), tr("Seed of the split, the folds and the PCA"), 0, 0,
                        2147483647, analysis, pr));
    SettingSpec sens = realSetting(kSensitivity.key, tr("Sensitivity"),
                                   tr("Specificity is reported at the first threshold reaching "
                                      "this sensitivity (share of hallucinated rows flagged)"),
                                   0.95, 0, 1, analysis, pr);
    sens.minExclusive = sens.maxExclusive = true;
    sens.step = 0.01;
    spec.add(sens);

    spec.add(textSetting(kAlpha.key, tr("α range"),
                         tr("Steering strengths: a:b:n (n evenly spaced values) or a comma "
                            "list; h' = h + α·σ·v on the held-out states"),
                         QStringLiteral("-4:4:17"), analysis, st));
    spec.add(choiceSetting(kSteering.key, tr("Steering direction"),
                           tr("v: the mass-mean direction (mean real − mean hallucinated) or the "
                              "probe's −w/‖w‖"),
                           {{"mass-mean", tr("Mass-mean")}, {"probe", tr("Probe")}}, analysis, st))
        .aliases = QStringList{QStringLiteral("steering")};
    SettingSpec rank = intSetting(kRank.key, tr("Transfer rank"),
                                  tr("ComnHallu: PCA rank r of each model's subspace before the "
                                     "orthogonal Procrustes alignment; assay-run transfer's "
                                     "default is 64, the view's 32 fits narrow models such as the "
                                     "demo's"),
                                  32, 1, 4096, analysis, st);
    rank.dataLimit = tr("≤ the smaller width and the training rows");
    spec.add(rank);

    spec.add(choiceSetting(
        kHistogram.key, tr("Histograms of"),
        tr("Every row's projection on the mass-mean direction ⟨h, v⟩, or "
           "the probe's decision score w·h + b on the held-out rows"),
        {{"direction", tr("Projection on the direction")}, {"score", tr("Probe score (held out)")}},
        figure, fi));
    spec.add(choiceSetting(
        kCosine.key, tr("Cosines of"),
        tr("Which direction the cross-layer cosine heatmap compares"),
        {{"mass-mean", tr("Mass-mean directions")}, {"probe", tr("Probe directions")}}, figure,
        fi));
    spec.add(intSetting(kPcaPoints.key, tr("PCA points drawn"),
                        tr("At most this many states are drawn in the PCA scatter (an even "
                           "share of each class; the PCA itself uses every state)"),
                        3000, 100, 1000000, figure, fi));
    SettingSpec caption =
        intSetting(kCaption.key, tr("First caption"),
                   tr("The captions figure starts at this caption"), 0, 0, 1 << 24, figure, fi);
    caption.dataLimit = tr("< captions");
    spec.add(caption);

    spec.add(textSetting(kSecond.key, tr("Second model"),
                         tr("A second model's states for the same items (paired rows, any "
                            "width): transfer and its AUROC curve"),
                         QString(), load, in));
    spec.add(textSetting(kPairs.key, tr("Preference pairs"),
                         tr("Comma-separated files with chosen and rejected embeddings, one "
                            "dataset each"),
                         QString(), load, in));
    spec.add(textSetting(kCaptions.key, tr("Captions"),
                         tr("Captions as JSON Lines (tokens, labels, confidences), coloured token "
                            "by token by the probe"),
                         QString(), load, in));
    spec.add(textSetting(kCaptionStates.key, tr("Caption states"),
                         tr("Per-token states of the captions; empty: <captions stem>-states or "
                            "caption-states.safetensors beside them"),
                         QString(), load, in));
    spec.add(textSetting(kProbe.key, tr("Imported probe"),
                         tr("A probe file (exported here or by assay-run probe): steering and "
                            "captions use it instead of the probe trained here"),
                         QString(), load, in));
    return spec;
}

}  // namespace assay::views::probes_settings
