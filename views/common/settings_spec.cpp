#include "views/common/settings_spec.h"

#include <QRegularExpression>
#include <cmath>

#include "assay/core/error.h"

namespace assay::views {

namespace {

[[noreturn]] void refuse(const SettingSpec& s, const QString& value, const QString& problem) {
    throw core::ParameterError(s.key.toStdString(),
                               QStringLiteral("'%1' %2").arg(value, problem).toStdString());
}

QString number(double v) {
    if (std::isinf(v)) return v < 0 ? QStringLiteral("-inf") : QStringLiteral("inf");
    return QString::number(v, 'g', 12);
}

bool isIntegral(SettingType t) { return t == SettingType::Int || t == SettingType::IntList; }

// A number from a session / guide value, which may arrive as a string (QJson, --set).
double toNumber(const SettingSpec& s, const QVariant& v, const QString& shown) {
    bool ok = false;
    const double d =
        v.typeId() == QMetaType::QString ? v.toString().trimmed().toDouble(&ok) : v.toDouble(&ok);
    if (!ok || !std::isfinite(d)) refuse(s, shown, QStringLiteral("is not a number"));
    return d;
}

void checkRange(const SettingSpec& s, double d, const QString& shown) {
    const bool low = s.minExclusive ? d <= s.min : d < s.min;
    const bool high = s.maxExclusive ? d >= s.max : d > s.max;
    if (low || high) refuse(s, shown, QStringLiteral("is outside ") + SettingsSpec::allowed(s));
    if (isIntegral(s.type) && d != std::floor(d))
        refuse(s, shown, QStringLiteral("is not a whole number"));
}

QVariantList listOf(const SettingSpec& s, const QVariant& v, const QString& shown) {
    QVariantList items;
    if (v.typeId() == QMetaType::QString) {
        const QString text = v.toString().trimmed();
        if (!text.isEmpty())
            for (const QString& part : text.split(QLatin1Char(','))) items << part.trimmed();
    } else {
        items = v.toList();
    }
    if (s.count > 0 && items.size() != s.count)
        refuse(s, shown,
               QStringLiteral("has %1 values, expected %2").arg(items.size()).arg(s.count));
    QVariantList out;
    for (const QVariant& item : items) {
        const double d = toNumber(s, item, shown);
        checkRange(s, d, shown);
        out << (isIntegral(s.type) ? QVariant(int(d)) : QVariant(d));
    }
    return out;
}

QVariantMap mapOf(const SettingSpec& s, const QVariant& v, const QString& shown) {
    if (v.typeId() == QMetaType::QVariantMap) {
        QVariantMap out;
        const QVariantMap in = v.toMap();
        for (auto it = in.begin(); it != in.end(); ++it)
            out.insert(it.key(), it.value().toString());
        return out;
    }
    QVariantMap out;
    const QStringList entries = v.typeId() == QMetaType::QStringList
                                    ? v.toStringList()
                                    : v.toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& entry : entries) {
        const qsizetype eq = entry.indexOf(QLatin1Char('='));
        if (eq <= 0 || eq + 1 >= entry.size()) refuse(s, shown, QStringLiteral("is not role=name"));
        out.insert(entry.left(eq).trimmed(), entry.mid(eq + 1).trimmed());
    }
    return out;
}

QString typeName(const SettingSpec& s) {
    switch (s.type) {
        case SettingType::Int:
            return QStringLiteral("integer");
        case SettingType::Double:
            return QStringLiteral("number");
        case SettingType::Bool:
            return QStringLiteral("true|false");
        case SettingType::Choice:
            return QStringLiteral("choice");
        case SettingType::Text:
            return QStringLiteral("text");
        case SettingType::Group:
            return QStringLiteral("group");
        case SettingType::IntList:
            return QStringLiteral("integers a,b,…");
        case SettingType::DoubleList:
            return s.count == 2 ? QStringLiteral("pair a,b") : QStringLiteral("numbers a,b,…");
        case SettingType::Map:
            return QStringLiteral("role=name,…");
    }
    return {};
}

}  // namespace

