#pragma once
// The Calibration view: split-conformal coverage and set-size curves, conformal p-values with
// SConU selection, cross-domain heatmaps and size-stratified miscoverage (papers.md §5).
// Built on the view kit (ViewBase): settings in calibration_settings.cpp, five figures, the
// guide in calibration_guide.json beside this file.
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::views {

class CalibrationController;

class CalibrationView : public ViewBase {
    Q_OBJECT
public:
    explicit CalibrationView(JobRunner& runner, QWidget* parent = nullptr);
    ~CalibrationView() override;

    QString viewId() const override { return QStringLiteral("calibration"); }
    QString title() const override;
    // Set sizes need option sets, which generic scores lack.
    QString figureUnavailable(const QString& figureId) const override;

    CalibrationController* controller() const { return m_controller; }

protected:
    void loadDemo() override;
    void loadFile(const QString& path) override;
    void recompute(Stage from, const QStringList& changed) override;
    void onThemeChanged() override { redraw(); }
    bool hasResult() const override;
    QJsonObject provenanceParameters() const override;

private:
    void onInputLoaded(const ViewInput& input);
    void onResultReady(qint64 ms);
    void redraw();

    CalibrationController* m_controller;
};

// The view's registration (id, title, icon, settings, figures, roles, which files it opens).
ViewEntry calibrationViewEntry();

}  // namespace assay::views
