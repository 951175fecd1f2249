#pragma once
// The file inspector's role table: one row per role the current view reads (for Calibration:
// gold, probs, freqs, ...), each with a combo box of the open file's tensor names. "Apply" emits
// the mapping role -> tensor name (only the roles whose tensor is named differently).
#include <QStringList>
#include <QVariantMap>
#include <QWidget>

#include "views/common/view_registry.h"

class QPushButton;
class QTableWidget;

namespace assay::app {

class RoleMapping : public QWidget {
    Q_OBJECT
public:
    explicit RoleMapping(QWidget* parent = nullptr);

    void setRoles(const QVector<views::ViewRole>& roles);
    void setTensorNames(const QStringList& names);
    // Preselects these role -> name pairs (a session's or the view's mapping).
    void setMap(const QVariantMap& map);
    QVariantMap map() const;
    // Chooses `name` for `role` (for tests and scripted use); false if either is unknown.
    bool choose(const QString& role, const QString& name);

signals:
    void applyRequested(const QVariantMap& map);

private:
    void rebuild();

    QVector<views::ViewRole> m_roles;
    QStringList m_names;
    QVariantMap m_map;
    QTableWidget* m_table;
    QPushButton* m_apply;
};

}  // namespace assay::app
