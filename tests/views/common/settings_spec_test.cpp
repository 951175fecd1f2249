// The settings declaration: parsing, refusing (never clamping), aliases, legacy keys, help.
#include "views/common/settings_spec.h"

#include <gtest/gtest.h>

#include "assay/core/error.h"
#include "views/common/settings.h"

namespace assay::views {
namespace {

SettingsSpec sampleSpec() {
    SettingsSpec spec;
    SettingSpec level;
    level.key = "alpha";
    level.type = SettingType::Double;
    level.defaultValue = 0.28;
    level.min = 0;
    level.max = 1;
    level.minExclusive = level.maxExclusive = true;
    level.tooltip = "risk level";
    spec.add(level);
    SettingSpec layer;
    layer.key = "top-t";
    layer.aliases = QStringList{"topT", "T"};
    layer.type = SettingType::Int;
    layer.defaultValue = 3;
    layer.min = 1;
    layer.max = 64;
    spec.add(layer);
    SettingSpec how;
    how.key = "normalise";
    how.type = SettingType::Choice;
    how.choices = {{"raw", "Raw"}, {"lift", "Lift"}};
    how.defaultValue = "raw";
    spec.add(how);
    SettingSpec weights;
    weights.key = "weights";
    weights.type = SettingType::DoubleList;
    weights.count = 2;
    weights.min = 0;
    weights.defaultValue = QVariantList{0.0, 1.0};
    spec.add(weights);
    SettingSpec layers;
    layers.key = "layers";
    layers.type = SettingType::IntList;
    layers.min = 0;
    layers.max = 31;
    layers.defaultValue = QString();
    spec.add(layers);
    SettingSpec map;
    map.key = "map";
    map.type = SettingType::Map;
    map.defaultValue = QVariantMap{};
    spec.add(map);
    SettingSpec flag;
    flag.key = "balanced";
    flag.type = SettingType::Bool;
    flag.defaultValue = false;
    spec.add(flag);
    spec.setUpgrade([](QVariantMap& m) {
        if (m.contains("weightLogit"))
            m.insert("weights", QVariantList{m.take("weightLogit"), m.take("weightFreq")});
    });
    return spec;
}

std::string refusal(const SettingsSpec& spec, const QString& key, const QString& text) {
    try {
        spec.parse(key, text);
    } catch (const core::ParameterError& e) {
        return e.what();
    }
    return "accepted";
}

TEST(SettingsSpec, ParsesEveryTypeFromCommandLineText) {
    const SettingsSpec spec = sampleSpec();
    EXPECT_EQ(spec.parse("alpha", "0.1"), QVariant(0.1));
    EXPECT_EQ(spec.parse("top-t", "5"), QVariant(5));
    EXPECT_EQ(spec.parse("normalise", "LIFT"), QVariant("lift"));
    EXPECT_EQ(spec.parse("weights", "1,0"), QVariant(QVariantList{1.0, 0.0}));
    EXPECT_EQ(spec.parse("layers", "0,2"), QVariant(QVariantList{0, 2}));
    EXPECT_EQ(spec.parse("map", "gold=labels,probs=p").toMap().value("probs").toString(), "p");
    EXPECT_EQ(spec.parse("balanced", "true"), QVariant(true));
}

TEST(SettingsSpec, RefusesOutOfRangeValuesWithKeyValueAndRange) {
    const SettingsSpec spec = sampleSpec();
    const std::string alpha = refusal(spec, "alpha", "1.5");
    EXPECT_NE(alpha.find("alpha"), std::string::npos) << alpha;
    EXPECT_NE(alpha.find("1.5"), std::string::npos) << alpha;
    EXPECT_NE(alpha.find("(0, 1)"), std::string::npos) << alpha;
    EXPECT_NE(refusal(spec, "alpha", "1").find("outside"), std::string::npos);  // exclusive bound
    EXPECT_NE(refusal(spec, "top-t", "65").find("1..64"), std::string::npos);
    EXPECT_NE(refusal(spec, "top-t", "0").find("1..64"), std::string::npos);
    EXPECT_NE(refusal(spec, "top-t", "2.5").find("whole number"), std::string::npos);
    EXPECT_NE(refusal(spec, "normalise", "cosine").find("one of raw, lift"), std::string::npos);
    EXPECT_NE(refusal(spec, "weights", "1").find("expected 2"), std::string::npos);
    EXPECT_NE(refusal(spec, "weights", "-1,0").find("outside"), std::string::npos);
    EXPECT_NE(refusal(spec, "layers", "0,32").find("0..31"), std::string::npos);
    EXPECT_NE(refusal(spec, "map", "gold").find("role=name"), std::string::npos);
    EXPECT_NE(refusal(spec, "balanced", "maybe").find("true or false"), std::string::npos);
    EXPECT_NE(refusal(spec, "alpha", "abc").find("not a number"), std::string::npos);
    EXPECT_NE(refusal(spec, "nope", "1").find("not a setting"), std::string::npos);
}

TEST(SettingsSpec, AliasesAndLegacyKeysResolveToTheKey) {
    const SettingsSpec spec = sampleSpec();
    const QVariantMap m = spec.normalise({{"topT", 8}, {"weightLogit", 1.0}, {"weightFreq", 0.0}});
    EXPECT_EQ(m.value("top-t"), QVariant(8));
    EXPECT_EQ(m.value("weights"), QVariant(QVariantList{1.0, 0.0}));
    EXPECT_FALSE(m.contains("topT"));
    EXPECT_EQ(spec.find("T")->key, "top-t");
    // Session values may arrive as text.
    EXPECT_EQ(spec.normalise({{"alpha", "0.2"}}).value("alpha"), QVariant(0.2));
    EXPECT_THROW(spec.normalise({{"alpha", 2.0}}), core::ParameterError);
}

TEST(SettingsSpec, RejectsDuplicateKeysAndAliases) {
    SettingsSpec spec = sampleSpec();
    SettingSpec dup;
    dup.key = "T";
    EXPECT_THROW(spec.add(dup), core::ParameterError);
}

TEST(SettingsSpec, HelpListsEveryKeyWithRangeAndDefault) {
    const QString help = sampleSpec().helpText();
    for (const char* key : {"alpha", "top-t", "normalise", "weights", "layers", "map", "balanced"})
        EXPECT_TRUE(help.contains(QString("  ") + key + " (")) << key;
    EXPECT_TRUE(help.contains("(0, 1)"));
    EXPECT_TRUE(help.contains("default 0.28"));
    EXPECT_TRUE(help.contains("also: topT, T"));
}

TEST(SettingsSpec, DefaultsAreCompleteAndTypedAccessorsRead) {
    const Settings s(sampleSpec().defaults());
    EXPECT_DOUBLE_EQ(s.get(SettingKey<double>{"alpha"}), 0.28);
    EXPECT_EQ(s.get(SettingKey<int>{"top-t"}), 3);
    EXPECT_EQ(s.get(SettingKey<QVector<double>>{"weights"}), (QVector<double>{0.0, 1.0}));
    EXPECT_TRUE(s.get(SettingKey<QVector<int>>{"layers"}).isEmpty());
    EXPECT_THROW(s.get(SettingKey<int>{"typo"}), std::logic_error);
    Settings t = s;
    t.set("alpha", 0.1);
    EXPECT_EQ(t.changedFrom(s), QStringList{"alpha"});
}

}  // namespace
}  // namespace assay::views
