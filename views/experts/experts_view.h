#pragma once
// The Experts view (papers.md §1, C2R): the expert co-activation graph of a MoE layer
// (collaborative vs specialised experts), co-activation heatmaps before/after C2R, partner
// entropy by layer, expert placement on G devices with its all-to-all volume (an estimate), the
// T sweep, and domain × expert usage. Demo: a small MoE trained from a seed in seconds.
// Built on the view kit: settings in experts_settings.cpp, the guide in experts_guide.json.
#include "assay/moe/experts_analysis.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

class QToolButton;

namespace assay::views {

class ExpertsController;
class GraphFigure;

class ExpertsView : public ViewBase {
    Q_OBJECT
public:
    explicit ExpertsView(JobRunner& runner, QWidget* parent = nullptr);
    ~ExpertsView() override;

    QString viewId() const override { return QStringLiteral("experts"); }
    QString title() const override;
    QString figureUnavailable(const QString& figureId) const override;

    ExpertsController* controller() const { return m_controller; }
    GraphFigure* graph() const { return m_graph; }
    // Whether the graph shows a force layout still settling (its partial positions).
    bool layoutSettling() const { return m_layoutSettling; }
    // Selects an expert (-1: none): its partners highlight; the same as setting "selected".
    void selectExpert(int expert);
    // Writes every layer's P(j | i) and partner entropy (.csv or .safetensors, with the
    // figures' provenance in the safetensors metadata); false, with the error reported, when it
    // cannot. The "Export all layers…" button beside the tabs asks for the path.
    bool exportAllLayers(const QString& path);

protected:
    void loadDemo() override;
    void loadFile(const QString& path) override;
    void recompute(Stage from, const QStringList& changed) override;
    void onThemeChanged() override;
    bool hasResult() const override;

private:
    void onResultReady(qint64 ms);
    void layOut();
    void redrawPlots();
    void redrawGraph(bool resetView);

    ExpertsController* m_controller;
    GraphFigure* m_graph;
    // What the five plots show now: they are drawn again only when one of these changes.
    int m_shownGeneration = -1, m_shownLayer = -1;
    QString m_shownNormalise;
    double m_shownColourMax = -1;
    QToolButton* m_exportAll = nullptr;
    bool m_layoutSettling = false;  // the graph shows a force layout's partial positions
};

ViewEntry expertsViewEntry();

}  // namespace assay::views
