// Hidden states (assay/io/hidden_states.h): a TensorFile read in one of two layouts, checked
// once at open so the views can hand the pointers to the engine without further checks.
#include "assay/io/hidden_states.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "assay/core/error.h"

namespace assay::core::io {
namespace {

bool isFloat(DType t) {
    return t == DType::F32 || t == DType::F16 || t == DType::BF16 || t == DType::F64;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// "layers.{l}.<suffix>" → l, or -1 when the name has another form.
int layerOf(const std::string& name, const std::string& suffix) {
    const std::string head = "layers.";
    if (name.size() <= head.size() + suffix.size() + 1 || name.compare(0, head.size(), head) != 0 ||
        name.compare(name.size() - suffix.size() - 1, suffix.size() + 1, "." + suffix) != 0)
        return -1;
    const std::string digits =
        name.substr(head.size(), name.size() - head.size() - suffix.size() - 1);
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != digits.npos)
        return -1;
    return std::stoi(digits);
}

}  // namespace

struct HiddenStates::Impl {
    std::filesystem::path path;
    std::string label;
    TensorFile file;
    std::int64_t tokens = 0, width = 0;
    std::map<int, HiddenMatrix> hidden, target;
    std::vector<std::int64_t> tokenIds;

    explicit Impl(TensorFile f) : file(std::move(f)) {}

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw InputError(label, field, problem);
    }
    void checkFloat(const TensorInfo& t) const {
        if (!isFloat(t.dtype))
            fail(t.name, std::string("has dtype ") + dtypeName(t.dtype) +
                             ", expected a float type (F32, F16, BF16, F64)");
    }
    // Every matrix shares T and d with the first one seen.
    void fixSize(const std::string& name, std::int64_t rows, std::int64_t cols) {
        if (tokens == 0 && width == 0) {
            if (rows < 1 || cols < 1)
                fail(name, "has " + std::to_string(rows) + " tokens of width " +
                               std::to_string(cols) + ", expected at least 1 of each");
            tokens = rows;
            width = cols;
        } else if (rows != tokens || cols != width) {
            fail(name, "has [T=" + std::to_string(rows) + ", d=" + std::to_string(cols) +
                           "], expected [T=" + std::to_string(tokens) +
                           ", d=" + std::to_string(width) + "] like the other layers");
        }
    }
    HiddenMatrix matrix(const TensorInfo& t, std::int64_t offsetBytes) const {
        const std::int64_t rows = t.shape[t.shape.size() - 2], cols = t.shape.back();
        return {t.name, t.dtype, rows, cols, file.rawData(t.name) + offsetBytes};
    }
    void readPerLayer(std::map<int, HiddenMatrix>& into, const std::string& suffix);
    std::vector<int> stackedLayerIndex(std::int64_t count) const;
    void readStacked(std::map<int, HiddenMatrix>& into, const std::string& name,
                     const std::vector<int>& index);
    void readTokenIds();
};

void HiddenStates::Impl::readPerLayer(std::map<int, HiddenMatrix>& into, const std::string& suffix) {
    for (const TensorInfo& t : file.tensors()) {
        const int l = layerOf(t.name, suffix);
        if (l < 0) continue;
        checkFloat(t);
        if (t.shape.size() != 2) fail(t.name, "shape " + shapeText(t.shape) + ", expected [T, d]");
        fixSize(t.name, t.shape[0], t.shape[1]);
        into.emplace(l, matrix(t, 0));
    }
}

