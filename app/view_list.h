#pragma once
// The one list of the views the app offers, in sidebar order. A new view adds one line to
// view_list.cpp (and its roles, when its files have named tensors a user may need to map).
#include <QString>
#include <QVariantMap>
#include <QVector>

namespace assay::views {
class ViewBase;
class ViewRegistry;
}  // namespace assay::views

namespace assay::app {

void registerViews(views::ViewRegistry& registry);

// A role a view reads from a tensor file, with a one-line description (for the file inspector's
// mapping table). Empty for views that take no mapping.
struct ViewRole {
    QString name;
    QString description;
};
QVector<ViewRole> viewRoles(const QString& viewId);

}  // namespace assay::app
