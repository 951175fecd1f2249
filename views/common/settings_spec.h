#pragma once
// A view's settings, declared once. Each entry says its key, label, tooltip, type, range or
// choices, default, the section and order of its control, and the stage it feeds. From this one
// table come the controls panel (SettingsPanel), validation of `--set key=value`, guide steps
// and sessions (refused with the key, the value and what is allowed — never clamped), the
// `assay render --help` listing, the `--<key>` options of `assay render <view>`, the session
// file and the parameters in provenance.
//
// Keys are lowercase kebab-case and equal the long option of `assay render <view>` and of the
// matching `assay-run` command (`top-t` is `--top-t`, `cal-fraction` is `--cal-fraction`).
// Earlier spellings stay accepted as aliases (`topT`, `calFraction`, `--T`), so old sessions and
// scripts keep working; what is saved and shown is always the key.
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>
#include <QVector>
#include <functional>
#include <limits>

namespace assay::views {

// What a change of the setting recomputes, from that stage on and no earlier.
enum class Stage {
    Load,      // the input must be read again (a role map)
    Analysis,  // the view's core analysis runs again
    Figure,    // only the figures are drawn again
};

enum class SettingType {
    Int,
    Double,
    Bool,
    Choice,      // one id of `choices`
    Text,        // free text
    Group,       // "all" or a group name of the loaded data (checked once data is loaded)
    IntList,     // "0,2": integers within [min, max]
    DoubleList,  // "0,1": `count` numbers within [min, max] (count 0: any)
    Map,         // role=name pairs ("gold=labels"); a QVariantMap role -> name
};

struct SettingChoice {
    QString id;     // what sessions and command lines spell
    QString label;  // what the control shows (translated)
};

struct SettingSpec {
    QString key;
    QStringList aliases;  // earlier spellings, accepted on input
    SettingType type = SettingType::Double;
    QString label;
    QString tooltip;  // also the help text's description
    QVariant defaultValue;
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool minExclusive = false, maxExclusive = false;  // (0, 1) for a level
    int count = 0;                                    // DoubleList / IntList length, 0: any
    QVector<SettingChoice> choices;
    Stage stage = Stage::Analysis;
    QString section;      // controls under one heading, in declaration order
    bool control = true;  // false: no control in the panel (figure, map, selection)
    // Numeric controls.
    double step = 1;
    int decimals = 2;
    QString suffix;
    bool slider = false;  // Double: a slider beside the spin box
    // Said in help and messages for limits that only the data knows ("< layers of the trace").
    QString dataLimit;
    // Group: the control's label for "all" (empty: "All groups").
    QString allLabel;
};

// Builders for the common kinds; set any other field on the result.
SettingSpec intSetting(const char* key, const QString& label, const QString& tooltip, int value,
                       double min, double max, Stage stage = Stage::Analysis,
                       const QString& section = {});
SettingSpec realSetting(const char* key, const QString& label, const QString& tooltip, double value,
                        double min, double max, Stage stage = Stage::Analysis,
                        const QString& section = {});
// The first choice is the default.
SettingSpec choiceSetting(const char* key, const QString& label, const QString& tooltip,
                          QVector<SettingChoice> choices, Stage stage = Stage::Analysis,
                          const QString& section = {});

class SettingsSpec {
public:
    // Appends a setting; returns it for chained edits. Throws core::ParameterError for an empty
    // or repeated key or alias.
    SettingSpec& add(SettingSpec spec);
    const QVector<SettingSpec>& all() const { return m_specs; }
    // By key or alias; nullptr when unknown.
    const SettingSpec* find(const QString& keyOrAlias) const;
    QStringList keys() const;

    // Legacy entries that do not map one to one (two old keys that became one pair): called on
    // every map before keys are resolved.
    void setUpgrade(std::function<void(QVariantMap&)> upgrade) { m_upgrade = std::move(upgrade); }
    void upgrade(QVariantMap& map) const {
        if (m_upgrade) m_upgrade(map);
    }

    // The value of `key` parsed from command-line text ("0.1", "0,2", "gold=labels", "all").
    // Throws core::ParameterError("<key>", "'<text>' is …, expected …").
    QVariant parse(const QString& key, const QString& text) const;
    // Checks a value as sessions and guides give it (numbers may be strings) and returns it in
    // its canonical type. Throws core::ParameterError naming the key, the value and the range.
    QVariant check(const SettingSpec& spec, const QVariant& value) const;
    // Resolves aliases and checks every entry; unknown keys throw (they are typos).
    QVariantMap normalise(QVariantMap given) const;
    QVariantMap defaults() const;

    // One line per setting: "  key  type, range (default) — tooltip", for `--help`.
    QString helpText(int indent = 2) const;
    // The allowed values of a setting, as messages say them ("in (0, 1)", "one of a, b").
    static QString allowed(const SettingSpec& spec);

private:
    QVector<SettingSpec> m_specs;
    std::function<void(QVariantMap&)> m_upgrade;
};

// Canonical text of a value (for messages, help and provenance): 0.28, "0,2", "gold=labels".
QString settingText(const QVariant& value);

}  // namespace assay::views
