#pragma once
// NumPy's .npy format, versions 1, 2 and 3: magic "\x93NUMPY", version, header length, a
// Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}, then data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "assay/io/dtype.h"

namespace assay::core::io {

struct NpyHeader {
    DType dtype = DType::F64;
    bool bigEndian = false;  // '>' in descr (false for one-byte types)
    bool fortranOrder = false;
    std::vector<std::int64_t> shape;
    std::size_t dataOffset = 0;  // from the start of the .npy bytes
};

// Accepts descr <f8 <f4 <f2 <i8 <i4 <i2 |i1 |u1 |b1 and their '>' / '=' variants; the data
// must be exactly numel * dtype size bytes. No I/O. Throws InputError("<fileLabel>: <field>: ...").
NpyHeader parseNpy(const unsigned char* data, std::size_t size, const std::string& fileLabel);

}  // namespace assay::core::io
