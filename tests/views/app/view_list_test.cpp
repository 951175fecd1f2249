// What the registered views bring to the app through the kit: guides that name only declared
// keys, file routing, refusals on the command line, old sessions, every demo from --demo.
#include "app/view_list.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <memory>

#include "app/main_window.h"
#include "assay/io/safetensors.h"
#include "run_assay.h"
#include "views/common/guide_panel.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::app {
namespace {

views::ViewRegistry appRegistry() {
    views::ViewRegistry registry;
    registerViews(registry);
    return registry;
}

using RunResult = test::AssayRun;
using test::runAssay;

TEST(ViewKitApp, GuideStepsNameOnlyDeclaredKeysAndFigures) {
    const views::ViewRegistry registry = appRegistry();
    views::JobRunner runner;
    for (const views::ViewEntry& entry : registry.views()) {
        std::unique_ptr<views::ViewBase> v(registry.create(entry.id, runner));
        EXPECT_EQ(v->settingsSpec().keys().mid(0, entry.settings.keys().size()),
                  entry.settings.keys())
            << entry.id.toStdString();
        EXPECT_EQ(v->figureIds(), entry.figures);
        const views::Guide& guide = v->guidePanel()->guide();
        ASSERT_FALSE(guide.isEmpty()) << entry.id.toStdString();
        for (const views::GuideStep& step : guide.steps) {
            EXPECT_NO_THROW(v->settingsSpec().normalise(step.settings))
                << entry.id.toStdString() << ": " << step.title.toStdString();
            for (auto it = step.settings.begin(); it != step.settings.end(); ++it)
                EXPECT_EQ(v->settingsSpec().find(it.key())->key, it.key())
                    << "guides spell keys, not aliases: " << it.key().toStdString();
            if (step.settings.contains(QStringLiteral("figure")))
                EXPECT_TRUE(entry.figures.contains(
                    step.settings.value(QStringLiteral("figure")).toString()));
        }
    }
}

TEST(ViewKitApp, FilesGoToTheViewThatReadsThem) {
    QTemporaryDir dir;
    const views::ViewRegistry registry = appRegistry();
    const QString csv = dir.filePath(QStringLiteral("cal.csv"));
    QFile f(csv);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("gold,p_A,p_B\nA,0.6,0.4\n");
    f.close();
    EXPECT_EQ(registry.viewsFor(csv), QStringList{QStringLiteral("calibration")});
    // A votes table (0/1 judge columns, or x and n) is the Judge view's, not a calibration table;
    // a table neither reads is nobody's (the current view opens it and says what is wrong).
    const auto writeTable = [&dir](const char* name, const char* text) {
        const QString path = dir.filePath(QLatin1String(name));
        QFile t(path);
        EXPECT_TRUE(t.open(QIODevice::WriteOnly));
        t.write(text);
        return path;
    };
    EXPECT_EQ(
        registry.viewsFor(writeTable("votes.csv", "sample,gpt,llama,qwen\ns1,1,0,1\ns2,1,1,1\n")),
        QStringList{QStringLiteral("judge")});
    EXPECT_EQ(registry.viewsFor(writeTable("counts.jsonl", "{\"x\": 2, \"n\": 3}\n")),
              QStringList{QStringLiteral("judge")});
    EXPECT_EQ(registry.viewsFor(writeTable("scores.csv", "score,label\n0.3,1\n")),
              QStringList{QStringLiteral("calibration")});
    EXPECT_TRUE(registry.viewsFor(writeTable("other.csv", "question,answer\nq,a\n")).isEmpty());
    const QString trace = dir.filePath(QStringLiteral("trace.safetensors"));
    core::io::writeSafetensors(
        trace.toStdString(), {core::io::tensorFromInt64("layers.0.topk_idx", {0, 1, 1, 2}, {2, 2})},
        {});
    EXPECT_EQ(registry.viewsFor(trace), QStringList{QStringLiteral("experts")});
    const QString collab = dir.filePath(QStringLiteral("collab.safetensors"));
    core::io::writeSafetensors(
        collab.toStdString(),
        {core::io::tensorFromInt64("collaboration", std::vector<std::int64_t>(8, 1), {2, 2, 2})},
        {});
    EXPECT_EQ(registry.viewsFor(collab), QStringList{QStringLiteral("experts")});
    EXPECT_TRUE(registry.viewsFor(dir.filePath(QStringLiteral("missing.safetensors"))).isEmpty());
    // Hidden states (a checkpoint's calibration file) are the Pruning view's, not a trace.
    const QString hidden = dir.filePath(QStringLiteral("calibration.safetensors"));
    core::io::writeSafetensors(
        hidden.toStdString(),
        {core::io::tensorFromDoubles("layers.0.hidden", std::vector<double>(8, 0.5), {2, 4})}, {});
    EXPECT_EQ(registry.viewsFor(hidden), QStringList{QStringLiteral("pruning")});

    // The window sends the trace to the Experts view although Calibration is shown.
    MainWindow window(registry);
    window.setCurrentView(QStringLiteral("calibration"));
    window.openPath(trace);
    EXPECT_EQ(window.currentView()->viewId(), QStringLiteral("experts"));
    ASSERT_TRUE(window.currentView()->waitUntilIdle(60000));
}

TEST(ViewKitApp, DemoFillsEveryViewWhenFirstShown) {
    const views::ViewRegistry registry = appRegistry();
    MainWindow window(registry);
    window.setCurrentView(QStringLiteral("calibration"));
    window.openDemos();
    ASSERT_TRUE(window.view(QStringLiteral("calibration"))->waitUntilIdle(120000));
    EXPECT_TRUE(window.view(QStringLiteral("calibration"))->input().demo);
    EXPECT_FALSE(window.view(QStringLiteral("experts"))->hasInput());  // lazily: not shown yet
    window.setCurrentView(QStringLiteral("experts"));
    views::ViewBase* experts = window.view(QStringLiteral("experts"));
    ASSERT_TRUE(experts->waitUntilIdle(120000));
    EXPECT_TRUE(experts->input().demo);
    EXPECT_TRUE(experts->figureUnavailable(QStringLiteral("graph")).isEmpty());
}

TEST(ViewKitApp, SessionsSavedWithTheOldKeysStillOpen) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.assay"));
    const QJsonObject calibration{{"settings", QJsonObject{{"alpha", 0.2},
                                                           {"delta", 0.1},
                                                           {"weightLogit", 0.5},
                                                           {"weightFreq", 0.5},
                                                           {"statistic", "entropy"},
                                                           {"repetitions", 10},
                                                           {"seed", 3},
                                                           {"calGroup", "all"},
                                                           {"testGroup", "Physics"},
                                                           {"heatmap", "apss"},
                                                           {"figure", "pvalues"}}},
                                  {"demo", true},
                                  {"map", QJsonObject{}}};
    const QJsonObject experts{{"settings", QJsonObject{{"layer", 1},
                                                       {"topT", 5},
                                                       {"normalisation", "lift"},
                                                       {"selected", 2},
                                                       {"figure", "heatmap"}}},
                              {"demo", true}};
    const QJsonObject session{
        {"assay_version", "0.1.0"},
        {"current_view", "calibration"},
        {"theme", "light"},
        {"views", QJsonObject{{"calibration", calibration}, {"experts", experts}}}};
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(session).toJson());
    f.close();
    const views::ViewRegistry registry = appRegistry();
    MainWindow window(registry);
    ASSERT_TRUE(window.openSession(path));
    views::ViewBase* c = window.view(QStringLiteral("calibration"));
    views::ViewBase* e = window.view(QStringLiteral("experts"));
    ASSERT_TRUE(c->waitUntilIdle(120000));
    ASSERT_TRUE(e->waitUntilIdle(120000));
    const QVariantMap cs = c->settings();
    EXPECT_EQ(cs.value("weights").toList(), (QVariantList{0.5, 0.5}));
    EXPECT_EQ(cs.value("test-group").toString(), "Physics");
    EXPECT_EQ(cs.value("figure").toString(), "pvalues");
    EXPECT_EQ(cs.value("repetitions").toInt(), 10);
    const QVariantMap es = e->settings();
    EXPECT_EQ(es.value("top-t").toInt(), 5);
    EXPECT_EQ(es.value("normalise").toString(), "lift");
    EXPECT_EQ(es.value("layer").toInt(), 1);
    EXPECT_EQ(es.value("selected").toInt(), 2);
}

