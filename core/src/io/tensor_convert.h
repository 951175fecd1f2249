#pragma once
// Element conversions shared by TensorFile and the .npz reader (internal to core/src/io).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "assay/io/dtype.h"

namespace assay::core::io::detail {

// Copies numel elements of elementSize bytes from src into dst (which must not overlap),
// swapping byte order if bigEndian and reordering Fortran (column-major) to C order.
void toNativeCOrder(const unsigned char* src, unsigned char* dst, std::size_t elementSize,
                    const std::vector<std::int64_t>& shape, bool bigEndian, bool fortranOrder);

// src holds numel native-endian elements of dtype.
void convertToDoubles(const unsigned char* src, DType dtype, std::size_t numel, double* out);
// dtype must satisfy isIntegerOrBool().
void convertToInt64(const unsigned char* src, DType dtype, std::size_t numel, std::int64_t* out);

}  // namespace assay::core::io::detail
