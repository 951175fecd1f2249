#include "app/main_window.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QFont>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <memory>

#include "app/app_style.h"
#include "app/file_inspector.h"
#include "app/job_status.h"
#include "app/log_panel.h"
#include "app/recent_files.h"
#include "app/session_file.h"
#include "assay/core/error.h"
#include "assay/core/runtime.h"
#include "assay/jobs/job_context.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::app {

using views::ViewBase;

MainWindow::MainWindow(const views::ViewRegistry& registry, QWidget* parent)
    : QMainWindow(parent), m_registry(registry) {
    setObjectName(QStringLiteral("assayMainWindow"));
    setWindowTitle(tr("Assay"));
    setWindowIcon(appIcon(QStringLiteral("assay")));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    createDocks();  // the views' log messages need the log panel
    createViews(registry);
    createMenus();
    createStatusBar();
    restoreSettings();
    onCurrentViewChanged();
}

MainWindow::~MainWindow() {
    // Views hold jobs on m_runner; cancel them before the widgets go.
    m_runner.cancelAll();
}

void MainWindow::createViews(const views::ViewRegistry& registry) {
    m_sidebar = new QListWidget(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setIconSize(QSize(20, 20));
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->setFixedWidth(168);
    m_stack = new QStackedWidget(this);
    for (const views::ViewEntry& entry : registry.views()) {
        ViewBase* v = nullptr;
        try {
            v = registry.create(entry.id, m_runner, m_stack);
        } catch (const core::Error& e) {
            m_log->addEntry(QStringLiteral("error"), QString::fromUtf8(e.what()));
            continue;
        }
        m_views.push_back(v);
        m_stack->addWidget(v);
        const QIcon icon = !entry.icon.isNull() ? entry.icon : appIcon(QStringLiteral("view"));
        auto* item = new QListWidgetItem(icon, entry.title, m_sidebar);
        item->setData(Qt::UserRole, entry.id);
        connect(v, &ViewBase::logMessage, m_log, &LogPanel::addEntry);
        connect(v, &ViewBase::errorOccurred, this, &MainWindow::reportError);
    }
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    // The current entry's title in bold (style sheets do not reach an item's font).
    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int current) {
        for (int row = 0; row < m_sidebar->count(); ++row) {
            QFont font = m_sidebar->font();
            font.setBold(row == current);
            m_sidebar->item(row)->setFont(font);
        }
    });
    connect(m_stack, &QStackedWidget::currentChanged, this, &MainWindow::onCurrentViewChanged);
    if (m_sidebar->count() > 0) m_sidebar->setCurrentRow(0);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    auto* line = new QFrame(central);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Plain);
    line->setStyleSheet(QStringLiteral("color: palette(mid);"));
    layout->addWidget(line);
    if (m_views.isEmpty()) {
        auto* empty = new QLabel(tr("No views are built into this Assay."), central);
        empty->setAlignment(Qt::AlignCenter);
        m_stack->addWidget(empty);
    }
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
}

void MainWindow::createDocks() {
    m_log = new LogPanel(this);
    m_log->watchJobs(m_runner);
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);

    m_inspector = new FileInspector(m_runner, this);
    m_inspectorDock = new QDockWidget(tr("File inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    m_inspectorDock->hide();  // shown when a tensor file is opened
    connect(m_inspector, &FileInspector::errorOccurred, this, &MainWindow::reportError);
    connect(m_inspector, &FileInspector::mappingApplied, this, &MainWindow::onMappingApplied);
}

void MainWindow::createStatusBar() {
    m_deviceLabel = new QLabel(this);
    try {
        m_deviceLabel->setText(QString::fromStdString(core::currentDevice().name));
    } catch (const core::Error& e) {
        m_deviceLabel->setText(tr("no device"));
        reportError(QString::fromUtf8(e.what()));
    }
    m_deviceLabel->setToolTip(tr("The device computations run on (ASSAY_DEVICE=cpu|cuda)"));
    m_jobStatus = new JobStatus(m_runner, this);
    statusBar()->addPermanentWidget(m_jobStatus);
    statusBar()->addPermanentWidget(m_deviceLabel);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    try {
        setTheme(views::themeFromName(
            settings.value(QStringLiteral("theme"), QStringLiteral("light")).toString()));
    } catch (const core::Error&) {
        setTheme(views::Theme::Light);
    }
    if (!restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray()))
        resize(1440, 900);
    if (!restoreState(settings.value(QStringLiteral("windowState")).toByteArray()))
        resizeDocks({m_logDock}, {130}, Qt::Vertical);  // the figures get the room by default
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("windowState"), saveState());
    settings.setValue(QStringLiteral("theme"), views::themeName(m_theme));
    m_runner.cancelAll();
    event->accept();
}

