#pragma once
// The Experts view's parameter panel: lays out controls and reports edits. Values travel as a
// QVariantMap with the keys of ExpertsView::applySettings.
#include <QVariantMap>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSlider;
class QSpinBox;

namespace assay::views {

class ExpertsControls : public QWidget {
    Q_OBJECT
public:
    explicit ExpertsControls(QWidget* parent = nullptr);

    QVariantMap values() const;
    void setValues(const QVariantMap& values);  // emits edited() once
    // Ranges from the loaded trace.
    void setTraceShape(int layers, int experts, int topK, bool hasDomains, bool hasLogits);
    void setSummary(const QString& text);

signals:
    void edited();

private:
    QComboBox* combo(const QString& label, const QStringList& names, const QStringList& ids, const QString& tip);
    void emitEdited() { if (!m_quiet) emit edited(); }

    QFormLayout* m_form;
    QLabel* m_summary;
    QSpinBox* m_layer;
    QSpinBox* m_topT;
    QComboBox* m_normalisation;
    QComboBox* m_edges;
    QSlider* m_threshold;
    QComboBox* m_layout;
    QComboBox* m_colour;
    QComboBox* m_variant;
    QSpinBox* m_devices;
    QComboBox* m_placement;
    QSpinBox* m_hidden;
    QSpinBox* m_bytes;
    QDoubleSpinBox* m_bandwidth;
    QDoubleSpinBox* m_latency;
    bool m_quiet = false;
};

}  // namespace assay::views
