// MainWindow's menus, toolbar and the dialogs behind them (the actions themselves are the public
// members in main_window.cpp, which tests and main.cpp call directly).
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>

#include "app/app_style.h"
#include "app/export_dialog.h"
#include "app/file_inspector.h"
#include "app/log_panel.h"
#include "app/main_window.h"
#include "app/recent_files.h"
#include "assay/core/error.h"
#include "assay/core/runtime.h"
#include "views/common/view_base.h"

namespace assay::app {

namespace {

const QString kDataFilter = QObject::tr(
    "Data files (*.safetensors *.npy *.npz *.csv *.jsonl);;Sessions (*.assay);;All files (*)");

QString lastDir() {
    return QSettings()
        .value(QStringLiteral("lastDir"),
               QStandardPaths::writableLocation(QStandardPaths::HomeLocation))
        .toString();
}

void rememberDir(const QString& file) {
    QSettings().setValue(QStringLiteral("lastDir"), QFileInfo(file).absolutePath());
}

}  // namespace

void MainWindow::createMenus() {
    auto add = [this](QMenu* menu, const QString& name, const QString& text, const QString& icon,
                      const QKeySequence& shortcut, auto handler) {
        QAction* a = menu->addAction(text);
        a->setObjectName(name);
        if (!icon.isEmpty()) a->setIcon(appIcon(icon));
        if (!shortcut.isEmpty()) a->setShortcut(shortcut);
        connect(a, &QAction::triggered, this, handler);
        m_actions.insert(name, a);
        return a;
    };

    QMenu* file = menuBar()->addMenu(tr("&File"));
    add(file, QStringLiteral("openData"), tr("&Open data…"), QStringLiteral("open"),
        QKeySequence::Open, &MainWindow::onOpenData);
    add(file, QStringLiteral("openDemo"), tr("Open &demo"), QStringLiteral("demo"),
        QKeySequence(tr("Ctrl+D")), &MainWindow::openDemo);
    add(file, QStringLiteral("inspectFile"), tr("&Inspect file…"), QStringLiteral("inspect"),
        QKeySequence(tr("Ctrl+I")), &MainWindow::onInspectFile);
    QMenu* recent = file->addMenu(tr("Open &recent"));
    m_recent = new RecentFiles(recent, this);
    connect(m_recent, &RecentFiles::fileRequested, this, [this](const QString& p) { openPath(p); });
    file->addSeparator();
    add(file, QStringLiteral("openSession"), tr("Open s&ession…"), QStringLiteral("session"),
        QKeySequence(), &MainWindow::onOpenSession);
    add(file, QStringLiteral("saveSession"), tr("&Save session"), QStringLiteral("save"),
        QKeySequence::Save, &MainWindow::onSaveSession);
    add(file, QStringLiteral("saveSessionAs"), tr("Save session &as…"), QString(),
        QKeySequence::SaveAs, &MainWindow::onSaveSessionAs);
    file->addSeparator();
    add(file, QStringLiteral("exportFigure"), tr("&Export figure…"), QStringLiteral("export"),
        QKeySequence(tr("Ctrl+E")), &MainWindow::onExportFigure);
    file->addSeparator();
    add(file, QStringLiteral("quit"), tr("&Quit"), QString(), QKeySequence::Quit,
        &MainWindow::close);

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    QMenu* themes = viewMenu->addMenu(tr("&Theme"));
    auto* themeGroup = new QActionGroup(this);
    for (views::Theme t : {views::Theme::Paper, views::Theme::Light, views::Theme::Dark,
                           views::Theme::Presentation}) {
        const QString name = views::themeName(t);
        QAction* a = themes->addAction(name.left(1).toUpper() + name.mid(1));
        a->setObjectName(QStringLiteral("theme.") + name);
        a->setCheckable(true);
        a->setChecked(t == m_theme);
        themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, t] { setTheme(t); });
        m_actions.insert(a->objectName(), a);
    }
    viewMenu->addSeparator();
    QAction* logToggle = m_logDock->toggleViewAction();
    logToggle->setIcon(appIcon(QStringLiteral("log")));
    logToggle->setShortcut(QKeySequence(tr("Ctrl+L")));
    viewMenu->addAction(logToggle);
    QAction* inspectorToggle = m_inspectorDock->toggleViewAction();
    inspectorToggle->setIcon(appIcon(QStringLiteral("inspect")));
    viewMenu->addAction(inspectorToggle);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(help, QStringLiteral("about"), tr("&About Assay"), QStringLiteral("assay"), QKeySequence(),
        &MainWindow::onAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setIconSize(QSize(18, 18));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (const char* name : {"openData", "openDemo", "saveSession", "exportFigure"})
        bar->addAction(action(QLatin1String(name)));
}

