#include "views/common/settings_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <climits>
#include <cmath>

namespace assay::views {

namespace {

// Spin boxes need finite bounds; exclusive bounds step inside.
double lowOf(const SettingSpec& s) {
    if (std::isinf(s.min)) return -1e9;
    return s.minExclusive ? s.min + s.step : s.min;
}
double highOf(const SettingSpec& s) {
    if (std::isinf(s.max)) return 1e9;
    return s.maxExclusive ? s.max - s.step : s.max;
}

int clampInt(double v) { return int(std::max<double>(INT_MIN, std::min<double>(INT_MAX, v))); }

}  // namespace

SettingsPanel::SettingsPanel(const SettingsSpec& spec, QWidget* parent)
    : QWidget(parent), m_spec(spec) {
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(8, 8, 8, 8);
    m_form->setVerticalSpacing(8);
    m_summary = new QLabel(tr("No data. File ▸ Open data… or Open demo."), this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_form->addRow(m_summary);
    QString section;
    for (const SettingSpec& s : spec.all()) {
        if (!s.control) continue;
        if (s.section != section && !s.section.isEmpty() && !m_sectionButtons.contains(s.section)) {
            // A heading that folds its section: a long panel stays readable, one group open.
            auto* heading = new QToolButton(this);
            heading->setObjectName(QStringLiteral("section:") + s.section);
            heading->setText(s.section);
            heading->setCheckable(true);
            heading->setChecked(true);
            heading->setArrowType(Qt::DownArrow);
            heading->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
            heading->setAutoRaise(true);
            QFont f = heading->font();
            f.setBold(true);
            heading->setFont(f);
            const QString name = s.section;
            connect(heading, &QToolButton::toggled, this,
                    [this, name](bool open) { setSectionExpanded(name, open); });
            m_sectionButtons.insert(s.section, heading);
            m_sectionOrder << s.section;
            m_form->addRow(heading);
        }
        section = s.section;
        QWidget* c = makeControl(s);
        c->setObjectName(s.key);
        c->setToolTip(s.tooltip);
        m_controls.insert(s.key, c);
        m_form->addRow(s.label, c);
        if (!s.section.isEmpty()) m_sectionControls[s.section] << c;
    }
}

QWidget* SettingsPanel::makeControl(const SettingSpec& s) {
    const QString key = s.key;
    switch (s.type) {
        case SettingType::Int: {
            auto* spin = new QSpinBox(this);
            spin->setRange(clampInt(lowOf(s)), clampInt(highOf(s)));
            spin->setSuffix(s.suffix);
            connect(spin, &QSpinBox::valueChanged, this,
                    [this, key](int v) { emitEdited(key, v); });
            return spin;
        }
        case SettingType::Double: {
            auto* spin = new QDoubleSpinBox(this);
            spin->setRange(lowOf(s), highOf(s));
            spin->setSingleStep(s.step);
            spin->setDecimals(s.decimals);
            spin->setSuffix(s.suffix);
            connect(spin, &QDoubleSpinBox::valueChanged, this,
                    [this, key](double v) { emitEdited(key, v); });
            if (!s.slider) return spin;
            // A slider in steps of `step` beside the spin box; the spin box holds the value.
            auto* row = new QWidget(this);
            auto* layout = new QHBoxLayout(row);
            layout->setContentsMargins(0, 0, 0, 0);
            auto* slider = new QSlider(Qt::Horizontal, row);
            slider->setObjectName(key + QStringLiteral("-slider"));
            const double lo = lowOf(s), step = s.step;
            slider->setRange(0, qRound((highOf(s) - lo) / step));
            connect(slider, &QSlider::valueChanged, spin,
                    [spin, lo, step](int v) { spin->setValue(lo + v * step); });
            connect(spin, &QDoubleSpinBox::valueChanged, slider, [slider, lo, step](double v) {
                const QSignalBlocker block(slider);
                slider->setValue(qRound((v - lo) / step));
            });
            spin->setParent(row);
            // The value stays readable beside the slider however narrow the panel gets.
            spin->setMinimumWidth(spin->sizeHint().width());
            slider->setMinimumWidth(40);
            layout->addWidget(slider, 1);
            layout->addWidget(spin);
            row->setProperty("spin", QVariant::fromValue<QObject*>(spin));
            return row;
        }
        case SettingType::Bool: {
            auto* box = new QCheckBox(this);
            connect(box, &QCheckBox::toggled, this, [this, key](bool v) { emitEdited(key, v); });
            return box;
        }
        case SettingType::Choice:
        case SettingType::Group: {
            auto* combo = new QComboBox(this);
            for (const SettingChoice& c : s.choices) combo->addItem(c.label, c.id);
            if (s.type == SettingType::Group)
                combo->addItem(s.allLabel.isEmpty() ? tr("All groups") : s.allLabel,
                               QStringLiteral("all"));
            connect(combo, &QComboBox::currentIndexChanged, this,
                    [this, key, combo](int) { emitEdited(key, combo->currentData().toString()); });
            return combo;
        }
        case SettingType::DoubleList:
            if (s.count > 0 && s.count <= 4) {
                auto* row = new QWidget(this);
                auto* layout = new QHBoxLayout(row);
                layout->setContentsMargins(0, 0, 0, 0);
                QList<QDoubleSpinBox*> spins;
                for (int i = 0; i < s.count; ++i) {
                    auto* spin = new QDoubleSpinBox(row);
                    spin->setRange(lowOf(s), highOf(s));
                    spin->setSingleStep(s.step);
                    spin->setDecimals(s.decimals);
                    spin->setObjectName(key + QLatin1Char('-') + QString::number(i));
                    layout->addWidget(spin);
                    spins << spin;
                }
                for (QDoubleSpinBox* spin : spins)
                    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, key, spins](double) {
                        QVariantList values;
                        for (QDoubleSpinBox* s : spins) values << s->value();
                        emitEdited(key, values);
                    });
                return row;
            }
            [[fallthrough]];
        case SettingType::IntList:
        case SettingType::Text:
        case SettingType::Map: {
            auto* edit = new QLineEdit(this);
            connect(edit, &QLineEdit::editingFinished, this,
                    [this, key, edit] { emitEdited(key, edit->text()); });
            return edit;
        }
    }
    return new QWidget(this);
}

