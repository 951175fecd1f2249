#pragma once
// The views the app offers, in the order the app registers them (the order of tabs and menus).
// The app calls registerView once per view at start-up, in one place; views never register
// themselves, so that a view never needs to know the app.
#include <QIcon>
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>
#include <string>
#include <vector>

#include "assay/io/dtype.h"
#include "assay/io/table.h"
#include "views/common/figure_tabs.h"
#include "views/common/settings_spec.h"

class QWidget;

namespace assay::views {

class JobRunner;
class ViewBase;

// A role a view reads from a file, with a one-line description (the file inspector's mapping).
struct ViewRole {
    QString name;
    QString description;
};

// What a file holds, read once (headers only for .safetensors/.npy) for every view's canOpen.
struct FileContents {
    QString path;
    QString suffix;                             // lower case: "csv", "safetensors", ...
    bool table = false;                         // .csv / .jsonl
    std::vector<core::io::TensorInfo> tensors;  // empty for tables and unreadable files
    // Tables: the header and the first rows (core::io::readTableHead, every cell a string);
    // empty (no header) when the table could not be read.
    core::io::Table head;
    const core::io::TensorInfo* find(const std::string& name) const;
    // Tables: whether the header has this column.
    bool hasColumn(const std::string& name) const;
};

// Everything the app needs to know of a view, so that app/ has no per-view branches.
struct ViewEntry {
    QString id;     // == ViewBase::viewId() of what factory makes
    QString title;  // translated
    QIcon icon;
    SettingsSpec settings;    // == the view's spec (for `assay render --help` and its options)
    QStringList figures;      // figure ids, the default first
    QVector<ViewRole> roles;  // empty for views that take no mapping
    // Whether this view reads the file (from its tensors or columns; cheap: headers only).
    std::function<bool(const FileContents& file)> canOpen;
    std::function<ViewBase*(JobRunner& runner, QWidget* parent)> factory;
};

// A view's registration from its parts: the factory makes a `View(runner, parent)`; the figure
// ids come from the same FigureSpec list the view adds.
template <class View>
ViewEntry makeViewEntry(const QString& id, const QString& title, const QString& iconPath,
                        SettingsSpec settings, const QVector<FigureSpec>& figures,
                        std::function<bool(const FileContents&)> canOpen,
                        QVector<ViewRole> roles = {}) {
    ViewEntry e;
    e.id = id;
    e.title = title;
    e.icon = QIcon(iconPath);
    e.settings = std::move(settings);
    for (const FigureSpec& f : figures) e.figures << f.id;
    e.roles = std::move(roles);
    e.canOpen = std::move(canOpen);
    e.factory = [](JobRunner& runner, QWidget* parent) -> ViewBase* {
        return new View(runner, parent);
    };
    return e;
}

class ViewRegistry {
public:
    // Throws assay::core::ParameterError for an empty or duplicate id or a missing factory.
    void registerView(ViewEntry entry);

    const QVector<ViewEntry>& views() const { return m_views; }
    QStringList ids() const;
    // nullptr for an unknown id.
    const ViewEntry* find(const QString& id) const;
    // Creates the view; throws assay::core::ParameterError for an unknown id (the message lists
    // the known ones, for command lines).
    ViewBase* create(const QString& id, JobRunner& runner, QWidget* parent = nullptr) const;
    // The ids of the views that can open `path`, in registration order.
    QStringList viewsFor(const QString& path) const;

private:
    QVector<ViewEntry> m_views;
};

}  // namespace assay::views
