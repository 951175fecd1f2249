// Which shard holds which tensor (model.safetensors.index.json's weight_map, or the one
// model.safetensors), with each shard memory-mapped only when a tensor of it is first asked
// for: a 100-shard checkpoint costs one header read per shard the chosen layers touch.
#include <algorithm>
#include <fstream>

#include "assay/core/error.h"
#include "checkpoint_internal.h"

namespace assay::core::prune::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

bool isPlainFileName(const std::string& s) {
    return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos &&
           s.find('\\') == std::string::npos;
}

}  // namespace

std::unique_ptr<TensorDirectory> TensorDirectory::open(const fs::path& dir) {
    auto out = std::make_unique<TensorDirectory>();
    out->m_dir = dir;
    const fs::path indexPath = dir / kIndexFile;
    std::error_code ec;
    if (fs::exists(indexPath, ec)) {
        const std::string label = indexPath.string();
        std::ifstream in(indexPath, std::ios::binary);
        if (!in) throw InputError(label, "", "cannot open");
        try {
            out->m_index = ordered_json::parse(in);
        } catch (const ordered_json::exception& e) {
            throw InputError(label, "", std::string("not valid JSON: ") + e.what());
        }
        const auto map = out->m_index.find("weight_map");
        if (!out->m_index.is_object() || map == out->m_index.end() || !map->is_object())
            throw InputError(label, "weight_map", "missing, expected {tensor name: shard file}");
        for (const auto& [name, shard] : map->items()) {
            if (!shard.is_string() || !isPlainFileName(shard.get<std::string>()))
                throw InputError(label, "weight_map." + name,
                                 "is " + shard.dump() +
                                     ", expected the file name of a shard in the folder");
            const std::string file = shard.get<std::string>();
            if (std::find(out->m_shards.begin(), out->m_shards.end(), file) ==
                out->m_shards.end()) {
                if (!fs::is_regular_file(dir / file, ec))
                    throw InputError(label, "weight_map." + name,
                                     "names the shard " + file + ", which is not in " +
                                         dir.string());
                out->m_shards.push_back(file);
            }
            out->m_weightMap[name] = file;
        }
        if (out->m_shards.empty())
            throw InputError(label, "weight_map", "is empty, expected the checkpoint's tensors");
        out->m_sharded = true;
        return out;
    }
    if (!fs::is_regular_file(dir / kSingleFile, ec)) {
        std::string also;
        if (fs::exists(dir / "pytorch_model.bin", ec) ||
            fs::exists(dir / "pytorch_model.bin.index.json", ec))
            also = " (pytorch_model.bin is not read: save with safe_serialization=True)";
        throw InputError(dir.string(), "",
                         std::string("no ") + kSingleFile + " or " + kIndexFile + also);
    }
    out->m_shards.push_back(kSingleFile);
    out->shard(kSingleFile);  // its header now, so a malformed file fails at open
    for (const io::TensorInfo& t : out->shard(kSingleFile).tensors())
        out->m_weightMap[t.name] = kSingleFile;
    return out;
}

std::vector<fs::path> TensorDirectory::files() const {
    std::vector<fs::path> out;
    if (m_sharded) out.push_back(m_dir / kIndexFile);
    for (const auto& s : m_shards) out.push_back(m_dir / s);
    return out;
}

const io::TensorFile& TensorDirectory::shard(const std::string& file) const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    auto& slot = m_open[file];
    if (!slot) slot = std::make_unique<io::TensorFile>(io::TensorFile::open(m_dir / file));
    return *slot;
}

std::optional<FoundTensor> TensorDirectory::find(const std::string& name) const {
    const auto it = m_weightMap.find(name);
    if (it == m_weightMap.end()) return std::nullopt;
    const io::TensorFile& file = shard(it->second);
    const io::TensorInfo* info = file.find(name);
    if (info == nullptr)
        throw InputError(it->second, name,
                         std::string("listed in ") + kIndexFile + " but not in the shard");
    return FoundTensor{info, file.rawData(name), it->second};
}

std::vector<std::string> TensorDirectory::indexedIn(const std::string& file) const {
    std::vector<std::string> out;
    for (const auto& [name, shard] : m_weightMap)
        if (shard == file) out.push_back(name);
    return out;
}

}  // namespace assay::core::prune::detail
