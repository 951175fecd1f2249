// The view kit end to end on a tiny view: declaration -> control -> applySettings / --set ->
// stage-wise recompute -> session round trip -> provenance; refusals and data limits.
#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

#include "views/common/figure_tabs.h"
#include "views/common/job_runner.h"
#include "views/common/plot_panel.h"
#include "views/common/settings_panel.h"
#include "views/common/view_base.h"

namespace assay::views {
namespace {

SettingsSpec kitSpec() {
    SettingsSpec spec;
    SettingSpec level;
    level.key = "level";
    level.type = SettingType::Double;
    level.defaultValue = 0.5;
    level.min = 0;
    level.max = 1;
    level.slider = true;
    level.step = 0.01;
    spec.add(level);
    SettingSpec layer;
    layer.key = "layer";
    layer.aliases = QStringList{"oldLayer"};
    layer.type = SettingType::Int;
    layer.defaultValue = 0;
    layer.min = 0;
    layer.max = 1000;
    layer.stage = Stage::Figure;
    spec.add(layer);
    SettingSpec colour;
    colour.key = "colour";
    colour.type = SettingType::Choice;
    colour.choices = {{"red", "Red"}, {"blue", "Blue"}};
    colour.defaultValue = "red";
    colour.stage = Stage::Figure;
    spec.add(colour);
    SettingSpec seed;
    seed.key = "seed";
    seed.type = SettingType::Int;
    seed.defaultValue = 7;
    seed.min = 0;
    seed.max = 1000;
    spec.add(seed);
    return spec;
}

class KitView : public ViewBase {
public:
    explicit KitView(JobRunner& runner) : ViewBase(runner, kitSpec()) {
        figures()->addPlot({"line", "Line", QSize(800, 500)});
        layOutStandard();
    }
    QString viewId() const override { return "kit"; }
    QString title() const override { return "Kit"; }
    QVector<QPair<Stage, QStringList>> calls;
    QMap<QString, QPair<double, double>> demoRanges{{"layer", {0, 3}}};

protected:
    void loadDemo() override {
        ViewInput in;
        in.demo = true;
        in.hashes = {{"demo", "seed 7"}};
        in.summary = "demo: 4 layers";
        in.ranges = demoRanges;
        setInput(in);
    }
    void loadFile(const QString&) override {}
    void recompute(Stage from, const QStringList& changed) override {
        calls.push_back({from, changed});
        QCustomPlot* p = figures()->panel("line")->plot();
        p->clearGraphs();
        p->addGraph()->setData(QVector<double>{0, 1},
                               QVector<double>{0, values().value("level").toDouble()});
        m_result = true;
        figuresUpdated();
    }
    bool hasResult() const override { return m_result; }

private:
    bool m_result = false;
};

class ViewKit : public ::testing::Test {
protected:
    JobRunner runner;
};

TEST_F(ViewKit, ControlEditsReachTheValuesAndRecomputeFromTheirStage) {
    KitView view(runner);
    view.openDemo();
    ASSERT_EQ(view.calls.size(), 1);
    EXPECT_EQ(view.calls[0].first, Stage::Analysis);
    QWidget* row = view.controls()->control("level");
    ASSERT_NE(row, nullptr);
    auto* spin = row->findChild<QDoubleSpinBox*>();
    ASSERT_NE(spin, nullptr);
    spin->setValue(0.25);
    EXPECT_DOUBLE_EQ(view.values().value("level").toDouble(), 0.25);
    ASSERT_EQ(view.calls.size(), 2);
    EXPECT_EQ(view.calls[1].first, Stage::Analysis);
    // A figure-only setting recomputes from the figure stage, and only it.
    ASSERT_TRUE(view.applySettings({{"colour", "blue"}}));
    ASSERT_EQ(view.calls.size(), 3);
    EXPECT_EQ(view.calls[2].first, Stage::Figure);
    EXPECT_EQ(view.calls[2].second, QStringList{"colour"});
    // Unchanged values compute nothing; the shown figure alone draws nothing.
    ASSERT_TRUE(view.applySettings({{"colour", "blue"}, {"level", 0.25}}));
    ASSERT_TRUE(view.applySettings({{"figure", "line"}}));
    EXPECT_EQ(view.calls.size(), 3);
}

TEST_F(ViewKit, RefusedValuesChangeNothingAndSayKeyValueAndRange) {
    KitView view(runner);
    view.openDemo();
    QSignalSpy errors(&view, &ViewBase::errorOccurred);
    const QVariantMap before = view.settings();
    EXPECT_FALSE(view.applySettings({{"level", 0.3}, {"seed", 5000}}));
    ASSERT_EQ(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    EXPECT_TRUE(message.contains("seed") && message.contains("5000") && message.contains("0..1000"))
        << message.toStdString();
    EXPECT_EQ(view.settings(), before);  // all or nothing: level stayed too
    EXPECT_EQ(view.calls.size(), 1);
    // The control shows what holds, not the refused value.
    EXPECT_EQ(qobject_cast<QSpinBox*>(view.controls()->control("seed"))->value(), 7);
    EXPECT_FALSE(view.applySettings({{"figure", "nosuch"}}));
    EXPECT_FALSE(view.applySettings({{"nosuch", 1}}));
}

TEST_F(ViewKit, LimitsOnlyTheDataKnowsAreCheckedWhenItLoads) {
    KitView view(runner);
    ASSERT_TRUE(view.applySettings({{"layer", 7}}));  // no data yet: the spec's 0..1000 holds
    QSignalSpy errors(&view, &ViewBase::errorOccurred);
    view.openDemo();
    ASSERT_EQ(errors.count(), 1);
    const QString message = errors.at(0).at(0).toString();
    EXPECT_TRUE(message.contains("layer") && message.contains("7") && message.contains("0..3"))
        << message.toStdString();
    EXPECT_EQ(view.values().value("layer").toInt(), 3);  // the nearest the data allows, and said
    EXPECT_FALSE(view.applySettings({{"layer", 4}}));
    EXPECT_TRUE(view.applySettings({{"layer", 3}}));
}

TEST_F(ViewKit, ADefaultTheDataCannotTakeIsAdaptedWithANoteNotAnError) {
    KitView view(runner);
    view.demoRanges.insert("seed", {20, 30});  // the default 7 is outside
    QSignalSpy errors(&view, &ViewBase::errorOccurred);
    QSignalSpy logs(&view, &ViewBase::logMessage);
    view.openDemo();
    EXPECT_EQ(errors.count(), 0);
    EXPECT_EQ(view.values().value("seed").toInt(), 20);
    bool noted = false;
    for (const auto& l : logs) noted |= l.at(1).toString().contains("does not suit this data");
    EXPECT_TRUE(noted);
    // The same value given by the user is refused.
    KitView given(runner);
    given.demoRanges.insert("seed", {20, 30});
    ASSERT_TRUE(given.applySettings({{"seed", 7}}));
    QSignalSpy givenErrors(&given, &ViewBase::errorOccurred);
    given.openDemo();
    EXPECT_EQ(givenErrors.count(), 1);
}

TEST_F(ViewKit, SessionsRoundTripAndAcceptOldKeys) {
    KitView view(runner);
    view.openDemo();
    ASSERT_TRUE(view.applySettings({{"level", 0.75}, {"layer", 2}, {"colour", "blue"}}));
    const QJsonObject state = view.saveState(QDir::temp());
    KitView other(runner);
    other.restoreState(state, QDir::temp());
    EXPECT_EQ(other.settings(), view.settings());
    EXPECT_TRUE(other.input().demo);
    KitView old(runner);
    // An old alias applies; an unknown key and a value out of range are said and skipped, the
    // rest of the session is kept.
    old.restoreState(
        QJsonObject{{"settings",
                     QJsonObject{{"oldLayer", 1}, {"gone", 3}, {"level", 7}, {"colour", "blue"}}},
                    {"demo", true}},
        QDir::temp());
    EXPECT_EQ(old.values().value("layer").toInt(), 1);
    EXPECT_EQ(old.values().value("colour").toString(), "blue");
    EXPECT_DOUBLE_EQ(old.values().value("level").toDouble(), 0.5);
}

TEST_F(ViewKit, EveryFigureCarriesProvenanceFromCore) {
    KitView view(runner);
    view.openDemo();
    ASSERT_TRUE(view.applySettings({{"seed", 11}}));
    const QMap<QString, QString> p = view.figures()->panel("line")->provenance();
    EXPECT_FALSE(p.value("assay:version").isEmpty());
    EXPECT_FALSE(p.value("assay:device").isEmpty());
    EXPECT_EQ(p.value("assay:seed"), "11");
    EXPECT_EQ(p.value("assay:analysis"), "kit");
    EXPECT_TRUE(p.value("assay:inputs").contains("demo"));
    EXPECT_TRUE(p.value("assay:parameters").contains("\"level\":0.5"))
        << p.value("assay:parameters").toStdString();
    EXPECT_FALSE(p.value("assay:parameters").contains("figure"));
    // Exports carry it, at the declared size when not on screen.
    QTemporaryDir dir;
    ExportOptions o;
    o.dpi = 300;
    view.exportFigure("line", dir.filePath("line.png"), o);
    const QImage image(dir.filePath("line.png"));
    EXPECT_EQ(image.size(), QSize(qRound(800 * 300 / 96.0), qRound(500 * 300 / 96.0)));
    EXPECT_EQ(image.text("assay:seed"), "11");
    o.widthPx = 1600;  // a lone width keeps the declared aspect
    view.exportFigure("line", dir.filePath("wide.png"), o);
    EXPECT_EQ(QImage(dir.filePath("wide.png")).size(), QSize(1600, 1000));
}

}  // namespace
}  // namespace assay::views
