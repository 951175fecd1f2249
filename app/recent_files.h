#pragma once
// The File → Recent submenu: the last files and sessions opened, kept in QSettings.
#include <QObject>
#include <QStringList>

class QMenu;

namespace assay::app {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxEntries = 10;

    // Fills `menu` now and whenever the list changes.
    explicit RecentFiles(QMenu* menu, QObject* parent = nullptr);

    QStringList files() const { return m_files; }
    void add(const QString& path);

signals:
    void fileRequested(const QString& path);

private:
    void rebuildMenu();
    void store() const;

    QMenu* m_menu;
    QStringList m_files;
};

}  // namespace assay::app
