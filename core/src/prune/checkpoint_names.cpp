// The Hugging Face tensor names of each family's MoE block (transformers' modeling_mixtral,
// modeling_qwen2_moe, modeling_olmoe): the module paths of the PyTorch model, so a checkpoint
// saved by save_pretrained() reads without renaming.
#include "checkpoint_internal.h"

namespace assay::core::prune::detail {
namespace {

const char* projectionName(MoeFamily family, Projection p) {
    if (family == MoeFamily::Mixtral) {
        // MixtralBlockSparseTop2MLP: w2(silu(w1 x) * w3 x).
        switch (p) {
            case Projection::Gate:
                return "w1";
            case Projection::Up:
                return "w3";
            case Projection::Down:
                return "w2";
        }
    }
    switch (p) {
        case Projection::Gate:
            return "gate_proj";
        case Projection::Up:
            return "up_proj";
        case Projection::Down:
            return "down_proj";
    }
    return "";
}

// Digits at s[at...] up to '.', as an int; -1 when none or too long.
int digitsAt(const std::string& s, std::size_t at, std::size_t& end) {
    end = s.find('.', at);
    if (end == std::string::npos || end == at || end - at > 9) return -1;
    for (std::size_t i = at; i < end; ++i)
        if (s[i] < '0' || s[i] > '9') return -1;
    return std::stoi(s.substr(at, end - at));
}

}  // namespace

std::string blockPrefix(MoeFamily family, int l) {
    return "model.layers." + std::to_string(l) +
           (family == MoeFamily::Mixtral ? ".block_sparse_moe." : ".mlp.");
}

std::string routerName(MoeFamily family, int l) { return blockPrefix(family, l) + "gate.weight"; }

std::string expertName(MoeFamily family, int l, int j, Projection p) {
    return blockPrefix(family, l) + "experts." + std::to_string(j) + "." +
           projectionName(family, p) + ".weight";
}

std::string sharedExpertName(int l, Projection p) {
    return blockPrefix(MoeFamily::QwenMoe, l) + "shared_expert." +
           projectionName(MoeFamily::QwenMoe, p) + ".weight";
}

std::string sharedGateName(int l) {
    return blockPrefix(MoeFamily::QwenMoe, l) + "shared_expert_gate.weight";
}

std::optional<ExpertTensorName> parseExpertName(MoeFamily family, const std::string& name) {
    const std::string head = "model.layers.";
    if (name.compare(0, head.size(), head) != 0) return std::nullopt;
    std::size_t end = 0;
    const int l = digitsAt(name, head.size(), end);
    if (l < 0) return std::nullopt;
    const std::string block =
        std::string(family == MoeFamily::Mixtral ? ".block_sparse_moe." : ".mlp.") + "experts.";
    if (name.compare(end, block.size(), block) != 0) return std::nullopt;
    std::size_t end2 = 0;
    const int j = digitsAt(name, end + block.size(), end2);
    if (j < 0 || end2 + 1 >= name.size()) return std::nullopt;
    return ExpertTensorName{l, j, name.substr(end2 + 1)};
}

std::string renamedExpert(MoeFamily family, const ExpertTensorName& parsed, int newIndex) {
    return blockPrefix(family, parsed.layer) + "experts." + std::to_string(newIndex) + "." +
           parsed.rest;
}

}  // namespace assay::core::prune::detail
