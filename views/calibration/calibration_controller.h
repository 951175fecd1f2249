#pragma once
// Turns Calibration view actions into core calls on the job runner and keeps the newest result.
// Loading runs on the I/O lane (tag "calibration-load"), analysis on the device lane (tag
// "calibration"): a newer parameter set supersedes a running analysis, so the plots always show
// the last complete result while the next one computes.
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>

#include "assay/conformal/calibration_analysis.h"
#include "assay/conformal/calibration_input.h"
#include "views/common/job_runner.h"

namespace assay::views {

struct CalibrationSettings {
    core::conformal::CalibrationParams params;
    core::conformal::ScoreWeights weights;
    core::conformal::Statistic statistic = core::conformal::Statistic::PredictiveEntropy;

    bool operator==(const CalibrationSettings& o) const;
    bool operator!=(const CalibrationSettings& o) const { return !(*this == o); }
};

class CalibrationController : public QObject {
    Q_OBJECT
public:
    explicit CalibrationController(JobRunner& runner, QObject* parent = nullptr);

    void loadDemo();
    // roles: role -> column/tensor name (the file inspector's mapping).
    void loadFile(const QString& path, const QVariantMap& roles = {});
    // Recomputes with these settings (if data is loaded); returns false, computing nothing, when
    // they equal the settings of the result already shown.
    bool setSettings(const CalibrationSettings& settings);
    const CalibrationSettings& settings() const { return m_settings; }

    bool hasData() const { return m_input != nullptr; }
    bool isDemo() const { return m_isDemo; }
    QString inputPath() const { return m_path; }
    QVariantMap roles() const { return m_roles; }
    QStringList groupNames() const;
    bool hasFrequencies() const;
    bool hasProbabilities() const;
    // The loaded data's one-line summary ("600 questions × 4 options"), empty without data.
    QString summary() const;
    // The newest complete result, or nullptr.
    const core::conformal::CalibrationReport* report() const { return m_report.get(); }
    QMap<QString, QString> provenance() const { return m_provenance; }
    bool isBusy() const { return !m_jobs.isEmpty(); }

signals:
    void dataLoaded();
    void resultReady();
    void errorOccurred(const QString& message);
    void logMessage(const QString& level, const QString& text);
    void busyChanged(bool busy);

private:
    void recompute();
    void reportError(const QString& message);
    void track(JobId id);
    void onJobEnded(JobId id);

    JobRunner& m_runner;
    CalibrationSettings m_settings;
    std::shared_ptr<const core::conformal::CalibrationInput> m_input;
    bool m_isDemo = false;
    QString m_path;
    QVariantMap m_roles;
    core::conformal::RoleMap m_roleMap;  // m_roles as the core spells it
    std::shared_ptr<const core::conformal::CalibrationReport> m_report;
    QMap<QString, QString> m_provenance;
    using Inputs = std::vector<std::pair<std::string, std::string>>;  // file name, sha256
    Inputs m_inputHashes;
    QSet<JobId> m_jobs;
};

}  // namespace assay::views