void SettingsPanel::emitEdited(const QString& key, const QVariant& value) {
    if (!m_quiet) emit edited(key, value);
}

void SettingsPanel::showValues(const Settings& settings) {
    m_quiet = true;
    for (const SettingSpec& s : m_spec.all()) {
        QWidget* c = m_controls.value(s.key);
        if (!c || !settings.values().contains(s.key)) continue;
        const QVariant v = settings.value(s.key);
        if (auto* spin = qobject_cast<QSpinBox*>(c)) {
            spin->setValue(v.toInt());
        } else if (auto* spin = qobject_cast<QDoubleSpinBox*>(c)) {
            spin->setValue(v.toDouble());
        } else if (auto* box = qobject_cast<QCheckBox*>(c)) {
            box->setChecked(v.toBool());
        } else if (auto* combo = qobject_cast<QComboBox*>(c)) {
            const int i = combo->findData(v.toString());
            if (i >= 0) combo->setCurrentIndex(i);
        } else if (auto* edit = qobject_cast<QLineEdit*>(c)) {
            edit->setText(settingText(v));
        } else if (auto* spin =
                       qobject_cast<QDoubleSpinBox*>(c->property("spin").value<QObject*>())) {
            spin->setValue(v.toDouble());  // with its slider
        } else {
            const QVariantList values = v.toList();
            const auto spins = c->findChildren<QDoubleSpinBox*>();
            for (int i = 0; i < spins.size() && i < values.size(); ++i)
                spins[i]->setValue(values[i].toDouble());
        }
    }
    m_quiet = false;
}

void SettingsPanel::setDataRange(const QString& key, double min, double max) {
    m_quiet = true;
    QWidget* c = m_controls.value(key);
    if (auto* spin = qobject_cast<QSpinBox*>(c)) spin->setRange(clampInt(min), clampInt(max));
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(c)) spin->setRange(min, max);
    m_quiet = false;
}

void SettingsPanel::setChoices(const QString& key, const QStringList& ids,
                               const QStringList& labels) {
    auto* combo = qobject_cast<QComboBox*>(m_controls.value(key));
    if (!combo) return;
    m_quiet = true;
    const QString keep = combo->currentData().toString();
    combo->clear();
    for (int i = 0; i < ids.size(); ++i) combo->addItem(labels.value(i, ids[i]), ids[i]);
    combo->setCurrentIndex(std::max(0, combo->findData(keep)));
    combo->setEnabled(ids.size() > 1);
    m_quiet = false;
}

void SettingsPanel::setChoiceEnabled(const QString& key, const QString& id, bool enabled) {
    auto* combo = qobject_cast<QComboBox*>(m_controls.value(key));
    if (!combo) return;
    if (auto* model = qobject_cast<QStandardItemModel*>(combo->model()))
        if (QStandardItem* item = model->item(combo->findData(id))) item->setEnabled(enabled);
}

void SettingsPanel::setControlEnabled(const QString& key, bool enabled) {
    if (QWidget* c = m_controls.value(key)) c->setEnabled(enabled);
}

void SettingsPanel::setSectionExpanded(const QString& section, bool expanded) {
    QToolButton* heading = m_sectionButtons.value(section);
    if (!heading) return;
    {
        const QSignalBlocker block(heading);
        heading->setChecked(expanded);
    }
    heading->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    for (QWidget* c : m_sectionControls.value(section)) m_form->setRowVisible(c, expanded);
}

bool SettingsPanel::sectionExpanded(const QString& section) const {
    const QToolButton* heading = m_sectionButtons.value(section);
    return heading && heading->isChecked();
}

void SettingsPanel::setSummary(const QString& text) { m_summary->setText(text); }

QString SettingsPanel::summary() const { return m_summary->text(); }

}  // namespace assay::views
