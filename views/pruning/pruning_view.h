#pragma once
// The Pruning view (papers.md §2, MC-Suite): the 16 expert-importance criteria as a layer ×
// expert heatmap (the expert each variant would drop outlined), error / task-loss curves against
// sparsity for min/max and one-shot vs iterative dropping, load histograms before/after, the
// criticality map, the one-shot vs iterative agreement grid, the surviving experts'
// co-activation graph, and per-domain accuracy on the demo. A mask editor: clicking an expert in
// the criteria or criticality heatmap drops or restores it (a graph node: drops it), and the
// load, error, loss and graph follow off the GUI thread (newest edit wins). Exports: the mask
// (mask.json) and a pruned checkpoint. Built on the view kit: settings in pruning_settings.cpp,
// the guide in pruning_guide.json.
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

class QToolButton;

namespace assay::views {

class GraphFigure;
class PruningController;

class PruningView : public ViewBase {
    Q_OBJECT
public:
    explicit PruningView(JobRunner& runner, QWidget* parent = nullptr);
    ~PruningView() override;

    QString viewId() const override { return QStringLiteral("pruning"); }
    QString title() const override;
    QString figureUnavailable(const QString& figureId) const override;

    PruningController* controller() const { return m_controller; }
    GraphFigure* graph() const { return m_graph; }
    // The mask editor (what a click on a heatmap cell does): drops a kept expert or restores a
    // dropped one; returns why not (also reported) or an empty string.
    QString toggleExpert(int layer, int expert);
    void resetMask();
    // mask.json of the editor's mask; false with the error reported when it cannot.
    bool exportMask(const QString& path);
    // The pruned checkpoint under `dir` (a job; refused at once, with the Hugging Face reason,
    // when the mask keeps different counts in different layers or the input is not a checkpoint).
    bool exportCheckpoint(const QString& dir);

protected:
    void loadDemo() override;
    void loadFile(const QString& path) override;
    void recompute(Stage from, const QStringList& changed) override;
    void onThemeChanged() override { redraw(); }
    bool hasResult() const override;

private:
    void onInputLoaded(const ViewInput& input);
    void onCellClicked(const QString& figure, const QPoint& pixel);
    void loadMask(const QString& path);
    void redraw();
    void redrawGraph();
    void requestLayout();
    QToolButton* makeMaskMenu();

    PruningController* m_controller;
    GraphFigure* m_graph;
    QToolButton* m_maskMenu = nullptr;
};

ViewEntry pruningViewEntry();

}  // namespace assay::views
