#include "views/common/view_registry.h"

#include <QStringList>

#include "assay/core/error.h"
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

QStringList ViewRegistry::viewsFor(const QString& path) const {
    QStringList ids;
    for (const ViewEntry& entry : m_views) {
        try {
            if (entry.canOpen && entry.canOpen(path)) ids << entry.id;
        } catch (const std::exception&) {
            // Unreadable for this view: the view that opens it reports why.
        }
    }
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
