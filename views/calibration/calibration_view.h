#pragma once
// The Calibration view: split-conformal coverage and set-size curves, conformal p-values with
// SConU selection, cross-domain heatmaps and size-stratified miscoverage (papers.md §5).
// Controls on the left, five figures in tabs, the guide below; every change recomputes on the
// job runner's device lane (tag "calibration"), so a slider drag computes only the newest value.
#include <QVariantMap>

#include <memory>

#include "views/common/view_base.h"

namespace assay::views {

class JobRunner;
class ViewRegistry;
class CalibrationController;
class CalibrationControls;
class CalibrationFigures;

class CalibrationView : public ViewBase {
    Q_OBJECT
public:
    explicit CalibrationView(JobRunner& runner, QWidget* parent = nullptr);
    ~CalibrationView() override;

    QString viewId() const override { return QStringLiteral("calibration"); }
    QString title() const override;
    QIcon icon() const override;
    void openDemo() override;
    void openFile(const QString& path) override;
    QStringList figureIds() const override;
    void exportFigure(const QString& figureId, const QString& path, const ExportOptions& options) override;
    QJsonObject saveState(const QDir& sessionDir) const override;
    void restoreState(const QJsonObject& state, const QDir& sessionDir) override;
    GuidePanel* guidePanel() override;
    void setTheme(Theme theme) override;
    bool isBusy() const override;

    // Parameters by name, as guide steps and `assay render` give them: alpha, delta, repetitions,
    // seed, calFraction, weightLogit, weightFreq, statistic, calGroup, testGroup (name or "all"),
    // figure (shows that tab), map (QVariantMap role -> name, applied on the next openFile).
    void applySettings(const QVariantMap& settings) override;
    QVariantMap settings() const override;

    // For tests: the figure panels' plots by id, and the controller.
    CalibrationFigures* figures() const { return m_figures; }
    // Why a figure cannot be drawn for the loaded data ("" when it can): set sizes need option
    // sets, which generic scores lack. exportFigure refuses such a figure with this reason.
    QString figureUnavailable(const QString& figureId) const override;
    CalibrationController* controller() const { return m_controller; }
    CalibrationControls* controls() const { return m_controls; }

private:
    void onParametersEdited();
    void onResultReady();

    CalibrationController* m_controller;
    CalibrationControls* m_controls;
    CalibrationFigures* m_figures;
    GuidePanel* m_guide;
    QVariantMap m_pendingRoles;   // role -> name, used by the next openFile
    Theme m_theme = Theme::Light;
    QVariantMap m_pendingGroups;  // calGroup/testGroup asked for before data was loaded
    bool m_settingsGiven = false; // settings came from a session / the command line: keep them on openDemo
    void adaptDefaultsToData();
    void applySettingsQuietly(const QVariantMap& settings);  // applySettings without m_settingsGiven
    void onGuideStep(const QVariantMap& settings);
};

// Registers the view with the app's list (called once, from app/view_list.cpp).
void registerCalibrationView(ViewRegistry& registry);

}  // namespace assay::views
