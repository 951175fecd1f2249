#pragma once
// The partial results of `assay-run conformal --shard i/N`: a shard's scored items with their
// row indices, and the parts read back and joined in row order for the merge (which then runs
// the same evaluation as the unsharded command).
#include <string>

#include "assay/core/provenance.h"
#include "assay/core/shard.h"
#include "conformal_options.h"
#include "partial_file.h"

namespace assay::app {

void writeScoredPart(const std::string& out, const core::Shard& shard, core::RowRange rows,
                     const LoadedCalibration& data, const core::Provenance& prov);

struct JoinedScores {
    core::conformal::ScoredItems items;  // every row, in row order
    CalibrationOptions options;          // the run's options, from the parts' parameters
    bool report = false;
    std::string description;  // the data's summary, as the unsharded run writes it
    std::string note;         // defaults adapted to the data ("" when none)
};
// InputError naming the part when its tensors are missing, misshapen, or its row indices are
// not its shard's rows.
JoinedScores joinScoredParts(const std::vector<PartialPart>& parts);

}  // namespace assay::app
