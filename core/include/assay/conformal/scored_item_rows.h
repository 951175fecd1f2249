#pragma once
// Scored items split by rows and joined back (assay-run conformal --shard i/N and merge): the
// per-item scores are the part of a calibration run that splits by rows; the random splits,
// p-values and curves need every item and run after the join, on the same items in the same
// order, so a merged run equals the unsharded one bit for bit.
#include <vector>

#include "assay/conformal/scored_items.h"
#include "assay/core/shard.h"

namespace assay::core::conformal {

// Items [rows.begin, rows.end) with every per-item array cut the same way; k, the group names
// and the flags are kept. ParameterError when the range is not inside [0, n].
ScoredItems itemRows(const ScoredItems& items, RowRange rows);

// The parts concatenated in the order given. ParameterError when they disagree on k, the group
// names, statisticIsScore, or whether a fixed split or gold-sampled flags are present.
ScoredItems joinItemRows(const std::vector<ScoredItems>& parts);

}  // namespace assay::core::conformal
