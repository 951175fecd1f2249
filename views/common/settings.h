#pragma once
// A view's current setting values, read through typed keys so that view code never spells a
// QVariantMap lookup:
//   inline constexpr SettingKey<double> kAlpha{"alpha"};
//   const double alpha = settings.get(kAlpha);
// The values are always complete and valid for the view's SettingsSpec (ViewBase checks every
// change against it), so get() never guesses: a key missing from the spec is a programming error
// (std::logic_error).
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>
#include <QVector>

namespace assay::views {

template <class T>
struct SettingKey {
    const char* key;
};

namespace detail {
template <class T>
T settingFromVariant(const QVariant& v);
template <>
int settingFromVariant<int>(const QVariant& v);
template <>
double settingFromVariant<double>(const QVariant& v);
template <>
bool settingFromVariant<bool>(const QVariant& v);
template <>
QString settingFromVariant<QString>(const QVariant& v);
template <>
QVector<int> settingFromVariant<QVector<int>>(const QVariant& v);
template <>
QVector<double> settingFromVariant<QVector<double>>(const QVariant& v);
template <>
QVariantMap settingFromVariant<QVariantMap>(const QVariant& v);
}  // namespace detail

class Settings {
public:
    Settings() = default;
    explicit Settings(QVariantMap values) : m_values(std::move(values)) {}

    template <class T>
    T get(const SettingKey<T>& key) const {
        return detail::settingFromVariant<T>(value(QLatin1String(key.key)));
    }
    // Throws std::logic_error for a key that is not there.
    QVariant value(const QString& key) const;
    const QVariantMap& values() const { return m_values; }
    void set(const QString& key, const QVariant& value) { m_values.insert(key, value); }

    // Keys whose values differ from `other` (or that only one of them has).
    QStringList changedFrom(const Settings& other) const;
    bool operator==(const Settings& o) const { return changedFrom(o).isEmpty(); }

private:
    QVariantMap m_values;
};

}  // namespace assay::views
