#include "windows_outputs.h"

#include <cmath>
#include <cstring>

namespace assay::app {
namespace {

namespace tk = core::tokens;
using nlohmann::json;

json nullable(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

core::io::TensorToWrite floats(std::string name, const std::vector<float>& v,
                               std::vector<std::int64_t> shape) {
    core::io::TensorToWrite t;
    t.name = std::move(name);
    t.dtype = core::io::DType::F32;
    t.shape = std::move(shape);
    t.bytes.resize(v.size() * sizeof(float));
    if (!v.empty()) std::memcpy(t.bytes.data(), v.data(), t.bytes.size());  // little endian host
    return t;
}

}  // namespace

void WindowsOutputs::add(const tk::ImageAnalysis& a) {
    if (cells.empty()) {
        for (const tk::MethodResult& r : a.results) {
            WindowsCell c;
            c.method = r.method;
            c.out = r.out;
            c.unavailable = r.unavailable;
            c.tokens = r.reduction.tokenCount;
            c.tokenDim = r.reduction.tokenDim;
            cells.push_back(std::move(c));
        }
        wicoPlusOut = a.wicoPlusOut;
    }
    ++images;
    wicoPlusCosine.insert(wicoPlusCosine.end(), a.wicoPlusCosine.begin(), a.wicoPlusCosine.end());
    for (std::size_t i = 0; i < a.results.size(); ++i) {
        const tk::MethodResult& r = a.results[i];
        WindowsCell& c = cells[i];
        if (!r.unavailable.empty()) continue;
        const tk::TokenReduction& red = r.reduction;
        c.tokenData.insert(c.tokenData.end(), red.tokens.begin(), red.tokens.end());
        c.similarity.insert(c.similarity.end(), red.similarity.begin(), red.similarity.end());
        c.source.insert(c.source.end(), red.source.begin(), red.source.end());
        c.error.insert(c.error.end(), r.error.begin(), r.error.end());
        for (int t = 0; t < red.tokenCount; ++t) {
            if (red.members[std::size_t(t)].size() < 2) {
                ++c.singletons;
                continue;
            }
            c.similaritySum += red.similarity[std::size_t(t)];
            ++c.groups;
        }
    }
}

json WindowsOutputs::summary() const {
    json methods = json::array();
    for (const WindowsCell& c : cells) {
        json m = {{"method", tk::reductionMethodName(c.method)},
                  {"out_grid", tk::gridSizeText(c.out)}};
        if (prefixed)
            m["prefix"] = std::string(tk::reductionMethodName(c.method)) + "." +
                          std::to_string(c.out.patches());
        if (!c.unavailable.empty()) {
            m["unavailable"] = c.unavailable;
            methods.push_back(m);
            continue;
        }
        double errorSum = 0;
        for (double e : c.error) errorSum += e;
        m.update({{"tokens", c.tokens},
                  {"token_dim", c.tokenDim},
                  {"mean_similarity",
                   nullable(c.groups > 0 ? c.similaritySum / double(c.groups) : std::nan(""))},
                  {"groups", c.groups},
                  {"singletons", c.singletons},
                  {"mean_error", errorSum / double(c.error.size())}});
        methods.push_back(m);
    }
    double cosSum = 0;
    for (double x : wicoPlusCosine) cosSum += x;
    return {{"grid", tk::gridSizeText(grid)},
            {"dim", dim},
            {"images", images},
            {"batch", batch},
            {"methods", methods},
            {"wico_plus",
             {{"out_grid", tk::gridSizeText(wicoPlusOut)},
              {"mean_cosine", cosSum / double(wicoPlusCosine.size())}}}};
}

std::vector<core::io::TensorToWrite> WindowsOutputs::tensors() const {
    std::vector<core::io::TensorToWrite> t;
    const std::int64_t P = grid.patches();
    for (const WindowsCell& c : cells) {
        if (!c.unavailable.empty()) continue;
        const std::string prefix = prefixed ? std::string(tk::reductionMethodName(c.method)) + "." +
                                                  std::to_string(c.out.patches()) + "."
                                            : std::string();
        auto shape = [&](std::vector<std::int64_t> s) {
            if (batch) s.insert(s.begin(), images);
            return s;
        };
        t.push_back(floats(prefix + "tokens", c.tokenData, shape({c.tokens, c.tokenDim})));
        t.push_back(
            core::io::tensorFromDoubles(prefix + "similarity", c.similarity, shape({c.tokens})));
        t.push_back(core::io::tensorFromInt64(prefix + "source", c.source, shape({P})));
        t.push_back(core::io::tensorFromDoubles(prefix + "error", c.error, shape({P})));
    }
    return t;
}

json budgetJson(tk::GridSize grid, const tk::LlmShape& llm) {
    json rows = json::array();
    for (const tk::BudgetRow& r : tk::budgetTable(grid, llm))
        rows.push_back({{"visual_tokens", r.visualTokens},
                        {"prefill_flops", r.prefillFlops},
                        {"kv_cache_bytes", r.kvCacheBytes},
                        {"flops_share", r.flopsShare}});
    return {{"estimate",
             "prefill FLOPs ~ 2*P*t + 4*L*t^2*d, KV-cache bytes = "
             "2*L*t*d*b*(kv_heads/heads): an ESTIMATE"},
            {"llm",
             {{"parameters", llm.parameters},
              {"layers", llm.layers},
              {"width", llm.width},
              {"bytes_per_element", llm.bytesPerElement},
              {"heads", llm.heads},
              {"kv_heads", llm.kvHeads},
              {"text_tokens", llm.textTokens}}},
            {"rows", rows}};
}

json batchJson(const tk::BatchStatistics& s) {
    json sim = json::array();
    for (const tk::SimilarityDistribution& d : s.similarity)
        sim.push_back({{"method", tk::reductionMethodName(d.method)},
                       {"out_grid", tk::gridSizeText(d.out)},
                       {"groups", d.values.size()},
                       {"singletons", d.singletons},
                       {"mean", nullable(d.mean)}});
    // One decoder per method, at the first budget: the distributions are method-major, so
    // method i's first budget is entry i · budgets.
    json decoders = json::array();
    const std::size_t budgets = s.decoders.empty() ? 0 : s.similarity.size() / s.decoders.size();
    for (std::size_t i = 0; i < s.decoders.size(); ++i) {
        const tk::DecoderResult& d = s.decoders[i];
        json j = d.unavailable.empty() ? json{{"mean_error", d.meanError}}
                                       : json{{"unavailable", d.unavailable}};
        const tk::SimilarityDistribution& at = s.similarity[i * budgets];
        j["method"] = tk::reductionMethodName(at.method);
        j["out_grid"] = tk::gridSizeText(at.out);
        decoders.push_back(j);
    }
    return {{"images", s.images}, {"similarity", sim}, {"decoder", decoders}};
}

}  // namespace assay::app
