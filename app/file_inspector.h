#pragma once
// The file inspector dock: the tensors of a .safetensors / .npy / .npz file (name, dtype, shape,
// bytes), its metadata, and the role mapping for the current view. Files are opened on the job
// runner's I/O lane (an .npz may need inflating); errors go out through errorOccurred.
#include <QStringList>
#include <QVariantMap>
#include <QWidget>

#include "views/common/job_runner.h"
#include "views/common/view_registry.h"

class QLabel;
class QTableWidget;

namespace assay::app {

class RoleMapping;

class FileInspector : public QWidget {
    Q_OBJECT
public:
    explicit FileInspector(views::JobRunner& runner, QWidget* parent = nullptr);

    // Whether the inspector can read `path` (by extension: .safetensors, .npy, .npz).
    static bool canInspect(const QString& path);

    // Starts reading `path`; the tables fill when it is read (inspected), or errorOccurred.
    void inspect(const QString& path);
    QString currentFile() const { return m_path; }

    // The view whose roles the mapping table offers, and its current mapping.
    void setTargetView(const QString& viewId, const QVector<views::ViewRole>& roles,
                       const QVariantMap& map);

    // For tests: the tensor table's rows as "name dtype shape bytes".
    QStringList tensorRows() const;
    RoleMapping* roleMapping() const { return m_mapping; }

signals:
    void inspected(const QString& path);
    void errorOccurred(const QString& message);
    // The user applied a mapping for `viewId` on `path`: the window reopens the file with it.
    void mappingApplied(const QString& viewId, const QString& path, const QVariantMap& map);

private:
    struct Listing;
    void show(const Listing& listing);

    views::JobRunner& m_runner;
    QString m_path;
    QString m_viewId;
    QLabel* m_title;
    QTableWidget* m_tensors;
    QTableWidget* m_metadata;
    RoleMapping* m_mapping;
};

}  // namespace assay::app
