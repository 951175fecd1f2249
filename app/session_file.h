#pragma once
// Session files (.assay): JSON
//   { "assay_version": "0.1.0", "current_view": "calibration", "theme": "light",
//     "views": { "<view id>": <ViewBase::saveState(sessionDir)> },
//     "role_maps": { "<view id>": { "<role>": "<tensor name>" } } }   (file inspector mappings)
// Each view stores its own inputs by path relative to the session file's folder. Saved
// atomically (writeFileAtomically): a reader sees the old session or the new one.
#include <QDir>
#include <QJsonObject>
#include <QString>

namespace assay::app {

struct Session {
    QString assayVersion;
    QString currentView;
    QString theme = QStringLiteral("light");
    QJsonObject views;     // view id -> that view's saved state
    QJsonObject roleMaps;  // view id -> { role: tensor name }
};

QJsonObject sessionToJson(const Session& session);
// Throws assay::core::InputError naming the file and field for malformed sessions.
Session sessionFromJson(const QJsonObject& json, const QString& fileForMessages);

// Throws assay::core::OutputError when the file cannot be written (nothing is left behind).
void saveSessionFile(const QString& path, const Session& session);
// Throws assay::core::InputError (unreadable file, not JSON, missing or mistyped fields).
Session loadSessionFile(const QString& path);

// The folder a session's relative input paths are resolved against.
QDir sessionDirOf(const QString& sessionPath);

}  // namespace assay::app
