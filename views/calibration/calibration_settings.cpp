#include "views/calibration/calibration_settings.h"

#include <QCoreApplication>

namespace assay::views::calibration {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("CalibrationSettings", text); }

SettingSpec level(const char* key, const QString& label, const QString& tip) {
    SettingSpec s = realSetting(key, label, tip, 0.28, 0, 1, Stage::Analysis, tr("Conformal"));
    s.minExclusive = s.maxExclusive = true;
    s.step = 0.01;
    s.slider = true;
    return s;
}

}  // namespace

SettingsSpec settingsSpec() {
    SettingsSpec spec;
    spec.add(level(
        kAlpha.key, tr("Risk α"),
        tr("Target miscoverage: prediction sets hold the gold answer with probability ≥ 1 − α")));
    spec.add(level(kDelta.key, tr("Selection δ"),
                   tr("Answer only when the conformal p-value exceeds δ; abstain otherwise")));

    SettingSpec weights;
    weights.key = QLatin1String(kWeights.key);
    weights.type = SettingType::DoubleList;
    weights.count = 2;
    weights.label = tr("Score weights: probability, frequency");
    weights.tooltip =
        tr("u(o) = 1 − a·p(o) − b·freq(o) for the weights a, b: a weighs the option probability "
           "(white-box), b the sampled-answer frequency (generic data ignores them)");
    weights.defaultValue = QVariantList{0.0, 1.0};
    weights.min = 0;
    weights.step = 0.1;
    weights.section = tr("Scores");
    spec.add(weights);

    spec.add(choiceSetting(kStatistic.key, tr("Statistic"),
                           tr("The statistic U whose conformal p-value decides selection"),
                           {{"entropy", tr("Predictive entropy (black-box)")},
                            {"distinct", tr("Distinct answers")},
                            {"second", tr("Second-largest frequency")},
                            {"whitebox", tr("White-box entropy of p")}},
                           Stage::Analysis, weights.section));

    const QString splits = tr("Splits");
    spec.add(intSetting(kRepetitions.key, tr("Splits"),
                        tr("Random calibration/test splits behind every curve (mean ± std)"), 100,
                        1, 100000, Stage::Analysis, splits));
    SettingSpec fraction =
        level(kCalFraction.key, tr("Calibration share"),
              tr("Share of the questions drawn into the calibration half of each split"));
    fraction.aliases = QStringList{QStringLiteral("calFraction")};
    fraction.defaultValue = 0.5;
    fraction.slider = false;
    fraction.section = splits;
    spec.add(fraction);

    spec.add(intSetting(kSeed.key, tr("Seed"), tr("Seed of the random splits"), 10, 0, 2147483647,
                        Stage::Analysis, splits));

    for (auto [key, alias, label, tip] :
         {std::tuple{kCalGroup.key, "calGroup", tr("Calibrate on"),
                     tr("Calibrate on this group's questions (or all)")},
          std::tuple{kTestGroup.key, "testGroup", tr("Test on"),
                     tr("Test on this group's questions (or all)")}}) {
        SettingSpec g;
        g.key = QLatin1String(key);
        g.aliases = QStringList{QLatin1String(alias)};
        g.type = SettingType::Group;
        g.label = label;
        g.tooltip = tip;
        g.defaultValue = QStringLiteral("all");
        g.section = tr("Groups");
        g.dataLimit = tr("a group of the data");
        spec.add(g);
    }

    spec.add(choiceSetting(kHeatmap.key, tr("Heatmaps show"),
                           tr("The cross-domain heatmaps' metric"),
                           {{"emr", tr("EMR (miscoverage)")},
                            {"apss", tr("APSS (set size)")},
                            {"selected", tr("Selected questions")}},
                           Stage::Figure, tr("Figures")));

    SettingSpec map;
    map.key = QLatin1String(kMap.key);
    map.type = SettingType::Map;
    map.label = tr("Role map");
    map.tooltip =
        tr("your column/tensor name for a role, e.g. gold=labels (see the README's inputs)");
    map.defaultValue = QVariantMap{};
    map.stage = Stage::Load;
    map.control = false;
    spec.add(map);

    // Sessions before the kit stored the weights as two keys.
    spec.setUpgrade([](QVariantMap& m) {
        if (!m.contains(QStringLiteral("weightLogit")) && !m.contains(QStringLiteral("weightFreq")))
            return;
        const QVariant l = m.take(QStringLiteral("weightLogit")),
                       f = m.take(QStringLiteral("weightFreq"));
        if (!m.contains(QLatin1String(kWeights.key)))
            m.insert(QLatin1String(kWeights.key),
                     QVariantList{l.isValid() ? l : 0.0, f.isValid() ? f : 1.0});
    });
    return spec;
}

}  // namespace assay::views::calibration
