#include "assay/io/tensor_file.h"

#include <cstring>
#include <optional>

#include "assay/core/error.h"
#include "assay/io/chunked_reader.h"
#include "assay/io/mapped_file.h"
#include "assay/io/npy.h"
#include "assay/io/safetensors.h"
#include "npz_archive.h"
#include "tensor_convert.h"

namespace assay::core::io {

struct TensorFile::Impl {
    std::filesystem::path path;
    std::string label;  // file name, as error messages show it
    std::optional<MappedFile> mapping;
    std::vector<TensorInfo> tensors;
    std::vector<const unsigned char*> data;         // per tensor, parallel to tensors
    std::vector<std::vector<unsigned char>> owned;  // npz entries, converted .npy
    std::map<std::string, std::string> metadata;
    std::map<std::string, std::size_t> byName;  // checkpoints hold thousands of tensors

    std::size_t indexOf(const std::string& name) const {
        const auto it = byName.find(name);
        return it == byName.end() ? tensors.size() : it->second;
    }
};

namespace {

enum class Format { Safetensors, Npy, Npz };

Format detectFormat(const std::filesystem::path& path, const MappedFile& file) {
    const std::string ext = path.extension().string();
    if (ext == ".safetensors") return Format::Safetensors;
    if (ext == ".npy") return Format::Npy;
    if (ext == ".npz") return Format::Npz;
    const unsigned char* d = file.data();
    if (file.size() >= 6 && std::memcmp(d, "\x93NUMPY", 6) == 0) return Format::Npy;
    if (file.size() >= 4 && std::memcmp(d, "PK\x03\x04", 4) == 0) return Format::Npz;
    if (file.size() >= 9 && d[8] == '{') return Format::Safetensors;
    throw InputError(path.filename().string(), "",
                     "unrecognised format, expected safetensors, .npy or .npz");
}

void loadSafetensors(TensorFile::Impl& impl) {
    const MappedFile& m = *impl.mapping;
    SafetensorsHeader header = parseSafetensors(m.data(), m.size(), impl.label);
    impl.tensors = std::move(header.tensors);
    impl.metadata = std::move(header.metadata);
    for (const auto& t : impl.tensors)
        impl.data.push_back(m.data() + header.dataStart + t.byteOffset);
}

void loadNpy(TensorFile::Impl& impl) {
    const MappedFile& m = *impl.mapping;
    const NpyHeader header = parseNpy(m.data(), m.size(), impl.label);
    TensorInfo info;
    info.name = impl.path.stem().string();
    info.dtype = header.dtype;
    info.shape = header.shape;
    info.byteLength = m.size() - header.dataOffset;
    const unsigned char* src = m.data() + header.dataOffset;
    if (header.bigEndian || (header.fortranOrder && header.shape.size() > 1)) {
        // Converted once here so that rawData() means the same for every file.
        if (info.byteLength > kMaxMaterializedBytes) {
            throw ResourceError(impl.label + ": converting " + std::to_string(info.byteLength) +
                                " bytes of big-endian or Fortran-order data exceeds the limit of " +
                                std::to_string(kMaxMaterializedBytes) + " bytes");
        }
        std::vector<unsigned char> converted(info.byteLength);
        detail::toNativeCOrder(src, converted.data(), dtypeSize(header.dtype), header.shape,
                               header.bigEndian, header.fortranOrder);
        impl.owned.push_back(std::move(converted));
        src = impl.owned.back().data();
    }
    impl.tensors.push_back(std::move(info));
    impl.data.push_back(src);
}

void loadNpz(TensorFile::Impl& impl) {
    const MappedFile& m = *impl.mapping;
    auto entries = detail::readNpz(m.data(), m.size(), impl.label, kMaxMaterializedBytes);
    impl.owned.reserve(entries.size());
    for (auto& e : entries) {
        impl.owned.push_back(std::move(e.bytes));
        impl.tensors.push_back(std::move(e.info));
        impl.data.push_back(impl.owned.back().data());
    }
    // The archive's bytes are no longer needed once every entry is inflated.
    impl.mapping.reset();
}

}  // namespace

TensorFile::TensorFile(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TensorFile::TensorFile(TensorFile&&) noexcept = default;
TensorFile& TensorFile::operator=(TensorFile&&) noexcept = default;
TensorFile::~TensorFile() = default;

TensorFile TensorFile::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->label = path.filename().string();
    impl->mapping.emplace(path);
    switch (detectFormat(path, *impl->mapping)) {
        case Format::Safetensors:
            loadSafetensors(*impl);
            break;
        case Format::Npy:
            loadNpy(*impl);
            break;
        case Format::Npz:
            loadNpz(*impl);
            break;
    }
    for (std::size_t i = 0; i < impl->tensors.size(); ++i) impl->byName[impl->tensors[i].name] = i;
    return TensorFile(std::move(impl));
}

const std::filesystem::path& TensorFile::path() const { return m_impl->path; }
const std::vector<TensorInfo>& TensorFile::tensors() const { return m_impl->tensors; }
const std::map<std::string, std::string>& TensorFile::metadata() const { return m_impl->metadata; }

const TensorInfo* TensorFile::find(const std::string& name) const {
    const std::size_t i = m_impl->indexOf(name);
    return i < m_impl->tensors.size() ? &m_impl->tensors[i] : nullptr;
}

const TensorInfo& TensorFile::require(const std::string& name) const {
    if (const TensorInfo* info = find(name)) return *info;
    std::string names;
    for (const auto& t : m_impl->tensors) names += (names.empty() ? "" : ", ") + t.name;
    throw InputError(m_impl->label, name, "tensor not found (has: " + names + ")");
}

const unsigned char* TensorFile::rawData(const std::string& name) const {
    require(name);
    return m_impl->data[m_impl->indexOf(name)];
}

std::vector<double> TensorFile::toDoubles(const std::string& name) const {
    const TensorInfo& info = require(name);
    const auto numel = static_cast<std::uint64_t>(info.numel());
    if (numel > kMaxMaterializedBytes / sizeof(double)) {
        throw ResourceError(m_impl->label + ": " + name + ": " + std::to_string(numel) +
                            " elements as doubles need " + std::to_string(numel * sizeof(double)) +
                            " bytes, more than the limit of " +
                            std::to_string(kMaxMaterializedBytes) + " bytes");
    }
    std::vector<double> out(numel);
    convertElements(rawData(name), info.dtype, 0, info.numel(), out.data());
    return out;
}

std::vector<std::int64_t> TensorFile::toInt64(const std::string& name) const {
    const TensorInfo& info = require(name);
    if (!isIntegerOrBool(info.dtype)) {
        throw InputError(m_impl->label, name,
                         std::string("has dtype ") + dtypeName(info.dtype) +
                             ", expected an integer or BOOL type");
    }
    const auto numel = static_cast<std::uint64_t>(info.numel());
    if (numel > kMaxMaterializedBytes / sizeof(std::int64_t)) {
        throw ResourceError(m_impl->label + ": " + name + ": " + std::to_string(numel) +
                            " elements as int64 need more than the limit of " +
                            std::to_string(kMaxMaterializedBytes) + " bytes");
    }
    std::vector<std::int64_t> out(numel);
    convertElements(rawData(name), info.dtype, 0, info.numel(), out.data());
    return out;
}

}  // namespace assay::core::io
