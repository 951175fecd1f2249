#include "app/recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace assay::app {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QMenu* menu, QObject* parent) : QObject(parent), m_menu(menu) {
    m_files = QSettings().value(kKey).toStringList();
    rebuildMenu();
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_files.removeAll(absolute);
    m_files.prepend(absolute);
    while (m_files.size() > kMaxEntries) m_files.removeLast();
    store();
    rebuildMenu();
}

void RecentFiles::rebuildMenu() {
    m_menu->clear();
    for (const QString& file : m_files) {
        QAction* action = m_menu->addAction(QFileInfo(file).fileName());
        action->setToolTip(QDir::toNativeSeparators(file));
        action->setStatusTip(QDir::toNativeSeparators(file));
        connect(action, &QAction::triggered, this, [this, file] { emit fileRequested(file); });
    }
    if (m_files.isEmpty()) {
        m_menu->addAction(tr("No recent files"))->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("Clear list")), &QAction::triggered, this, [this] {
        m_files.clear();
        store();
        rebuildMenu();
    });
}

void RecentFiles::store() const { QSettings().setValue(kKey, m_files); }

}  // namespace assay::app
