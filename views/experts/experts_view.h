#pragma once
// The Experts view (papers.md §1, C2R): the expert co-activation graph of a MoE layer
// (collaborative vs specialised experts), co-activation heatmaps before/after C2R, partner
// entropy by layer, expert placement on G devices with its all-to-all volume (an estimate), the
// T sweep, and domain × expert usage. Demo: a small MoE trained from a seed in seconds.
#include <QVariantMap>

#include "views/common/view_base.h"

namespace assay::views {

class JobRunner;
class ViewRegistry;
class ExpertsController;
class ExpertsControls;
class ExpertsFigures;

class ExpertsView : public ViewBase {
    Q_OBJECT
public:
    explicit ExpertsView(JobRunner& runner, QWidget* parent = nullptr);
    ~ExpertsView() override;

    QString viewId() const override { return QStringLiteral("experts"); }
    QString title() const override;
    QIcon icon() const override;
    void openDemo() override;
    void openFile(const QString& path) override;
    QStringList figureIds() const override;
    void exportFigure(const QString& figureId, const QString& path, const ExportOptions& options) override;
    QString figureUnavailable(const QString& figureId) const override;
    QJsonObject saveState(const QDir& sessionDir) const override;
    void restoreState(const QJsonObject& state, const QDir& sessionDir) override;
    GuidePanel* guidePanel() override { return m_guide; }
    void setTheme(Theme theme) override;
    bool isBusy() const override;
    // Keys: layer, topT, normalisation (conditional|raw|jaccard|share|lift), edges (topt|threshold),
    // threshold (0..1), layout (force|circular|grouped), colour (role|domain|device), variant
    // (qwen|llama), devices, placement (greedy|contiguous|random), hidden, bytes, bandwidth (GB/s),
    // latency (µs), selected (expert or -1), figure.
    void applySettings(const QVariantMap& settings) override;
    QVariantMap settings() const override;

    ExpertsController* controller() const { return m_controller; }
    ExpertsFigures* figures() const { return m_figures; }
    int selectedExpert() const { return m_selected; }
    void selectExpert(int expert);

private:
    void onEdited();
    void redraw(bool resetView);

    ExpertsController* m_controller;
    ExpertsControls* m_controls;
    ExpertsFigures* m_figures;
    GuidePanel* m_guide;
    int m_selected = -1;
    Theme m_theme = Theme::Light;
};

void registerExpertsView(ViewRegistry& registry);

}  // namespace assay::views
