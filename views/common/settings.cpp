#include "views/common/settings.h"

#include <QSet>
#include <stdexcept>

namespace assay::views {

namespace detail {

template <>
int settingFromVariant<int>(const QVariant& v) {
    return v.toInt();
}
template <>
double settingFromVariant<double>(const QVariant& v) {
    return v.toDouble();
}
template <>
bool settingFromVariant<bool>(const QVariant& v) {
    return v.toBool();
}
template <>
QString settingFromVariant<QString>(const QVariant& v) {
    return v.toString();
}
template <>
QVector<int> settingFromVariant<QVector<int>>(const QVariant& v) {
    QVector<int> out;
    for (const QVariant& e : v.toList()) out.push_back(e.toInt());
    return out;
}
template <>
QVector<double> settingFromVariant<QVector<double>>(const QVariant& v) {
    QVector<double> out;
    for (const QVariant& e : v.toList()) out.push_back(e.toDouble());
    return out;
}
template <>
QVariantMap settingFromVariant<QVariantMap>(const QVariant& v) {
    return v.toMap();
}

}  // namespace detail

QVariant Settings::value(const QString& key) const {
    const auto it = m_values.constFind(key);
    if (it == m_values.cend())
        throw std::logic_error(
            "setting '" + key.toStdString() + "' is not declared by this view (it has " +
            QStringList(m_values.keys()).join(QStringLiteral(", ")).toStdString() + ")");
    return it.value();
}

QStringList Settings::changedFrom(const Settings& other) const {
    QSet<QString> keys;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) keys.insert(it.key());
    for (auto it = other.m_values.cbegin(); it != other.m_values.cend(); ++it)
        keys.insert(it.key());
    QStringList changed;
    for (const QString& k : keys)
        if (!m_values.contains(k) || !other.m_values.contains(k) ||
            m_values.value(k) != other.m_values.value(k))
            changed << k;
    changed.sort();
    return changed;
}

}  // namespace assay::views
