#include "app/session_file.h"

#include <gtest/gtest.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include "assay/core/error.h"
#include "views/common/view_base.h"

namespace assay::app {
namespace {

TEST(SessionFile, SavesAndLoadsTheSameSession) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.assay"));
    Session s;
    s.currentView = QStringLiteral("calibration");
    s.theme = QStringLiteral("dark");
    s.views.insert(QStringLiteral("calibration"),
                   QJsonObject{{QStringLiteral("input"), QStringLiteral("data/x.csv")}});
    s.roleMaps.insert(QStringLiteral("calibration"),
                      QJsonObject{{QStringLiteral("gold"), QStringLiteral("labels")}});
    saveSessionFile(path, s);
    const Session back = loadSessionFile(path);
    EXPECT_FALSE(back.assayVersion.isEmpty());
    EXPECT_EQ(back.currentView, s.currentView);
    EXPECT_EQ(back.theme, s.theme);
    EXPECT_EQ(back.views, s.views);
    EXPECT_EQ(back.roleMaps, s.roleMaps);
    EXPECT_EQ(sessionDirOf(path).absolutePath(), QDir(dir.path()).absolutePath());
}

TEST(SessionFile, RejectsMalformedSessionsNamingTheFileAndField) {
    QTemporaryDir dir;
    auto write = [&](const char* text) {
        const QString path = dir.filePath(QStringLiteral("bad.assay"));
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(text);
        return path;
    };
    auto message = [](const QString& path) {
        try {
            loadSessionFile(path);
        } catch (const core::InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message(write("{ not json")).find("bad.assay"), std::string::npos);
    EXPECT_NE(message(write(R"({"assay_version": "0.1.0"})")).find("views"), std::string::npos);
    EXPECT_NE(message(write(R"({"assay_version": "0.1.0", "views": {"x": 3}})")).find("views.x"),
              std::string::npos);
    EXPECT_NE(message(write(R"({"views": {}})")).find("assay_version"), std::string::npos);
    EXPECT_NE(message(dir.filePath(QStringLiteral("absent.assay"))).find("absent.assay"),
              std::string::npos);
}

TEST(SessionFile, AFailedSaveLeavesNothingBehind) {
    // Missing folders are created (every write does), so the save fails on a folder that is a file.
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString path = dir.filePath(QStringLiteral("not-a-folder/s.assay"));
    EXPECT_THROW(saveSessionFile(path, Session{}), core::OutputError);
    EXPECT_FALSE(QFile::exists(path));
}

// An independent reference for the hash the session records (Qt's, not Assay's).
QString qtSha256(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

TEST(SessionFile, RecordsTheInputsHashAndSaysWhenTheFileChanged) {
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("data"));
    const QString file = dir.filePath(QStringLiteral("data/x.csv"));
    writeFile(file, "gold,p_A\nA,0.5\n");
    views::ViewInput loaded;
    loaded.path = file;
    loaded.hashes = {{"x.csv", qtSha256("gold,p_A\nA,0.5\n").toStdString()}};
    QJsonObject state{{QStringLiteral("input"), QStringLiteral("data/x.csv")}};
    recordInputHash(state, loaded);
    EXPECT_EQ(state.value(QStringLiteral("input_sha256")).toString(),
              qtSha256("gold,p_A\nA,0.5\n"));
    const QDir sessionDir(dir.path());
    const auto saved = savedInput(state, sessionDir);
    ASSERT_TRUE(saved.has_value());
    EXPECT_EQ(saved->path, QFileInfo(file).absoluteFilePath());

    // Unchanged: the view's hash (or the file's own, for a view that did not load it) matches.
    EXPECT_EQ(currentHash(loaded, saved->path), saved->sha256);
    EXPECT_EQ(currentHash({}, saved->path), saved->sha256);  // hashed here: same digest as Qt's
    EXPECT_TRUE(inputChangedWarning(QStringLiteral("Calibration"), *saved,
                                    currentHash({}, saved->path), sessionDir)
                    .isEmpty());

    // Changed: the warning names the view and the file as the session does, and both hashes.
    writeFile(file, "gold,p_A\nB,0.25\n");
    const QString now = currentHash({}, saved->path);
    EXPECT_EQ(now, qtSha256("gold,p_A\nB,0.25\n"));
    const QString warning =
        inputChangedWarning(QStringLiteral("Calibration"), *saved, now, sessionDir);
    EXPECT_TRUE(warning.startsWith(QStringLiteral("Calibration: ")));
    EXPECT_TRUE(warning.contains(QDir::toNativeSeparators(QStringLiteral("data/x.csv"))));
    EXPECT_TRUE(warning.contains(QStringLiteral("changed since the session was saved")));
    EXPECT_TRUE(warning.contains(saved->sha256.left(12)));
    EXPECT_TRUE(warning.contains(now.left(12)));
    // The view's hash of an earlier load of another file is not taken for this one.
    views::ViewInput other = loaded;
    other.path = dir.filePath(QStringLiteral("other.csv"));
    EXPECT_TRUE(loadedHash(other, saved->path).isEmpty());
}

TEST(SessionFile, SessionsWithoutAHashOrWithoutAFileSayNothing) {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("x.csv"));
    writeFile(file, "a\n");
    // Saved before hashes were recorded: the path only.
    const auto old = savedInput(QJsonObject{{QStringLiteral("input"), QStringLiteral("x.csv")}},
                                QDir(dir.path()));
    ASSERT_TRUE(old.has_value());
    EXPECT_TRUE(old->sha256.isEmpty());
    EXPECT_TRUE(inputChangedWarning(QStringLiteral("Calibration"), *old, currentHash({}, old->path),
                                    QDir(dir.path()))
                    .isEmpty());
    // The demo and a view with no input: nothing to check; nothing recorded for them.
    EXPECT_FALSE(savedInput(QJsonObject{{QStringLiteral("demo"), true}}, QDir(dir.path())));
    EXPECT_FALSE(savedInput(QJsonObject{}, QDir(dir.path())));
    views::ViewInput demo;
    demo.demo = true;
    demo.hashes = {{"demo", "generated from seed 10"}};
    QJsonObject state;
    recordInputHash(state, demo);
    EXPECT_FALSE(state.contains(QStringLiteral("input_sha256")));
    // A file that is gone cannot be hashed: the view's load reports it, the check says nothing.
    SavedInput gone{dir.filePath(QStringLiteral("gone.csv")), qtSha256("a\n")};
    EXPECT_TRUE(currentHash({}, gone.path).isEmpty());
    EXPECT_TRUE(inputChangedWarning(QStringLiteral("Calibration"), gone, currentHash({}, gone.path),
                                    QDir(dir.path()))
                    .isEmpty());
}

}  // namespace
}  // namespace assay::app