void MainWindow::onOpenData() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open data"), lastDir(), kDataFilter);
    if (path.isEmpty()) return;
    rememberDir(path);
    openPath(path);
}

void MainWindow::onInspectFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Inspect file"), lastDir(), tr("Tensor files (*.safetensors *.npy *.npz)"));
    if (path.isEmpty()) return;
    rememberDir(path);
    m_inspector->inspect(path);
    m_inspectorDock->show();
    m_inspectorDock->raise();
}

void MainWindow::onOpenSession() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), lastDir(),
                                                      tr("Assay sessions (*.assay)"));
    if (path.isEmpty()) return;
    rememberDir(path);
    openSession(path);
}

void MainWindow::onSaveSession() {
    if (m_sessionPath.isEmpty())
        onSaveSessionAs();
    else
        saveSession(m_sessionPath);
}

void MainWindow::onSaveSessionAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save session"),
                                                lastDir() + QStringLiteral("/session.assay"),
                                                tr("Assay sessions (*.assay)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QLatin1String(".assay"), Qt::CaseInsensitive))
        path += QStringLiteral(".assay");
    rememberDir(path);
    saveSession(path);
}

void MainWindow::onExportFigure() {
    views::ViewBase* v = currentView();
    if (!v) return;
    if (v->isBusy()) {
        statusBar()->showMessage(tr("Still computing; export when the figures are up to date"),
                                 6000);
        return;
    }
    const QStringList figures = v->figureIds();
    ExportDialog dialog(
        figures, lastDir() + QStringLiteral("/%1-%2.png").arg(v->viewId(), figures.value(0)), this);
    if (dialog.exec() != QDialog::Accepted) return;
    rememberDir(dialog.path());
    try {
        v->exportFigure(dialog.figureId(), dialog.path(), dialog.options());
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return;
    }
    m_log->addEntry(QStringLiteral("info"),
                    tr("Exported %1 to %2").arg(dialog.figureId(), dialog.path()));
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(dialog.path())), 6000);
}

void MainWindow::onAbout() {
    const core::RuntimeVersions v = core::runtimeVersions();
    QString device;
    try {
        device = QString::fromStdString(core::currentDevice().name);
    } catch (const core::Error& e) {
        device = QString::fromUtf8(e.what());
    }
    QMessageBox::about(
        this, tr("About Assay"),
        tr("<h3>Assay %1</h3><p>A workbench for inspecting how large models behave.</p>"
           "<table cellspacing='4'>"
           "<tr><td>Qt</td><td>%2</td></tr><tr><td>LibTorch</td><td>%3</td></tr>"
           "<tr><td>CUDA in LibTorch</td><td>%4</td></tr><tr><td>Assay CUDA "
           "kernels</td><td>%5</td></tr>"
           "<tr><td>Device</td><td>%6</td></tr></table>"
           "<p>GPL-3.0-or-later.</p>")
            .arg(QString::fromStdString(v.assay), QString::fromLatin1(qVersion()),
                 QString::fromStdString(v.libtorch), v.torchHasCuda ? tr("yes") : tr("no"),
                 v.kernelsCompiled ? tr("compiled in") : tr("not compiled in"),
                 device.toHtmlEscaped()));
}

}  // namespace assay::app
