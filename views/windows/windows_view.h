#pragma once
// The Token windows view (papers.md §3, WiCo): a vision encoder's patch grid over the image it
// saw — for a photograph the padded square (LLaVA-1.5) or the centre crop (CLIP) — with the patch
// grid, each method's group boundaries (WiCo's 2-D windows, 2-D pooling over the same windows,
// 1-D consecutive concatenation, ToMe's merged tokens, CLS-attention selection) and a heatmap of
// the within-group similarity s_w, the reconstruction error or the WiCo+ cosine. Clicking a patch
// highlights its group (window or merged token) in every method shown and fills the members
// figure with their pairwise similarity. Methods side by side, the budget chosen once, s_w
// histograms over a batch, and the budget table (an estimate). Inputs: a features file, a
// photograph (features from the demo encoder, said so), the demo. Built on the view kit: settings
// in windows_settings.cpp, the guide in windows_guide.json.
#include <vector>

#include "views/common/view_base.h"
#include "views/common/view_registry.h"
#include "views/windows/windows_overlay.h"
#include "views/windows/windows_plots.h"

namespace assay::views {

class PaintedFigure;
class WindowsController;

class WindowsView : public ViewBase {
    Q_OBJECT
public:
    explicit WindowsView(JobRunner& runner, QWidget* parent = nullptr);
    ~WindowsView() override;

    QString viewId() const override { return QStringLiteral("windows"); }
    QString title() const override;
    QString figureUnavailable(const QString& figureId) const override;

    WindowsController* controller() const { return m_controller; }
    PaintedFigure* overlay() const { return m_overlay; }
    // What the overlay shows now (panels, highlighted patches), for tests.
    const OverlayScene& overlayScene() const { return m_scene; }
    // The patches whose pairwise similarity the members figure shows, and its method.
    const std::vector<int>& memberPatches() const { return m_members; }

protected:
    void loadDemo() override;
    void loadFile(const QString& path) override;
    void recompute(Stage from, const QStringList& changed) override;
    void onThemeChanged() override { redraw(); }
    bool hasResult() const override;

private:
    void onInputLoaded(const ViewInput& input);
    void onOverlayClicked(const QPointF& at);
    void redraw();
    void drawOverlay();
    void drawMaps();
    void drawMembers();
    void drawHistogram();
    void drawBudget();
    // Why the chosen budget cannot be used with the input (empty: it can).
    QString budgetProblem() const;

    WindowsController* m_controller;
    PaintedFigure* m_overlay;
    PaintedFigure* m_budget;
    OverlayScene m_scene;
    BudgetTable m_table;
    std::vector<int> m_members;
    std::vector<float> m_rows;  // the shown image's features, for the members' cosines
    int m_rowsImage = -1;
    bool m_rowsSecond = false;
};

ViewEntry windowsViewEntry();

}  // namespace assay::views
