#pragma once
// The window: a sidebar with one entry per registered view, the views in a stack, menus, the log
// and file inspector docks, and a status bar with the device and the running job. Everything a
// menu does is also a public member, so that main.cpp and the tests drive the same code.
#include <QHash>
#include <QMainWindow>
#include <QSet>
#include <QVariantMap>

#include "views/common/job_runner.h"
#include "views/common/plot_theme.h"

class QListWidget;
class QStackedWidget;
class QDockWidget;
class QLabel;
class QDir;

namespace assay::views {
class ViewBase;
class ViewRegistry;
}  // namespace assay::views

namespace assay::app {

class FileInspector;
class JobStatus;
class LogPanel;
class RecentFiles;
struct SavedInput;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const views::ViewRegistry& registry, QWidget* parent = nullptr);
    ~MainWindow() override;

    views::JobRunner& runner() { return m_runner; }
    views::ViewBase* currentView() const;
    views::ViewBase* view(const QString& id) const;
    QList<views::ViewBase*> allViews() const { return m_views; }
    LogPanel* logPanel() const { return m_log; }
    FileInspector* fileInspector() const { return m_inspector; }
    views::Theme theme() const { return m_theme; }
    // A menu action by object name ("openDemo", "saveSession", "exportFigure", ...), for tests.
    QAction* action(const QString& name) const;

    void setCurrentView(const QString& id);
    void setTheme(views::Theme theme);
    // Opens a data file in the view that can read it (the current one when it can; asking when
    // several others can), and the inspector for tensor files; or a .assay session. Problems are
    // reported non-modally; returns false for a session that failed.
    bool openPath(const QString& path);
    // The current view's demo (File ▸ Open demo).
    void openDemo();
    // Every view's demo: the current one now, each other one when it is first shown (`assay
    // --demo`).
    void openDemos();
    // Saves / reopens a session; false (after a non-modal message) on failure.
    bool saveSession(const QString& path);
    bool openSession(const QString& path);
    QString sessionPath() const { return m_sessionPath; }

    // Non-modal: status bar message and a red log entry.
    void reportError(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createViews(const views::ViewRegistry& registry);
    void createDocks();
    void createMenus();  // main_window_menus.cpp
    void createStatusBar();
    void restoreSettings();
    // After a session restored a view's input: a warning in the log and the status bar when
    // the file's SHA-256 differs from the one the session recorded.
    void checkSessionInput(views::ViewBase* v, const SavedInput& saved, const QDir& sessionDir);

    // Menu handlers (main_window_menus.cpp): the dialogs live here, never in the actions above.
    void onOpenData();
    void onOpenSession();
    void onSaveSession();
    void onSaveSessionAs();
    void onExportFigure();
    void onInspectFile();
    void onAbout();
    void onCurrentViewChanged();
    void onMappingApplied(const QString& viewId, const QString& path, const QVariantMap& map);

    const views::ViewRegistry& m_registry;
    views::JobRunner m_runner;
    QList<views::ViewBase*> m_views;
    QSet<QString> m_pendingDemos;  // views whose demo opens when they are first shown
    QListWidget* m_sidebar = nullptr;
    QStackedWidget* m_stack = nullptr;
    LogPanel* m_log = nullptr;
    FileInspector* m_inspector = nullptr;
    QDockWidget* m_logDock = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    JobStatus* m_jobStatus = nullptr;
    QLabel* m_deviceLabel = nullptr;
    RecentFiles* m_recent = nullptr;
    QHash<QString, QAction*> m_actions;
    views::Theme m_theme = views::Theme::Light;
    QString m_sessionPath;
};

}  // namespace assay::app
