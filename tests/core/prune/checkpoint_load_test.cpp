// Tiny checkpoints of each family, written here, load with the config the family's keys say and
// with every weight view equal, element by element, to what was written.
#include <gtest/gtest.h>

#include "assay/prune/moe_checkpoint.h"
#include "prune_io_test_util.h"
#include "tiny_checkpoint.h"

namespace assay::core::prune {
namespace {

using test::TinySpec;

void expectView(const test::TinyCheckpoint& t, const WeightView& v, const std::string& name) {
    EXPECT_EQ(v.name, name);
    EXPECT_EQ(v.dtype, t.spec.dtype) << name;
    ASSERT_EQ(v.shape, t.shapes.at(name)) << name;
    const std::vector<double> got = test::viewValues(v);
    const std::vector<double>& want = t.value(name);
    ASSERT_EQ(got.size(), want.size()) << name;
    for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], want[i]) << name << " [" << i << "]";
}

void expectLoads(const TinySpec& spec) {
    test::Scratch dir;
    const test::TinyCheckpoint t = test::writeTinyCheckpoint(dir / "ckpt", spec);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    const MoeConfig& c = ckpt.config();
    EXPECT_EQ(c.family, spec.family);
    EXPECT_EQ(c.numLayers, spec.numLayers);
    EXPECT_EQ(c.moeLayers, t.moeLayers);
    EXPECT_EQ(c.hidden, spec.hidden);
    EXPECT_EQ(c.numExperts, spec.numExperts);
    EXPECT_EQ(c.topK, spec.topK);
    EXPECT_EQ(c.expertHidden, spec.expertHidden);
    EXPECT_EQ(c.normTopkProb, spec.family == MoeFamily::Mixtral ? true : spec.normTopkProb);
    EXPECT_EQ(c.sharedExpertHidden, spec.family == MoeFamily::QwenMoe ? spec.sharedExpertHidden : 0);
    EXPECT_EQ(c.architecture, t.config["architectures"][0].get<std::string>());
    std::size_t expectedFiles = 1 + static_cast<std::size_t>(spec.shards) + (spec.shards > 1 ? 1 : 0);
    EXPECT_EQ(ckpt.files().size(), expectedFiles);
    for (const int l : t.moeLayers) {
        const MoeLayerWeights w = ckpt.layer(l);
        EXPECT_EQ(w.layer, l);
        expectView(t, w.router, test::tinyRouterName(spec.family, l));
        ASSERT_EQ(w.experts.size(), static_cast<std::size_t>(spec.numExperts));
        for (int j = 0; j < spec.numExperts; ++j) {
            expectView(t, w.experts[j].gate, test::tinyExpertName(spec.family, l, j, "gate"));
            expectView(t, w.experts[j].up, test::tinyExpertName(spec.family, l, j, "up"));
            expectView(t, w.experts[j].down, test::tinyExpertName(spec.family, l, j, "down"));
        }
        const bool shared = spec.family == MoeFamily::QwenMoe && spec.sharedExpertHidden > 0;
        EXPECT_EQ(w.hasShared, shared);
        std::int64_t bytes = spec.numExperts * 3 * spec.expertHidden + spec.numExperts;
        if (shared) {
            expectView(t, w.shared.gate, test::tinySharedName(l, "gate"));
            expectView(t, w.shared.up, test::tinySharedName(l, "up"));
            expectView(t, w.shared.down, test::tinySharedName(l, "down"));
            expectView(t, w.sharedGate, test::tinySharedGateName(l));
            bytes += 3 * spec.sharedExpertHidden + 1;
        }
        EXPECT_EQ(w.bytes(), bytes * spec.hidden * static_cast<std::int64_t>(io::dtypeSize(spec.dtype)));
    }
}

TEST(CheckpointLoad, MixtralSingleFileF32) { expectLoads({MoeFamily::Mixtral}); }

TEST(CheckpointLoad, MixtralShardedBf16) {
    TinySpec s{MoeFamily::Mixtral};
    s.dtype = io::DType::BF16;
    s.shards = 2;
    s.numLayers = 3;
    expectLoads(s);
}

