#include "views/common/guide.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "assay/core/error.h"

namespace assay::views {

namespace {

QString trGuide(const char* text) { return QCoreApplication::translate("Guide", text); }

[[noreturn]] void fail(const QString& source, const QString& field, const QString& problem) {
    throw core::InputError(source.toStdString(), field.toStdString(), problem.toStdString());
}

QString requiredString(const QJsonObject& object, const QString& key, const QString& source,
                       const QString& field) {
    const QJsonValue value = object.value(key);
    if (value.isUndefined()) fail(source, field, trGuide("is missing"));
    if (!value.isString() || value.toString().trimmed().isEmpty())
        fail(source, field, trGuide("must be a non-empty string"));
    return value.toString();
}

GuideStep parseStep(const QJsonValue& value, const QString& source, int index) {
    const QString field = QStringLiteral("steps[%1]").arg(index);
    if (!value.isObject()) fail(source, field, trGuide("must be an object"));
    const QJsonObject object = value.toObject();
    GuideStep step;
    step.title = requiredString(object, QStringLiteral("title"), source, field + ".title");
    step.text = requiredString(object, QStringLiteral("text"), source, field + ".text");
    const QJsonValue set = object.value(QStringLiteral("set"));
    if (!set.isUndefined()) {
        if (!set.isObject())
            fail(source, field + ".set", trGuide("must be an object of parameter values"));
        step.settings = set.toObject().toVariantMap();
    }
    const QJsonValue look = object.value(QStringLiteral("look"));
    if (!look.isUndefined() && !look.isString())
        fail(source, field + ".look", trGuide("must be a string"));
    step.look = look.toString();
    return step;
}

}  // namespace

Guide parseGuide(const QByteArray& json, const QString& source) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        fail(source, QStringLiteral("offset %1").arg(error.offset),
             trGuide("is not valid JSON (%1)").arg(error.errorString()));
    if (!document.isObject()) fail(source, QStringLiteral("/"), trGuide("must be a JSON object"));
    const QJsonObject root = document.object();
    Guide guide;
    guide.title = requiredString(root, QStringLiteral("title"), source, QStringLiteral("title"));
    const QJsonValue steps = root.value(QStringLiteral("steps"));
    if (!steps.isArray() || steps.toArray().isEmpty())
        fail(source, QStringLiteral("steps"), trGuide("must be a non-empty array"));
    const QJsonArray array = steps.toArray();
    for (int i = 0; i < array.size(); ++i) guide.steps.append(parseStep(array.at(i), source, i));
    return guide;
}

Guide loadGuide(const QString& path) {
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly))
        fail(path, QStringLiteral("file"), trGuide("cannot be read (%1)").arg(file.errorString()));
    return parseGuide(file.readAll(), name.isEmpty() ? path : name);
}

}  // namespace assay::views
