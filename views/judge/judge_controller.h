#pragma once
// Turns Judge view actions into core calls on the job runner and keeps the newest input and
// result. A votes table is read on the Io lane (core/judge/votes.h, with its SHA-256); the demo
// is simulated and its sources fitted on a worker too. One analysis job (device lane, tag
// "judge") runs core's analyseJudge; when only a stopping setting moved, the previous error
// margin (the costly part: random orders × estimators × m) is handed back to it unchanged. The
// fits and the stopping trace it publishes before the margin are shown at once (resultReady with
// partial true; the margin's curves are then empty until the job ends).
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

#include "assay/judge/judge_analysis.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"

namespace assay::views {

class JobRunner;

class JudgeController : public QObject {
    Q_OBJECT
public:
    explicit JudgeController(JobRunner& runner, QObject* parent = nullptr);

    void loadDemo();
    // judges: "a,b,c" or empty (every column but sample, id, order).
    void loadFile(const QString& path, const QString& judges);
    // reuseMargin: keep the last result's error margin (only stopping settings changed).
    void analyse(const core::judge::JudgeAnalysisOptions& options, bool reuseMargin);

    // The loaded target (nullptr before a load), its sources' names (empty for a votes table).
    const core::judge::JudgeInput* input() const { return m_input.get(); }
    QStringList sourceNames() const;
    // The newest result and the options it was computed with (nullptr before one); its margin
    // has no curves while the job still computes it.
    const core::judge::JudgeAnalysis* analysis() const { return m_analysis.get(); }
    const core::judge::JudgeAnalysisOptions& options() const { return m_options; }

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void resultReady(qint64 ms, bool partial);
    void failed(const QString& message);

private:
    JobRunner& m_runner;
    std::shared_ptr<const core::judge::JudgeInput> m_input;
    std::shared_ptr<const core::judge::JudgeAnalysis> m_analysis;
    core::judge::JudgeAnalysisOptions m_options, m_pending;
    JobId m_job = 0;
};

}  // namespace assay::views
