#include "app/session_file.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QObject>

#include "assay/core/error.h"
#include "assay/core/version.h"
#include "assay/io/atomic_write.h"
#include "assay/io/sha256.h"
#include "views/common/view_base.h"

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

namespace {
const QString kInput = QStringLiteral("input");
const QString kInputSha = QStringLiteral("input_sha256");
}  // namespace

QString loadedHash(const views::ViewInput& input, const QString& path) {
    if (input.demo || input.path.isEmpty()) return {};
    if (QFileInfo(input.path).absoluteFilePath() != QFileInfo(path).absoluteFilePath()) return {};
    // ViewInput::hashes names files by their file name (as provenance does).
    const std::string name = QFileInfo(path).fileName().toStdString();
    for (const auto& [file, sha] : input.hashes)
        if (file == name) return QString::fromStdString(sha);
    return {};
}

void recordInputHash(QJsonObject& viewState, const views::ViewInput& input) {
    const QString sha = loadedHash(input, input.path);
    if (!sha.isEmpty()) viewState.insert(kInputSha, sha);
}

std::optional<SavedInput> savedInput(const QJsonObject& viewState, const QDir& sessionDir) {
    if (viewState.value(QStringLiteral("demo")).toBool() || !viewState.value(kInput).isString())
        return std::nullopt;
    SavedInput s;
    s.path = QDir::cleanPath(sessionDir.absoluteFilePath(viewState.value(kInput).toString()));
    s.sha256 = viewState.value(kInputSha).toString();
    return s;
}

QString currentHash(const views::ViewInput& input, const QString& path) {
    if (const QString sha = loadedHash(input, path); !sha.isEmpty()) return sha;
    try {
        return QString::fromStdString(core::io::sha256File(QFile::encodeName(path).toStdString()));
    } catch (const core::Error&) {
        return {};
    }
}

QString inputChangedWarning(const QString& viewTitle, const SavedInput& saved,
                            const QString& currentSha, const QDir& sessionDir) {
    if (saved.sha256.isEmpty() || currentSha.isEmpty() ||
        saved.sha256.compare(currentSha, Qt::CaseInsensitive) == 0)
        return {};
    return QObject::tr(
               "%1: %2 changed since the session was saved (SHA-256 %3… then, %4… now); "
               "the figures show the file as it is now")
        .arg(viewTitle, QDir::toNativeSeparators(sessionDir.relativeFilePath(saved.path)),
             saved.sha256.left(12), currentSha.left(12));
}

}  // namespace assay::app
