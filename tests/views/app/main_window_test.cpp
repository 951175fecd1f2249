#include "app/main_window.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QCryptographicHash>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>

#include "app/app_style.h"
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

// The colours down one column of `rect` in `image` (a few pixels in from its top and bottom,
// past the rounded corners).
QSet<QRgb> columnColours(const QImage& image, const QRect& rect, int x) {
    QSet<QRgb> colours;
    for (int y = rect.top() + 4; y <= rect.bottom() - 4; ++y) colours.insert(image.pixel(x, y));
    return colours;
}

TEST(MainWindow, TheClickedSidebarEntryLooksLikeASelectedNavigationItem) {
    views::ViewRegistry registry;
    test::registerFakeView(registry);
    views::ViewEntry other = test::fakeViewEntry();
    other.id = QStringLiteral("other");
    other.title = QStringLiteral("Other");
    registry.registerView(other);
    MainWindow window(registry);
    window.setTheme(views::Theme::Light);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    auto* sidebar = window.findChild<QListWidget*>(QStringLiteral("sidebar"));
    ASSERT_NE(sidebar, nullptr);
    ASSERT_EQ(sidebar->count(), 2);
    // Clicked, as a user does: the entry is current, selected and the list has the focus.
    const QRect second = sidebar->visualItemRect(sidebar->item(1));
    QTest::mouseClick(sidebar->viewport(), Qt::LeftButton, {}, second.center());
    window.activateWindow();
    sidebar->setFocus();
    QTest::qWait(50);
    ASSERT_EQ(sidebar->currentRow(), 1);
    EXPECT_TRUE(sidebar->item(1)->font().bold());  // the page you are on, in bold
    EXPECT_FALSE(sidebar->item(0)->font().bold());
    const QImage image =
        sidebar->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    ASSERT_EQ(image.size(), sidebar->viewport()->size());  // device pixel ratio 1
    // Right of the title, where no glyph is: the selected entry is one flat tinted fill (no framed
    // box around its text, which read as a text field), and the other entry is the background.
    const int x = second.right() - 20;
    const QSet<QRgb> selected = columnColours(image, second, x);
    EXPECT_EQ(selected.size(), 1) << "a frame or a second fill inside the selected entry";
    const QColor fill = QColor(*selected.begin());
    const QColor expected = sidebarSelectionColour(false);
    EXPECT_LE(std::abs(fill.red() - expected.red()) + std::abs(fill.green() - expected.green()) +
                  std::abs(fill.blue() - expected.blue()),
              6)
        << fill.name().toStdString() << " vs " << expected.name().toStdString();
    const QColor base = sidebar->palette().color(QPalette::Base);
    EXPECT_NE(fill.rgb(), base.rgb());
    const QSet<QRgb> unselected =
        columnColours(image, sidebar->visualItemRect(sidebar->item(0)), x);
    EXPECT_EQ(unselected.size(), 1);
    EXPECT_EQ(*unselected.begin(), image.pixel(x, image.height() - 3));  // the list's background
    // The tint is the accent's, visible on the base but far lighter than the accent itself.
    const QColor accent = sidebar->palette().color(QPalette::Highlight);
    EXPECT_GT(fill.lightness(), accent.lightness());
    EXPECT_LT(fill.lightness(), base.lightness());
    EXPECT_GT(fill.blue(), fill.red());
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