namespace {

SettingSpec base(const char* key, SettingType type, const QString& label, const QString& tooltip,
                 Stage stage, const QString& section) {
    SettingSpec s;
    s.key = QLatin1String(key);
    s.type = type;
    s.label = label;
    s.tooltip = tooltip;
    s.stage = stage;
    s.section = section;
    return s;
}

}  // namespace

SettingSpec intSetting(const char* key, const QString& label, const QString& tooltip, int value,
                       double min, double max, Stage stage, const QString& section) {
    SettingSpec s = base(key, SettingType::Int, label, tooltip, stage, section);
    s.defaultValue = value;
    s.min = min;
    s.max = max;
    return s;
}

SettingSpec realSetting(const char* key, const QString& label, const QString& tooltip, double value,
                        double min, double max, Stage stage, const QString& section) {
    SettingSpec s = base(key, SettingType::Double, label, tooltip, stage, section);
    s.defaultValue = value;
    s.min = min;
    s.max = max;
    return s;
}

SettingSpec choiceSetting(const char* key, const QString& label, const QString& tooltip,
                          QVector<SettingChoice> choices, Stage stage, const QString& section) {
    SettingSpec s = base(key, SettingType::Choice, label, tooltip, stage, section);
    s.defaultValue = choices.isEmpty() ? QString() : choices.front().id;
    s.choices = std::move(choices);
    return s;
}

SettingSpec& SettingsSpec::add(SettingSpec spec) {
    if (spec.key.isEmpty()) throw core::ParameterError("setting", "has an empty key");
    for (const QString& name : QStringList(spec.key) + spec.aliases)
        if (find(name))
            throw core::ParameterError("setting " + name.toStdString(), "is declared twice");
    m_specs.push_back(std::move(spec));
    return m_specs.back();
}

const SettingSpec* SettingsSpec::find(const QString& keyOrAlias) const {
    for (const SettingSpec& s : m_specs)
        if (s.key == keyOrAlias || s.aliases.contains(keyOrAlias)) return &s;
    return nullptr;
}

QStringList SettingsSpec::keys() const {
    QStringList k;
    for (const SettingSpec& s : m_specs) k << s.key;
    return k;
}

QString SettingsSpec::allowed(const SettingSpec& s) {
    switch (s.type) {
        case SettingType::Choice: {
            QStringList ids;
            for (const SettingChoice& c : s.choices) ids << c.id;
            return QStringLiteral("one of ") + ids.join(QStringLiteral(", "));
        }
        case SettingType::Bool:
            return QStringLiteral("true or false");
        case SettingType::Group:
            return QStringLiteral("all or a group of the data");
        case SettingType::Text:
        case SettingType::Map:
            return typeName(s);
        default:
            break;
    }
    const bool lowOpen = std::isinf(s.min), highOpen = std::isinf(s.max);
    if (lowOpen && highOpen) return QStringLiteral("any number");
    if (highOpen)
        return (s.minExclusive ? QStringLiteral("> ") : QStringLiteral(">= ")) + number(s.min);
    if (lowOpen)
        return (s.maxExclusive ? QStringLiteral("< ") : QStringLiteral("<= ")) + number(s.max);
    if (isIntegral(s.type) && !s.minExclusive && !s.maxExclusive)
        return QStringLiteral("%1..%2").arg(number(s.min), number(s.max));
    return QStringLiteral("%1%2, %3%4")
        .arg(s.minExclusive ? QLatin1Char('(') : QLatin1Char('['))
        .arg(number(s.min), number(s.max))
        .arg(s.maxExclusive ? QLatin1Char(')') : QLatin1Char(']'));
}

