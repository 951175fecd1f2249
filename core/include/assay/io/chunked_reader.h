#pragma once
// Reading a tensor's elements as float, double or int64, a bounded piece at a time, straight
// from the bytes a TensorFile holds (for safetensors and plain .npy: the memory map), so a
// tensor larger than memory can be streamed and only the piece being worked on is converted.
//
// Conversions (exact unless said):
//   F64 -> double exact; -> float rounded to nearest (beyond float's range: +-inf).
//   F32 -> float, double exact.
//   F16, BF16 -> float, double exact, bit for bit: +-0, subnormals, +-inf and NaN (with its
//     sign and payload, quiet bit as in the file) are kept.
//   I64, I32, I16, I8, U8, Bool -> float or double by value (Bool: 0 or 1; |I64| > 2^53, or
//     > 2^24 for float, rounds). -> int64 exact. Float dtypes -> int64 are refused.
// Byte order: TensorFile has already turned big-endian or Fortran-order .npy data into native
// C order, so every input here is C order, native (little) endian.
//
// Rows: a tensor of shape [d0, ..., dm] reads as a matrix [rows, cols] with cols = dm (the last
// dimension) and rows = d0 * ... * d(m-1), row-major: element (r, c) is flat element
// r * cols + c. A 1-D tensor [T] reads as [T, 1] (one element per row), a scalar as [1, 1].
// For example hidden states BF16 [L, N, d] are L*N rows of d values, row l*N + n holding token
// n at layer l; router logits [T, n] are T rows of n logits.
//
// Errors: ParameterError for a range outside the tensor or a chunk size below 1; InputError
// naming the file and tensor for a dtype the requested output cannot take (float -> int64).
#include <cstdint>
#include <functional>
#include <string>

#include "assay/io/dtype.h"

namespace assay::core::io {

class TensorFile;

// Converts elements [first, first + count) of the C-order, native-endian `data` of dtype to out
// (count values, which must not overlap data). No range check: data must hold first + count
// elements. For int64 output dtype must satisfy isIntegerOrBool() (else all zeros, unchecked).
void convertElements(const unsigned char* data, DType dtype, std::int64_t first, std::int64_t count,
                     float* out);
void convertElements(const unsigned char* data, DType dtype, std::int64_t first, std::int64_t count,
                     double* out);
void convertElements(const unsigned char* data, DType dtype, std::int64_t first, std::int64_t count,
                     std::int64_t* out);

// One tensor of a TensorFile (or any C-order native-endian buffer), read by element or row
// ranges. Keeps a pointer to the bytes: the TensorFile (or buffer) must outlive the reader.
// Reads are const and thread-safe: several threads may read any ranges at once.
class ChunkedReader {
public:
    // InputError "file: name: tensor not found (...)" if the file lacks it.
    ChunkedReader(const TensorFile& file, const std::string& name);
    // data holds info.numel() elements of info.dtype; label names the file in error messages.
    ChunkedReader(const unsigned char* data, TensorInfo info, std::string label);

    const TensorInfo& info() const { return m_info; }
    std::int64_t numel() const { return m_numel; }
    std::int64_t rows() const { return m_rows; }
    std::int64_t cols() const { return m_cols; }

    // T is float, double or std::int64_t. out receives count values (elements) or
    // rows * cols() values (rows), row-major.
    template <typename T>
    void readElements(std::int64_t first, std::int64_t count, T* out) const;
    template <typename T>
    void readRows(std::int64_t firstRow, std::int64_t rows, T* out) const;

    // Calls fn(firstRow, rows, data) for consecutive chunks covering rows [0, rows()) in order:
    // data is [rows, cols()] row-major in a buffer of at most chunkRows * cols() values that
    // this call owns and reuses (valid only during fn). rows <= chunkRows; only the last chunk
    // may be shorter. Nothing is called for zero rows. Exceptions from fn (a JobCancelled from
    // progress() too) propagate and end the iteration.
    template <typename T>
    using RowChunkFn = std::function<void(std::int64_t firstRow, std::int64_t rows, const T* data)>;
    template <typename T>
    void forEachRowChunk(std::int64_t chunkRows, const RowChunkFn<T>& fn) const;

private:
    template <typename T>
    void checkOutput() const;

    const unsigned char* m_data;
    TensorInfo m_info;
    std::string m_label;
    std::int64_t m_numel = 0, m_rows = 0, m_cols = 0;
};

// Defined in chunked_reader.cpp for these output types only.
extern template void ChunkedReader::readElements(std::int64_t, std::int64_t, float*) const;
extern template void ChunkedReader::readElements(std::int64_t, std::int64_t, double*) const;
extern template void ChunkedReader::readElements(std::int64_t, std::int64_t, std::int64_t*) const;
extern template void ChunkedReader::readRows(std::int64_t, std::int64_t, float*) const;
extern template void ChunkedReader::readRows(std::int64_t, std::int64_t, double*) const;
extern template void ChunkedReader::readRows(std::int64_t, std::int64_t, std::int64_t*) const;
extern template void ChunkedReader::forEachRowChunk(std::int64_t, const RowChunkFn<float>&) const;
extern template void ChunkedReader::forEachRowChunk(std::int64_t, const RowChunkFn<double>&) const;
extern template void ChunkedReader::forEachRowChunk(std::int64_t,
                                                    const RowChunkFn<std::int64_t>&) const;

}  // namespace assay::core::io
