#pragma once
// The five Calibration figures, one PlotPanel per tab, filled from one report.
#include <QMap>
#include <QStringList>
#include <QTabWidget>

#include "assay/conformal/calibration_analysis.h"
#include "views/calibration/calibration_plots.h"

namespace assay::views {

class PlotPanel;

class CalibrationFigures : public QTabWidget {
    Q_OBJECT
public:
    explicit CalibrationFigures(QWidget* parent = nullptr);

    // "coverage", "setsize", "pvalues", "crossdomain", "stratified" (tab order).
    static QStringList ids();
    PlotPanel* panel(const QString& id) const;
    void showReport(const core::conformal::CalibrationReport& report, HeatmapMetric metric);
    void showMessage(const QString& message);
    void setTheme(Theme theme);
    void setProvenance(const QMap<QString, QString>& provenance);
    void setCurrentFigure(const QString& id);
    QString currentFigure() const;

private:
    void redraw();

    QMap<QString, PlotPanel*> m_panels;
    const core::conformal::CalibrationReport* m_report = nullptr;  // owned by the controller
    HeatmapMetric m_metric = HeatmapMetric::Emr;
    Theme m_theme = Theme::Light;
};

}  // namespace assay::views
