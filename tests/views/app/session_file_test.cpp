#include "app/session_file.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>

#include "assay/core/error.h"

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
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no/such/folder/s.assay"));
    EXPECT_THROW(saveSessionFile(path, Session{}), core::OutputError);
    EXPECT_FALSE(QFile::exists(path));
}

}  // namespace
}  // namespace assay::app
