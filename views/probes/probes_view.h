#pragma once
// The Probes view (papers.md §4, TruthPrInt / ComnHallu): a logistic probe per layer on hidden
// states (label 1 = hallucinated, 0 = real) with sklearn's conventions — held-out AUROC by layer
// (CV band; the second model and the preference sets overlaid), the ROC and the class
// histograms at the chosen layer, a 2-D PCA of the states, the steering sweep along the truthful
// direction, the ComnHallu transfer matrix between two models, the cosine of the directions
// across layers, preference-pair separability, and captions coloured token by token by the
// probe. Directions export (one layer or all) as safetensors or .npz and import back (a probe
// file steers and scores the captions). Built on the view kit: settings in probes_settings.cpp,
// the guide in probes_guide.json.
#include "views/common/view_base.h"
#include "views/common/view_registry.h"
#include "views/probes/probes_tokens.h"

class QCustomPlot;
class QToolButton;

namespace assay::views {

class PaintedFigure;
class ProbesController;

class ProbesView : public ViewBase {
    Q_OBJECT
public:
    explicit ProbesView(JobRunner& runner, QWidget* parent = nullptr);
    ~ProbesView() override;

    QString viewId() const override { return QStringLiteral("probes"); }
    QString title() const override;
    QString figureUnavailable(const QString& figureId) const override;

    ProbesController* controller() const { return m_controller; }
    PaintedFigure* captionFigure() const { return m_tokens; }
    const CaptionScene& captionScene() const { return m_scene; }
    // The layer number the per-layer figures show (the `layer` setting, or the best held-out
    // AUROC for -1); -1 before a result.
    int shownLayer() const;
    // Writes the probe trained here (weights, bias, both directions, σ, class means) for the shown
    // layer or for every layer, as safetensors or .npz by extension; false with the error reported.
    bool exportDirection(const QString& path, bool allLayers);

protected:
    void loadDemo() override;
    void loadFile(const QString& path) override;
    void recompute(Stage from, const QStringList& changed) override;
    void onThemeChanged() override { redraw(); }
    bool hasResult() const override;

private:
    void onInputLoaded(const ViewInput& input);
    QToolButton* makeMenu();
    void addInput(const QString& key, const QString& path);
    void redraw();
    void drawAuroc();
    void drawRoc();
    void drawHistograms();
    void drawPca();
    void drawSteering();
    void drawTransfer();
    void drawCosines();
    void drawPreference();
    void drawCaptions();
    // Why the shown layer cannot be drawn (not a layer of the states), or empty.
    QString layerProblem() const;
    int layerPosition() const;  // of shownLayer() in the analysis, or -1
    int shownPositionOrMessage(QCustomPlot* plot) const;

    ProbesController* m_controller;
    PaintedFigure* m_tokens;
    CaptionScene m_scene;
};

ViewEntry probesViewEntry();

}  // namespace assay::views
