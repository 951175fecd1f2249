#pragma once
// Turns Pruning view actions into core calls on the job runner (core/prune/pruning_model.h), each
// tagged so that a newer request supersedes an older one:
//  - load: the demo (trained from a seed in seconds), a checkpoint folder + calibration file, or
//    a routing trace; then the full model's evaluation (the "before" of every comparison);
//  - criticality: the error (demo: task loss) after removing each single expert, once per load;
//  - analysis: the chosen criterion on the full model, the one-shot and iterative masks (the
//    agreement grid) and the chosen procedure's mask, which becomes the editor's mask;
//  - curves: error / loss vs sparsity for the compared criteria, min/max, one-shot vs iterative;
//  - evaluation of the editor's mask (the live mask editor: newest request wins);
//  - the surviving experts' graph layout of the shown layer.
#include <QObject>
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "assay/moe/graph_layout.h"
#include "assay/prune/pruning_model.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"

namespace assay::views {

struct PruningAnalysis {
    core::prune::ProcedureSpec spec;
    core::prune::CriterionValues values;  // the chosen criterion on the full model
    // Empty masks (no layers) when the criterion is unavailable or the procedure failed.
    core::prune::ExpertMask oneShot, iterative, result;
    QString procedureError;  // why `result` is empty, when it is
};

struct PruningCurves {
    std::vector<core::prune::PruningCurve> curves;
    QStringList skipped;  // "ECC: needs ..." for compared criteria that are unavailable
};

// Where the load came from, for the view's summary and figure notes.
struct PruningOpen {
    QString checkpoint;  // folder (checkpoint source)
    QString calibration;
    QString trace;
};

class PruningController : public QObject {
    Q_OBJECT
public:
    explicit PruningController(JobRunner& runner, QObject* parent = nullptr);

    void loadDemo(const core::prune::PruningOpenOptions& options);
    void loadCheckpoint(const QString& dir, const QString& calibration,
                        const core::prune::PruningOpenOptions& options);
    void loadTrace(const QString& path, const core::prune::PruningOpenOptions& options);
    // The curves depend on the criteria compared and the variant only (not on the sparsity or
    // the procedure): `curves` false keeps the ones shown.
    void analyse(const core::prune::ProcedureSpec& spec, const QStringList& compared, bool curves);
    // The editor's mask changed: evaluate it (superseding any evaluation still running).
    void evaluate();
    void layOut(int layer, int topT);

    // The mask editor. toggle() refuses (returns the reason) a drop that would leave fewer than
    // k experts in the layer, or an expert outside the model's layers.
    QString toggle(int layer, int expert);
    void resetToProcedure();
    // A mask read from mask.json into the editor: checked against the model (n, k, layers).
    QString setEditorMask(const core::prune::ExpertMask& mask);

    const core::prune::PruningModel* model() const { return m_model.get(); }
    std::shared_ptr<const core::prune::PruningModel> modelHandle() const { return m_model; }
    const PruningOpen& opened() const { return m_opened; }
    const core::prune::MaskEvaluation* fullEvaluation() const { return m_full.get(); }
    const core::prune::MaskEvaluation* editorEvaluation() const { return m_edited.get(); }
    const core::prune::ExpertMask& editorMask() const { return m_editor; }
    bool editorEdited() const { return m_editorEdited; }
    const PruningAnalysis* analysis() const { return m_analysis.get(); }
    const PruningCurves* curves() const { return m_curves.get(); }
    const std::map<int, std::vector<double>>* criticality() const { return m_criticality.get(); }
    QString criticalityError() const { return m_criticalityError; }
    // Usage per layer of the full model on the held-out tokens (pair criteria break ties by it).
    std::vector<double> usage(int layer) const;
    const std::vector<core::moe::Point>& positions() const { return m_positions; }
    int layoutLayer() const { return m_layoutLayer; }
    int editorGeneration() const { return m_editorGeneration; }

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void analysisReady(qint64 ms);
    void curvesReady();
    void criticalityReady();
    void evaluationReady();
    void layoutReady();
    void failed(const QString& message);

private:
    using Model = std::shared_ptr<const core::prune::PruningModel>;
    void submitLoad(std::function<core::prune::PruningModel(core::JobContext&)> open,
                    ViewInput info, PruningOpen opened, const QString& title);
    void onLoaded(Model model, core::prune::MaskEvaluation full, ViewInput info);

    JobRunner& m_runner;
    Model m_model;
    PruningOpen m_opened;
    std::shared_ptr<const core::prune::MaskEvaluation> m_full, m_edited;
    std::shared_ptr<const PruningAnalysis> m_analysis;
    std::shared_ptr<const PruningCurves> m_curves;
    std::shared_ptr<const std::map<int, std::vector<double>>> m_criticality;
    QString m_criticalityError;
    core::prune::ExpertMask m_editor;
    bool m_editorEdited = false;
    int m_editorGeneration = 0;
    std::vector<core::moe::Point> m_positions;
    int m_layoutLayer = -1;
};

}  // namespace assay::views