QVariant SettingsSpec::check(const SettingSpec& s, const QVariant& value) const {
    const QString shown = settingText(value);
    switch (s.type) {
        case SettingType::Int:
        case SettingType::Double: {
            const double d = toNumber(s, value, shown);
            checkRange(s, d, shown);
            return s.type == SettingType::Int ? QVariant(int(d)) : QVariant(d);
        }
        case SettingType::Bool: {
            if (value.typeId() == QMetaType::Bool) return value.toBool();
            const QString t = value.toString().trimmed().toLower();
            if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("on"))
                return true;
            if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("off"))
                return false;
            refuse(s, shown, QStringLiteral("is not true or false"));
        }
        case SettingType::Choice: {
            const QString id = value.toString().trimmed();
            for (const SettingChoice& c : s.choices)
                if (c.id.compare(id, Qt::CaseInsensitive) == 0) return c.id;
            refuse(s, shown, QStringLiteral("is not ") + allowed(s));
        }
        case SettingType::Text:
        case SettingType::Group: {
            const QString t = value.toString().trimmed();
            if (s.type == SettingType::Group && t.isEmpty())
                refuse(s, shown, QStringLiteral("is empty"));
            return t;
        }
        case SettingType::IntList:
        case SettingType::DoubleList:
            return listOf(s, value, shown);
        case SettingType::Map:
            return mapOf(s, value, shown);
    }
    return value;
}

QVariant SettingsSpec::parse(const QString& key, const QString& text) const {
    const SettingSpec* s = find(key);
    if (!s)
        throw core::ParameterError(key.toStdString(),
                                   "is not a setting (expected one of " +
                                       keys().join(QStringLiteral(", ")).toStdString() + ")");
    return check(*s, text);
}

QVariantMap SettingsSpec::normalise(QVariantMap given) const {
    if (m_upgrade) m_upgrade(given);
    QVariantMap out;
    for (auto it = given.begin(); it != given.end(); ++it) {
        const SettingSpec* s = find(it.key());
        if (!s)
            throw core::ParameterError(it.key().toStdString(),
                                       "is not a setting (expected one of " +
                                           keys().join(QStringLiteral(", ")).toStdString() + ")");
        out.insert(s->key, check(*s, it.value()));
    }
    return out;
}

QVariantMap SettingsSpec::defaults() const {
    QVariantMap out;
    for (const SettingSpec& s : m_specs) out.insert(s.key, check(s, s.defaultValue));
    return out;
}

QString SettingsSpec::helpText(int indent) const {
    QStringList lines;
    const QString pad(indent, QLatin1Char(' '));
    for (const SettingSpec& s : m_specs) {
        QString line = pad + s.key + QStringLiteral(" (") + typeName(s);
        QString range;
        if (s.type != SettingType::Text && s.type != SettingType::Map) range = allowed(s);
        if (!range.isEmpty()) line += QStringLiteral(", ") + range;
        // A group's "all or a group of the data" already says its data limit.
        if (!s.dataLimit.isEmpty() && !range.contains(s.dataLimit))
            line += QStringLiteral(", ") + s.dataLimit;
        const QString def = settingText(check(s, s.defaultValue));
        line += QStringLiteral("; default ") + (def.isEmpty() ? QStringLiteral("none") : def) +
                QLatin1Char(')');
        if (!s.tooltip.isEmpty()) line += QStringLiteral(": ") + s.tooltip;
        if (!s.aliases.isEmpty())
            line += QStringLiteral(" [also: ") + s.aliases.join(QStringLiteral(", ")) +
                    QLatin1Char(']');
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

QString settingText(const QVariant& value) {
    switch (value.typeId()) {
        case QMetaType::Double:
            return QString::number(value.toDouble(), 'g', 12);
        case QMetaType::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QMetaType::QVariantList: {
            QStringList parts;
            for (const QVariant& v : value.toList()) parts << settingText(v);
            return parts.join(QLatin1Char(','));
        }
        case QMetaType::QVariantMap: {
            QStringList parts;
            const QVariantMap m = value.toMap();
            for (auto it = m.begin(); it != m.end(); ++it)
                parts << it.key() + QLatin1Char('=') + it.value().toString();
            return parts.join(QLatin1Char(','));
        }
        default:
            return value.toString();
    }
}

}  // namespace assay::views
