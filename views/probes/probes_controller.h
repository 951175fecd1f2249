#pragma once
// Turns Probes view actions into core calls on the job runner (core/probes), each tagged so that
// a newer request supersedes an older one:
//  - load: the demo (two small networks trained from a seed, their per-layer states, preference
//    sets and captions; kept once trained) or a labelled states file, with the inputs beside it
//    (a second model's states, preference pairs, captions and their states, an imported probe);
//  - analysis: probes for every layer, directions, ROC, projections, PCA and steering
//    (analyseProbes: the code `assay-run probe` runs), and the steering of an imported probe;
//  - transfer (with a second model): the second model's own probes and ComnHallu both ways;
//  - preference separability of every pairs dataset;
//  - caption scores at the shown layer (by the imported probe, else the one trained here).
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

#include "assay/probes/caption_scores.h"
#include "assay/probes/captions.h"
#include "assay/probes/preference_pairs.h"
#include "assay/probes/preference_separability.h"
#include "assay/probes/probe_dataset.h"
#include "assay/probes/probe_file.h"
#include "assay/probes/probes_analysis.h"
#include "assay/probes/subspace_transfer.h"
#include "views/common/job_runner.h"
#include "views/common/view_base.h"

namespace assay::core::probes {
class ProbesDemo;
}

namespace assay::views {

// The files beside the states, resolved to absolute paths (empty: none; the demo's own then).
struct ProbesInputs {
    QString second;
    QStringList pairs;
    QString captions, captionStates;
    QString probe;
};

struct ProbesData {
    bool demo = false;
    QString name;  // the states' file name, or "demo"
    std::shared_ptr<const core::probes::ProbeDataset> states;
    std::shared_ptr<const core::probes::ProbeDataset> second;  // null: no transfer
    QString secondName;
    std::vector<std::shared_ptr<const core::probes::PreferencePairs>> pairs;
    std::shared_ptr<const core::probes::CaptionSet> captions;  // null: no captions
    std::shared_ptr<const core::probes::ProbeFile> imported;   // null: the probe trained here
    QString importedName;
};

struct ProbesTransfer {
    core::probes::ProbeTraining second;     // the second model's own probes (its AUROC curve)
    core::probes::TransferResult forward;   // first model's detector on the second (A → B)
    core::probes::TransferResult backward;  // B → A
};

class ProbesController : public QObject {
    Q_OBJECT
public:
    explicit ProbesController(JobRunner& runner, QObject* parent = nullptr);
    ~ProbesController() override;

    void loadDemo(const ProbesInputs& inputs);
    void loadStates(const QString& path, const ProbesInputs& inputs);
    // Everything from the analysis stage: probes (+ steering of an imported probe), then the
    // transfer and the preference separability, each when its inputs are there.
    void analyse(const core::probes::ProbesRequest& request,
                 const core::probes::TransferRequest& transfer,
                 const core::probes::PreferenceRequest& preference);
    // Captions at `layer` (a layer number) with the imported probe or the analysis'.
    void scoreCaptions(int layer);

    const ProbesData* data() const { return m_data.get(); }
    const core::probes::ProbesAnalysis* analysis() const { return m_analysis.get(); }
    // Steering of the imported probe on this data's held-out rows (null without one).
    const core::probes::SteeringSweep* importedSteering() const { return m_importedSteering.get(); }
    const ProbesTransfer* transfer() const { return m_transfer.get(); }
    QString transferError() const { return m_transferError; }
    const core::probes::PreferenceResult* preference() const { return m_preference.get(); }
    QString preferenceError() const { return m_preferenceError; }
    const core::probes::CaptionScores* captionScores() const { return m_captions.get(); }
    QString captionError() const { return m_captionError; }
    // The probe the captions and exports use: the imported one, else the analysis' (all layers).
    std::shared_ptr<const core::probes::ProbeFile> probeFile() const;
    // The demo, once trained (tests write its files).
    std::shared_ptr<const core::probes::ProbesDemo> demo() const { return m_demo; }

signals:
    void inputLoaded(const assay::views::ViewInput& input);
    void analysisReady(qint64 ms);
    void transferReady();
    void preferenceReady();
    void captionsReady();
    void failed(const QString& message);

private:
    struct Loaded;
    void submitLoad(std::function<Loaded(core::JobContext&)> work, ViewInput info,
                    const QString& title);

    JobRunner& m_runner;
    std::shared_ptr<const core::probes::ProbesDemo> m_demo;
    std::shared_ptr<const ProbesData> m_data;
    std::shared_ptr<const core::probes::ProbesAnalysis> m_analysis;
    std::shared_ptr<const core::probes::SteeringSweep> m_importedSteering;
    std::shared_ptr<const core::probes::ProbeFile> m_trainedProbe;
    std::shared_ptr<const ProbesTransfer> m_transfer;
    QString m_transferError;
    std::shared_ptr<const core::probes::PreferenceResult> m_preference;
    QString m_preferenceError;
    std::shared_ptr<const core::probes::CaptionScores> m_captions;
    QString m_captionError;
    int m_captionLayer = -1;
    int m_generation = 0;  // loads; results of an older load are dropped
    int m_analysisGeneration = 0;
};

}  // namespace assay::views
