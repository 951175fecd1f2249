#include "views/inversion/inversion_settings.h"

#include <QCoreApplication>

namespace assay::views::inversion {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("InversionSettings", text); }

}  // namespace

SettingsSpec settingsSpec() {
    const QString data = tr("Data and model"), explain = tr("Explanations"),
                  iq = tr("Inversion score and RBP"), figures = tr("Figures");
    SettingsSpec spec;
    spec.add(
        choiceSetting(kDomain.key, tr("Domain"),
                      tr("The synthetic set the bars, scatter, sweep, pokes and stability show: a "
                         "table (y = x1·sin x2, x3 = y + noise), 32×32 shapes with a corner "
                         "colour cue, or template sentences with a spurious name (all three are "
                         "analysed; the image and text figures always show their own)"),
                      {{"tabular", tr("Tabular")}, {"image", tr("Image")}, {"text", tr("Text")}},
                      Stage::Figure, data));
    spec.add(choiceSetting(kModel.key, tr("Model"),
                           tr("Shortcut: trained on the data as generated, so it may read the "
                              "spurious cue; clean: trained with the cue decorrelated"),
                           {{"shortcut", tr("Shortcut")}, {"clean", tr("Clean")}}, Stage::Analysis,
                           data));
    SettingSpec strength = realSetting(kStrength.key, tr("Spurious strength"),
                                       tr("corr(x3, y) (tabular) or how often the cue agrees with "
                                          "the class (image, text), in [0, 1]"),
                                       0.9, 0, 1, Stage::Analysis, data);
    strength.step = 0.05;
    strength.slider = true;
    spec.add(strength);
    spec.add(intSetting(kItems.key, tr("Explained items"),
                        tr("Items (rows, pictures, sentences) explained by both methods"), 10, 1,
                        500, Stage::Analysis, data));
    spec.add(intSetting(kSeed.key, tr("Seed"),
                        tr("Seed of the set, the models' training and the explainers"), 0, 0,
                        2147483647, Stage::Analysis, data));

    spec.add(intSetting(kNsamples.key, tr("Samples"),
                        tr("Perturbations per explanation (0: each method's default — KernelSHAP "
                           "auto 2M+2048, LIME 5000)"),
                        0, 0, 1000000, Stage::Analysis, explain));
    spec.add(intSetting(kStabilitySeeds.key, tr("Stability seeds"),
                        tr("Reruns of LIME and KernelSHAP with other seeds for the stability "
                           "bands (0: off)"),
                        5, 0, 50, Stage::Analysis, explain));

    SettingSpec p = realSetting(kP.key, tr("IS power p"),
                                tr("IS = ((R^p + (1−F)^p) / 2)^(1/p): p = 1 averages reliance and "
                                   "unfaithfulness, large p takes the worse of the two"),
                                2.0, 1, 64, Stage::Analysis, iq);
    p.step = 0.5;
    spec.add(p);
    SettingSpec lambda =
        realSetting(kLambda.key, tr("RBP λ"),
                    tr("Reproduce-by-Poking: ã_j = a_j / (1 + λ·|â_j − Δ̂_j|); 0 leaves the "
                       "attributions as they are"),
                    1.0, 0, 1000, Stage::Analysis, iq);
    lambda.step = 0.5;
    spec.add(lambda);
    SettingSpec sweep;
    sweep.key = QLatin1String(kSweep.key);
    sweep.type = SettingType::Bool;
    sweep.label = tr("Strength sweep");
    sweep.tooltip =
        tr("Also train and explain at evenly spaced strengths from 0 to 1 for the "
           "IS vs strength figure (each point costs about one more analysis)");
    sweep.defaultValue = true;
    sweep.stage = Stage::Analysis;
    sweep.section = iq;
    spec.add(sweep);
    spec.add(intSetting(kSweepPoints.key, tr("Sweep points"),
                        tr("Strengths in the sweep: 0 to 1 in this many even steps"), 2, 2, 21,
                        Stage::Analysis, iq));

    spec.add(choiceSetting(kMethod.key, tr("Method shown"),
                           tr("The explainer whose heatmap, highlighting, pokes and stability "
                              "bands are drawn (the bars and the scatter show both)"),
                           {{"kernelshap", tr("KernelSHAP")}, {"lime", tr("LIME")}}, Stage::Figure,
                           figures));
    spec.add(intSetting(kItem.key, tr("Item"),
                        tr("The explained item (row, picture, sentence) the bars, "
                           "heatmap, text, pokes and stability bands show"),
                        0, 0, 499, Stage::Figure, figures));
    return spec;
}

}  // namespace assay::views::inversion