std::vector<int> HiddenStates::Impl::stackedLayerIndex(std::int64_t count) const {
    std::vector<std::int64_t> values;
    if (file.find("layer_index") != nullptr) {
        const TensorInfo& t = file.require("layer_index");
        if (!isIntegerOrBool(t.dtype) || t.dtype == DType::Bool)
            fail("layer_index", std::string("has dtype ") + dtypeName(t.dtype) +
                                    ", expected an integer tensor of layer numbers");
        values = file.toInt64("layer_index");
    } else if (const auto it = file.metadata().find("layer_index"); it != file.metadata().end()) {
        const auto doc = nlohmann::json::parse(it->second, nullptr, false);
        if (!doc.is_array())
            fail("__metadata__.layer_index", "is " + it->second + ", expected a JSON list of integers");
        for (const auto& v : doc) {
            if (!v.is_number_integer())
                fail("__metadata__.layer_index", "holds " + v.dump() + ", expected integers");
            values.push_back(v.get<std::int64_t>());
        }
    } else {
        for (std::int64_t i = 0; i < count; ++i) values.push_back(i);
    }
    if (static_cast<std::int64_t>(values.size()) != count)
        fail("layer_index", "names " + std::to_string(values.size()) + " layers, expected L=" +
                                std::to_string(count) + " (hidden's first dimension)");
    std::vector<int> out;
    std::set<std::int64_t> seen;
    for (const std::int64_t v : values) {
        if (v < 0 || v > 1'000'000'000)
            fail("layer_index", "holds " + std::to_string(v) + ", expected layer numbers >= 0");
        if (!seen.insert(v).second) fail("layer_index", "repeats layer " + std::to_string(v));
        out.push_back(static_cast<int>(v));
    }
    return out;
}

void HiddenStates::Impl::readStacked(std::map<int, HiddenMatrix>& into, const std::string& name,
                                     const std::vector<int>& index) {
    const TensorInfo& t = file.require(name);
    checkFloat(t);
    if (t.shape.size() != 3 || t.shape[0] != static_cast<std::int64_t>(index.size()))
        fail(name, "shape " + shapeText(t.shape) + ", expected [L=" + std::to_string(index.size()) +
                       ", T, d]");
    fixSize(name, t.shape[1], t.shape[2]);
    const std::int64_t layerBytes = t.shape[1] * t.shape[2] * static_cast<std::int64_t>(dtypeSize(t.dtype));
    for (std::size_t i = 0; i < index.size(); ++i) {
        HiddenMatrix m = matrix(t, static_cast<std::int64_t>(i) * layerBytes);
        m.name = name + "[" + std::to_string(i) + "] (layer " + std::to_string(index[i]) + ")";
        into.emplace(index[i], m);
    }
}

void HiddenStates::Impl::readTokenIds() {
    const TensorInfo* t = file.find("token_ids");
    if (t == nullptr) return;
    if (!isIntegerOrBool(t->dtype) || t->dtype == DType::Bool)
        fail("token_ids", std::string("has dtype ") + dtypeName(t->dtype) +
                              ", expected an integer type");
    if (t->shape.size() != 1 || t->shape[0] != tokens)
        fail("token_ids", "shape " + shapeText(t->shape) + ", expected [T=" +
                              std::to_string(tokens) + "] (one id per token)");
    tokenIds = file.toInt64("token_ids");
}

HiddenStates::HiddenStates(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HiddenStates::HiddenStates(HiddenStates&&) noexcept = default;
HiddenStates& HiddenStates::operator=(HiddenStates&&) noexcept = default;
HiddenStates::~HiddenStates() = default;

HiddenStates HiddenStates::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>(TensorFile::open(path));
    impl->path = path;
    impl->label = path.filename().string();
    impl->readPerLayer(impl->hidden, "hidden");
    const bool stacked = impl->file.find("hidden") != nullptr;
    if (stacked && !impl->hidden.empty())
        impl->fail("hidden", "found beside layers.{l}.hidden tensors, expected one layout");
    if (stacked) {
        const TensorInfo& h = impl->file.require("hidden");
        const std::int64_t count = h.shape.empty() ? 0 : h.shape[0];
        const std::vector<int> index = impl->stackedLayerIndex(count);
        impl->readStacked(impl->hidden, "hidden", index);
        if (impl->file.find("target") != nullptr)
            impl->readStacked(impl->target, "target", index);
    }
    if (impl->hidden.empty()) {
        std::string names;
        for (const auto& t : impl->file.tensors()) names += (names.empty() ? "" : ", ") + t.name;
        impl->fail("", "no hidden states: expected tensors layers.{l}.hidden [T, d] or hidden "
                       "[L, T, d] (has: " + (names.empty() ? std::string("nothing") : names) + ")");
    }
    impl->readPerLayer(impl->target, "target");
    for (const auto& [l, m] : impl->target)
        if (!impl->hidden.count(l))
            impl->fail(m.name, "a target for layer " + std::to_string(l) +
                                   ", which has no hidden states");
    impl->readTokenIds();
    return HiddenStates(std::move(impl));
}

const std::filesystem::path& HiddenStates::path() const { return m_impl->path; }
std::int64_t HiddenStates::tokens() const { return m_impl->tokens; }
std::int64_t HiddenStates::width() const { return m_impl->width; }
bool HiddenStates::hasLayer(int l) const { return m_impl->hidden.count(l) != 0; }
const std::vector<std::int64_t>& HiddenStates::tokenIds() const { return m_impl->tokenIds; }
const TensorFile& HiddenStates::file() const { return m_impl->file; }

std::vector<int> HiddenStates::layers() const {
    std::vector<int> out;
    for (const auto& [l, m] : m_impl->hidden) out.push_back(l);
    return out;
}

HiddenMatrix HiddenStates::hidden(int l) const {
    const auto it = m_impl->hidden.find(l);
    if (it == m_impl->hidden.end()) {
        std::string list;
        for (const int x : layers()) list += (list.empty() ? "" : ", ") + std::to_string(x);
        m_impl->fail("layer " + std::to_string(l),
                     "no hidden states for this layer (the file has layers " + list + ")");
    }
    return it->second;
}

std::optional<HiddenMatrix> HiddenStates::target(int l) const {
    const auto it = m_impl->target.find(l);
    if (it == m_impl->target.end()) return std::nullopt;
    return it->second;
}

}  // namespace assay::core::io
