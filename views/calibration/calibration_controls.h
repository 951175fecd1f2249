#pragma once
// The Calibration view's parameter panel. It only lays out controls and reports edits; the view
// turns them into CalibrationSettings. Values travel as a QVariantMap with the keys of
// CalibrationView::applySettings.
#include <QStringList>
#include <QVariantMap>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;
class QLabel;

namespace assay::views {

class CalibrationControls : public QWidget {
    Q_OBJECT
public:
    explicit CalibrationControls(QWidget* parent = nullptr);

    QVariantMap values() const;
    // Sets the given keys (others unchanged) and emits edited() once.
    void setValues(const QVariantMap& values);
    // Group names of the loaded data (the combos offer "All" plus these).
    void setGroups(const QStringList& groups);
    // Which score weights / statistics the data supports.
    void setAvailableInputs(bool frequencies, bool probabilities, bool generic);
    void setSummary(const QString& text);
    QString summary() const;

signals:
    void edited();

private:
    QDoubleSpinBox* addLevel(const QString& label, const QString& tip, double value);
    void emitEdited();

    QDoubleSpinBox* m_alpha;
    QDoubleSpinBox* m_delta;
    QDoubleSpinBox* m_weightLogit;
    QDoubleSpinBox* m_weightFreq;
    QComboBox* m_statistic;
    QSpinBox* m_repetitions;
    QSpinBox* m_seed;
    QComboBox* m_calGroup;
    QComboBox* m_testGroup;
    QComboBox* m_heatmap;
    QLabel* m_summary;
    QFormLayout* m_form;
    bool m_quiet = false;
};

}  // namespace assay::views
