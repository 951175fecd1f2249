#pragma once
// The views the app offers, in the order the app registers them (the order of tabs and menus).
// The app calls registerView once per view at start-up, in one place; views never register
// themselves, so that a view never needs to know the app.
#include <QIcon>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

class QWidget;

namespace assay::views {

class JobRunner;
class ViewBase;

struct ViewEntry {
    QString id;     // == ViewBase::viewId() of what factory makes
    QString title;  // translated
    QIcon icon;
    std::function<ViewBase*(JobRunner& runner, QWidget* parent)> factory;
};

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

private:
    QVector<ViewEntry> m_views;
};

}  // namespace assay::views
