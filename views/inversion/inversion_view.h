#pragma once
// The Inversion view (papers.md §7): LIME and KernelSHAP explanations of a clean and a
// shortcut model on synthetic sets with a spurious cue and known ground truth, and whether the
// explanations lean on the output — the inversion score IS from reliance R and faithfulness F —
// before and after Reproduce-by-Poking. Figures: attribution bars (ground truth vs LIME vs SHAP
// vs RBP-refined), image heatmaps over superpixels, text highlighting, R vs 1 − F with IS
// iso-lines, IS vs the spurious strength, the poke plot and the stability bands with LIME's
// local R². Built on the view kit: settings in inversion_settings.cpp, the guide in
// inversion_guide.json.
#include "assay/explain/inversion_analysis.h"
#include "views/common/view_base.h"
#include "views/common/view_registry.h"

namespace assay::views {

class InversionController;
namespace inversion {
struct ExplainResult;
}
class PaintedFigure;

class InversionView : public ViewBase {
    Q_OBJECT
public:
    explicit InversionView(JobRunner& runner, QWidget* parent = nullptr);
    ~InversionView() override;

    QString viewId() const override { return QStringLiteral("inversion"); }
    QString title() const override;
    QString figureUnavailable(const QString& figureId) const override;

    InversionController* controller() const { return m_controller; }
    PaintedFigure* imageFigure() const { return m_image; }
    PaintedFigure* textFigure() const { return m_text; }

protected:
    void loadDemo() override;
    void loadFile(const QString& path) override;
    void recompute(Stage from, const QStringList& changed) override;
    void onThemeChanged() override { redraw(); }
    bool hasResult() const override;

private:
    void onResultReady(qint64 ms);
    void redraw();
    void redrawResult(const inversion::ExplainResult& result);
    // The analysis of the shown domain (nullptr before the first result).
    const core::explain::InversionAnalysis* shownAnalysis() const;
    QString meansText(const core::explain::InversionAnalysis& a) const;

    InversionController* m_controller;
    PaintedFigure* m_image;
    PaintedFigure* m_text;
};

ViewEntry inversionViewEntry();

}  // namespace assay::views
