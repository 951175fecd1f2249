// Labelled hidden states (assay/probes/probe_dataset.h): io::HiddenStates for the matrices (one
// loader for the Pruning and Probes views) plus the label / split / group vectors, checked once
// at open so that training never meets a malformed label.
#include "assay/probes/probe_dataset.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"
#include "row_finite.h"

namespace assay::core::probes {

struct ProbeDataset::Impl {
    std::string name;   // as given (the path), for name()
    std::string label;  // in messages: the file name, as io::HiddenStates says it
    std::optional<io::HiddenStates> states;  // open(): the file, kept mapped
    std::vector<float> owned;                // fromFloats(): [L, N, d]
    std::vector<int> layers;
    std::vector<io::HiddenMatrix> matrices;  // by position
    std::int64_t items = 0, width = 0;
    std::vector<std::uint8_t> labels;
    std::optional<std::vector<std::uint8_t>> split;
    std::optional<std::vector<std::int64_t>> groups;
    // Per layer, once scanned: the rows holding NaN or inf (usually none), so that the view's
    // repeated training reads a layer's finiteness once.
    mutable std::mutex scanMutex;
    mutable std::vector<std::optional<std::set<std::int64_t>>> badRows;

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw InputError(label, field, problem);
    }
    void checkLabels() const;
};

namespace {

// A [N] vector of 0/1 values named `field` (integer, bool, or float holding exactly 0 and 1,
// as NumPy users often save labels).
std::vector<std::int64_t> vectorOf(const io::TensorFile& file, const std::string& label,
                                   const std::string& field, std::int64_t n) {
    const io::TensorInfo& t = file.require(field);
    if (t.shape.size() != 1 || t.shape[0] != n) {
        std::string shape = "[";
        for (std::size_t i = 0; i < t.shape.size(); ++i)
            shape += (i ? ", " : "") + std::to_string(t.shape[i]);
        throw InputError(label, field,
                         "shape " + shape + "], expected [N=" + std::to_string(n) +
                             "] (one value per row of the hidden states)");
    }
    if (io::isIntegerOrBool(t.dtype)) return file.toInt64(field);
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(n));
    const std::vector<double> values = file.toDoubles(field);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!(v == static_cast<double>(static_cast<std::int64_t>(v))) || std::abs(v) > 9e15)
            throw InputError(label, field,
                             "row " + std::to_string(i) + " is " + std::to_string(v) +
                                 ", expected whole numbers (store it as an integer tensor)");
        out.push_back(static_cast<std::int64_t>(v));
    }
    return out;
}

std::vector<std::uint8_t> zeroOne(const std::string& label, const std::string& field,
                                  const std::vector<std::int64_t>& values,
                                  const std::string& meaning) {
    std::vector<std::uint8_t> out;
    out.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] != 0 && values[i] != 1)
            throw InputError(
                label, field,
                "row " + std::to_string(i) + " is " + std::to_string(values[i]) + "; " + meaning);
        out.push_back(static_cast<std::uint8_t>(values[i]));
    }
    return out;
}

const char* kLabelMeaning = "labels are 1 = hallucinated, 0 = real";
const char* kSplitMeaning = "split values are 0 = train, 1 = test";

}  // namespace

void ProbeDataset::Impl::checkLabels() const {
    std::int64_t positives = 0;
    for (const std::uint8_t v : labels) positives += v;
    const std::int64_t n = static_cast<std::int64_t>(labels.size());
    if (positives == 0) fail("label", "no row is 1 (hallucinated); a probe needs both classes");
    if (positives == n) fail("label", "no row is 0 (real); a probe needs both classes");
    if (split) {
        // counts[part][label]
        std::int64_t counts[2][2] = {{0, 0}, {0, 0}};
        for (std::size_t i = 0; i < labels.size(); ++i) ++counts[(*split)[i]][labels[i]];
        for (int part = 0; part < 2; ++part) {
            if (counts[part][0] > 0 && counts[part][1] > 0) continue;
            fail("split", std::string("the ") + (part ? "test" : "train") + " part has " +
                              std::to_string(counts[part][1]) + " hallucinated and " +
                              std::to_string(counts[part][0]) +
                              " real rows; each part needs both classes");
        }
    }
}

ProbeDataset::ProbeDataset(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {
    m_impl->badRows.resize(m_impl->matrices.size());
}
ProbeDataset::ProbeDataset(ProbeDataset&&) noexcept = default;
ProbeDataset& ProbeDataset::operator=(ProbeDataset&&) noexcept = default;
ProbeDataset::~ProbeDataset() = default;

ProbeDataset ProbeDataset::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->name = path.string();
    const std::string label = path.filename().string();
    impl->states.emplace(io::HiddenStates::open(path));
    const io::HiddenStates& s = *impl->states;
    impl->layers = s.layers();
    impl->items = s.tokens();
    impl->width = s.width();
    for (const int l : impl->layers) impl->matrices.push_back(s.hidden(l));
    const io::TensorFile& file = s.file();
    if (file.find("label") == nullptr)
        throw InputError(label, "label",
                         "missing: expected [N] with 1 = hallucinated, 0 = real per row");
    impl->labels =
        zeroOne(label, "label", vectorOf(file, label, "label", impl->items), kLabelMeaning);
    if (file.find("split") != nullptr)
        impl->split =
            zeroOne(label, "split", vectorOf(file, label, "split", impl->items), kSplitMeaning);
    if (file.find("group") != nullptr) impl->groups = vectorOf(file, label, "group", impl->items);
    impl->label = label;
    impl->checkLabels();
    return ProbeDataset(std::move(impl));
}

