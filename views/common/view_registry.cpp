#include "views/common/view_registry.h"

#include <QFileInfo>
#include <QStringList>
#include <algorithm>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"
#include "views/common/view_base.h"

namespace assay::views {

void ViewRegistry::registerView(ViewEntry entry) {
    if (entry.id.isEmpty()) throw core::ParameterError("view id", "is empty");
    if (!entry.factory)
        throw core::ParameterError("view " + entry.id.toStdString(), "has no factory");
    if (find(entry.id))
        throw core::ParameterError("view id", entry.id.toStdString() + " is registered twice");
    m_views.append(std::move(entry));
}

QStringList ViewRegistry::ids() const {
    QStringList result;
    for (const ViewEntry& entry : m_views) result << entry.id;
    return result;
}

const ViewEntry* ViewRegistry::find(const QString& id) const {
    for (const ViewEntry& entry : m_views) {
        if (entry.id == id) return &entry;
    }
    return nullptr;
}

const core::io::TensorInfo* FileContents::find(const std::string& name) const {
    for (const core::io::TensorInfo& t : tensors)
        if (t.name == name) return &t;
    return nullptr;
}

bool FileContents::hasColumn(const std::string& name) const {
    return std::find(head.header.begin(), head.header.end(), name) != head.header.end();
}

QStringList ViewRegistry::viewsFor(const QString& path) const {
    FileContents file;
    file.path = path;
    file.suffix = QFileInfo(path).suffix().toLower();
    file.table = file.suffix == QLatin1String("csv") || file.suffix == QLatin1String("jsonl") ||
                 file.suffix == QLatin1String("ndjson");
    if (!QFileInfo::exists(path)) return {};
    if (file.table) {
        try {
            file.head = core::io::readTableHead(path.toStdString());
        } catch (const core::Error&) {
            file.head = {};  // unreadable rows: views decide from the name alone
        }
    } else {
        try {
            file.tensors = core::io::TensorFile::open(path.toStdString()).tensors();
        } catch (const core::Error&) {
            return {};  // unreadable: the view that opens it says why
        }
    }
    QStringList ids;
    for (const ViewEntry& entry : m_views)
        if (entry.canOpen && entry.canOpen(file)) ids << entry.id;
    return ids;
}

ViewBase* ViewRegistry::create(const QString& id, JobRunner& runner, QWidget* parent) const {
    const ViewEntry* entry = find(id);
    if (!entry)
        throw core::ParameterError("view", "\"" + id.toStdString() + "\" is not one of " +
                                               ids().join(QStringLiteral(", ")).toStdString());
    return entry->factory(runner, parent);
}

}  // namespace assay::views
