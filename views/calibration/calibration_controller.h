#pragma once
// Turns Calibration view actions into core calls on the job runner and keeps the newest result.
// Loading runs on the I/O lane (tag "calibration-load"), analysis on the device lane (tag
// "calibration"): a newer parameter set supersedes a running analysis, so the plots always show
// the last complete result while the next one computes.
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

#include "assay/conformal/calibration_analysis.h"
#include "assay/conformal/calibration_input.h"
#include "views/common/view_base.h"

namespace assay::views {

class JobRunner;

// What the analysis runs with (from the view's settings).
struct CalibrationSettings {
    core::conformal::CalibrationParams params;
    core::conformal::ScoreWeights weights;
    core::conformal::Statistic statistic = core::conformal::Statistic::PredictiveEntropy;
};

class CalibrationController : public QObject {
    Q_OBJECT
public:
    explicit CalibrationController(JobRunner& runner, QObject* parent = nullptr);

    void loadDemo();
    // roles: role -> column/tensor name (the file inspector's mapping).
    void loadFile(const QString& path, const core::conformal::RoleMap& roles);
    void analyse(const CalibrationSettings& settings);

    bool hasData() const { return m_input != nullptr; }
    bool isGeneric() const { return m_input && m_input->generic; }
    QStringList groupNames() const;
    bool hasFrequencies() const;
    bool hasProbabilities() const;
    // The newest complete result (nullptr before the first) and what it ran with.
    const core::conformal::CalibrationReport* report() const { return m_report.get(); }
    const CalibrationSettings& settings() const { return m_settings; }

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void resultReady(qint64 ms);
    void failed(const QString& message);

private:
    void onLoaded(std::shared_ptr<const core::conformal::CalibrationInput> input, ViewInput info);

    JobRunner& m_runner;
    std::shared_ptr<const core::conformal::CalibrationInput> m_input;
    std::shared_ptr<const core::conformal::CalibrationReport> m_report;
    CalibrationSettings m_settings;
};

}  // namespace assay::views
