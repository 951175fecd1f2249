#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "assay/core/error.h"
#include "assay/io/safetensors.h"

namespace assay::core::io {
namespace {

using Json = nlohmann::ordered_json;  // keeps the header's key order for ties in data order

std::uint64_t readLe64(const unsigned char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::vector<std::int64_t> parseShape(const Json& shape, const std::string& file,
                                     const std::string& name) {
    if (!shape.is_array())
        throw InputError(file, name, "shape is not an array, expected [d0, d1, ...]");
    std::vector<std::int64_t> dims;
    for (const auto& d : shape) {
        if (!d.is_number_unsigned()) {
            throw InputError(
                file, name,
                "shape " + shape.dump() + " has an entry that is not a non-negative integer");
        }
        const auto v = d.get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(INT64_MAX)) {
            throw InputError(file, name, "shape " + shape.dump() + " is too large");
        }
        dims.push_back(static_cast<std::int64_t>(v));
    }
    return dims;
}

TensorInfo parseEntry(const std::string& name, const Json& entry, std::uint64_t dataSize,
                      const std::string& file) {
    if (!entry.is_object()) {
        throw InputError(file, name,
                         "entry is not an object, expected {dtype, shape, data_offsets}");
    }
    TensorInfo info;
    info.name = name;
    const auto dtypeIt = entry.find("dtype");
    if (dtypeIt == entry.end() || !dtypeIt->is_string()) {
        throw InputError(file, name, "dtype missing or not a string");
    }
    const auto dtype = dtypeFromName(dtypeIt->get<std::string>());
    if (!dtype) {
        throw InputError(
            file, name,
            "unsupported dtype " + dtypeIt->dump() + ", expected one of " + knownDtypeNames());
    }
    info.dtype = *dtype;
    const auto shapeIt = entry.find("shape");
    if (shapeIt == entry.end()) throw InputError(file, name, "shape missing");
    info.shape = parseShape(*shapeIt, file, name);

    const auto offIt = entry.find("data_offsets");
    if (offIt == entry.end() || !offIt->is_array() || offIt->size() != 2 ||
        !(*offIt)[0].is_number_unsigned() || !(*offIt)[1].is_number_unsigned()) {
        throw InputError(file, name,
                         "data_offsets missing or not [begin, end] non-negative integers");
    }
    const auto begin = (*offIt)[0].get<std::uint64_t>();
    const auto end = (*offIt)[1].get<std::uint64_t>();
    if (begin > end || end > dataSize) {
        throw InputError(file, name,
                         "data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                             "] outside the data section of " + std::to_string(dataSize) +
                             " bytes");
    }
    const auto numel = checkedNumel(info.shape, dtypeSize(info.dtype));
    if (!numel) throw InputError(file, name, "shape " + shapeIt->dump() + " is too large");
    const auto expected = static_cast<std::uint64_t>(*numel) * dtypeSize(info.dtype);
    if (end - begin != expected) {
        throw InputError(file, name,
                         "data_offsets span " + std::to_string(end - begin) + " bytes, expected " +
                             std::to_string(expected) + " for shape " + shapeIt->dump() + " of " +
                             dtypeName(info.dtype));
    }
    info.byteOffset = begin;
    info.byteLength = end - begin;
    return info;
}

std::map<std::string, std::string> parseMetadata(const Json& meta, const std::string& file) {
    if (!meta.is_object()) throw InputError(file, "__metadata__", "is not an object of strings");
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : meta.items()) {
        if (!value.is_string()) {
            throw InputError(file, "__metadata__", "value of '" + key + "' is not a string");
        }
        out[key] = value.get<std::string>();
    }
    return out;
}

}  // namespace

SafetensorsHeader parseSafetensors(const unsigned char* data, std::size_t size,
                                   const std::string& file) {
    if (size < 8) {
        throw InputError(
            file, "header",
            "file is " + std::to_string(size) + " bytes, expected at least 8 (header length)");
    }
    const std::uint64_t headerBytes = readLe64(data);
    if (headerBytes > kMaxSafetensorsHeaderBytes) {
        throw InputError(file, "header",
                         "declared length " + std::to_string(headerBytes) +
                             " exceeds the limit of " + std::to_string(kMaxSafetensorsHeaderBytes) +
                             " bytes");
    }
    if (headerBytes > size - 8) {
        throw InputError(file, "header",
                         "declared length " + std::to_string(headerBytes) +
                             " runs past the end of the " + std::to_string(size) +
                             "-byte file (truncated?)");
    }
    const char* text = reinterpret_cast<const char*>(data + 8);
    Json header = Json::parse(text, text + headerBytes, nullptr, /*allow_exceptions=*/false);
    if (header.is_discarded()) throw InputError(file, "header", "is not valid JSON");
    if (!header.is_object()) throw InputError(file, "header", "is not a JSON object");

    SafetensorsHeader out;
    out.dataStart = 8 + headerBytes;
    const std::uint64_t dataSize = size - out.dataStart;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") {
            out.metadata = parseMetadata(entry, file);
        } else {
            out.tensors.push_back(parseEntry(name, entry, dataSize, file));
        }
    }
    std::stable_sort(out.tensors.begin(), out.tensors.end(),
                     [](const TensorInfo& a, const TensorInfo& b) {
                         // Zero-length tensors first at a shared offset: they overlap nothing.
                         if (a.byteOffset != b.byteOffset) return a.byteOffset < b.byteOffset;
                         return a.byteLength < b.byteLength;
                     });
    for (std::size_t i = 1; i < out.tensors.size(); ++i) {
        const TensorInfo& prev = out.tensors[i - 1];
        const TensorInfo& cur = out.tensors[i];
        if (cur.byteOffset < prev.byteOffset + prev.byteLength) {
            throw InputError(file, cur.name, "data overlaps tensor " + prev.name);
        }
    }
    return out;
}

}  // namespace assay::core::io
