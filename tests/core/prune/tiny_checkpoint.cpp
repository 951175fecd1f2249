#include "tiny_checkpoint.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <set>

#include "assay/io/chunked_reader.h"
#include "assay/io/safetensors.h"

namespace assay::core::prune::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

const char* dtypeText(io::DType t) {
    return t == io::DType::BF16 ? "bfloat16" : t == io::DType::F16 ? "float16" : "float32";
}

std::string mixtralProj(const std::string& proj) {
    return proj == "gate" ? "w1" : proj == "up" ? "w3" : "w2";
}

std::string shardName(int i, int count) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "model-%05d-of-%05d.safetensors", i + 1, count);
    return buf;
}

std::vector<int> moeLayersOf(const TinySpec& s) {
    std::vector<int> out;
    const std::set<int> dense(s.mlpOnlyLayers.begin(), s.mlpOnlyLayers.end());
    for (int l = 0; l < s.numLayers; ++l) {
        if (s.family == MoeFamily::QwenMoe &&
            (dense.count(l) || (l + 1) % s.decoderSparseStep != 0))
            continue;
        out.push_back(l);
    }
    return out;
}

class Writer {
public:
    Writer(const TinySpec& spec, TinyCheckpoint& out)
        : m_spec(spec), m_out(out), m_rng(spec.seed), m_shards(std::max(1, spec.shards)) {}

    void add(const std::string& name, std::vector<std::int64_t> shape, int shard) {
        std::int64_t numel = 1;
        for (auto s : shape) numel *= s;
        std::uniform_int_distribution<int> pick(-128, 128);
        std::vector<double> values(static_cast<std::size_t>(numel));
        for (auto& v : values) v = pick(m_rng) / 64.0;
        io::TensorToWrite t{name, m_spec.dtype, shape, {}};
        const std::size_t size = io::dtypeSize(m_spec.dtype);
        t.bytes.resize(values.size() * size);
        for (std::size_t i = 0; i < values.size(); ++i)
            encodeValue(values[i], m_spec.dtype, t.bytes.data() + i * size);
        const std::string file =
            m_spec.shards <= 1 ? "model.safetensors" : shardName(shard % m_shards.size(), m_shards.size());
        m_out.values[name] = std::move(values);
        m_out.shapes[name] = shape;
        m_out.shardOf[name] = file;
        m_shards[shard % m_shards.size()].push_back(std::move(t));
    }
    void finish() {
        std::uint64_t total = 0;
        ordered_json weightMap = ordered_json::object();
        for (std::size_t i = 0; i < m_shards.size(); ++i) {
            const std::string file =
                m_spec.shards <= 1 ? "model.safetensors" : shardName(i, m_shards.size());
            io::writeSafetensors(m_out.dir / file, m_shards[i], {{"format", "pt"}});
            for (const auto& t : m_shards[i]) total += t.bytes.size();
        }
        if (m_spec.shards > 1) {
            for (const auto& [name, file] : m_out.shardOf) weightMap[name] = file;
            ordered_json index = {{"metadata", {{"total_size", total}}},
                                  {"weight_map", weightMap}};
            std::ofstream(m_out.dir / "model.safetensors.index.json") << index.dump(2) << "\n";
        }
    }

private:
    const TinySpec& m_spec;
    TinyCheckpoint& m_out;
    std::mt19937_64 m_rng;
    std::vector<std::vector<io::TensorToWrite>> m_shards;
};

}  // namespace

void encodeValue(double v, io::DType dtype, unsigned char* out) {
    const float f = static_cast<float>(v);
    std::uint32_t bits = 0;
    std::memcpy(&bits, &f, 4);
    if (dtype == io::DType::F32) {
        std::memcpy(out, &f, 4);
    } else if (dtype == io::DType::F64) {
        std::memcpy(out, &v, 8);
    } else if (dtype == io::DType::BF16) {
        const auto half = static_cast<std::uint16_t>(bits >> 16);  // exact: ≤ 8 significant bits
        std::memcpy(out, &half, 2);
    } else {  // F16, normal numbers only (|v| ≥ 2^-14; ours are ≥ 1/64 or 0)
        std::uint16_t h = 0;
        if (v != 0) {
            int e = 0;
            const double m = std::frexp(std::fabs(v), &e);  // |v| = m·2^e, m ∈ [0.5, 1)
            const auto mantissa = static_cast<std::uint16_t>(std::lround((2 * m - 1) * 1024));
            h = static_cast<std::uint16_t>(((v < 0) ? 0x8000 : 0) | ((e - 1 + 15) << 10) | mantissa);
        }
        std::memcpy(out, &h, 2);
    }
}

std::vector<double> viewValues(const WeightView& view) {
    std::vector<double> out(static_cast<std::size_t>(view.numel()));
    io::convertElements(static_cast<const unsigned char*>(view.data), view.dtype, 0, view.numel(),
                        out.data());
    return out;
}

std::string tinyRouterName(MoeFamily family, int l) {
    return "model.layers." + std::to_string(l) +
           (family == MoeFamily::Mixtral ? ".block_sparse_moe.gate.weight" : ".mlp.gate.weight");
}

