// `assay render` and `assay --version` as a user runs them: the built executable, offscreen.
#include <gtest/gtest.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include "app/view_list.h"
#include "run_assay.h"
#include "views/common/view_registry.h"

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

// Help as a user reads it: at most 100 columns, no CLI11 type names.
void expectReadableHelp(const ProcessResult& r, const QString& what) {
    EXPECT_EQ(r.code, 0) << what.toStdString() << "\n" << r.err.toStdString();
    for (const QString& line : r.out.split(QLatin1Char('\n'))) {
        EXPECT_LE(line.size(), 100) << what.toStdString() << ": " << line.toStdString();
        for (const char* noise : {"UINT", "INT:", "FLOAT", "TEXT", "=[", "REQUIRED"})
            EXPECT_FALSE(line.contains(QLatin1String(noise)))
                << what.toStdString() << ": " << line.toStdString();
    }
}

TEST(AssayCli, HelpListsVersionViewsAndEachViewsFigures) {
    assay::views::ViewRegistry registry;
    assay::app::registerViews(registry);
    const ProcessResult window = runAssay({QStringLiteral("--help")});
    expectReadableHelp(window, QStringLiteral("assay --help"));
    EXPECT_TRUE(window.out.contains(QStringLiteral("--version"))) << window.out.toStdString();
    EXPECT_TRUE(window.out.contains(QStringLiteral("--demo")));
    EXPECT_TRUE(window.out.contains(QStringLiteral("assay render")));
    const ProcessResult render = runAssay({QStringLiteral("render"), QStringLiteral("--help")});
    expectReadableHelp(render, QStringLiteral("assay render --help"));
    for (const assay::views::ViewEntry& e : registry.views()) {
        EXPECT_TRUE(window.out.contains(e.id)) << e.id.toStdString();
        EXPECT_TRUE(render.out.contains(QStringLiteral("  ") + e.id)) << e.id.toStdString();
        const ProcessResult view =
            runAssay({QStringLiteral("render"), e.id, QStringLiteral("--help")});
        expectReadableHelp(view, e.id + QStringLiteral(" --help"));
        for (const QString& figure : e.figures)
            EXPECT_TRUE(view.out.contains(figure)) << figure.toStdString();
        // The --set example uses one of this view's own keys.
        const qsizetype at = view.out.indexOf(QStringLiteral("e.g. --set "));
        ASSERT_GE(at, 0) << view.out.toStdString();
        const QString example = view.out.mid(at + 11).section(QLatin1Char('='), 0, 0);
        EXPECT_NE(e.settings.find(example), nullptr)
            << e.id.toStdString() << ": " << example.toStdString();
        // `--figure` alone lists the figures, one a line.
        const ProcessResult figures =
            runAssay({QStringLiteral("render"), e.id, QStringLiteral("--figure")});
        EXPECT_EQ(figures.code, 0) << figures.err.toStdString();
        for (const QString& figure : e.figures)
            EXPECT_TRUE(figures.out.contains(QStringLiteral("  ") + figure + QLatin1Char('\n')))
                << figure.toStdString() << "\n"
                << figures.out.toStdString();
    }
}

TEST(AssayCli, RenderErrorsFollowOneStyle) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("x.png"));
    struct Case {
        QStringList args;
        QString starts;
    };
    const QList<Case> cases = {
        {{"render", "nosuchview", "--out", out}, "assay render: nosuchview: not a view"},
        {{"render", "calibration", "--demo", "--set", "nope=1", "--out", out},
         "assay render: --set: 'nope' is not a setting"},
        {{"render", "calibration", "--demo", "--set", "alpha=2", "--out", out},
         "assay render: --set: alpha: "},
        {{"render", "calibration", "--demo", "--alpha", "2", "--out", out},
         "assay render: --alpha: "},
        {{"render", "calibration", "--demo", "--figure", "nope", "--out", out},
         "assay render: --figure: 'nope' is not a figure"},
        {{"render", "calibration", "--demo", "--dpi", "abc", "--out", out},
         "assay render: --dpi: "},
        {{"render", "calibration", "--input", dir.filePath(QStringLiteral("missing.csv")), "--out",
          out},
         "assay render: "},
        {{"--frobnicate"}, "assay: --frobnicate: "},
    };
    for (const Case& c : cases) {
        const ProcessResult r = runAssay(c.args);
        EXPECT_EQ(r.code, 2) << c.args.join(' ').toStdString() << "\n" << r.err.toStdString();
        EXPECT_TRUE(r.err.startsWith(c.starts)) << c.args.join(' ').toStdString() << "\n"
                                                << r.err.toStdString();
        for (const char* cli11 : {"Run with --help", "The following argument", "Could not convert"})
            EXPECT_FALSE(r.err.contains(QLatin1String(cli11))) << r.err.toStdString();
    }
    const ProcessResult missing = runAssay(cases[6].args);
    EXPECT_TRUE(missing.err.contains(QStringLiteral("missing.csv"))) << missing.err.toStdString();
    EXPECT_FALSE(QFile::exists(out));
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
