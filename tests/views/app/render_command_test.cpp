// `assay render` and `assay --version` as a user runs them: the built executable, offscreen.
#include <gtest/gtest.h>

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

}  // namespace
