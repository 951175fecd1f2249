// Malformed checkpoints: each refused at open or at layer() with a message naming the file,
// the tensor or key, and what was expected.
#include <gtest/gtest.h>

#include <fstream>

#include "assay/core/error.h"
#include "assay/io/safetensors.h"
#include "assay/io/tensor_file.h"
#include "assay/prune/moe_checkpoint.h"
#include "prune_io_test_util.h"
#include "tiny_checkpoint.h"

namespace assay::core::prune {
namespace {

using test::messageOf;
using test::TinySpec;
namespace fs = std::filesystem;

// Rewrites one shard without `drop` and with `replace` substituted (same name).
void rewriteShard(const fs::path& file, const std::string& drop,
                  const io::TensorToWrite* replace = nullptr) {
    std::vector<io::TensorToWrite> kept;
    {
        const io::TensorFile in = io::TensorFile::open(file);
        for (const auto& t : in.tensors()) {
            if (t.name == drop) continue;
            if (replace != nullptr && t.name == replace->name) {
                kept.push_back(*replace);
                continue;
            }
            const unsigned char* p = in.rawData(t.name);
            kept.push_back({t.name, t.dtype, t.shape, {p, p + t.byteLength}});
        }
    }
    io::writeSafetensors(file, kept, {});
}

TEST(CheckpointErrors, MissingConfigJson) {
    test::Scratch dir;
    const auto t = test::writeTinyCheckpoint(dir / "c", TinySpec{});
    fs::remove(t.dir / "config.json");
    const std::string m = messageOf<InputError>([&] { MoeCheckpoint::open(t.dir); });
    EXPECT_NE(m.find("config.json"), std::string::npos) << m;
    EXPECT_NE(m.find("missing"), std::string::npos) << m;
}

TEST(CheckpointErrors, NotAFolderAndNoSafetensors) {
    test::Scratch dir;
    EXPECT_NE(messageOf<InputError>([&] { MoeCheckpoint::open(dir / "nope"); }).find("not a folder"),
              std::string::npos);
    const auto t = test::writeTinyCheckpoint(dir / "c", TinySpec{});
    fs::remove(t.dir / "model.safetensors");
    std::ofstream(t.dir / "pytorch_model.bin") << "x";
    const std::string m = messageOf<InputError>([&] { MoeCheckpoint::open(t.dir); });
    EXPECT_NE(m.find("no model.safetensors or model.safetensors.index.json"), std::string::npos) << m;
    EXPECT_NE(m.find("pytorch_model.bin is not read"), std::string::npos) << m;
}

TEST(CheckpointErrors, UnknownArchitectureListsTheKnownOnes) {
    test::Scratch dir;
    const auto t = test::writeTinyCheckpoint(dir / "c", TinySpec{});
    auto json = t.config;
    json["architectures"] = {"MistralForCausalLM"};
    json["model_type"] = "mistral";
    test::writeConfig(t.dir, json);
    const std::string m = messageOf<InputError>([&] { MoeCheckpoint::open(t.dir); });
    EXPECT_NE(m.find("config.json: architectures: MistralForCausalLM is not a known MoE"),
              std::string::npos)
        << m;
    for (const char* known : {"MixtralForCausalLM", "Qwen2MoeForCausalLM", "OlmoeForCausalLM",
                              "qwen2_moe"})
        EXPECT_NE(m.find(known), std::string::npos) << m;
}

TEST(CheckpointErrors, MissingOrBadKeysAreNamed) {
    test::Scratch dir;
    const auto t = test::writeTinyCheckpoint(dir / "c", TinySpec{MoeFamily::QwenMoe});
    struct Case {
        const char* key;
        nlohmann::ordered_json value;  // null: erase
        const char* expect;
    };
    const Case cases[] = {
        {"num_experts", nullptr, "num_experts: missing, expected an integer >= 1"},
        {"moe_intermediate_size", "six", "moe_intermediate_size: is \"six\", expected an integer"},
        {"num_experts_per_tok", 9, "num_experts_per_tok: is 9, expected at most num_experts = 4"},
        {"norm_topk_prob", 1, "norm_topk_prob: is 1, expected true or false"},
        {"decoder_sparse_step", 0, "decoder_sparse_step: is 0, expected an integer >= 1"},
        {"mlp_only_layers", nlohmann::ordered_json::array({0, 1}),
         "decoder_sparse_step: with mlp_only_layers leaves no MoE layer"},
        {"hidden_size", nullptr, "hidden_size: missing"},
    };
    for (const Case& c : cases) {
        auto json = t.config;
        if (c.value.is_null())
            json.erase(c.key);
        else
            json[c.key] = c.value;
        test::writeConfig(t.dir, json);
        const std::string m = messageOf<InputError>([&] { MoeCheckpoint::open(t.dir); });
        EXPECT_NE(m.find(c.expect), std::string::npos) << c.key << ": " << m;
    }
    std::ofstream(t.dir / "config.json") << "{ not json";
    EXPECT_NE(messageOf<InputError>([&] { MoeCheckpoint::open(t.dir); }).find("not valid JSON"),
              std::string::npos);
}

TEST(CheckpointErrors, MixtralUsesNumLocalExperts) {
    test::Scratch dir;
    const auto t = test::writeTinyCheckpoint(dir / "c", TinySpec{MoeFamily::Mixtral});
    auto json = t.config;
    json.erase("num_local_experts");
    json["num_experts"] = 4;  // the Qwen/OLMoE key does not count for Mixtral
    test::writeConfig(t.dir, json);
    EXPECT_NE(messageOf<InputError>([&] { MoeCheckpoint::open(t.dir); })
                  .find("num_local_experts: missing"),
              std::string::npos);
}

TEST(CheckpointErrors, MissingExpertTensorNamedWithItsShape) {
    test::Scratch dir;
    const auto t = test::writeTinyCheckpoint(dir / "c", TinySpec{MoeFamily::Mixtral});
    const std::string name = test::tinyExpertName(MoeFamily::Mixtral, 1, 2, "up");
    rewriteShard(t.dir / "model.safetensors", name);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);  // headers only: opens
    EXPECT_NO_THROW(ckpt.layer(0));
    const std::string m = messageOf<InputError>([&] { ckpt.layer(1); });
    EXPECT_NE(m.find(name + ": tensor missing, expected shape [f=6, d=8]"), std::string::npos) << m;
}

TEST(CheckpointErrors, ShapeDisagreeingWithConfigJson) {
    test::Scratch dir;
    const auto t = test::writeTinyCheckpoint(dir / "c", TinySpec{MoeFamily::Olmoe});
    const std::string name = test::tinyExpertName(MoeFamily::Olmoe, 0, 1, "down");
    const io::TensorToWrite wrong{name, io::DType::F32, {8, 5}, std::vector<unsigned char>(160)};
    rewriteShard(t.dir / "model.safetensors", "", &wrong);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    const std::string m = messageOf<InputError>([&] { ckpt.layer(0); });
    EXPECT_NE(m.find(name + ": shape [8, 5], expected [d=8, f=6] from config.json"),
              std::string::npos)
        << m;
    const std::string router = test::tinyRouterName(MoeFamily::Olmoe, 1);
    const io::TensorToWrite wrongRouter{router, io::DType::F32, {3, 8}, std::vector<unsigned char>(96)};
    rewriteShard(t.dir / "model.safetensors", "", &wrongRouter);
    const std::string r = messageOf<InputError>([&] { MoeCheckpoint::open(t.dir).layer(1); });
    EXPECT_NE(r.find(router + ": shape [3, 8], expected [n=4, d=8]"), std::string::npos) << r;
    const io::TensorToWrite intRouter{router, io::DType::I32, {4, 8}, std::vector<unsigned char>(128)};
    rewriteShard(t.dir / "model.safetensors", "", &intRouter);
    const std::string i = messageOf<InputError>([&] { MoeCheckpoint::open(t.dir).layer(1); });
    EXPECT_NE(i.find(router + ": has dtype I32, expected F32, F16, BF16 or F64"), std::string::npos)
        << i;
}

TEST(CheckpointErrors, IndexNamingAMissingShardOrATensorTheShardLacks) {
    test::Scratch dir;
    TinySpec s{MoeFamily::QwenMoe};
    s.shards = 2;
    const auto t = test::writeTinyCheckpoint(dir / "c", s);
    const std::string second = "model-00002-of-00002.safetensors";
    fs::rename(t.dir / second, dir / "elsewhere.safetensors");
    const std::string m = messageOf<InputError>([&] { MoeCheckpoint::open(t.dir); });
    EXPECT_NE(m.find("model.safetensors.index.json: weight_map."), std::string::npos) << m;
    EXPECT_NE(m.find("names the shard " + second + ", which is not in"), std::string::npos) << m;
    fs::rename(dir / "elsewhere.safetensors", t.dir / second);
    // Layer 1 lives in the second shard; take one of its experts out of the shard only.
    const std::string name = test::tinyExpertName(MoeFamily::QwenMoe, 1, 0, "gate");
    ASSERT_EQ(t.shardOf.at(name), second);
    rewriteShard(t.dir / second, name);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    const std::string l = messageOf<InputError>([&] { ckpt.layer(1); });
    EXPECT_NE(l.find(second + ": " + name + ": listed in model.safetensors.index.json but not in"),
              std::string::npos)
        << l;
    std::ofstream(t.dir / "model.safetensors.index.json") << R"({"weight_map": {"a": "../x"}})";
    EXPECT_NE(messageOf<InputError>([&] { MoeCheckpoint::open(t.dir); })
                  .find("weight_map.a: is \"../x\", expected the file name of a shard"),
              std::string::npos);
}

TEST(CheckpointErrors, NonMoeLayerListsTheMoeLayers) {
    test::Scratch dir;
    TinySpec s{MoeFamily::QwenMoe};
    s.numLayers = 4;
    s.mlpOnlyLayers = {1};
    const auto t = test::writeTinyCheckpoint(dir / "c", s);
    const MoeCheckpoint ckpt = MoeCheckpoint::open(t.dir);
    const std::string dense = messageOf<InputError>([&] { ckpt.layer(1); });
    EXPECT_NE(dense.find("layer 1: is a dense (non-MoE) decoder layer, expected an MoE layer: 0, 2, 3"),
              std::string::npos)
        << dense;
    const std::string beyond = messageOf<InputError>([&] { ckpt.requireMoeLayer(9); });
    EXPECT_NE(beyond.find("layer 9: is not a decoder layer of this model (4 layers)"),
              std::string::npos)
        << beyond;
    EXPECT_NO_THROW(ckpt.requireMoeLayer(2));
}

TEST(CheckpointErrors, QwenSharedExpertDeclaredButAbsent) {
    test::Scratch dir;
    TinySpec s{MoeFamily::QwenMoe};
    s.sharedExpertHidden = 0;
    const auto t = test::writeTinyCheckpoint(dir / "c", s);
    auto json = t.config;
    json["shared_expert_intermediate_size"] = 5;
    test::writeConfig(t.dir, json);
    const std::string m = messageOf<InputError>([&] { MoeCheckpoint::open(t.dir).layer(0); });
    EXPECT_NE(m.find("model.layers.0.mlp.shared_expert.gate_proj.weight: tensor missing, expected "
                     "shape [fs=5, d=8]"),
              std::string::npos)
        << m;
}

}  // namespace
}  // namespace assay::core::prune
