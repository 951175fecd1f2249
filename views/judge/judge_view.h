#pragma once
// The Judge view (papers.md §6, BetaConform): how accurate is an LLM-judge ensemble's majority
// vote, estimated from few human labels — the judge-count histogram with the Binomial,
// Beta-Binomial and mixture fits, the error margin of each estimator against the number of
// labels (with and without prior transfer), the adaptive-stopping trace with its conformal band,
// and the source similarities behind a transferred prior. Built on the view kit: settings in
// judge_settings.cpp, the guide in judge_guide.json.
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::views {

class JudgeController;

class JudgeView : public ViewBase {
    Q_OBJECT
public:
    explicit JudgeView(JobRunner& runner, QWidget* parent = nullptr);
    ~JudgeView() override;

    QString viewId() const override { return QStringLiteral("judge"); }
    QString title() const override;
    QString figureUnavailable(const QString& figureId) const override;

    JudgeController* controller() const { return m_controller; }

protected:
    void loadDemo() override;
    void loadFile(const QString& path) override;
    void recompute(Stage from, const QStringList& changed) override;
    void onThemeChanged() override { redraw(); }
    bool hasResult() const override;

private:
    void onInputLoaded(const ViewInput& input);
    void onResultReady(qint64 ms, bool partial);
    void redraw();

    JudgeController* m_controller;
};

ViewEntry judgeViewEntry();

}  // namespace assay::views
