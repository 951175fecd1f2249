#pragma once
// Internal to core/src/probes: the finiteness test of one row, shared by firstNonFiniteRow and
// the dataset's per-layer scan.
#include <cstdint>

#include "assay/io/dtype.h"

namespace assay::core::probes::detail {

// False when any of the row's `cols` elements of dtype is NaN or ±inf (integers: always true).
bool rowFinite(const unsigned char* row, io::DType dtype, std::int64_t cols);

}  // namespace assay::core::probes::detail
