#pragma once
// Which of the Pruning view's inputs a path is, decided from the file itself: a checkpoint
// folder (or its config.json) with its calibration file, hidden states whose folder holds the
// checkpoint, a routing trace, or a mask.json for the editor. Also the refusal of a checkpoint
// export that a Hugging Face config cannot express.
#include <QString>

#include "assay/prune/expert_mask.h"
#include "assay/prune/pruning_model.h"
#include "views/common/view_registry.h"

namespace assay::views {

struct PruningInput {
    enum Kind { Checkpoint, Trace, Mask } kind = Checkpoint;
    QString path;                   // the checkpoint folder, trace or mask
    QString calibration;            // Checkpoint: the hidden-state file
    bool calibrationFound = false;  // the calibration came from the `calib` setting as given
};

// `calib`: the setting (empty, absolute, or relative to the checkpoint folder). Throws
// core::InputError naming the path and what is missing (no calibration file, no config.json
// beside hidden states).
PruningInput classifyPruningInput(const QString& path, const QString& calib);

// Whether `file` is hidden states (layers.{l}.hidden / hidden), a checkpoint's config.json or
// folder, or an Assay expert mask: the files routed to this view.
bool opensPruningInput(const FileContents& file);

// Why `mask` cannot become a Hugging Face checkpoint (one expert count for every layer), or "".
QString checkpointExportRefusal(const core::prune::PruningModel& model,
                                const core::prune::ExpertMask& mask);

}  // namespace assay::views