TEST(CheckpointLoad, QwenMoeShardedBf16WithSharedExpertAndDenseLayers) {
    TinySpec s{MoeFamily::QwenMoe};
    s.dtype = io::DType::BF16;
    s.shards = 3;
    s.numLayers = 6;
    s.decoderSparseStep = 2;  // layers 1, 3, 5 ...
    s.mlpOnlyLayers = {3};    // ... but not 3
    s.normTopkProb = false;
    expectLoads(s);
}

TEST(CheckpointLoad, QwenMoeWithoutSharedExpertF32) {
    TinySpec s{MoeFamily::QwenMoe};
    s.sharedExpertHidden = 0;
    expectLoads(s);
}

TEST(CheckpointLoad, OlmoeSingleFileF16AndShardedF32) {
    TinySpec s{MoeFamily::Olmoe};
    s.dtype = io::DType::F16;
    s.numExperts = 8;
    s.topK = 3;
    s.normTopkProb = false;
    expectLoads(s);
    s.dtype = io::DType::F32;
    s.shards = 2;
    expectLoads(s);
}

TEST(CheckpointLoad, QwenMoeLayersFollowSparseStepAndMlpOnlyLayers) {
    // Qwen2MoeDecoderLayer: MoE when l ∉ mlp_only_layers and (l + 1) % decoder_sparse_step == 0.
    TinySpec s{MoeFamily::QwenMoe};
    s.numLayers = 7;
    s.decoderSparseStep = 3;
    s.mlpOnlyLayers = {5};
    test::Scratch dir;
    const auto t = test::writeTinyCheckpoint(dir / "q", s);
    EXPECT_EQ(MoeCheckpoint::open(t.dir).config().moeLayers, (std::vector<int>{2}));
    s.decoderSparseStep = 1;
    s.mlpOnlyLayers = {0, 4};
    const auto u = test::writeTinyCheckpoint(dir / "q2", s);
    EXPECT_EQ(MoeCheckpoint::open(u.dir).config().moeLayers, (std::vector<int>{1, 2, 3, 5, 6}));
}

TEST(CheckpointLoad, ModelTypeAloneNamesTheFamilyAndKeyDefaultsApply) {
    test::Scratch dir;
    TinySpec s{MoeFamily::Olmoe};
    const auto t = test::writeTinyCheckpoint(dir / "o", s);
    auto json = t.config;
    json.erase("architectures");
    json.erase("norm_topk_prob");  // OlmoeConfig's default: false
    test::writeConfig(t.dir, json);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    EXPECT_EQ(ckpt.config().family, MoeFamily::Olmoe);
    EXPECT_EQ(ckpt.config().architecture, "olmoe");
    EXPECT_FALSE(ckpt.config().normTopkProb);
}

TEST(CheckpointLoad, QwenSharedExpertSizeReadFromTheTensorsWhenTheKeyIsAbsent) {
    test::Scratch dir;
    TinySpec s{MoeFamily::QwenMoe};
    s.sharedExpertHidden = 3;
    const auto t = test::writeTinyCheckpoint(dir / "q", s);
    auto json = t.config;
    json.erase("shared_expert_intermediate_size");
    test::writeConfig(t.dir, json);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    EXPECT_EQ(ckpt.config().sharedExpertHidden, 3);
    EXPECT_TRUE(ckpt.layer(0).hasShared);
}

TEST(CheckpointLoad, ViewsStayValidAfterTheHandleMoves) {
    test::Scratch dir;
    TinySpec s{MoeFamily::Mixtral};
    s.shards = 2;
    const auto t = test::writeTinyCheckpoint(dir / "m", s);
    MoeCheckpoint a = MoeCheckpoint::open(t.dir);
    const MoeLayerWeights w = a.layer(1);
    MoeCheckpoint b = std::move(a);
    EXPECT_EQ(test::viewValues(w.experts[3].down),
              t.value(test::tinyExpertName(MoeFamily::Mixtral, 1, 3, "down")));
    EXPECT_EQ(b.layer(1).experts[3].down.data, w.experts[3].down.data);  // no copy, same map
}

}  // namespace
}  // namespace assay::core::prune
