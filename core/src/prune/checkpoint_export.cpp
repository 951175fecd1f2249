// The pruned copy of a checkpoint (MoeCheckpoint::exportPruned): every tensor streamed from the
// source's memory maps into shards of the same names, expert tensors of kept experts renamed
// to 0..m−1, router rows of dropped experts left out, config.json's expert count set to m.
// Everything is written into a temporary folder beside outDir and moved in only when complete,
// so a failure or a cancel leaves nothing behind.
#include <stdlib.h>
#include <unistd.h>

#include <set>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"
#include "assay/io/safetensors_stream.h"
#include "assay/prune/moe_checkpoint.h"
#include "checkpoint_internal.h"

namespace assay::core::prune::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

std::string layerList(const std::vector<int>& layers) {
    std::string s;
    for (const int l : layers) s += (s.empty() ? "" : ", ") + std::to_string(l);
    return s;
}

// Kept experts (ascending) of every MoE layer; refuses what a config.json cannot express.
std::map<int, std::vector<int>> keptPerLayer(const MoeConfig& c, const CheckpointConfig& cfg,
                                             const ExpertMask& mask) {
    if (mask.numExperts != c.numExperts)
        throw ParameterError("mask", "num_experts is " + std::to_string(mask.numExperts) +
                                         ", the checkpoint has " + std::to_string(c.numExperts));
    const std::set<int> moe(c.moeLayers.begin(), c.moeLayers.end());
    for (const auto& [l, layer] : mask.layers) {
        if (!moe.count(l))
            throw ParameterError("mask", "layer " + std::to_string(l) +
                                             " is not an MoE layer of the checkpoint (MoE layers: " +
                                             layerList(c.moeLayers) + ")");
        if (layer.kept.size() != static_cast<std::size_t>(c.numExperts))
            throw ParameterError("mask", "layer " + std::to_string(l) + " has " +
                                             std::to_string(layer.kept.size()) +
                                             " experts, expected " + std::to_string(c.numExperts));
    }
    std::map<int, std::vector<int>> kept;
    for (const int l : c.moeLayers) {
        const auto it = mask.layers.find(l);
        if (it != mask.layers.end()) {
            kept[l] = it->second.keptIndices();
        } else {
            for (int j = 0; j < c.numExperts; ++j) kept[l].push_back(j);
        }
    }
    const int first = static_cast<int>(kept.begin()->second.size());
    for (const auto& [l, experts] : kept)
        if (static_cast<int>(experts.size()) != first)
            throw ParameterError(
                "mask", "keeps " + std::to_string(first) + " experts in layer " +
                            std::to_string(kept.begin()->first) + " but " +
                            std::to_string(experts.size()) + " in layer " + std::to_string(l) +
                            " (layers absent from the mask keep all " +
                            std::to_string(c.numExperts) +
                            "): Hugging Face configs hold one expert count for every layer (" +
                            cfg.expertCountKey +
                            "), so this mask cannot be a checkpoint; the mask JSON still exports");
    if (first < c.topK)
        throw ParameterError("mask", "keeps " + std::to_string(first) +
                                         " experts per layer, fewer than num_experts_per_tok = " +
                                         std::to_string(c.topK));
    return kept;
}

struct PlannedShard {
    std::string file;
    std::vector<io::TensorSource> tensors;
    std::map<std::string, std::string> metadata;
};

std::vector<PlannedShard> plan(const TensorDirectory& dir, const MoeConfig& c,
                               const std::map<int, std::vector<int>>& kept) {
    std::map<std::string, int> routers;  // router tensor name → layer
    for (const int l : c.moeLayers) routers[routerName(c.family, l)] = l;
    std::vector<PlannedShard> out;
    for (const std::string& name : dir.shardNames()) {
        const io::TensorFile& file = dir.shard(name);
        std::set<std::string> listed;
        if (dir.sharded()) {
            for (const std::string& t : dir.indexedIn(name)) {
                dir.find(t);  // InputError when the index names a tensor the shard lacks
                listed.insert(t);
            }
        }
        PlannedShard shard{name, {}, file.metadata()};
        for (const io::TensorInfo& t : file.tensors()) {
            if (dir.sharded() && !listed.count(t.name)) continue;  // not part of the model
            const char* bytes = reinterpret_cast<const char*>(file.rawData(t.name));
            io::TensorSource src{t.name, t.dtype, t.shape, {{bytes, t.byteLength}}, true};
            if (const auto parsed = parseExpertName(c.family, t.name);
                parsed && kept.count(parsed->layer)) {
                const std::vector<int>& keep = kept.at(parsed->layer);
                const auto at = std::find(keep.begin(), keep.end(), parsed->expert);
                if (at == keep.end()) continue;  // a dropped expert
                src.name = renamedExpert(c.family, *parsed, static_cast<int>(at - keep.begin()));
            } else if (const auto r = routers.find(t.name); r != routers.end()) {
                // Rows of the kept experts, in order; the checked shape is [n, d].
                const std::size_t row = t.byteLength / static_cast<std::size_t>(t.shape[0]);
                src.pieces.clear();
                for (const int j : kept.at(r->second)) src.pieces.emplace_back(bytes + j * row, row);
                src.shape[0] = static_cast<std::int64_t>(kept.at(r->second).size());
            }
            shard.tensors.push_back(std::move(src));
        }
        if (!shard.tensors.empty() || !dir.sharded()) out.push_back(std::move(shard));
    }
    return out;
}

