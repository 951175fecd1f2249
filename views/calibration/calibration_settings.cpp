#include "views/calibration/calibration_settings.h"

#include <QCoreApplication>

namespace assay::views::calibration {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("CalibrationSettings", text); }

SettingSpec level(const char* key, const QString& label, const QString& tip) {
    SettingSpec s;
    s.key = QLatin1String(key);
    s.type = SettingType::Double;
    s.label = label;
    s.tooltip = tip;
    s.defaultValue = 0.28;
    s.min = 0;
    s.max = 1;
    s.minExclusive = s.maxExclusive = true;
    s.step = 0.01;
    s.slider = true;
    s.section = tr("Conformal");
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
    weights.label = tr("Score weights w_l, w_f");
    weights.tooltip =
        tr("u(o) = 1 − w_l·p(o) − w_f·freq(o): weights of the option probability and of the "
           "sampled-answer "
           "frequency (generic data ignores them)");
    weights.defaultValue = QVariantList{0.0, 1.0};
    weights.min = 0;
    weights.step = 0.1;
    weights.section = tr("Scores");
    spec.add(weights);

    SettingSpec statistic;
    statistic.key = QLatin1String(kStatistic.key);
    statistic.type = SettingType::Choice;
    statistic.label = tr("Statistic");
    statistic.tooltip = tr("The statistic U whose conformal p-value decides selection");
    statistic.choices = {{"entropy", tr("Predictive entropy (black-box)")},
                         {"distinct", tr("Distinct answers")},
                         {"second", tr("Second-largest frequency")},
                         {"whitebox", tr("White-box entropy of p")}};
    statistic.defaultValue = QStringLiteral("entropy");
    statistic.section = weights.section;
    spec.add(statistic);

    SettingSpec repetitions;
    repetitions.key = QLatin1String(kRepetitions.key);
    repetitions.type = SettingType::Int;
    repetitions.label = tr("Splits");
    repetitions.tooltip = tr("Random calibration/test splits behind every curve (mean ± std)");
    repetitions.defaultValue = 100;
    repetitions.min = 1;
    repetitions.max = 100000;
    repetitions.section = tr("Splits");
    spec.add(repetitions);

    SettingSpec fraction =
        level(kCalFraction.key, tr("Calibration share"),
              tr("Share of the questions drawn into the calibration half of each split"));
    fraction.aliases = QStringList{QStringLiteral("calFraction")};
    fraction.defaultValue = 0.5;
    fraction.slider = false;
    fraction.section = repetitions.section;
    spec.add(fraction);

    SettingSpec seed;
    seed.key = QLatin1String(kSeed.key);
    seed.type = SettingType::Int;
    seed.label = tr("Seed");
    seed.tooltip = tr("Seed of the random splits");
    seed.defaultValue = 10;
    seed.min = 0;
    seed.max = 2147483647;
    seed.section = repetitions.section;
    spec.add(seed);

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

    SettingSpec heatmap;
    heatmap.key = QLatin1String(kHeatmap.key);
    heatmap.type = SettingType::Choice;
    heatmap.label = tr("Heatmaps show");
    heatmap.tooltip = tr("The cross-domain heatmaps' metric");
    heatmap.choices = {{"emr", tr("EMR (miscoverage)")},
                       {"apss", tr("APSS (set size)")},
                       {"selected", tr("Selected questions")}};
    heatmap.defaultValue = QStringLiteral("emr");
    heatmap.stage = Stage::Figure;
    heatmap.section = tr("Figures");
    spec.add(heatmap);

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