TEST(ViewKitRender, OutOfRangeSettingsAreExitCode2AndWriteNothing) {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("x.png"));
    struct Case {
        QStringList args;
        QString says;
    };
    const QList<Case> cases = {
        {{"experts", "--demo", "--set", "layer=32"}, "0..1"},  // the demo has 2 layers
        {{"experts", "--demo", "--set", "layer=-1"}, "0..1023"},
        {{"experts", "--demo", "--set", "top-t=16"}, "1..15"},  // 16 experts: T <= 15
        {{"experts", "--demo", "--top-t", "0"}, "1..4096"},
        {{"calibration", "--demo", "--set", "alpha=1.5"}, "(0, 1)"},
        {{"calibration", "--demo", "--test-group", "Nowhere", "--repetitions", "2"}, "Nowhere"},
        {{"calibration", "--demo", "--set", "nosuch=1"}, "not a setting"},
    };
    for (const Case& c : cases) {
        const RunResult r = runAssay(QStringList{"render"} + c.args + QStringList{"--out", out});
        EXPECT_EQ(r.code, 2) << c.args.join(' ').toStdString() << "\n" << r.err.toStdString();
        EXPECT_TRUE(r.err.contains(c.says))
            << c.args.join(' ').toStdString() << ": " << r.err.toStdString();
        EXPECT_FALSE(QFile::exists(out)) << c.args.join(' ').toStdString();
    }
    // The old spellings still work.
    const RunResult ok = runAssay({"render", "experts", "--demo", "--set", "topT=5", "--T", "4",
                                   "--figure", "heatmap", "--out", out});
    EXPECT_EQ(ok.code, 0) << ok.err.toStdString();
}

TEST(ViewKitRender, HelpListsEveryViewsKeys) {
    const RunResult r = runAssay({"render", "--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* key :
         {"alpha", "cal-fraction", "test-group", "top-t", "normalise", "threshold", "bandwidth"})
        EXPECT_TRUE(r.out.contains(QStringLiteral("  %1 (").arg(QLatin1String(key))))
            << key << "\n"
            << r.out.toStdString();
}

}  // namespace
}  // namespace assay::app
