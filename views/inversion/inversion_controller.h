#pragma once
// Turns Inversion view actions into core calls on the job runner and keeps the newest result.
// The synthetic sets need no file: the demo "load" only records the input. One analysis job
// (device lane, tag "inversion") runs analyseInversion for each domain — tabular, image, text —
// with the same model, strength and explainer settings, so the image and text figures always
// have their sets and switching the domain only redraws; a newer request supersedes a running
// one, so the figures show the last complete result while the next one computes.
#include <QObject>
#include <QString>
#include <array>
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
    // Indexed by Domain (Tabular, Image, Text).
    using Analyses = std::array<core::explain::InversionAnalysis, 3>;

    explicit InversionController(JobRunner& runner, QObject* parent = nullptr);

    // What computes one domain's analysis (default: core's analyseInversion); tests hand in
    // their own.
    void setAnalyser(Analyser analyser) { m_analyser = std::move(analyser); }
    void loadDemo(std::uint64_t seed);
    // `request.domain` is ignored: every domain is analysed with the rest of the request.
    void analyse(const core::explain::InversionRequest& request);

    // The newest complete result of `domain` (nullptr before the first).
    const core::explain::InversionAnalysis* analysis(core::explain::Domain domain) const;

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void resultReady(qint64 ms);
    void failed(const QString& message);

private:
    JobRunner& m_runner;
    Analyser m_analyser;
    std::shared_ptr<const Analyses> m_analyses;
};

}  // namespace assay::views
