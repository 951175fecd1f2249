#include <cstring>

#include "assay/core/error.h"
#include "assay/io/safetensors.h"
#include "assay/io/safetensors_stream.h"

namespace assay::core::io {
// The same file as the streamed writer produces (assay/io/safetensors_stream.h), from owned
// bytes: one header builder and one atomic write path for both.
void writeSafetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    std::vector<TensorSource> sources;
    sources.reserve(tensors.size());
    for (const auto& t : tensors) {
        sources.push_back(
            {t.name,
             t.dtype,
             t.shape,
             {std::string_view(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size())},
             false});
    }
    writeSafetensorsStreamed(path, sources, metadata);
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
