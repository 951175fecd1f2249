#pragma once
// The controls of a view, built from its SettingsSpec: a summary line on top, then one row per
// setting with a control (spin box, slider, combo, check box, line edit), under the headings of
// their sections, which fold. The panel only shows values and reports edits: the values themselves
// live in the view (ViewBase), which checks every edit against the spec before it takes it.
#include <QHash>
#include <QStringList>
#include <QWidget>

#include "views/common/settings.h"
#include "views/common/settings_spec.h"

class QFormLayout;
class QLabel;
class QToolButton;

namespace assay::views {

class SettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPanel(const SettingsSpec& spec, QWidget* parent = nullptr);

    // Shows these values (emits nothing).
    void showValues(const Settings& settings);
    // Narrows a numeric control to what the data allows (the view has checked the value).
    void setDataRange(const QString& key, double min, double max);
    // The choices of a Group or Choice setting: ids and their labels.
    void setChoices(const QString& key, const QStringList& ids, const QStringList& labels);
    void setChoiceEnabled(const QString& key, const QString& id, bool enabled);
    void setControlEnabled(const QString& key, bool enabled);
    void setSummary(const QString& text);
    QString summary() const;
    // Sections fold under their heading (a button with an arrow; all open at first): a view with
    // many settings closes the ones a first look does not need.
    QStringList sections() const { return m_sectionOrder; }
    void setSectionExpanded(const QString& section, bool expanded);
    bool sectionExpanded(const QString& section) const;
    // The control of a setting (for tests and custom layouts); nullptr without one.
    QWidget* control(const QString& key) const { return m_controls.value(key); }

signals:
    // The user changed a control: the value in the setting's canonical type.
    void edited(const QString& key, const QVariant& value);

private:
    QWidget* makeControl(const SettingSpec& spec);
    void emitEdited(const QString& key, const QVariant& value);

    const SettingsSpec& m_spec;
    QFormLayout* m_form;
    QLabel* m_summary;
    QHash<QString, QWidget*> m_controls;
    QHash<QString, QToolButton*> m_sectionButtons;
    QHash<QString, QList<QWidget*>> m_sectionControls;
    QStringList m_sectionOrder;
    bool m_quiet = false;
};

}  // namespace assay::views