ProbeDataset ProbeDataset::fromFloats(std::string name, std::vector<int> layers, std::int64_t items,
                                      std::int64_t width, std::vector<float> hidden,
                                      std::vector<std::uint8_t> labels,
                                      std::optional<std::vector<std::uint8_t>> split,
                                      std::optional<std::vector<std::int64_t>> group) {
    auto impl = std::make_unique<Impl>();
    impl->name = std::move(name);
    impl->label = impl->name;
    if (layers.empty() || items < 1 || width < 1)
        impl->fail("hidden", "has " + std::to_string(layers.size()) + " layers, " +
                                 std::to_string(items) + " rows of width " + std::to_string(width) +
                                 ", expected at least 1 of each");
    const std::set<int> distinct(layers.begin(), layers.end());
    if (distinct.size() != layers.size() || *distinct.begin() < 0)
        impl->fail("layer_index", "expected distinct layer numbers >= 0");
    if (static_cast<std::int64_t>(hidden.size()) !=
        static_cast<std::int64_t>(layers.size()) * items * width)
        impl->fail("hidden", "has " + std::to_string(hidden.size()) + " values, expected L*N*d = " +
                                 std::to_string(layers.size() * items * width));
    auto checkLength = [&](const char* field, std::size_t size) {
        if (static_cast<std::int64_t>(size) != items)
            impl->fail(field, "has " + std::to_string(size) +
                                  " values, expected [N=" + std::to_string(items) + "]");
    };
    checkLength("label", labels.size());
    if (split) checkLength("split", split->size());
    if (group) checkLength("group", group->size());
    impl->labels = zeroOne(impl->name, "label",
                           std::vector<std::int64_t>(labels.begin(), labels.end()), kLabelMeaning);
    if (split)
        impl->split =
            zeroOne(impl->name, "split", std::vector<std::int64_t>(split->begin(), split->end()),
                    kSplitMeaning);
    impl->groups = std::move(group);
    impl->checkLabels();
    impl->owned = std::move(hidden);
    // Ascending layer numbers, as a file's layers are: reorder the blocks if needed.
    std::vector<std::size_t> order(layers.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return layers[a] < layers[b]; });
    for (const std::size_t i : order) {
        impl->layers.push_back(layers[i]);
        impl->matrices.push_back(
            {"layers." + std::to_string(layers[i]) + ".hidden", io::DType::F32, items, width,
             impl->owned.data() + static_cast<std::int64_t>(i) * items * width});
    }
    impl->items = items;
    impl->width = width;
    return ProbeDataset(std::move(impl));
}

const std::string& ProbeDataset::name() const { return m_impl->name; }
std::vector<int> ProbeDataset::layers() const { return m_impl->layers; }
int ProbeDataset::layerCount() const { return static_cast<int>(m_impl->layers.size()); }
std::int64_t ProbeDataset::items() const { return m_impl->items; }
std::int64_t ProbeDataset::width() const { return m_impl->width; }
io::DType ProbeDataset::dtype() const { return m_impl->matrices.front().dtype; }
const std::vector<std::uint8_t>& ProbeDataset::labels() const { return m_impl->labels; }
const std::optional<std::vector<std::uint8_t>>& ProbeDataset::split() const {
    return m_impl->split;
}
const std::optional<std::vector<std::int64_t>>& ProbeDataset::groups() const {
    return m_impl->groups;
}

io::HiddenMatrix ProbeDataset::layer(int position) const {
    if (position < 0 || position >= layerCount())
        throw ParameterError("layer position", std::to_string(position) + " is outside [0, " +
                                                   std::to_string(layerCount()) + ")");
    return m_impl->matrices[static_cast<std::size_t>(position)];
}

void ProbeDataset::checkFinite(int position, const std::vector<std::int64_t>& rows) const {
    const io::HiddenMatrix m = layer(position);
    std::set<std::int64_t> bad;
    {
        std::lock_guard<std::mutex> lock(m_impl->scanMutex);
        auto& cached = m_impl->badRows[static_cast<std::size_t>(position)];
        if (!cached) {
            std::set<std::int64_t> found;
            const RowView view = allRows(m);
            for (std::int64_t r = 0; r < view.size(); ++r)
                if (!detail::rowFinite(view.rows[static_cast<std::size_t>(r)], m.dtype, m.cols))
                    found.insert(r);
            cached = std::move(found);
        }
        bad = *cached;
    }
    if (bad.empty()) return;
    for (const std::int64_t r : rows) {
        if (bad.count(r))
            throw InputError(
                m_impl->label, m.name,
                "row " + std::to_string(r) + " is not finite (NaN or inf); remove or fix it");
    }
}

}  // namespace assay::core::probes
