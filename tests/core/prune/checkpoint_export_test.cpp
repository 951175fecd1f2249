// exportPruned: the pruned folder reloads through MoeCheckpoint with the kept experts re-indexed
// in ascending order, the router rows of the kept experts, the expert count updated, every
// other tensor and config key unchanged, the same sharding; refusals leave nothing behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"
#include "assay/prune/moe_checkpoint.h"
#include "prune_io_test_util.h"
#include "tiny_checkpoint.h"

namespace assay::core::prune {
namespace {

using test::messageOf;
using test::TinySpec;
namespace fs = std::filesystem;
using nlohmann::ordered_json;

ordered_json readJson(const fs::path& p) {
    std::ifstream in(p);
    return ordered_json::parse(in);
}

ExpertMask maskKeeping(const test::TinyCheckpoint& t, const std::map<int, std::vector<int>>& kept) {
    ExpertMask mask;
    mask.numExperts = t.spec.numExperts;
    mask.topK = t.spec.topK;
    for (const auto& [l, experts] : kept) {
        LayerMask& layer = mask.layers[l];
        layer.kept.assign(t.spec.numExperts, false);
        for (const int j : experts) layer.kept[j] = true;
    }
    return mask;
}

// Bytes of a tensor wherever it lies in the folder (through the index when sharded).
std::string tensorBytes(const fs::path& dir, const std::string& name) {
    fs::path file = dir / "model.safetensors";
    if (fs::exists(dir / "model.safetensors.index.json"))
        file = dir / readJson(dir / "model.safetensors.index.json")["weight_map"][name].get<std::string>();
    const io::TensorFile f = io::TensorFile::open(file);
    const auto& info = f.require(name);
    return std::string(reinterpret_cast<const char*>(f.rawData(name)), info.byteLength);
}

void expectRoundTrip(const TinySpec& spec, const std::map<int, std::vector<int>>& kept) {
    test::Scratch dir;
    const test::TinyCheckpoint t = test::writeTinyCheckpoint(dir / "in", spec);
    std::ofstream(t.dir / "tokenizer.json") << "{\"version\": \"1.0\"}";
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    const fs::path out = dir / "out" / "checkpoint";
    ckpt.exportPruned(maskKeeping(t, kept), out);

    const int m = static_cast<int>(kept.begin()->second.size());
    const MoeCheckpoint pruned = MoeCheckpoint::open(out);
    EXPECT_EQ(pruned.config().numExperts, m);
    EXPECT_EQ(pruned.config().moeLayers, t.moeLayers);
    // config.json: only the expert count changed, keys in the same order.
    ordered_json expected = t.config;
    expected[spec.family == MoeFamily::Mixtral ? "num_local_experts" : "num_experts"] = m;
    EXPECT_EQ(readJson(out / "config.json").dump(), expected.dump());
    for (const int l : t.moeLayers) {
        const MoeLayerWeights w = pruned.layer(l);
        const std::vector<double> router = test::viewValues(w.router);
        const auto& original = t.value(test::tinyRouterName(spec.family, l));
        std::vector<int> keep = kept.at(l);
        std::sort(keep.begin(), keep.end());  // re-indexed in ascending order of the old index
        ASSERT_EQ(keep.size(), static_cast<std::size_t>(m));
        for (int i = 0; i < m; ++i) {
            for (int c = 0; c < spec.hidden; ++c)
                ASSERT_EQ(router[i * spec.hidden + c], original[keep[i] * spec.hidden + c]);
            for (const char* proj : {"gate", "up", "down"}) {
                const WeightView& v = std::string(proj) == "gate" ? w.experts[i].gate
                                      : std::string(proj) == "up" ? w.experts[i].up
                                                                  : w.experts[i].down;
                EXPECT_EQ(test::viewValues(v), t.value(test::tinyExpertName(spec.family, l, keep[i], proj)))
                    << "layer " << l << " new expert " << i << " " << proj;
            }
        }
    }
    // Everything that is not an expert or a router is byte-equal.
    std::size_t others = 0;
    for (const auto& [name, values] : t.values) {
        if (name.find(".experts.") != std::string::npos ||
            name.find(".gate.weight") != std::string::npos)
            continue;
        EXPECT_EQ(tensorBytes(out, name), tensorBytes(t.dir, name)) << name;
        ++others;
    }
    EXPECT_GT(others, 10u);
    EXPECT_TRUE(fs::exists(out / "tokenizer.json"));
    // Same sharding: the same shard names, the index rewritten with the total size.
    if (spec.shards > 1) {
        const ordered_json index = readJson(out / "model.safetensors.index.json");
        std::uint64_t total = 0;
        std::set<std::string> shards;
        for (const auto& [name, file] : index["weight_map"].items()) {
            shards.insert(file.get<std::string>());
            total += tensorBytes(out, name).size();
            if (const auto original = t.shardOf.find(name);
                original != t.shardOf.end() && name.find(".experts.") == std::string::npos)
                EXPECT_EQ(file.get<std::string>(), original->second) << name;
        }
        EXPECT_EQ(index["metadata"]["total_size"].get<std::uint64_t>(), total);
        std::set<std::string> originalShards;
        for (const auto& [name, file] : t.shardOf) originalShards.insert(file);
        EXPECT_EQ(shards, originalShards);
        EXPECT_FALSE(fs::exists(out / "model.safetensors"));
    } else {
        EXPECT_FALSE(fs::exists(out / "model.safetensors.index.json"));
    }
    // Nothing but the checkpoint in the parent (no temporary folder left).
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(dir / "out")) entries += e.path() == out ? 0 : 1;
    EXPECT_EQ(entries, 0u);
}

TEST(CheckpointExport, MixtralSingleFileF32) {
    expectRoundTrip(TinySpec{MoeFamily::Mixtral}, {{0, {0, 2}}, {1, {1, 3}}});
}

TEST(CheckpointExport, QwenShardedBf16KeepsSharedExpertAndDenseLayers) {
    TinySpec s{MoeFamily::QwenMoe};
    s.dtype = io::DType::BF16;
    s.shards = 3;
    s.numLayers = 4;
    s.numExperts = 6;
    s.mlpOnlyLayers = {2};
    expectRoundTrip(s, {{0, {1, 2, 5}}, {1, {0, 3, 4}}, {3, {0, 1, 2}}});
}

TEST(CheckpointExport, OlmoeShardedF16) {
    TinySpec s{MoeFamily::Olmoe};
    s.dtype = io::DType::F16;
    s.shards = 2;
    expectRoundTrip(s, {{0, {3, 1, 2}}, {1, {0, 1, 2}}});  // kept given in any order: ascending
}

TEST(CheckpointExport, RefusesNonUniformCountsFewerThanKAndForeignLayers) {
    test::Scratch dir;
    TinySpec s{MoeFamily::Mixtral};
    s.numLayers = 3;
    const auto t = test::writeTinyCheckpoint(dir / "in", s);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    const fs::path out = dir / "out";
    const std::string uneven = messageOf<ParameterError>(
        [&] { ckpt.exportPruned(maskKeeping(t, {{0, {0, 1, 2}}, {1, {0, 1}}, {2, {0, 1}}}), out); });
    EXPECT_NE(uneven.find("Hugging Face configs hold one expert count for every layer"),
              std::string::npos)
        << uneven;
    EXPECT_NE(uneven.find("num_local_experts"), std::string::npos) << uneven;
    // A layer absent from the mask keeps all 4.
    const std::string absent =
        messageOf<ParameterError>([&] { ckpt.exportPruned(maskKeeping(t, {{0, {0, 1}}}), out); });
    EXPECT_NE(absent.find("layers absent from the mask keep all 4"), std::string::npos) << absent;
    ExpertMask few = maskKeeping(t, {{0, {0}}, {1, {1}}, {2, {2}}});
    const std::string k = messageOf<ParameterError>([&] { ckpt.exportPruned(few, out); });
    EXPECT_NE(k.find("fewer than num_experts_per_tok = 2"), std::string::npos) << k;
    const std::string foreign = messageOf<ParameterError>(
        [&] { ckpt.exportPruned(maskKeeping(t, {{7, {0, 1}}}), out); });
    EXPECT_NE(foreign.find("layer 7 is not an MoE layer of the checkpoint (MoE layers: 0, 1, 2)"),
              std::string::npos)
        << foreign;
    ExpertMask wrongN = ExpertMask::full(8, 2, {0});
    EXPECT_NE(messageOf<ParameterError>([&] { ckpt.exportPruned(wrongN, out); })
                  .find("num_experts is 8, the checkpoint has 4"),
              std::string::npos);
    EXPECT_THROW(ckpt.exportPruned(ExpertMask::full(4, 2, {}), t.dir), ParameterError);
    EXPECT_FALSE(fs::exists(out));
    for (const auto& e : fs::directory_iterator(dir.path()))
        EXPECT_EQ(e.path().filename(), "in") << e.path();
}

class CancelAfter : public JobContext {
public:
    explicit CancelAfter(std::int64_t n) : m_n(n) {}
    std::int64_t last = 0, total = 0;

protected:
    void onProgress(std::int64_t done, std::int64_t t) override {
        last = done;
        total = t;
        if (done >= m_n) cancel();
    }

private:
    std::int64_t m_n;
};

TEST(CheckpointExport, ProgressPerTensorAndCancelLeavesNothing) {
    test::Scratch dir;
    TinySpec s{MoeFamily::Olmoe};
    s.shards = 2;
    const auto t = test::writeTinyCheckpoint(dir / "in", s);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    CancelAfter all(1 << 30);
    ckpt.exportPruned(maskKeeping(t, {{0, {0, 1}}, {1, {2, 3}}}), dir / "full", all);
    // Tensors written: all but 2 experts × 3 projections × 2 layers, plus config and index.
    EXPECT_EQ(all.total, static_cast<std::int64_t>(t.values.size()) - 12 + 2);
    EXPECT_EQ(all.last, all.total);
    CancelAfter early(5);
    EXPECT_THROW(ckpt.exportPruned(maskKeeping(t, {{0, {0, 1}}, {1, {2, 3}}}), dir / "cut", early),
                 JobCancelled);
    EXPECT_FALSE(fs::exists(dir / "cut"));
    for (const auto& e : fs::directory_iterator(dir.path()))
        EXPECT_TRUE(e.path().filename() == "in" || e.path().filename() == "full") << e.path();
}

TEST(CheckpointExport, IntoAnExistingFolderReplacesTheOldCheckpointFiles) {
    test::Scratch dir;
    TinySpec s{MoeFamily::Mixtral};
    s.shards = 2;
    const auto sharded = test::writeTinyCheckpoint(dir / "sharded", s);
    s.shards = 1;
    const auto single = test::writeTinyCheckpoint(dir / "single", s);
    const fs::path out = dir / "out";
    MoeCheckpoint::open(sharded.dir).exportPruned(maskKeeping(sharded, {{0, {0, 1}}, {1, {0, 1}}}), out);
    std::ofstream(out / "notes.txt") << "mine";
    MoeCheckpoint::open(single.dir).exportPruned(maskKeeping(single, {{0, {2, 3}}, {1, {2, 3}}}), out);
    EXPECT_FALSE(fs::exists(out / "model.safetensors.index.json"));  // would shadow the new file
    EXPECT_TRUE(fs::exists(out / "notes.txt"));
    const MoeCheckpoint reread = MoeCheckpoint::open(out);
    EXPECT_EQ(test::viewValues(reread.layer(0).experts[0].gate),
              single.value(test::tinyExpertName(MoeFamily::Mixtral, 0, 2, "gate")));
}

}  // namespace
}  // namespace assay::core::prune
