#pragma once
// Session files (.assay): JSON
//   { "assay_version": "0.1.0", "current_view": "calibration", "theme": "light",
//     "views": { "<view id>": <ViewBase::saveState(sessionDir)> },
//     "role_maps": { "<view id>": { "<role>": "<tensor name>" } } }   (file inspector mappings)
// Each view stores its own inputs by path relative to the session file's folder, and the app adds
// the SHA-256 the input had when it was loaded ("input_sha256" beside "input"), so that opening
// the session can say when the file changed since. Sessions without it open as before, unchecked.
// Saved atomically (writeFileAtomically): a reader sees the old session or the new one.
#include <QDir>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace assay::views {
struct ViewInput;
}

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

// A view's saved input file: its absolute path and the SHA-256 recorded with it (empty for
// sessions saved before hashes were recorded).
struct SavedInput {
    QString path;
    QString sha256;
};

// Adds the SHA-256 the view computed when it loaded its input (ViewInput::hashes) to the view's
// saved state; nothing for the demo or a view without a file.
void recordInputHash(QJsonObject& viewState, const views::ViewInput& input);
// The file a view's saved state names, if any.
std::optional<SavedInput> savedInput(const QJsonObject& viewState, const QDir& sessionDir);
// The SHA-256 of `path` as the view loaded it, when the view's input is that file; else empty
// (the load failed or is still running).
QString loadedHash(const views::ViewInput& input, const QString& path);
// The file's SHA-256 now: the view's own hash when it loaded that file, else the file is hashed
// here (io::sha256File, streamed; call it on a worker for big files). Empty when unreadable.
QString currentHash(const views::ViewInput& input, const QString& path);
// What to tell the user when the file changed since the session was saved: a sentence naming
// the view, the file (as the session names it) and both hashes' first digits; empty when it is
// unchanged, when the session recorded no hash, or when `currentSha` is empty (unreadable: the
// view's load already says why).
QString inputChangedWarning(const QString& viewTitle, const SavedInput& saved,
                            const QString& currentSha, const QDir& sessionDir);

}  // namespace assay::app
