// mask.json (format in assay/prune/expert_mask.h): written atomically, read back with an error
// naming the file and the key for anything the mask editor or the exporter could not trust.
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"
#include "assay/prune/expert_mask.h"

namespace assay::core::prune {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
constexpr const char* kFormat = "assay-expert-mask";
constexpr int kVersion = 1;

// ---- writing ---------------------------------------------------------------------------------

ordered_json criterionJson(const LayerMask& layer, int n) {
    ordered_json values = ordered_json::array();
    for (int j = 0; j < n; ++j) {
        const double v =
            static_cast<std::size_t>(j) < layer.criterion.size() ? layer.criterion[j] : NAN;
        if (std::isfinite(v))
            values.push_back(v);
        else
            values.push_back(nullptr);  // JSON has no NaN/inf: "not computed"
    }
    return values;
}

// One key per line and each layer's arrays on one line: readable in a diff, short for n = 64.
std::string maskText(const ExpertMask& mask) {
    std::ostringstream out;
    auto field = [&](const char* key, const ordered_json& value, bool comma = true) {
        out << "  " << json(key).dump() << ": " << value.dump() << (comma ? ",\n" : "\n");
    };
    out << "{\n";
    field("format", kFormat);
    field("version", kVersion);
    field("num_experts", mask.numExperts);
    field("top_k", mask.topK);
    field("criterion", mask.criterion);
    field("variant", mask.variant);
    field("procedure", mask.procedure);
    field("sparsity", std::isfinite(mask.sparsity) ? ordered_json(mask.sparsity) : nullptr);
    out << "  \"layers\": {";
    bool first = true;
    for (const auto& [l, layer] : mask.layers) {
        out << (first ? "\n" : ",\n") << "    " << json(std::to_string(l)).dump() << ": {\n";
        first = false;
        out << "      \"kept\": " << ordered_json(layer.keptIndices()).dump() << ",\n";
        out << "      \"dropped\": " << ordered_json(layer.droppedIndices()).dump() << ",\n";
        out << "      \"drop_order\": " << ordered_json(layer.dropOrder).dump() << ",\n";
        out << "      \"criterion_values\": " << criterionJson(layer, mask.numExperts).dump()
            << "\n    }";
    }
    out << (first ? "}\n" : "\n  }\n") << "}\n";
    return out.str();
}

// ---- reading ---------------------------------------------------------------------------------

struct Reader {
    std::string file;

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw InputError(file, key, problem);
    }
    const json& require(const json& obj, const std::string& key, const std::string& path) const {
        const auto it = obj.find(key);
        if (it == obj.end()) fail(path, "missing");
        return *it;
    }
    int integer(const json& v, const std::string& path) const {
        if (!v.is_number_integer()) fail(path, "is " + v.dump() + ", expected an integer");
        const auto x = v.get<std::int64_t>();
        if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max())
            fail(path, "is " + v.dump() + ", expected a 32-bit integer");
        return static_cast<int>(x);
    }
    std::string optionalString(const json& obj, const std::string& key) const {
        const auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return {};
        if (!it->is_string()) fail(key, "is " + it->dump() + ", expected a string");
        return it->get<std::string>();
    }
    std::vector<int> indices(const json& v, const std::string& path, int n) const {
        if (!v.is_array()) fail(path, "expected an array of expert indices");
        std::vector<int> out;
        std::set<int> seen;
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            const int j = integer(v[i], at);
            if (j < 0 || j >= n)
                fail(at, "expert " + std::to_string(j) + " outside [0, " + std::to_string(n) +
                             ") (num_experts = " + std::to_string(n) + ")");
            if (!seen.insert(j).second) fail(at, "expert " + std::to_string(j) + " repeated");
            out.push_back(j);
        }
        return out;
    }
    int layerIndex(const std::string& key) const {
        if (key.empty() || key.size() > 9 || key.find_first_not_of("0123456789") != key.npos)
            fail("layers." + key, "expected a decoder-layer index (a non-negative integer)");
        return std::stoi(key);
    }
    LayerMask layer(const json& v, const std::string& path, int n, int k) const;
};

