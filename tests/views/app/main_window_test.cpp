#include "app/main_window.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QTemporaryDir>

#include "app/log_panel.h"
#include "fake_view.h"
#include "views/common/view_registry.h"

namespace assay::app {
namespace {

using test::FakeView;

views::ViewRegistry fakeRegistry() {
    views::ViewRegistry registry;
    test::registerFakeView(registry);
    return registry;
}

TEST(MainWindow, ConstructsWithOneSidebarEntryPerView) {
    const views::ViewRegistry registry = fakeRegistry();
    MainWindow window(registry);
    auto* sidebar = window.findChild<QListWidget*>(QStringLiteral("sidebar"));
    ASSERT_NE(sidebar, nullptr);
    EXPECT_EQ(sidebar->count(), 1);
    EXPECT_EQ(sidebar->item(0)->text(), QStringLiteral("Fake"));
    ASSERT_NE(window.currentView(), nullptr);
    EXPECT_EQ(window.currentView()->viewId(), QStringLiteral("fake"));
    for (const char* name : {"openData", "openDemo", "openSession", "saveSession", "exportFigure",
                             "quit", "theme.paper", "theme.dark", "about"})
        EXPECT_NE(window.action(QLatin1String(name)), nullptr) << name;
}

TEST(MainWindow, ConstructsWithNoViews) {
    views::ViewRegistry empty;
    MainWindow window(empty);
    EXPECT_EQ(window.currentView(), nullptr);
    EXPECT_FALSE(window.action(QStringLiteral("openDemo"))->isEnabled());
}

TEST(MainWindow, OpenDemoActionOpensTheCurrentViewsDemo) {
    const views::ViewRegistry registry = fakeRegistry();
    MainWindow window(registry);
    window.action(QStringLiteral("openDemo"))->trigger();
    EXPECT_TRUE(dynamic_cast<FakeView*>(window.currentView())->demoOpened);
}

TEST(MainWindow, ThemeReachesEveryView) {
    const views::ViewRegistry registry = fakeRegistry();
    MainWindow window(registry);
    window.action(QStringLiteral("theme.presentation"))->trigger();
    EXPECT_EQ(window.theme(), views::Theme::Presentation);
    EXPECT_EQ(dynamic_cast<FakeView*>(window.currentView())->themeSeen, views::Theme::Presentation);
    window.setTheme(views::Theme::Light);
}

TEST(MainWindow, ViewErrorsGoToTheLogNotADialog) {
    const views::ViewRegistry registry = fakeRegistry();
    MainWindow window(registry);
    const int before = window.logPanel()->entryCount();
    dynamic_cast<FakeView*>(window.currentView())->fail(QStringLiteral("x.csv: gold: missing"));
    ASSERT_EQ(window.logPanel()->entryCount(), before + 1);
    EXPECT_EQ(window.logPanel()->entryText(before), QStringLiteral("error\tx.csv: gold: missing"));
}

TEST(MainWindow, OpeningAMissingFileIsReportedNonModally) {
    const views::ViewRegistry registry = fakeRegistry();
    MainWindow window(registry);
    EXPECT_FALSE(window.openPath(QStringLiteral("/no/such/file.csv")));
    EXPECT_TRUE(window.logPanel()
                    ->entryText(window.logPanel()->entryCount() - 1)
                    .startsWith(QStringLiteral("error")));
}

TEST(MainWindow, SessionRoundTripRestoresViewsWithRelativeInputs) {
    QTemporaryDir dir;
    QDir(dir.path()).mkpath(QStringLiteral("data"));
    const QString input = dir.filePath(QStringLiteral("data/input.csv"));
    QFile(input).open(QIODevice::WriteOnly);
    const QString session = dir.filePath(QStringLiteral("s.assay"));
    const views::ViewRegistry registry = fakeRegistry();
    {
        MainWindow window(registry);
        auto* v = dynamic_cast<FakeView*>(window.currentView());
        ASSERT_TRUE(window.openPath(input));
        ASSERT_TRUE(v->applySettings({{QStringLiteral("value"), 42}}));
        window.setTheme(views::Theme::Dark);
        ASSERT_TRUE(window.saveSession(session));
    }
    QFile f(session);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_TRUE(f.readAll().contains("\"input\": \"data/input.csv\""));
    MainWindow window(registry);
    ASSERT_TRUE(window.openPath(session));
    auto* v = dynamic_cast<FakeView*>(window.currentView());
    EXPECT_EQ(v->value(), 42);
    EXPECT_EQ(v->openedFile, QFileInfo(input).absoluteFilePath());
    EXPECT_EQ(window.theme(), views::Theme::Dark);
    window.setTheme(views::Theme::Light);
}

// The log's entries that say a session's input changed.
int changedWarnings(const LogPanel& log) {
    int n = 0;
    for (int i = 0; i < log.entryCount(); ++i)
        if (log.entryText(i).startsWith(QStringLiteral("warning")) &&
            log.entryText(i).contains(QStringLiteral("changed since the session was saved")))
            ++n;
    return n;
}

TEST(MainWindow, OpeningASessionSaysWhenItsInputChangedSince) {
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("input.csv"));
    auto write = [&](const QByteArray& bytes) {
        QFile f(input);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    };
    write("a,b\n1,2\n");
    const QString session = dir.filePath(QStringLiteral("s.assay"));
    const views::ViewRegistry registry = fakeRegistry();
    {
        MainWindow window(registry);
        ASSERT_TRUE(window.openPath(input));
        ASSERT_TRUE(window.saveSession(session));
    }
    QFile f(session);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QJsonObject saved = QJsonDocument::fromJson(f.readAll()).object();
    f.close();
    EXPECT_EQ(saved[QStringLiteral("views")][QStringLiteral("fake")][QStringLiteral("input_sha256")]
                  .toString(),
              QString::fromLatin1(
                  QCryptographicHash::hash("a,b\n1,2\n", QCryptographicHash::Sha256).toHex()));
    {  // unchanged: nothing said
        MainWindow window(registry);
        ASSERT_TRUE(window.openPath(session));
        EXPECT_TRUE(window.runner().waitForIdle(20000));
        EXPECT_EQ(changedWarnings(*window.logPanel()), 0);
    }
    write("a,b\n1,3\n");
    {  // changed: one warning, and the file still opens
        MainWindow window(registry);
        ASSERT_TRUE(window.openPath(session));
        EXPECT_TRUE(window.runner().waitForIdle(20000));
        EXPECT_EQ(changedWarnings(*window.logPanel()), 1);
        EXPECT_EQ(dynamic_cast<FakeView*>(window.currentView())->openedFile,
                  QFileInfo(input).absoluteFilePath());
    }
    // A session saved before hashes were recorded opens as before, unchecked.
    QJsonObject old = saved;
    QJsonObject views = old[QStringLiteral("views")].toObject();
    QJsonObject fake = views[QStringLiteral("fake")].toObject();
    fake.remove(QStringLiteral("input_sha256"));
    views[QStringLiteral("fake")] = fake;
    old[QStringLiteral("views")] = views;
    const QString oldSession = dir.filePath(QStringLiteral("old.assay"));
    QFile o(oldSession);
    ASSERT_TRUE(o.open(QIODevice::WriteOnly));
    o.write(QJsonDocument(old).toJson());
    o.close();
    MainWindow window(registry);
    ASSERT_TRUE(window.openPath(oldSession));
    EXPECT_TRUE(window.runner().waitForIdle(20000));
    EXPECT_EQ(changedWarnings(*window.logPanel()), 0);
    EXPECT_EQ(dynamic_cast<FakeView*>(window.currentView())->openedFile,
              QFileInfo(input).absoluteFilePath());
}

}  // namespace
}  // namespace assay::app
