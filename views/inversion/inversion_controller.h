#pragma once
// Turns Inversion view actions into core calls on the job runner and keeps the newest result.
// The synthetic sets need no file: the demo "load" only records the input, and every analysis
// (set, model training, LIME and KernelSHAP, IQ, RBP, stability, the sweep) is one
// analyseInversion job on the device lane, tag "inversion": a newer request supersedes a running
// one, so the figures show the last complete result while the next one computes.
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

#include "assay/explain/inversion_analysis.h"
#include "views/common/view_base.h"

namespace assay::views {

class JobRunner;

class InversionController : public QObject {
    Q_OBJECT
public:
    using Analyser = std::function<core::explain::InversionAnalysis(
        const core::explain::InversionRequest& request, core::JobContext& job)>;

    explicit InversionController(JobRunner& runner, QObject* parent = nullptr);

    // What computes the analysis (default: core's analyseInversion); tests hand in their own.
    void setAnalyser(Analyser analyser) { m_analyser = std::move(analyser); }
    void loadDemo(std::uint64_t seed);
    void analyse(const core::explain::InversionRequest& request);

    // The newest complete result (nullptr before the first).
    const core::explain::InversionAnalysis* analysis() const { return m_analysis.get(); }

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void resultReady(qint64 ms);
    void failed(const QString& message);

private:
    JobRunner& m_runner;
    Analyser m_analyser;
    std::shared_ptr<const core::explain::InversionAnalysis> m_analysis;
};

}  // namespace assay::views
