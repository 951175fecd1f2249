#include "views/calibration/calibration_controls.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

namespace assay::views {

CalibrationControls::CalibrationControls(QWidget* parent) : QWidget(parent) {
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(8, 8, 8, 8);
    m_form->setVerticalSpacing(8);
    m_summary = new QLabel(tr("No data. File ▸ Open data… or Open demo."), this);
    m_summary->setWordWrap(true);
    m_form->addRow(m_summary);
    m_alpha = addLevel(tr("Risk α"), tr("Target miscoverage: prediction sets hold the gold answer with probability ≥ 1 − α"), 0.28);
    m_delta = addLevel(tr("Selection δ"), tr("Answer only when the conformal p-value exceeds δ; abstain otherwise"), 0.28);

    auto weight = [this](double v) {
        auto* s = new QDoubleSpinBox(this);
        s->setRange(0.0, 1.0);
        s->setSingleStep(0.1);
        s->setDecimals(2);
        s->setValue(v);
        connect(s, &QDoubleSpinBox::valueChanged, this, &CalibrationControls::emitEdited);
        return s;
    };
    m_weightLogit = weight(0.0);
    m_weightFreq = weight(1.0);
    auto* weights = new QHBoxLayout;
    weights->addWidget(new QLabel(tr("w_l"), this));
    weights->addWidget(m_weightLogit);
    weights->addWidget(new QLabel(tr("w_f"), this));
    weights->addWidget(m_weightFreq);
    m_form->addRow(tr("Score weights"), weights);
    m_weightLogit->setToolTip(tr("u(o) = 1 − w_l·p(o) − w_f·freq(o): weight of the option probability"));
    m_weightFreq->setToolTip(tr("u(o) = 1 − w_l·p(o) − w_f·freq(o): weight of the sampled-answer frequency"));

    m_statistic = new QComboBox(this);
    m_statistic->addItem(tr("Predictive entropy (black-box)"), "entropy");
    m_statistic->addItem(tr("Distinct answers"), "distinct");
    m_statistic->addItem(tr("Second-largest frequency"), "second");
    m_statistic->addItem(tr("White-box entropy of p"), "whitebox");
    m_statistic->setToolTip(tr("The statistic U whose conformal p-value decides selection"));
    m_form->addRow(tr("Statistic"), m_statistic);
    connect(m_statistic, &QComboBox::currentIndexChanged, this, &CalibrationControls::emitEdited);

    m_repetitions = new QSpinBox(this);
    m_repetitions->setRange(1, 1000);
    m_repetitions->setValue(100);
    m_repetitions->setToolTip(tr("Random 50/50 calibration/test splits behind every curve (mean ± std)"));
    m_form->addRow(tr("Splits"), m_repetitions);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 1 << 30);
    m_seed->setValue(10);
    m_form->addRow(tr("Seed"), m_seed);
    for (QSpinBox* s : {m_repetitions, m_seed})
        connect(s, &QSpinBox::valueChanged, this, &CalibrationControls::emitEdited);

    m_calGroup = new QComboBox(this);
    m_testGroup = new QComboBox(this);
    m_form->addRow(tr("Calibrate on"), m_calGroup);
    m_form->addRow(tr("Test on"), m_testGroup);
    for (QComboBox* c : {m_calGroup, m_testGroup})
        connect(c, &QComboBox::currentIndexChanged, this, &CalibrationControls::emitEdited);
    setGroups({});

    m_heatmap = new QComboBox(this);
    m_heatmap->addItem(tr("EMR (miscoverage)"), "emr");
    m_heatmap->addItem(tr("APSS (set size)"), "apss");
    m_heatmap->addItem(tr("Selected questions"), "selected");
    m_form->addRow(tr("Heatmaps show"), m_heatmap);
    connect(m_heatmap, &QComboBox::currentIndexChanged, this, &CalibrationControls::emitEdited);
}

QDoubleSpinBox* CalibrationControls::addLevel(const QString& label, const QString& tip, double value) {
    auto* spin = new QDoubleSpinBox(this);
    spin->setRange(0.01, 0.99);
    spin->setSingleStep(0.01);
    spin->setDecimals(2);
    spin->setValue(value);
    auto* slider = new QSlider(Qt::Horizontal, this);
    slider->setRange(1, 99);
    slider->setValue(qRound(value * 100));
    spin->setToolTip(tip);
    slider->setToolTip(tip);
    connect(slider, &QSlider::valueChanged, spin, [spin](int v) { spin->setValue(v / 100.0); });
    connect(spin, &QDoubleSpinBox::valueChanged, slider, [slider](double v) {
        const QSignalBlocker block(slider);
        slider->setValue(qRound(v * 100));
    });
    connect(spin, &QDoubleSpinBox::valueChanged, this, &CalibrationControls::emitEdited);
    auto* row = new QHBoxLayout;
    row->addWidget(slider, 1);
    row->addWidget(spin);
    m_form->addRow(label, row);
    return spin;
}

void CalibrationControls::emitEdited() {
    if (!m_quiet) emit edited();
}

QVariantMap CalibrationControls::values() const {
    return {{"alpha", m_alpha->value()}, {"delta", m_delta->value()},
            {"weightLogit", m_weightLogit->value()}, {"weightFreq", m_weightFreq->value()},
            {"statistic", m_statistic->currentData()}, {"repetitions", m_repetitions->value()},
            {"seed", m_seed->value()}, {"calGroup", m_calGroup->currentData()},
            {"testGroup", m_testGroup->currentData()}, {"heatmap", m_heatmap->currentData()}};
}

void CalibrationControls::setValues(const QVariantMap& v) {
    m_quiet = true;
    auto combo = [&](QComboBox* c, const char* key) {
        if (!v.contains(key)) return;
        const int i = c->findData(v.value(key).toString());
        if (i >= 0) c->setCurrentIndex(i);
    };
    if (v.contains("alpha")) m_alpha->setValue(v.value("alpha").toDouble());
    if (v.contains("delta")) m_delta->setValue(v.value("delta").toDouble());
    if (v.contains("weightLogit")) m_weightLogit->setValue(v.value("weightLogit").toDouble());
    if (v.contains("weightFreq")) m_weightFreq->setValue(v.value("weightFreq").toDouble());
    if (v.contains("repetitions")) m_repetitions->setValue(v.value("repetitions").toInt());
    if (v.contains("seed")) m_seed->setValue(v.value("seed").toInt());
    combo(m_statistic, "statistic");
    combo(m_calGroup, "calGroup");
    combo(m_testGroup, "testGroup");
    combo(m_heatmap, "heatmap");
    m_quiet = false;
    emit edited();
}

void CalibrationControls::setGroups(const QStringList& groups) {
    m_quiet = true;
    for (QComboBox* c : {m_calGroup, m_testGroup}) {
        const QString keep = c->currentData().toString();
        c->clear();
        c->addItem(tr("All groups"), "all");
        for (const QString& g : groups) c->addItem(g, g);
        c->setCurrentIndex(std::max(0, c->findData(keep)));
        c->setEnabled(groups.size() > 1);
    }
    m_quiet = false;
}

void CalibrationControls::setAvailableInputs(bool frequencies, bool probabilities, bool generic) {
    m_weightFreq->setEnabled(frequencies);
    m_weightLogit->setEnabled(probabilities);
    m_statistic->setEnabled(!generic);
}

void CalibrationControls::setSummary(const QString& text) { m_summary->setText(text); }

QString CalibrationControls::summary() const { return m_summary->text(); }

}  // namespace assay::views
