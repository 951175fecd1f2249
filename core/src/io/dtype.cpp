#include "assay/io/dtype.h"

#include <array>
#include <limits>

namespace assay::core::io {
namespace {

struct DTypeEntry {
    DType dtype;
    const char* name;
    std::size_t size;
};

constexpr std::array<DTypeEntry, 10> kDTypes = {{
    {DType::F64, "F64", 8},
    {DType::F32, "F32", 4},
    {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8},
    {DType::I32, "I32", 4},
    {DType::I16, "I16", 2},
    {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
}};

const DTypeEntry& entry(DType dtype) {
    for (const auto& e : kDTypes) {
        if (e.dtype == dtype) return e;
    }
    return kDTypes[0];  // unreachable for valid enum values
}

}  // namespace

const char* dtypeName(DType dtype) { return entry(dtype).name; }

std::size_t dtypeSize(DType dtype) { return entry(dtype).size; }

std::optional<DType> dtypeFromName(const std::string& name) {
    for (const auto& e : kDTypes) {
        if (name == e.name) return e.dtype;
    }
    return std::nullopt;
}

std::string knownDtypeNames() {
    std::string out;
    for (const auto& e : kDTypes) {
        if (!out.empty()) out += ", ";
        out += e.name;
    }
    return out;
}

bool isIntegerOrBool(DType dtype) {
    switch (dtype) {
        case DType::I64:
        case DType::I32:
        case DType::I16:
        case DType::I8:
        case DType::U8:
        case DType::Bool:
            return true;
        default:
            return false;
    }
}

std::int64_t TensorInfo::numel() const {
    std::int64_t n = 1;
    for (std::int64_t d : shape) n *= d;
    return n;
}

std::optional<std::int64_t> checkedNumel(const std::vector<std::int64_t>& shape,
                                         std::size_t elementSize) {
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t n = 1;
    for (std::int64_t d : shape) {
        if (d < 0) return std::nullopt;
        if (d != 0 && n > kMax / d) return std::nullopt;
        n *= d;
    }
    const auto size = static_cast<std::int64_t>(elementSize);
    if (size != 0 && n > kMax / size) return std::nullopt;
    return n;
}

}  // namespace assay::core::io
