// Row views (assay/probes/probe_dataset.h): pointers to rows that stay in the memory map, and the
// one streamed finiteness scan every reader of states relies on.
#include <cstring>

#include "assay/core/error.h"
#include "assay/probes/probe_dataset.h"
#include "row_finite.h"

namespace assay::core::probes {
namespace {

const unsigned char* bytesOf(const io::HiddenMatrix& m) {
    return static_cast<const unsigned char*>(m.data);
}

// A float is NaN or ±inf exactly when its exponent bits are all ones; testing the bits needs no
// conversion, so half-precision rows are scanned where they lie.
template <typename Bits>
bool finiteBits(const unsigned char* row, std::int64_t cols, Bits mask) {
    for (std::int64_t c = 0; c < cols; ++c) {
        Bits v;
        std::memcpy(&v, row + c * static_cast<std::int64_t>(sizeof(Bits)), sizeof(Bits));
        if ((v & mask) == mask) return false;
    }
    return true;
}

}  // namespace

namespace detail {

bool rowFinite(const unsigned char* row, io::DType dtype, std::int64_t cols) {
    switch (dtype) {
        case io::DType::F64:
            return finiteBits<std::uint64_t>(row, cols, 0x7FF0000000000000ULL);
        case io::DType::F32:
            return finiteBits<std::uint32_t>(row, cols, 0x7F800000U);
        case io::DType::F16:
            return finiteBits<std::uint16_t>(row, cols, std::uint16_t{0x7C00});
        case io::DType::BF16:
            return finiteBits<std::uint16_t>(row, cols, std::uint16_t{0x7F80});
        default:
            return true;  // integer rows are always finite
    }
}

}  // namespace detail

RowView rowsOf(const io::HiddenMatrix& m, const std::vector<std::int64_t>& indices) {
    RowView view;
    view.dtype = m.dtype;
    view.cols = m.cols;
    view.rows.reserve(indices.size());
    const std::int64_t stride = m.cols * static_cast<std::int64_t>(io::dtypeSize(m.dtype));
    for (const std::int64_t i : indices) {
        if (i < 0 || i >= m.rows)
            throw ParameterError("row", std::to_string(i) + " is outside [0, " +
                                            std::to_string(m.rows) + ") of " + m.name);
        view.rows.push_back(bytesOf(m) + i * stride);
    }
    return view;
}

RowView allRows(const io::HiddenMatrix& m) {
    RowView view;
    view.dtype = m.dtype;
    view.cols = m.cols;
    view.rows.reserve(static_cast<std::size_t>(m.rows));
    const std::int64_t stride = m.cols * static_cast<std::int64_t>(io::dtypeSize(m.dtype));
    for (std::int64_t i = 0; i < m.rows; ++i) view.rows.push_back(bytesOf(m) + i * stride);
    return view;
}

RowView rowsOfDoubles(const double* data, std::int64_t n, std::int64_t cols) {
    RowView view;
    view.dtype = io::DType::F64;
    view.cols = cols;
    view.rows.reserve(static_cast<std::size_t>(n));
    const auto* base = reinterpret_cast<const unsigned char*>(data);
    for (std::int64_t i = 0; i < n; ++i)
        view.rows.push_back(base + i * cols * static_cast<std::int64_t>(sizeof(double)));
    return view;
}

std::optional<std::int64_t> firstNonFiniteRow(const RowView& view) {
    for (std::int64_t i = 0; i < view.size(); ++i)
        if (!detail::rowFinite(view.rows[static_cast<std::size_t>(i)], view.dtype, view.cols))
            return i;
    return std::nullopt;
}

}  // namespace assay::core::probes
