// Preference pairs (assay/probes/preference_pairs.h): `chosen` / `rejected` in three layouts,
// kept in the memory map; checked once at open (dtype, matching shapes, N > 0).
#include "assay/probes/preference_pairs.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"

namespace assay::core::probes {

struct PreferencePairs::Impl {
    std::string name;
    std::optional<io::TensorFile> file;
    std::vector<float> owned;  // fromFloats: chosen [L,N,d] then rejected [L,N,d]
    std::vector<int> layers;
    std::vector<io::HiddenMatrix> chosen, rejected;  // by position
    std::int64_t pairs = 0, width = 0;
};

namespace {

bool isFloat(io::DType t) {
    return t == io::DType::F32 || t == io::DType::F16 || t == io::DType::BF16 ||
           t == io::DType::F64;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// "layers.{l}.<suffix>" → l, or −1.
int layerOf(const std::string& name, const std::string& suffix) {
    const std::string head = "layers.", tail = "." + suffix;
    if (name.size() <= head.size() + tail.size() || name.compare(0, head.size(), head) != 0 ||
        name.compare(name.size() - tail.size(), tail.size(), tail) != 0)
        return -1;
    const std::string digits = name.substr(head.size(), name.size() - head.size() - tail.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != digits.npos)
        return -1;
    return std::stoi(digits);
}

// The layer numbers of a stacked file: `layer_index` as a tensor or metadata, else 0..L−1.
std::vector<int> layerIndex(const io::TensorFile& file, const std::string& label,
                            std::int64_t count) {
    std::vector<std::int64_t> values;
    if (const io::TensorInfo* t = file.find("layer_index")) {
        if (!io::isIntegerOrBool(t->dtype) || t->dtype == io::DType::Bool)
            throw InputError(label, "layer_index",
                             std::string("has dtype ") + io::dtypeName(t->dtype) +
                                 ", expected an integer tensor of layer numbers");
        values = file.toInt64("layer_index");
    } else if (const auto it = file.metadata().find("layer_index"); it != file.metadata().end()) {
        const auto doc = nlohmann::json::parse(it->second, nullptr, false);
        if (!doc.is_array())
            throw InputError(label, "__metadata__.layer_index",
                             "is " + it->second + ", expected a JSON list of integers");
        for (const auto& v : doc) {
            if (!v.is_number_integer())
                throw InputError(label, "__metadata__.layer_index",
                                 "holds " + v.dump() + ", expected integers");
            values.push_back(v.get<std::int64_t>());
        }
    } else {
        for (std::int64_t i = 0; i < count; ++i) values.push_back(i);
    }
    if (static_cast<std::int64_t>(values.size()) != count)
        throw InputError(label, "layer_index",
                         "names " + std::to_string(values.size()) +
                             " layers, expected L=" + std::to_string(count));
    std::set<std::int64_t> seen;
    std::vector<int> out;
    for (const std::int64_t v : values) {
        if (v < 0 || v > 1'000'000'000 || !seen.insert(v).second)
            throw InputError(
                label, "layer_index",
                "holds " + std::to_string(v) + ", expected distinct layer numbers >= 0");
        out.push_back(static_cast<int>(v));
    }
    return out;
}

}  // namespace

PreferencePairs::PreferencePairs(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PreferencePairs::PreferencePairs(PreferencePairs&&) noexcept = default;
PreferencePairs& PreferencePairs::operator=(PreferencePairs&&) noexcept = default;
PreferencePairs::~PreferencePairs() = default;

PreferencePairs PreferencePairs::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->name = path.stem().string();
    const std::string label = path.filename().string();
    impl->file.emplace(io::TensorFile::open(path));
    const io::TensorFile& file = *impl->file;
    auto checkFloat = [&](const io::TensorInfo& t) {
        if (!isFloat(t.dtype))
            throw InputError(label, t.name,
                             std::string("has dtype ") + io::dtypeName(t.dtype) +
                                 ", expected a float type (F32, F16, BF16, F64)");
    };
    // Every matrix shares N and d with the first one seen.
    auto fix = [&](const io::TensorInfo& t, std::int64_t rows, std::int64_t cols) {
        if (impl->pairs == 0 && impl->width == 0) {
            if (rows < 1 || cols < 1)
                throw InputError(label, t.name,
                                 "has " + std::to_string(rows) + " pairs of width " +
                                     std::to_string(cols) + ", expected at least 1 of each");
            impl->pairs = rows;
            impl->width = cols;
        } else if (rows != impl->pairs || cols != impl->width) {
            throw InputError(label, t.name,
                             "has [N=" + std::to_string(rows) + ", d=" + std::to_string(cols) +
                                 "], expected [N=" + std::to_string(impl->pairs) +
                                 ", d=" + std::to_string(impl->width) + "] like " +
                                 (impl->chosen.empty() ? "the others" : impl->chosen.front().name));
        }
    };
    auto matrix = [&](const io::TensorInfo& t, std::int64_t layerBytes, std::int64_t i,
                      std::string name) {
        return io::HiddenMatrix{std::move(name), t.dtype, impl->pairs, impl->width,
                                file.rawData(t.name) + i * layerBytes};
    };
    const io::TensorInfo* c = file.find("chosen");
    const io::TensorInfo* r = file.find("rejected");
    if (c != nullptr || r != nullptr) {
        if (c == nullptr || r == nullptr)
            throw InputError(label, c ? "rejected" : "chosen",
                             std::string("missing: the file has `") + (c ? "chosen" : "rejected") +
                                 "`, a pair needs both [N, d] (or [L, N, d])");
        for (const io::TensorInfo* t : {c, r}) {
            checkFloat(*t);
            if (t->shape.size() != 2 && t->shape.size() != 3)
                throw InputError(label, t->name,
                                 "shape " + shapeText(t->shape) + ", expected [N, d] or [L, N, d]");
        }
        if (c->shape != r->shape)
            throw InputError(label, "rejected",
                             "shape " + shapeText(r->shape) + " differs from chosen's " +
                                 shapeText(c->shape) + "; each chosen row needs its rejected row");
        const bool stacked = c->shape.size() == 3;
        const std::int64_t count = stacked ? c->shape[0] : 1;
        const std::vector<int> index = layerIndex(file, label, count);
        fix(*c, c->shape[c->shape.size() - 2], c->shape.back());
        std::vector<std::size_t> order(index.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return index[a] < index[b]; });
        for (const std::size_t i : order) {
            const auto tag = [&](const io::TensorInfo& t) {
                return stacked ? t.name + "[" + std::to_string(i) + "] (layer " +
                                     std::to_string(index[i]) + ")"
                               : t.name;
            };
            impl->layers.push_back(index[i]);
            impl->chosen.push_back(matrix(
                *c, impl->pairs * impl->width * static_cast<std::int64_t>(io::dtypeSize(c->dtype)),
                static_cast<std::int64_t>(i), tag(*c)));
            impl->rejected.push_back(matrix(
                *r, impl->pairs * impl->width * static_cast<std::int64_t>(io::dtypeSize(r->dtype)),
                static_cast<std::int64_t>(i), tag(*r)));
        }
        return PreferencePairs(std::move(impl));
    }
    std::map<int, const io::TensorInfo*> chosen, rejected;
    for (const io::TensorInfo& t : file.tensors()) {
        const int lc = layerOf(t.name, "chosen"), lr = layerOf(t.name, "rejected");
        if (lc < 0 && lr < 0) continue;
        checkFloat(t);
        if (t.shape.size() != 2)
            throw InputError(label, t.name, "shape " + shapeText(t.shape) + ", expected [N, d]");
        fix(t, t.shape[0], t.shape[1]);
        (lc >= 0 ? chosen[lc] : rejected[lr]) = &t;
    }
    if (chosen.empty() && rejected.empty()) {
        std::string names;
        for (const auto& t : file.tensors()) names += (names.empty() ? "" : ", ") + t.name;
        throw InputError(label, "chosen",
                         "missing: expected chosen and rejected [N, d] or [L, N, d], or "
                         "layers.{l}.chosen and layers.{l}.rejected (has: " +
                             (names.empty() ? std::string("nothing") : names) + ")");
    }
    for (const auto& [l, t] : chosen)
        if (!rejected.count(l))
            throw InputError(label, "layers." + std::to_string(l) + ".rejected",
                             "missing: layer " + std::to_string(l) + " has chosen states only");
    for (const auto& [l, t] : rejected) {
        if (!chosen.count(l))
            throw InputError(label, "layers." + std::to_string(l) + ".chosen",
                             "missing: layer " + std::to_string(l) + " has rejected states only");
        impl->layers.push_back(l);
        impl->chosen.push_back(matrix(*chosen[l], 0, 0, chosen[l]->name));
        impl->rejected.push_back(matrix(*t, 0, 0, t->name));
    }
    return PreferencePairs(std::move(impl));
}

PreferencePairs PreferencePairs::fromFloats(std::string name, std::vector<int> layers,
                                            std::int64_t pairs, std::int64_t width,
                                            std::vector<float> chosen,
                                            std::vector<float> rejected) {
    auto impl = std::make_unique<Impl>();
    impl->name = std::move(name);
    const std::set<int> distinct(layers.begin(), layers.end());
    if (layers.empty() || pairs < 1 || width < 1 || distinct.size() != layers.size() ||
        *distinct.begin() < 0)
        throw InputError(impl->name, "chosen",
                         "expected at least one layer (distinct numbers >= 0), pair and column");
    const auto size = static_cast<std::int64_t>(layers.size()) * pairs * width;
    if (static_cast<std::int64_t>(chosen.size()) != size ||
        static_cast<std::int64_t>(rejected.size()) != size)
        throw InputError(impl->name, "chosen",
                         "has " + std::to_string(chosen.size()) + " values and rejected " +
                             std::to_string(rejected.size()) +
                             ", expected L*N*d = " + std::to_string(size) + " each");
    impl->owned = std::move(chosen);
    impl->owned.insert(impl->owned.end(), rejected.begin(), rejected.end());
    impl->pairs = pairs;
    impl->width = width;
    std::vector<std::size_t> order(layers.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return layers[a] < layers[b]; });
    for (const std::size_t i : order) {
        const std::string l = std::to_string(layers[i]);
        const float* c = impl->owned.data() + static_cast<std::int64_t>(i) * pairs * width;
        impl->layers.push_back(layers[i]);
        impl->chosen.push_back({"layers." + l + ".chosen", io::DType::F32, pairs, width, c});
        impl->rejected.push_back(
            {"layers." + l + ".rejected", io::DType::F32, pairs, width, c + size});
    }
    return PreferencePairs(std::move(impl));
}

const std::string& PreferencePairs::name() const { return m_impl->name; }
std::vector<int> PreferencePairs::layers() const { return m_impl->layers; }
int PreferencePairs::layerCount() const { return static_cast<int>(m_impl->layers.size()); }
std::int64_t PreferencePairs::pairs() const { return m_impl->pairs; }
std::int64_t PreferencePairs::width() const { return m_impl->width; }

io::HiddenMatrix PreferencePairs::chosen(int position) const {
    if (position < 0 || position >= layerCount())
        throw ParameterError("layer position", std::to_string(position) + " is outside [0, " +
                                                   std::to_string(layerCount()) + ")");
    return m_impl->chosen[static_cast<std::size_t>(position)];
}

io::HiddenMatrix PreferencePairs::rejected(int position) const {
    if (position < 0 || position >= layerCount())
        throw ParameterError("layer position", std::to_string(position) + " is outside [0, " +
                                                   std::to_string(layerCount()) + ")");
    return m_impl->rejected[static_cast<std::size_t>(position)];
}

}  // namespace assay::core::probes
