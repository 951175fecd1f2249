#pragma once
// Byte-order and layout conversion shared by TensorFile and the .npz reader (internal to
// core/src/io). Element type conversions are public: assay/io/chunked_reader.h.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace assay::core::io::detail {

// Copies numel elements of elementSize bytes from src into dst (which must not overlap),
// swapping byte order if bigEndian and reordering Fortran (column-major) to C order.
void toNativeCOrder(const unsigned char* src, unsigned char* dst, std::size_t elementSize,
                    const std::vector<std::int64_t>& shape, bool bigEndian, bool fortranOrder);

}  // namespace assay::core::io::detail