LayerMask Reader::layer(const json& v, const std::string& path, int n, int k) const {
    if (!v.is_object()) fail(path, "expected an object with kept and dropped");
    LayerMask out;
    out.kept.assign(static_cast<std::size_t>(n), false);
    const std::vector<int> kept = indices(require(v, "kept", path + ".kept"), path + ".kept", n);
    for (const int j : kept) out.kept[static_cast<std::size_t>(j)] = true;
    std::vector<int> dropped;
    if (v.contains("dropped")) dropped = indices(v["dropped"], path + ".dropped", n);
    for (const int j : dropped)
        if (out.kept[static_cast<std::size_t>(j)])
            fail(path + ".dropped", "expert " + std::to_string(j) + " is also in kept");
    if (v.contains("dropped") && kept.size() + dropped.size() != static_cast<std::size_t>(n))
        fail(path, "kept and dropped together hold " + std::to_string(kept.size() + dropped.size()) +
                       " experts, expected all " + std::to_string(n));
    if (out.keptCount() < k)
        fail(path + ".kept",
             "keeps " + std::to_string(out.keptCount()) + " experts, fewer than top_k = " +
                 std::to_string(k) + " (every token routes to k experts)");
    if (v.contains("drop_order")) {
        out.dropOrder = indices(v["drop_order"], path + ".drop_order", n);
        for (const int j : out.dropOrder)
            if (out.kept[static_cast<std::size_t>(j)])
                fail(path + ".drop_order", "expert " + std::to_string(j) + " is kept");
        if (out.dropOrder.size() != static_cast<std::size_t>(n - out.keptCount()))
            fail(path + ".drop_order", "lists " + std::to_string(out.dropOrder.size()) +
                                           " experts, expected every dropped one (" +
                                           std::to_string(n - out.keptCount()) + ")");
    } else {
        out.dropOrder = out.droppedIndices();
    }
    out.criterion.assign(static_cast<std::size_t>(n), std::numeric_limits<double>::quiet_NaN());
    if (v.contains("criterion_values")) {
        const json& values = v["criterion_values"];
        const std::string at = path + ".criterion_values";
        if (!values.is_array() || values.size() != static_cast<std::size_t>(n))
            fail(at, "expected an array of " + std::to_string(n) + " numbers or nulls");
        for (std::size_t j = 0; j < values.size(); ++j) {
            if (values[j].is_number())
                out.criterion[j] = values[j].get<double>();
            else if (!values[j].is_null())
                fail(at + "[" + std::to_string(j) + "]",
                     "is " + values[j].dump() + ", expected a number or null");
        }
    }
    return out;
}

}  // namespace

void writeExpertMask(const ExpertMask& mask, const std::filesystem::path& path) {
    for (const auto& [l, layer] : mask.layers)
        if (layer.kept.size() != static_cast<std::size_t>(mask.numExperts))
            throw OutputError(path.string() + ": layer " + std::to_string(l) + " has " +
                              std::to_string(layer.kept.size()) + " experts, expected " +
                              std::to_string(mask.numExperts));
    io::writeFileAtomically(path, maskText(mask));
}

ExpertMask readExpertMask(const std::filesystem::path& path) {
    const Reader r{path.string()};
    std::ifstream in(path, std::ios::binary);
    if (!in) r.fail("", "cannot open");
    json doc;
    try {
        doc = json::parse(in);
    } catch (const json::exception& e) {
        r.fail("", std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) r.fail("", "expected a JSON object (an assay-expert-mask)");
    const json& format = r.require(doc, "format", "format");
    if (format != kFormat) r.fail("format", "is " + format.dump() + ", expected \"" + kFormat + "\"");
    const int version = r.integer(r.require(doc, "version", "version"), "version");
    if (version != kVersion)
        r.fail("version", "is " + std::to_string(version) + ", this build reads version 1");
    ExpertMask mask;
    mask.numExperts = r.integer(r.require(doc, "num_experts", "num_experts"), "num_experts");
    if (mask.numExperts < 1) r.fail("num_experts", "expected at least 1");
    mask.topK = r.integer(r.require(doc, "top_k", "top_k"), "top_k");
    if (mask.topK < 1 || mask.topK > mask.numExperts)
        r.fail("top_k", "is " + std::to_string(mask.topK) + ", expected 1.." +
                            std::to_string(mask.numExperts) + " (num_experts)");
    mask.criterion = r.optionalString(doc, "criterion");
    mask.variant = r.optionalString(doc, "variant");
    mask.procedure = r.optionalString(doc, "procedure");
    if (doc.contains("sparsity") && !doc["sparsity"].is_null()) {
        if (!doc["sparsity"].is_number()) r.fail("sparsity", "expected a number");
        mask.sparsity = doc["sparsity"].get<double>();
    }
    const json& layers = r.require(doc, "layers", "layers");
    if (!layers.is_object()) r.fail("layers", "expected an object keyed by decoder-layer index");
    for (const auto& [key, value] : layers.items()) {
        const int l = r.layerIndex(key);
        if (mask.layers.count(l)) r.fail("layers." + key, "layer " + std::to_string(l) + " repeated");
        mask.layers[l] = r.layer(value, "layers." + key, mask.numExperts, mask.topK);
    }
    return mask;
}

}  // namespace assay::core::prune
