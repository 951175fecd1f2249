#include "app/session_file.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>

#include "assay/core/error.h"
#include "assay/core/version.h"
#include "assay/io/atomic_write.h"

namespace assay::app {

using core::InputError;

QJsonObject sessionToJson(const Session& session) {
    QJsonObject json;
    json[QStringLiteral("assay_version")] =
        session.assayVersion.isEmpty() ? QString::fromLatin1(core::kVersion) : session.assayVersion;
    json[QStringLiteral("current_view")] = session.currentView;
    json[QStringLiteral("theme")] = session.theme;
    json[QStringLiteral("views")] = session.views;
    if (!session.roleMaps.isEmpty()) json[QStringLiteral("role_maps")] = session.roleMaps;
    return json;
}

Session sessionFromJson(const QJsonObject& json, const QString& file) {
    const std::string f = file.toStdString();
    Session s;
    auto text = [&](const char* key, QString& out, bool required) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined() && !required) return;
        if (!v.isString()) throw InputError(f, key, "expected a string");
        out = v.toString();
    };
    text("assay_version", s.assayVersion, true);
    text("current_view", s.currentView, false);
    text("theme", s.theme, false);
    const QJsonValue views = json.value(QStringLiteral("views"));
    if (!views.isObject()) throw InputError(f, "views", "expected an object of view states");
    s.views = views.toObject();
    for (auto it = s.views.begin(); it != s.views.end(); ++it) {
        if (!it.value().isObject())
            throw InputError(f, "views." + it.key().toStdString(), "expected an object");
    }
    const QJsonValue maps = json.value(QStringLiteral("role_maps"));
    if (!maps.isUndefined()) {
        if (!maps.isObject()) throw InputError(f, "role_maps", "expected an object");
        s.roleMaps = maps.toObject();
    }
    return s;
}

void saveSessionFile(const QString& path, const Session& session) {
    const QByteArray bytes = QJsonDocument(sessionToJson(session)).toJson(QJsonDocument::Indented);
    core::io::writeFileAtomically(QFile::encodeName(path).toStdString(), bytes.toStdString());
}

Session loadSessionFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path.toStdString() + ": cannot be read (" +
                         file.errorString().toStdString() + ")");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        throw InputError(path.toStdString(), "JSON",
                         "not valid JSON at byte " + std::to_string(error.offset) + ": " +
                             error.errorString().toStdString());
    if (!doc.isObject()) throw InputError(path.toStdString(), "JSON", "expected an object");
    return sessionFromJson(doc.object(), path);
}

QDir sessionDirOf(const QString& sessionPath) { return QFileInfo(sessionPath).absoluteDir(); }

}  // namespace assay::app
