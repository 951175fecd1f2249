// The probe file (assay/probes/probe_file.h): one set of tensor names in safetensors or .npz,
// so that a direction exported by the view or `assay-run probe` reads back the same in Assay
// and in NumPy. .npz has no metadata section: the metadata travels as a JSON string tensor.
#include "assay/probes/probe_file.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "assay/core/error.h"
#include "assay/io/npz_write.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"

namespace assay::core::probes {
namespace {

constexpr const char* kFormat = "assay-probe";

std::string extensionOf(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// The metadata of either container as strings (a JSON value that is not a string is kept as
// its JSON text).
std::map<std::string, std::string> metadataOf(const io::TensorFile& file,
                                              const std::string& label) {
    if (file.find("metadata_json") == nullptr) return file.metadata();
    const io::TensorInfo& t = file.require("metadata_json");
    if (t.dtype != io::DType::U8 || t.shape.size() != 1)
        throw InputError(label, "metadata_json",
                         "has dtype " + std::string(io::dtypeName(t.dtype)) + " and shape " +
                             shapeText(t.shape) + ", expected U8 [bytes] holding a JSON object");
    const auto* bytes = reinterpret_cast<const char*>(file.rawData("metadata_json"));
    const auto doc = nlohmann::json::parse(bytes, bytes + t.byteLength, nullptr, false);
    if (!doc.is_object())
        throw InputError(label, "metadata_json", "is not a JSON object of strings");
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : doc.items())
        out[key] = value.is_string() ? value.get<std::string>() : value.dump();
    return out;
}

}  // namespace

int ProbeFile::position(int layer) const {
    const auto it = std::find(layers.begin(), layers.end(), layer);
    return it == layers.end() ? -1 : static_cast<int>(it - layers.begin());
}

void writeProbeFile(const std::filesystem::path& path, const ProbeFile& probe,
                    const std::vector<ExtraTensor>& extra) {
    const std::string ext = extensionOf(path);
    if (ext != ".safetensors" && ext != ".npz")
        throw OutputError(path.string() + ": expected a .safetensors or .npz file name");
    const auto L = static_cast<std::int64_t>(probe.layers.size());
    const std::int64_t d = probe.width;
    auto check = [&](const char* name, const std::vector<double>& v, std::int64_t expected) {
        if (static_cast<std::int64_t>(v.size()) != expected)
            throw OutputError(path.string() + ": " + name + ": " + std::to_string(v.size()) +
                              " values, expected " + std::to_string(expected));
    };
    if (L < 1 || d < 1)
        throw OutputError(path.string() + ": a probe file needs at least one layer and width 1");
    check("weights", probe.weights, L * d);
    check("bias", probe.bias, L);
    check("direction", probe.direction, L * d);
    check("probe_direction", probe.probeDirection, L * d);
    check("sigma", probe.sigma, L);
    check("sigma_probe", probe.sigmaProbe, L);
    const bool means = !probe.meanReal.empty() || !probe.meanHallucinated.empty();
    if (means) {
        check("mean_real", probe.meanReal, L * d);
        check("mean_hallucinated", probe.meanHallucinated, L * d);
    }
    std::vector<io::TensorToWrite> tensors;
    tensors.push_back(io::tensorFromInt64(
        "layer_index", std::vector<std::int64_t>(probe.layers.begin(), probe.layers.end()), {L}));
    tensors.push_back(io::tensorFromDoubles("weights", probe.weights, {L, d}));
    tensors.push_back(io::tensorFromDoubles("bias", probe.bias, {L}));
    tensors.push_back(io::tensorFromDoubles("direction", probe.direction, {L, d}));
    tensors.push_back(io::tensorFromDoubles("probe_direction", probe.probeDirection, {L, d}));
    tensors.push_back(io::tensorFromDoubles("sigma", probe.sigma, {L}));
    tensors.push_back(io::tensorFromDoubles("sigma_probe", probe.sigmaProbe, {L}));
    if (means) {
        tensors.push_back(io::tensorFromDoubles("mean_real", probe.meanReal, {L, d}));
        tensors.push_back(
            io::tensorFromDoubles("mean_hallucinated", probe.meanHallucinated, {L, d}));
    }
    for (const ExtraTensor& t : extra) {
        try {
            tensors.push_back(io::tensorFromDoubles(t.name, t.values, t.shape));
        } catch (const OutputError& e) {
            throw OutputError(path.string() + ": " + e.what());
        }
    }
    std::map<std::string, std::string> metadata = probe.metadata;
    metadata["format"] = kFormat;
    metadata.emplace("normalisation", "none");
    metadata["width"] = std::to_string(d);
    if (ext == ".safetensors") {
        io::writeSafetensors(path, tensors, metadata);
        return;
    }
    const std::string json = nlohmann::json(metadata).dump();
    io::TensorToWrite meta{"metadata_json",
                           io::DType::U8,
                           {static_cast<std::int64_t>(json.size())},
                           std::vector<unsigned char>(json.begin(), json.end())};
    tensors.push_back(std::move(meta));
    io::writeNpz(path, tensors);
}

ProbeFile readProbeFile(const std::filesystem::path& path) {
    const std::string label = path.filename().string();
    const io::TensorFile file = io::TensorFile::open(path);
    ProbeFile p;
    p.metadata = metadataOf(file, label);
    const auto format = p.metadata.find("format");
    if (format == p.metadata.end() || format->second != kFormat)
        throw InputError(
            label, "metadata.format",
            (format == p.metadata.end() ? std::string("missing") : "is '" + format->second + "'") +
                ": not an Assay probe file (export one from the Probes view or "
                "write it with assay-run probe)");
    const io::TensorInfo& li = file.require("layer_index");
    if (li.shape.size() != 1 || li.shape[0] < 1)
        throw InputError(label, "layer_index", "shape " + shapeText(li.shape) + ", expected [L]");
    for (const std::int64_t l : file.toInt64("layer_index")) {
        if (l < 0 || l > 1'000'000'000)
            throw InputError(label, "layer_index",
                             "holds " + std::to_string(l) + ", expected layer numbers >= 0");
        p.layers.push_back(static_cast<int>(l));
    }
    const auto L = static_cast<std::int64_t>(p.layers.size());
    const io::TensorInfo& w = file.require("weights");
    if (w.shape.size() != 2 || w.shape[0] != L || w.shape[1] < 1)
        throw InputError(label, "weights",
                         "shape " + shapeText(w.shape) + ", expected [L=" + std::to_string(L) +
                             ", d] (one row per layer of layer_index)");
    p.width = w.shape[1];
    auto read = [&](const std::string& name, bool matrix, bool finite) {
        const io::TensorInfo& t = file.require(name);
        const std::vector<std::int64_t> expected =
            matrix ? std::vector<std::int64_t>{L, p.width} : std::vector<std::int64_t>{L};
        if (t.shape != expected)
            throw InputError(label, name,
                             "shape " + shapeText(t.shape) + ", expected " + shapeText(expected));
        std::vector<double> values = file.toDoubles(name);
        if (finite)
            for (std::size_t i = 0; i < values.size(); ++i)
                if (!std::isfinite(values[i]))
                    throw InputError(label, name,
                                     "element " + std::to_string(i) +
                                         " is not finite; the probe cannot score states");
        return values;
    };
    p.weights = read("weights", true, true);
    p.bias = read("bias", false, true);
    p.direction = read("direction", true, true);
    p.probeDirection = read("probe_direction", true, true);
    p.sigma = read("sigma", false, true);
    p.sigmaProbe = read("sigma_probe", false, true);
    if (file.find("mean_real") != nullptr || file.find("mean_hallucinated") != nullptr) {
        p.meanReal = read("mean_real", true, false);
        p.meanHallucinated = read("mean_hallucinated", true, false);
    }
    return p;
}

}  // namespace assay::core::probes