std::string tinyExpertName(MoeFamily family, int l, int j, const std::string& proj) {
    if (family == MoeFamily::Mixtral)
        return "model.layers." + std::to_string(l) + ".block_sparse_moe.experts." +
               std::to_string(j) + "." + mixtralProj(proj) + ".weight";
    return "model.layers." + std::to_string(l) + ".mlp.experts." + std::to_string(j) + "." + proj +
           "_proj.weight";
}

std::string tinySharedName(int l, const std::string& proj) {
    return "model.layers." + std::to_string(l) + ".mlp.shared_expert." + proj + "_proj.weight";
}

std::string tinySharedGateName(int l) {
    return "model.layers." + std::to_string(l) + ".mlp.shared_expert_gate.weight";
}

ordered_json tinyConfig(const TinySpec& s) {
    ordered_json c;
    switch (s.family) {
        case MoeFamily::Mixtral:
            c["architectures"] = {"MixtralForCausalLM"};
            c["model_type"] = "mixtral";
            c["intermediate_size"] = s.expertHidden;
            c["num_local_experts"] = s.numExperts;
            c["router_aux_loss_coef"] = 0.02;
            break;
        case MoeFamily::QwenMoe:
            c["architectures"] = {"Qwen2MoeForCausalLM"};
            c["model_type"] = "qwen2_moe";
            c["intermediate_size"] = 7;  // the dense MLP of mlp_only_layers
            c["moe_intermediate_size"] = s.expertHidden;
            c["shared_expert_intermediate_size"] = s.sharedExpertHidden;
            c["num_experts"] = s.numExperts;
            c["norm_topk_prob"] = s.normTopkProb;
            c["decoder_sparse_step"] = s.decoderSparseStep;
            c["mlp_only_layers"] = s.mlpOnlyLayers;
            break;
        default:
            c["architectures"] = {"OlmoeForCausalLM"};
            c["model_type"] = "olmoe";
            c["intermediate_size"] = s.expertHidden;
            c["num_experts"] = s.numExperts;
            c["norm_topk_prob"] = s.normTopkProb;
            break;
    }
    c["hidden_size"] = s.hidden;
    c["num_hidden_layers"] = s.numLayers;
    c["num_attention_heads"] = 2;
    c["num_key_value_heads"] = 2;
    c["num_experts_per_tok"] = s.topK;
    c["vocab_size"] = s.vocab;
    c["rms_norm_eps"] = 1e-05;
    c["rope_theta"] = 1000000.0;
    c["tie_word_embeddings"] = false;
    c["torch_dtype"] = dtypeText(s.dtype);
    c["transformers_version"] = "4.46.0";
    return c;
}

void writeConfig(const fs::path& dir, const ordered_json& json) {
    std::ofstream(dir / "config.json") << json.dump(2) << "\n";
}

TinyCheckpoint writeTinyCheckpoint(const fs::path& dir, const TinySpec& spec) {
    TinyCheckpoint out;
    out.dir = dir;
    out.spec = spec;
    out.config = tinyConfig(spec);
    out.moeLayers = moeLayersOf(spec);
    fs::create_directories(dir);
    writeConfig(dir, out.config);
    Writer w(spec, out);
    const std::int64_t d = spec.hidden, n = spec.numExperts, f = spec.expertHidden;
    w.add("model.embed_tokens.weight", {spec.vocab, d}, 0);
    const std::set<int> moe(out.moeLayers.begin(), out.moeLayers.end());
    for (int l = 0; l < spec.numLayers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        const int shard = l;  // one decoder layer per shard, round robin
        w.add(p + "input_layernorm.weight", {d}, shard);
        for (const char* proj : {"q_proj", "k_proj", "v_proj", "o_proj"})
            w.add(p + "self_attn." + proj + ".weight", {d, d}, shard);
        if (spec.family == MoeFamily::QwenMoe) w.add(p + "self_attn.q_proj.bias", {d}, shard);
        w.add(p + "post_attention_layernorm.weight", {d}, shard);
        if (!moe.count(l)) {  // a dense Qwen2MoeMLP
            w.add(p + "mlp.gate_proj.weight", {7, d}, shard);
            w.add(p + "mlp.up_proj.weight", {7, d}, shard);
            w.add(p + "mlp.down_proj.weight", {d, 7}, shard);
            continue;
        }
        w.add(tinyRouterName(spec.family, l), {n, d}, shard);
        for (int j = 0; j < spec.numExperts; ++j) {
            w.add(tinyExpertName(spec.family, l, j, "gate"), {f, d}, shard);
            w.add(tinyExpertName(spec.family, l, j, "up"), {f, d}, shard);
            w.add(tinyExpertName(spec.family, l, j, "down"), {d, f}, shard);
        }
        if (spec.family == MoeFamily::QwenMoe && spec.sharedExpertHidden > 0) {
            const std::int64_t fs = spec.sharedExpertHidden;
            w.add(tinySharedName(l, "gate"), {fs, d}, shard);
            w.add(tinySharedName(l, "up"), {fs, d}, shard);
            w.add(tinySharedName(l, "down"), {d, fs}, shard);
            w.add(tinySharedGateName(l), {1, d}, shard);
        }
    }
    w.add("model.norm.weight", {d}, spec.numLayers);
    w.add("lm_head.weight", {spec.vocab, d}, spec.numLayers);
    w.finish();
    return out;
}

}  // namespace assay::core::prune::test
