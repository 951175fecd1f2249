#pragma once
// fitLinearDecoder (reconstruction.h) on either feature set of a batch: the batch analysis
// (windows_analysis.h) decodes features_b when the request analyses the second set.
#include "assay/tokens/reconstruction.h"

namespace assay::core::tokens::detail {

DecoderResult fitLinearDecoder(const PatchFeatures& batch, const ReductionSpec& spec, bool second,
                               JobContext& job);

}  // namespace assay::core::tokens::detail
