#include "views/experts/experts_controls.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>

namespace assay::views {

ExpertsControls::ExpertsControls(QWidget* parent) : QWidget(parent) {
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(8, 8, 8, 8);
    m_form->setVerticalSpacing(8);
    m_summary = new QLabel(tr("No trace. File ▸ Open data… or Open demo."), this);
    m_summary->setWordWrap(true);
    m_form->addRow(m_summary);
    auto spin = [this](const QString& label, int lo, int hi, int value, const QString& tip) {
        auto* s = new QSpinBox(this);
        s->setRange(lo, hi);
        s->setValue(value);
        s->setToolTip(tip);
        m_form->addRow(label, s);
        connect(s, &QSpinBox::valueChanged, this, &ExpertsControls::emitEdited);
        return s;
    };
    // Wide ranges until a trace narrows them (setTraceShape): values set earlier (a guide step, a
    // session) must not be clamped to a placeholder range.
    m_layer = spin(tr("Layer"), 0, 1023, 0, tr("The MoE layer shown in the graph and heatmaps"));
    m_topT = spin(tr("Top-T"), 1, 4096, 3, tr("Collaborators kept per expert: graph edges, C2R's candidate lists"));
    m_normalisation = combo(tr("Heatmap"), {tr("P(j | i)"), tr("Raw counts"), tr("Jaccard"), tr("Global share"), tr("Lift")},
                            {"conditional", "raw", "jaccard", "share", "lift"},
                            tr("How co-activation counts are normalised in the heatmaps"));
    m_edges = combo(tr("Edges"), {tr("Top-T partners"), tr("Above a threshold")}, {"topt", "threshold"},
                    tr("Which links the graph draws"));
    m_threshold = new QSlider(Qt::Horizontal, this);
    m_threshold->setRange(0, 100);
    m_threshold->setValue(20);
    m_threshold->setToolTip(tr("Edge threshold on P(j | i), in percent of the strongest link"));
    m_form->addRow(tr("Threshold"), m_threshold);
    connect(m_threshold, &QSlider::valueChanged, this, &ExpertsControls::emitEdited);
    m_layout = combo(tr("Layout"), {tr("Force-directed"), tr("Circular"), tr("Grouped by device")},
                     {"force", "circular", "grouped"}, tr("Where the experts sit in the graph"));
    m_colour = combo(tr("Colour"), {tr("Collaborative / specialised"), tr("Dominant domain"), tr("Device")},
                     {"role", "domain", "device"}, tr("What node colours mean"));
    m_variant = combo(tr("C2R variant"), {tr("Qwen (softmax weights)"), tr("LLaMA-MoE (logit softmax)")},
                      {"qwen", "llama"}, tr("papers.md §1 Step 6"));
    m_devices = spin(tr("Devices G"), 1, 4096, 4, tr("Expert-parallel devices for placement and all-to-all volume"));
    m_placement = combo(tr("Placement"), {tr("Greedy collaboration"), tr("Contiguous"), tr("Random")},
                        {"greedy", "contiguous", "random"}, tr("How experts are assigned to devices"));
    m_hidden = spin(tr("Hidden size d"), 1, 65536, 2048, tr("Token vector size for the dispatch volume"));
    m_bytes = spin(tr("Bytes / element"), 1, 8, 2, tr("2 for bf16"));
    m_bandwidth = new QDoubleSpinBox(this);
    m_bandwidth->setRange(0.1, 10000);
    m_bandwidth->setValue(50);
    m_bandwidth->setSuffix(tr(" GB/s"));
    m_form->addRow(tr("Link bandwidth"), m_bandwidth);
    m_latency = new QDoubleSpinBox(this);
    m_latency->setRange(0, 10000);
    m_latency->setValue(10);
    m_latency->setSuffix(tr(" µs"));
    m_form->addRow(tr("Latency"), m_latency);
    for (QDoubleSpinBox* s : {m_bandwidth, m_latency})
        connect(s, &QDoubleSpinBox::valueChanged, this, &ExpertsControls::emitEdited);
}

QComboBox* ExpertsControls::combo(const QString& label, const QStringList& names, const QStringList& ids,
                                  const QString& tip) {
    auto* c = new QComboBox(this);
    for (int i = 0; i < names.size(); ++i) c->addItem(names[i], ids[i]);
    c->setToolTip(tip);
    m_form->addRow(label, c);
    connect(c, &QComboBox::currentIndexChanged, this, &ExpertsControls::emitEdited);
    return c;
}

QVariantMap ExpertsControls::values() const {
    return {{"layer", m_layer->value()}, {"topT", m_topT->value()},
            {"normalisation", m_normalisation->currentData()}, {"edges", m_edges->currentData()},
            {"threshold", m_threshold->value() / 100.0}, {"layout", m_layout->currentData()},
            {"colour", m_colour->currentData()}, {"variant", m_variant->currentData()},
            {"devices", m_devices->value()}, {"placement", m_placement->currentData()},
            {"hidden", m_hidden->value()}, {"bytes", m_bytes->value()},
            {"bandwidth", m_bandwidth->value()}, {"latency", m_latency->value()}};
}

void ExpertsControls::setValues(const QVariantMap& v) {
    m_quiet = true;
    auto setSpin = [&](QSpinBox* s, const char* key) { if (v.contains(key)) s->setValue(v.value(key).toInt()); };
    auto setCombo = [&](QComboBox* c, const char* key) {
        if (!v.contains(key)) return;
        const int i = c->findData(v.value(key).toString());
        if (i >= 0) c->setCurrentIndex(i);
    };
    setSpin(m_layer, "layer");
    setSpin(m_topT, "topT");
    setSpin(m_devices, "devices");
    setSpin(m_hidden, "hidden");
    setSpin(m_bytes, "bytes");
    setCombo(m_normalisation, "normalisation");
    setCombo(m_edges, "edges");
    setCombo(m_layout, "layout");
    setCombo(m_colour, "colour");
    setCombo(m_variant, "variant");
    setCombo(m_placement, "placement");
    if (v.contains("threshold")) m_threshold->setValue(qRound(v.value("threshold").toDouble() * 100));
    if (v.contains("bandwidth")) m_bandwidth->setValue(v.value("bandwidth").toDouble());
    if (v.contains("latency")) m_latency->setValue(v.value("latency").toDouble());
    m_quiet = false;
    emit edited();
}

void ExpertsControls::setTraceShape(int layers, int experts, int topK, bool hasDomains, bool hasLogits) {
    m_quiet = true;
    m_layer->setRange(0, std::max(0, layers - 1));
    m_topT->setRange(std::max(1, topK - 1), std::max(1, experts - 1));
    m_devices->setRange(1, std::max(1, experts));
    m_colour->setItemData(1, hasDomains ? QVariant() : QVariant(0), Qt::UserRole - 1);  // disable "domain"
    m_variant->setEnabled(hasLogits);
    m_placement->setEnabled(hasLogits);
    m_quiet = false;
    emit edited();  // values may have been clamped into the trace's ranges
}

void ExpertsControls::setSummary(const QString& text) { m_summary->setText(text); }

}  // namespace assay::views