bool isWeightFile(const fs::path& p) {
    static const std::set<std::string> kWeights = {".safetensors", ".bin",  ".pt",   ".pth",
                                                   ".ckpt",        ".h5",   ".msgpack", ".gguf",
                                                   ".onnx"};
    return kWeights.count(p.extension().string()) != 0;
}

// Tokenizer and generation files travel along so the pruned folder is a usable checkpoint;
// weights in other formats would still hold the unpruned experts and stay behind.
void copyCompanions(const fs::path& from, const fs::path& to) {
    for (const auto& e : fs::directory_iterator(from)) {
        const std::string name = e.path().filename().string();
        if (!e.is_regular_file() || name.empty() || name[0] == '.' || name == "config.json" ||
            name == kIndexFile || isWeightFile(e.path()))
            continue;
        fs::copy_file(e.path(), to / name);
    }
}

// Moves the finished temporary folder to outDir. Into an existing folder file by file (each
// rename atomic); safetensors and an index left there by an earlier export would contradict the
// new ones and are removed.
void commit(const fs::path& tmp, const fs::path& outDir) {
    std::error_code ec;
    if (!fs::exists(outDir, ec)) {
        fs::rename(tmp, outDir);
        return;
    }
    std::set<std::string> written;
    for (const auto& e : fs::directory_iterator(tmp)) written.insert(e.path().filename().string());
    for (const auto& name : written) fs::rename(tmp / name, outDir / name);
    for (const auto& e : fs::directory_iterator(outDir)) {
        const std::string name = e.path().filename().string();
        if (!written.count(name) && e.is_regular_file() &&
            (e.path().extension() == ".safetensors" || name == kIndexFile))
            fs::remove(e.path());
    }
    fs::remove(tmp);
}

}  // namespace

void exportPrunedCheckpoint(const MoeCheckpoint& checkpoint, const TensorDirectory& dir,
                            const CheckpointConfig& cfg, const ExpertMask& mask,
                            const fs::path& outDirGiven, JobContext& job) {
    const MoeConfig& c = cfg.config;
    const std::map<int, std::vector<int>> kept = keptPerLayer(c, cfg, mask);
    const int m = static_cast<int>(kept.begin()->second.size());
    for (const int l : c.moeLayers) checkpoint.layer(l);  // missing tensors, shapes: before writing
    fs::path outDir = outDirGiven;
    if (outDir.filename().empty()) outDir = outDir.parent_path();
    std::error_code ec;
    if (fs::exists(outDir, ec) && fs::equivalent(outDir, dir.dir(), ec))
        throw ParameterError("out", outDir.string() +
                                        " is the checkpoint being read; choose another folder");
    if (fs::exists(outDir, ec) && !fs::is_directory(outDir, ec))
        throw OutputError(outDir.string() + ": exists and is not a folder");
    const std::vector<PlannedShard> shards = plan(dir, c, kept);

    job.stage("export pruned checkpoint");
    std::int64_t total = 2, done = 0;
    for (const auto& s : shards) total += static_cast<std::int64_t>(s.tensors.size());

    const fs::path parent = outDir.parent_path().empty() ? fs::path(".") : outDir.parent_path();
    io::createFolders(outDir, parent);
    std::string tmpl = (parent / (io::temporaryPrefix(outDir) + std::to_string(::getpid()) +
                                  "-XXXXXX"))
                           .string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        throw OutputError(outDir.string() + ": cannot create a temporary folder in " +
                          parent.string());
    const fs::path tmp = tmpl;
    try {
        ordered_json weightMap = ordered_json::object();
        std::map<std::string, std::string> sorted;  // transformers writes the map sorted
        std::uint64_t totalSize = 0;
        for (const PlannedShard& s : shards) {
            io::writeSafetensorsStreamed(tmp / s.file, s.tensors, s.metadata,
                                         [&](std::size_t) { job.progress(++done, total); });
            for (const auto& t : s.tensors) {
                sorted[t.name] = s.file;
                for (const auto piece : t.pieces) totalSize += piece.size();
            }
        }
        ordered_json config = cfg.json;
        config[cfg.expertCountKey] = m;
        io::writeFileAtomically(tmp / "config.json", config.dump(2) + "\n");
        job.progress(++done, total);
        if (dir.sharded()) {
            ordered_json index = dir.index();
            if (!index.contains("metadata") || !index["metadata"].is_object())
                index["metadata"] = ordered_json::object();
            index["metadata"]["total_size"] = totalSize;
            for (const auto& [name, file] : sorted) weightMap[name] = file;
            index["weight_map"] = weightMap;
            io::writeFileAtomically(tmp / kIndexFile, index.dump(2) + "\n");
        }
        job.progress(++done, total);
        copyCompanions(dir.dir(), tmp);
        job.throwIfCancelled();
        commit(tmp, outDir);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(tmp, ec);
        throw OutputError(outDir.string() + ": " + e.what());
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
}

}  // namespace assay::core::prune::detail
