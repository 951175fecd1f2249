// `assay render` and `assay --version` as a user runs them: the built executable, offscreen.
#include <gtest/gtest.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include "run_assay.h"

namespace {

using assay::app::test::runAssay;
using ProcessResult = assay::app::test::AssayRun;

TEST(AssayCli, VersionNamesQtAndLibTorch) {
    const ProcessResult r = runAssay({QStringLiteral("--version")});
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("LibTorch")));
    EXPECT_TRUE(r.out.contains(QStringLiteral("Qt 6")));
    EXPECT_TRUE(r.out.contains(QStringLiteral("CUDA")));
}

TEST(AssayCli, RenderWithoutOutputIsExitCode2) {
    const ProcessResult r = runAssay({QStringLiteral("render"), QStringLiteral("--demo")});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.err.contains(QStringLiteral("--out")));
}

TEST(AssayCli, RenderUnknownOptionIsExitCode2) {
    EXPECT_EQ(runAssay({QStringLiteral("render"), QStringLiteral("--no-such-option")}).code, 2);
}

TEST(AssayCli, BadDeviceIsExitCode2WithAMessage) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ASSAY_DEVICE"), QStringLiteral("quantum"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ASSAY_EXECUTABLE), {QStringLiteral("render"), QStringLiteral("--help")});
    p.waitForFinished(60000);
    EXPECT_EQ(p.exitCode(), 2);
    EXPECT_TRUE(p.readAllStandardError().contains("ASSAY_DEVICE"));
}

TEST(AssayCli, RenderOfAMissingSessionIsExitCode2AndWritesNothing) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("figs"));
    const ProcessResult r =
        runAssay({QStringLiteral("render"), QStringLiteral("--session"),
                  dir.filePath(QStringLiteral("none.assay")), QStringLiteral("--out"), out});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.err.contains(QStringLiteral("none.assay")));
    EXPECT_FALSE(QFileInfo::exists(out));
}

// A session of the Calibration view on `csv`, recording `sha` (none when empty) as its hash.
QString writeSession(const QTemporaryDir& dir, const QString& name, const QString& sha) {
    QJsonObject calibration{{QStringLiteral("input"), QStringLiteral("mc.csv")},
                            {QStringLiteral("settings"), QJsonObject{}}};
    if (!sha.isEmpty()) calibration.insert(QStringLiteral("input_sha256"), sha);
    const QJsonObject session{
        {QStringLiteral("assay_version"), QStringLiteral("0.1.0")},
        {QStringLiteral("current_view"), QStringLiteral("calibration")},
        {QStringLiteral("views"), QJsonObject{{QStringLiteral("calibration"), calibration}}}};
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(session).toJson());
    return path;
}

TEST(AssayCli, RenderSessionWarnsWhenAnInputChangedAndStillRenders) {
    QTemporaryDir dir;
    QByteArray csv = "gold,p_A,p_B,p_C\n";
    for (int i = 0; i < 60; ++i)
        csv += QByteArray(1, "ABC"[i % 3]) + "," + QByteArray::number(0.2 + (i % 7) / 20.0) + "," +
               QByteArray::number(0.5 - (i % 7) / 20.0) + ",0.3\n";
    QFile f(dir.filePath(QStringLiteral("mc.csv")));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(csv);
    f.close();
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(csv, QCryptographicHash::Sha256).toHex());
    const QString before = QString::fromLatin1(
        QCryptographicHash::hash(csv + "A,0.2,0.5,0.3\n", QCryptographicHash::Sha256).toHex());
    auto render = [&](const QString& session, const QString& out) {
        return runAssay({QStringLiteral("render"), QStringLiteral("--session"), session,
                         QStringLiteral("--out"), dir.filePath(out)});
    };
    const QString warning = QStringLiteral("changed since the session was saved");
    // Saved when the file had another row: warned on stderr, rendered anyway.
    ProcessResult r = render(writeSession(dir, QStringLiteral("changed.assay"), before),
                             QStringLiteral("changed"));
    EXPECT_EQ(r.code, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(warning)) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(QStringLiteral("mc.csv"))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(before.left(12))) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(sha.left(12))) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral(".png")));
    // Unchanged, and a session without a hash: rendered, nothing said.
    for (const QString& recorded : {sha, QString()}) {
        r = render(writeSession(dir, QStringLiteral("same.assay"), recorded),
                   QStringLiteral("same"));
        EXPECT_EQ(r.code, 0) << r.err.toStdString();
        EXPECT_FALSE(r.err.contains(warning)) << r.err.toStdString();
        EXPECT_TRUE(r.out.contains(QStringLiteral(".png")));
    }
}

}  // namespace
