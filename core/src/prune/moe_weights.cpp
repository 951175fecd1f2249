// Family names, view sizes, and the shape/dtype check every loader of MoE weights runs before
// the engine trusts a pointer (a wrong shape would otherwise read past the memory map).
#include "assay/prune/moe_weights.h"

#include "assay/core/error.h"

namespace assay::core::prune {
namespace {

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

struct Dim {
    const char* symbol;  // "n", "d", "f", "fs", "1"
    std::int64_t value;
};

void checkView(const WeightView& view, Dim rows, Dim cols, const std::string& label) {
    const std::string expected = std::string("[") + rows.symbol + "=" +
                                 std::to_string(rows.value) + ", " + cols.symbol + "=" +
                                 std::to_string(cols.value) + "]";
    if (view.data == nullptr)
        throw InputError(label, view.name, "tensor missing, expected shape " + expected);
    if (view.dtype != io::DType::F32 && view.dtype != io::DType::F16 &&
        view.dtype != io::DType::BF16 && view.dtype != io::DType::F64)
        throw InputError(label, view.name,
                         std::string("has dtype ") + io::dtypeName(view.dtype) +
                             ", expected F32, F16, BF16 or F64");
    if (view.shape.size() != 2 || view.shape[0] != rows.value || view.shape[1] != cols.value)
        throw InputError(label, view.name,
                         "shape " + shapeText(view.shape) + ", expected " + expected +
                             " from config.json");
}

void checkExpert(const ExpertWeights& e, std::int64_t f, const char* fSymbol, std::int64_t d,
                 const std::string& label) {
    checkView(e.gate, {fSymbol, f}, {"d", d}, label);
    checkView(e.up, {fSymbol, f}, {"d", d}, label);
    checkView(e.down, {"d", d}, {fSymbol, f}, label);
}

std::int64_t viewBytes(const WeightView& v) {
    return v.data == nullptr ? 0 : v.numel() * static_cast<std::int64_t>(io::dtypeSize(v.dtype));
}

}  // namespace

const char* familyName(MoeFamily family) {
    switch (family) {
        case MoeFamily::Mixtral:
            return "mixtral";
        case MoeFamily::QwenMoe:
            return "qwen_moe";
        case MoeFamily::Olmoe:
            return "olmoe";
        case MoeFamily::Demo:
            return "demo";
    }
    return "unknown";
}

std::int64_t WeightView::numel() const {
    std::int64_t n = 1;
    for (const std::int64_t s : shape) n *= s;
    return n;
}

std::int64_t MoeLayerWeights::bytes() const {
    std::int64_t total = viewBytes(router);
    for (const ExpertWeights& e : experts)
        total += viewBytes(e.gate) + viewBytes(e.up) + viewBytes(e.down);
    if (hasShared) {
        total += viewBytes(shared.gate) + viewBytes(shared.up) + viewBytes(shared.down);
        total += viewBytes(sharedGate);
    }
    return total;
}

void checkLayerWeights(const MoeLayerWeights& layer, const MoeConfig& config,
                       const std::string& label) {
    const std::int64_t n = config.numExperts, d = config.hidden, f = config.expertHidden;
    checkView(layer.router, {"n", n}, {"d", d}, label);
    if (static_cast<std::int64_t>(layer.experts.size()) != n)
        throw InputError(label, "layer " + std::to_string(layer.layer),
                         "has " + std::to_string(layer.experts.size()) + " experts, expected n=" +
                             std::to_string(n) + " from config.json");
    for (const ExpertWeights& e : layer.experts) checkExpert(e, f, "f", d, label);
    if (layer.hasShared) {
        checkExpert(layer.shared, config.sharedExpertHidden, "fs", d, label);
        checkView(layer.sharedGate, {"1", 1}, {"d", d}, label);
    }
}

}  // namespace assay::core::prune
