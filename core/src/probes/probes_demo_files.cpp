// ProbesDemo::writeFiles (probes_demo.h): the demo as the files a user would bring (README
// "Probes ▸ Demo"), written from the in-memory sets through the same accessors the view reads,
// so that opening the files gives the same numbers as the demo itself.
#include <cstring>
#include <nlohmann/json.hpp>

#include "assay/demo/probes_demo.h"
#include "assay/io/atomic_write.h"
#include "assay/io/safetensors.h"

namespace assay::core::probes {
namespace {

namespace fs = std::filesystem;

// One [L, rows, d] tensor from per-layer matrices (all of one dtype and shape).
io::TensorToWrite stacked(std::string name, const std::vector<io::HiddenMatrix>& layers) {
    io::TensorToWrite t{
        std::move(name),
        layers.front().dtype,
        {static_cast<std::int64_t>(layers.size()), layers.front().rows, layers.front().cols},
        {}};
    for (const io::HiddenMatrix& m : layers) {
        const auto* p = static_cast<const unsigned char*>(m.data);
        t.bytes.insert(t.bytes.end(), p, p + m.rows * m.cols * io::dtypeSize(m.dtype));
    }
    return t;
}

template <typename I>
io::TensorToWrite ints(std::string name, const std::vector<I>& v) {
    return io::tensorFromInt64(std::move(name), std::vector<std::int64_t>(v.begin(), v.end()),
                               {static_cast<std::int64_t>(v.size())});
}

std::map<std::string, std::string> metadata(const ProbesDemoSpec& spec, std::string what) {
    return {{"source", "Assay Probes demo (ProbesDemo, core/include/assay/demo/probes_demo.h)"},
            {"content", std::move(what)},
            {"seed", std::to_string(spec.seed)}};
}

void writeStates(const fs::path& path, const ProbeDataset& data, const ProbesDemoSpec& spec,
                 std::string what) {
    std::vector<io::HiddenMatrix> layers;
    for (int p = 0; p < data.layerCount(); ++p) layers.push_back(data.layer(p));
    std::vector<io::TensorToWrite> t;
    t.push_back(stacked("hidden", layers));
    t.push_back(ints("layer_index", data.layers()));
    t.push_back(ints("label", data.labels()));
    if (data.split()) t.push_back(ints("split", *data.split()));
    if (data.groups()) t.push_back(ints("group", *data.groups()));
    io::writeSafetensors(path, t, metadata(spec, std::move(what)));
}

void writePairs(const fs::path& path, const PreferencePairs& pairs, const ProbesDemoSpec& spec) {
    std::vector<io::HiddenMatrix> chosen, rejected;
    for (int p = 0; p < pairs.layerCount(); ++p) {
        chosen.push_back(pairs.chosen(p));
        rejected.push_back(pairs.rejected(p));
    }
    io::writeSafetensors(path,
                         {stacked("chosen", chosen), stacked("rejected", rejected),
                          ints("layer_index", pairs.layers())},
                         metadata(spec, "preference pairs: " + pairs.name()));
}

void writeCaptions(const fs::path& folder, const CaptionSet& set, const ProbesDemoSpec& spec) {
    std::string lines;
    for (const Caption& c : set.captions()) {
        nlohmann::ordered_json j;
        j["id"] = c.id;
        j["tokens"] = c.tokens;
        nlohmann::json labels = nlohmann::json::array();
        for (int v : c.labels) labels.push_back(v < 0 ? nlohmann::json() : nlohmann::json(v));
        j["labels"] = labels;
        j["confidences"] = c.confidences;
        lines += j.dump() + "\n";
    }
    io::writeFileAtomically(folder / "captions.jsonl", lines);
    std::vector<io::HiddenMatrix> layers;
    for (int l : set.layers()) layers.push_back(set.states(l));
    io::writeSafetensors(folder / "caption-states.safetensors",
                         {stacked("hidden", layers), ints("layer_index", set.layers())},
                         metadata(spec, "per-token states of captions.jsonl, in file order"));
}

}  // namespace

void ProbesDemo::writeFiles(const std::filesystem::path& folder) const {
    const ProbesDemoSpec& s = spec();
    io::createFolders(folder / "states.safetensors", folder);
    writeStates(folder / "states.safetensors", states(), s,
                "first model's states after each block; label 1 = prediction wrong");
    writeStates(folder / "second.safetensors", secondStates(), s,
                "second model's states, the same items (paired rows)");
    writePairs(folder / "pairs-multi.safetensors", preference().at(0), s);
    writePairs(folder / "pairs-single.safetensors", preference().at(1), s);
    writeCaptions(folder, captions(), s);
}

}  // namespace assay::core::probes
