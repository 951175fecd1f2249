#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"
#include "assay/io/safetensors.h"

namespace assay::core::io {
namespace {

std::string headerFor(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::set<std::string> seen;
    std::uint64_t offset = 0;
    for (const auto& t : tensors) {
        if (t.name == "__metadata__" || !seen.insert(t.name).second) {
            throw OutputError(path.string() + ": " + t.name +
                              ": duplicate or reserved tensor name");
        }
        const auto numel = checkedNumel(t.shape, dtypeSize(t.dtype));
        const std::uint64_t expected =
            numel ? static_cast<std::uint64_t>(*numel) * dtypeSize(t.dtype) : 0;
        if (!numel || t.bytes.size() != expected) {
            throw OutputError(path.string() + ": " + t.name + ": has " +
                              std::to_string(t.bytes.size()) + " bytes, expected " +
                              std::to_string(expected) + " for its shape and dtype " +
                              dtypeName(t.dtype));
        }
        header[t.name] = {{"dtype", dtypeName(t.dtype)},
                          {"shape", t.shape},
                          {"data_offsets", {offset, offset + expected}}};
        offset += expected;
    }
    std::string text = header.dump();
    // Spaces pad the header so the data section, and with it every tensor whose size is a
    // multiple of 8, starts 8-byte aligned (the format allows trailing whitespace).
    text.append((8 - text.size() % 8) % 8, ' ');
    return text;
}

}  // namespace

void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    const std::string header = headerFor(path, tensors, metadata);
    std::string prefix(8, '\0');
    const std::uint64_t n = header.size();
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    std::vector<std::string_view> pieces = {prefix, header};
    for (const auto& t : tensors) {
        pieces.emplace_back(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
    }
    writePiecesAtomically(path, pieces);
}

namespace {

template <typename T>
TensorToWrite fromValues(std::string name, DType dtype, const std::vector<T>& values,
                         std::vector<std::int64_t> shape) {
    const auto numel = checkedNumel(shape, sizeof(T));
    if (!numel || static_cast<std::uint64_t>(*numel) != values.size()) {
        throw OutputError(name + ": shape does not match the " + std::to_string(values.size()) +
                          " values given");
    }
    TensorToWrite t{std::move(name), dtype, std::move(shape), {}};
    t.bytes.resize(values.size() * sizeof(T));
    if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
    return t;
}

}  // namespace

TensorToWrite tensorFromDoubles(std::string name, const std::vector<double>& values,
                                std::vector<std::int64_t> shape) {
    return fromValues(std::move(name), DType::F64, values, std::move(shape));
}

TensorToWrite tensorFromInt64(std::string name, const std::vector<std::int64_t>& values,
                              std::vector<std::int64_t> shape) {
    return fromValues(std::move(name), DType::I64, values, std::move(shape));
}

}  // namespace assay::core::io
