#include "views/calibration/calibration_figures.h"

#include <qcustomplot.h>

#include "views/common/plot_panel.h"

namespace assay::views {

CalibrationFigures::CalibrationFigures(QWidget* parent) : QTabWidget(parent) {
    const QStringList titles = {tr("Coverage vs α"), tr("Set size vs α"), tr("p-values"),
                                tr("Cross-domain"), tr("Size-stratified EMR")};
    const QStringList ids = CalibrationFigures::ids();
    for (int i = 0; i < ids.size(); ++i) {
        auto* panel = new PlotPanel(titles[i], this);
        panel->setObjectName(ids[i]);
        m_panels.insert(ids[i], panel);
        addTab(panel, titles[i]);
    }
    setDocumentMode(true);
    showMessage(tr("Open data or the demo to see the figures."));
}

QStringList CalibrationFigures::ids() {
    return {QStringLiteral("coverage"), QStringLiteral("setsize"), QStringLiteral("pvalues"),
            QStringLiteral("crossdomain"), QStringLiteral("stratified")};
}

PlotPanel* CalibrationFigures::panel(const QString& id) const { return m_panels.value(id, nullptr); }

void CalibrationFigures::showReport(const core::conformal::CalibrationReport& report, HeatmapMetric metric) {
    m_report = &report;
    m_metric = metric;
    redraw();
}

void CalibrationFigures::showMessage(const QString& message) {
    m_report = nullptr;
    for (PlotPanel* p : m_panels) plotMessage(p->plot(), message);
}

void CalibrationFigures::redraw() {
    if (!m_report) return;
    const auto& r = *m_report;
    plotCoverage(panel("coverage")->plot(), r, m_theme);
    plotSetSize(panel("setsize")->plot(), r, m_theme);
    plotPValues(panel("pvalues")->plot(), r, m_theme);
    plotCrossDomain(panel("crossdomain")->plot(), r, m_metric, m_theme);
    plotStratified(panel("stratified")->plot(), r, m_theme);
    for (PlotPanel* p : m_panels) p->setTheme(m_theme);  // styles what the plot functions added
}

void CalibrationFigures::setTheme(Theme theme) {
    m_theme = theme;
    for (PlotPanel* p : m_panels) p->setTheme(theme);  // first: the plot functions read its colours
    redraw();
}

void CalibrationFigures::setProvenance(const QMap<QString, QString>& provenance) {
    for (PlotPanel* p : m_panels) p->setProvenance(provenance);
}

void CalibrationFigures::setCurrentFigure(const QString& id) {
    if (PlotPanel* p = panel(id)) setCurrentWidget(p);
}

QString CalibrationFigures::currentFigure() const {
    return currentWidget() ? currentWidget()->objectName() : QString();
}

}  // namespace assay::views