ViewBase* MainWindow::currentView() const {
    return qobject_cast<ViewBase*>(m_stack->currentWidget());
}

ViewBase* MainWindow::view(const QString& id) const {
    for (ViewBase* v : m_views)
        if (v->viewId() == id) return v;
    return nullptr;
}

QAction* MainWindow::action(const QString& name) const { return m_actions.value(name); }

void MainWindow::setCurrentView(const QString& id) {
    for (int row = 0; row < m_sidebar->count(); ++row)
        if (m_sidebar->item(row)->data(Qt::UserRole).toString() == id)
            m_sidebar->setCurrentRow(row);
}

void MainWindow::setTheme(views::Theme theme) {
    m_theme = theme;
    applyAppStyle(theme == views::Theme::Dark);
    for (ViewBase* v : m_views) v->setTheme(theme);
    if (QAction* a = action(QStringLiteral("theme.") + views::themeName(theme)))
        a->setChecked(true);
}

void MainWindow::onCurrentViewChanged() {
    ViewBase* v = currentView();
    const QString id = v ? v->viewId() : QString();
    const views::ViewEntry* entry = m_registry.find(id);
    m_inspector->setTargetView(
        id, entry ? entry->roles : QVector<views::ViewRole>{},
        v ? v->settings().value(QStringLiteral("map")).toMap() : QVariantMap{});
    if (v && m_pendingDemos.remove(id) && !v->hasInput()) v->openDemo();
    for (const char* name : {"openData", "openDemo", "exportFigure"})
        if (QAction* a = action(QLatin1String(name))) a->setEnabled(v != nullptr);
}

void MainWindow::openDemo() {
    ViewBase* v = currentView();
    if (!v) return;
    m_pendingDemos.remove(v->viewId());
    v->openDemo();
}

void MainWindow::openDemos() {
    for (ViewBase* v : m_views)
        if (v != currentView()) m_pendingDemos.insert(v->viewId());
    openDemo();
}

bool MainWindow::openPath(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) {
        reportError(tr("%1: no such file").arg(path));
        return false;
    }
    if (info.suffix().compare(QLatin1String("assay"), Qt::CaseInsensitive) == 0)
        return openSession(path);
    ViewBase* v = currentView();
    // The view whose data this is: the current one if it reads it, else the one that does
    // (asked when several do); none: the current view opens it and says what is wrong.
    const QStringList candidates = m_registry.viewsFor(path);
    if (!candidates.isEmpty() && !(v && candidates.contains(v->viewId()))) {
        QString id = candidates.first();
        if (candidates.size() > 1) {
            QStringList titles;
            for (const QString& c : candidates) titles << m_registry.find(c)->title;
            bool ok = false;
            const QString chosen = QInputDialog::getItem(
                this, tr("Open in which view?"),
                tr("Several views can open %1:").arg(info.fileName()), titles, 0, false, &ok);
            if (!ok) return false;
            id = candidates.value(int(titles.indexOf(chosen)));
        }
        setCurrentView(id);
        v = view(id);
    }
    if (!v) {
        reportError(tr("%1: no view to open it in").arg(path));
        return false;
    }
    m_recent->add(path);
    if (FileInspector::canInspect(path)) {
        m_inspector->inspect(path);
        m_inspectorDock->show();
    }
    m_pendingDemos.remove(v->viewId());
    v->openFile(info.absoluteFilePath());
    return true;
}

