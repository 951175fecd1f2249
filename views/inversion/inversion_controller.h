#pragma once
// Turns Inversion view actions into core calls on the job runner and keeps the newest result.
// The synthetic sets need no file: the demo "load" only records the input. One analysis job
// (device lane, tag "inversion") runs analyseInversion for each domain — tabular, image, text —
// with the same model, strength and explainer settings, so the image and text figures always
// have their sets and switching the domain only redraws; a newer request supersedes a running
// one, so the figures show the last complete result while the next one computes. An opened
// `assay-run explain` result (real rows, no ground truth) is read on a worker and kept beside.
#include <QObject>
#include <QString>
#include <array>
#include <functional>
#include <memory>

#include "assay/explain/inversion_analysis.h"
#include "views/common/view_base.h"
#include "views/inversion/explain_result.h"

namespace assay::views {

class JobRunner;

class InversionController : public QObject {
    Q_OBJECT
public:
    using Analyser = std::function<core::explain::InversionAnalysis(
        const core::explain::InversionRequest& request, core::JobContext& job)>;
    // Indexed by Domain (Tabular, Image, Text).
    using Analyses = std::array<core::explain::InversionAnalysis, 3>;

    explicit InversionController(JobRunner& runner, QObject* parent = nullptr);

    // What computes one domain's analysis (default: core's analyseInversion); tests hand in
    // their own.
    void setAnalyser(Analyser analyser) { m_analyser = std::move(analyser); }
    // Back to the synthetic sets: forgets an opened result.
    void loadDemo(std::uint64_t seed);
    // Reads an `assay-run explain` result; inputLoaded (item range = its rows) or failed.
    void loadResult(const QString& path);
    // `request.domain` is ignored: every domain is analysed with the rest of the request.
    void analyse(const core::explain::InversionRequest& request);

    // The newest complete result of `domain` (nullptr before the first).
    const core::explain::InversionAnalysis* analysis(core::explain::Domain domain) const;
    // The opened explain result (nullptr on the demo).
    const inversion::ExplainResult* result() const { return m_result.get(); }

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void resultReady(qint64 ms);
    void failed(const QString& message);

private:
    JobRunner& m_runner;
    Analyser m_analyser;
    std::shared_ptr<const Analyses> m_analyses;
    std::shared_ptr<const inversion::ExplainResult> m_result;
};

}  // namespace assay::views
