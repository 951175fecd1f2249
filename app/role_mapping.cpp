#include "app/role_mapping.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace assay::app {

RoleMapping::RoleMapping(QWidget* parent)
    : QWidget(parent),
      m_table(new QTableWidget(this)),
      m_apply(new QPushButton(tr("Apply mapping"), this)) {
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Role"), tr("Tensor in the file")});
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_apply->setToolTip(tr("Reopen the file with these tensors in these roles"));
    connect(m_apply, &QPushButton::clicked, this, [this] { emit applyRequested(map()); });

    auto* hint = new QLabel(tr("Where the file's names differ from what the view expects, "
                               "choose the tensor for each role."),
                            this);
    hint->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(hint);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_apply, 0, Qt::AlignRight);
    rebuild();
}

void RoleMapping::setRoles(const QVector<views::ViewRole>& roles) {
    m_roles = roles;
    rebuild();
}

void RoleMapping::setTensorNames(const QStringList& names) {
    m_names = names;
    rebuild();
}

void RoleMapping::setMap(const QVariantMap& map) {
    m_map = map;
    rebuild();
}

void RoleMapping::rebuild() {
    m_table->setRowCount(int(m_roles.size()));
    for (int row = 0; row < m_roles.size(); ++row) {
        const views::ViewRole& role = m_roles[row];
        auto* name = new QTableWidgetItem(role.name);
        name->setToolTip(role.description);
        name->setFlags(Qt::ItemIsEnabled);
        m_table->setItem(row, 0, name);
        auto* combo = new QComboBox(m_table);
        combo->addItem(tr("(not used)"), QString());
        for (const QString& n : m_names) combo->addItem(n, n);
        combo->setToolTip(role.description);
        const QString mapped = m_map.value(role.name).toString();
        int index = combo->findData(mapped.isEmpty() ? role.name : mapped);
        combo->setCurrentIndex(index < 0 ? 0 : index);
        m_table->setCellWidget(row, 1, combo);
    }
    m_apply->setEnabled(!m_roles.isEmpty() && !m_names.isEmpty());
}

QVariantMap RoleMapping::map() const {
    QVariantMap result;
    for (int row = 0; row < m_roles.size(); ++row) {
        const auto* combo = qobject_cast<const QComboBox*>(m_table->cellWidget(row, 1));
        const QString chosen = combo ? combo->currentData().toString() : QString();
        if (!chosen.isEmpty() && chosen != m_roles[row].name)
            result.insert(m_roles[row].name, chosen);
    }
    return result;
}

bool RoleMapping::choose(const QString& role, const QString& name) {
    for (int row = 0; row < m_roles.size(); ++row) {
        if (m_roles[row].name != role) continue;
        auto* combo = qobject_cast<QComboBox*>(m_table->cellWidget(row, 1));
        const int index = combo ? combo->findData(name) : -1;
        if (index < 0) return false;
        combo->setCurrentIndex(index);
        return true;
    }
    return false;
}

}  // namespace assay::app