void MainWindow::onMappingApplied(const QString& viewId, const QString& path,
                                  const QVariantMap& map) {
    ViewBase* v = view(viewId);
    if (!v) return;
    if (!v->settingsSpec().find(QStringLiteral("map"))) {
        reportError(tr("%1: takes no role mapping").arg(v->title()));
        return;
    }
    if (!v->applySettings({{QStringLiteral("map"), map}})) return;
    QStringList pairs;
    for (auto it = map.begin(); it != map.end(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value().toString();
    m_log->addEntry(
        QStringLiteral("info"),
        tr("%1: reopening %2 with %3")
            .arg(v->title(), QFileInfo(path).fileName(),
                 pairs.isEmpty() ? tr("the default names") : pairs.join(QLatin1Char(' '))));
    // A loaded file reloads by itself (the map feeds the load stage); a file that failed is opened.
    if (v->input().path != QFileInfo(path).absoluteFilePath()) v->openFile(path);
}

bool MainWindow::saveSession(const QString& path) {
    Session session;
    session.currentView = currentView() ? currentView()->viewId() : QString();
    session.theme = views::themeName(m_theme);
    const QDir dir = sessionDirOf(path);
    for (ViewBase* v : m_views) {
        QJsonObject state = v->saveState(dir);
        recordInputHash(state, v->input());
        session.views.insert(v->viewId(), state);
    }
    try {
        saveSessionFile(path, session);
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return false;
    }
    m_sessionPath = path;
    m_recent->add(path);
    m_log->addEntry(QStringLiteral("info"),
                    tr("Session saved to %1").arg(QDir::toNativeSeparators(path)));
    statusBar()->showMessage(tr("Session saved"), 4000);
    return true;
}

bool MainWindow::openSession(const QString& path) {
    Session session;
    try {
        session = loadSessionFile(path);
        setTheme(views::themeFromName(session.theme));
    } catch (const core::Error& e) {
        reportError(QString::fromUtf8(e.what()));
        return false;
    }
    const QDir dir = sessionDirOf(path);
    for (auto it = session.views.begin(); it != session.views.end(); ++it) {
        ViewBase* v = view(it.key());
        if (!v) {
            m_log->addEntry(QStringLiteral("warning"),
                            tr("%1: views.%2: not a view of this Assay; skipped")
                                .arg(QDir::toNativeSeparators(path), it.key()));
            continue;
        }
        // Sessions before the kit kept role maps beside the views; the view's "map" holds it now.
        const QVariantMap map = session.roleMaps.value(it.key()).toObject().toVariantMap();
        if (!map.isEmpty() && v->settingsSpec().find(QStringLiteral("map")))
            v->applySettings({{QStringLiteral("map"), map}});
        v->restoreState(it.value().toObject(), dir);
        if (const auto saved = savedInput(it.value().toObject(), dir))
            checkSessionInput(v, *saved, dir);
    }
    setCurrentView(session.currentView);
    onCurrentViewChanged();
    m_sessionPath = path;
    m_recent->add(path);
    m_log->addEntry(QStringLiteral("info"),
                    tr("Session opened: %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void MainWindow::checkSessionInput(ViewBase* v, const SavedInput& saved, const QDir& dir) {
    if (saved.sha256.isEmpty()) return;  // a session from before hashes were recorded
    auto warn = [this, title = v->title(), saved, dir](const QString& now) {
        const QString text = inputChangedWarning(title, saved, now, dir);
        if (text.isEmpty()) return;
        m_log->addEntry(QStringLiteral("warning"), text);
        statusBar()->showMessage(text, 15000);
    };
    // The view hashes the file when it loads it: compare once that load is over. When it failed
    // (the file now has another shape, say), the file is hashed here, on a worker.
    auto compare = [this, v, saved, warn] {
        const QString sha = loadedHash(v->input(), saved.path);
        if (!sha.isEmpty()) {
            warn(sha);
            return;
        }
        if (!QFileInfo::exists(saved.path)) return;  // the view has said so
        const QString path = saved.path;
        m_runner.submit(
            QString(), this,
            [path](core::JobContext& job) {
                job.stage("hashing");
                return currentHash({}, path);
            },
            warn, {}, views::Lane::Io, tr("Checking %1").arg(QFileInfo(path).fileName()));
    };
    if (!v->isBusy()) {
        compare();
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(v, &ViewBase::busyChanged, this, [connection, compare](bool busy) {
        if (busy) return;
        QObject::disconnect(*connection);
        compare();
    });
}

void MainWindow::reportError(const QString& message) {
    statusBar()->showMessage(message, 10000);
    m_log->addEntry(QStringLiteral("error"), message);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) openPath(url.toLocalFile());
    event->acceptProposedAction();
}

}  // namespace assay::app
