// PatchFeatures (patch_features.h): a file (safetensors, .npy, .npz), a folder of them, or floats
// in memory. File data stays in the TensorFile's memory map; imageRows converts one image.
#include "assay/tokens/patch_features.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "assay/core/error.h"
#include "assay/io/tensor_file.h"
#include "patch_layout.h"

namespace assay::core::tokens {

namespace {

struct Source {
    io::TensorFile file;
    detail::FeatureLayout layout;
    int firstImage = 0;
};

bool isTensorFile(const std::filesystem::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".safetensors" || ext == ".npy" || ext == ".npz";
}

Source openFile(const std::filesystem::path& path, const FeatureOptions& options) {
    io::TensorFile file = io::TensorFile::open(path);
    std::vector<detail::TensorView> views;
    for (const auto& info : file.tensors()) views.push_back({info, file.rawData(info.name)});
    const std::string ext = path.extension().string();
    const bool unnamed = ext != ".safetensors";  // .npy / .npz carry no agreed tensor name
    detail::FeatureLayout layout =
        detail::resolveLayout(views, file.metadata(), options, path.filename().string(), unnamed);
    return Source{std::move(file), std::move(layout), 0};
}

}  // namespace

struct PatchFeatures::Impl {
    std::filesystem::path path;
    std::vector<std::filesystem::path> files;
    std::string label;
    int images = 0;
    bool batch = false;
    GridSize grid;
    int dim = 0;
    bool cls = false;
    io::DType dtype = io::DType::F32;
    bool second = false;
    bool attention = false;
    std::vector<Source> sources;  // file-backed; empty in memory
    std::vector<float> data, dataB;
    std::vector<double> weights;

    const Source& sourceOf(int b) const {
        const auto it = std::upper_bound(sources.begin(), sources.end(), b,
                                         [](int v, const Source& s) { return v < s.firstImage; });
        return *(it - 1);
    }
    void checkImage(int b) const {
        if (b < 0 || b >= images)
            throw ParameterError("image", std::to_string(b) + " is outside 0.." +
                                              std::to_string(images - 1) + " (" + label + ")");
    }
};

PatchFeatures PatchFeatures::open(const std::filesystem::path& path,
                                  const FeatureOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->label = path.filename().string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        std::vector<std::filesystem::path> entries;
        for (const auto& e : std::filesystem::directory_iterator(path, ec))
            if (e.is_regular_file() && isTensorFile(e.path())) entries.push_back(e.path());
        if (ec) throw InputError(impl->label, "", "cannot list the folder: " + ec.message());
        std::sort(entries.begin(), entries.end());
        if (entries.empty())
            throw InputError(impl->label, "", "folder holds no .safetensors, .npy or .npz files");
        for (const auto& p : entries) impl->sources.push_back(openFile(p, options));
        impl->batch = true;
    } else {
        impl->sources.push_back(openFile(path, options));
        impl->batch = impl->sources.front().layout.batch;
    }
    const detail::FeatureLayout& first = impl->sources.front().layout;
    impl->grid = first.grid;
    impl->dim = first.dim;
    impl->cls = first.cls;
    impl->dtype = first.features.info.dtype;
    impl->second = first.second.has_value();
    impl->attention = first.attention.has_value();
    int images = 0;
    for (Source& s : impl->sources) {
        const detail::FeatureLayout& L = s.layout;
        const auto disagree = [&](const std::string& what) {
            throw InputError(L.label, L.features.info.name,
                             what + " differs from " + first.label +
                                 "'s (a folder's files must "
                                 "share grid, D, CLS, features_b and attention)");
        };
        if (L.grid.rows != first.grid.rows || L.grid.cols != first.grid.cols)
            disagree("grid " + gridSizeText(L.grid));
        if (L.dim != first.dim) disagree("feature width " + std::to_string(L.dim));
        if (L.cls != first.cls) disagree("the CLS row");
        if (L.second.has_value() != impl->second) disagree("having features_b");
        if (L.attention.has_value() != impl->attention) disagree("having attention");
        s.firstImage = images;
        if (L.images > std::numeric_limits<int>::max() - images)
            throw InputError(impl->label, "", "too many images");
        images += L.images;
        impl->files.push_back(s.file.path());
    }
    impl->images = images;
    return PatchFeatures(std::move(impl));
}

PatchFeatures PatchFeatures::fromFloats(std::vector<float> data, int images, GridSize grid, int dim,
                                        std::string label, std::vector<float> second,
                                        std::vector<double> attention) {
    if (images < 1) throw ParameterError("images", std::to_string(images) + " is below 1");
    if (grid.rows < 1 || grid.cols < 1)
        throw ParameterError("grid", gridSizeText(grid) + " is not a grid");
    if (dim < 1) throw ParameterError("dim", std::to_string(dim) + " is below 1");
    const std::size_t want = std::size_t(images) * std::size_t(grid.patches()) * std::size_t(dim);
    if (data.size() != want)
        throw ParameterError(label, std::to_string(data.size()) + " floats, expected " +
                                        std::to_string(images) + " x " + gridSizeText(grid) +
                                        " x " + std::to_string(dim) + " = " + std::to_string(want));
    if (!second.empty() && second.size() != want)
        throw ParameterError(label, "the second feature set has " + std::to_string(second.size()) +
                                        " floats, expected " + std::to_string(want));
    const std::size_t wantAttention = std::size_t(images) * std::size_t(grid.patches());
    if (!attention.empty() && attention.size() != wantAttention)
        throw ParameterError(label, "attention has " + std::to_string(attention.size()) +
                                        " values, expected " + std::to_string(wantAttention));
    auto impl = std::make_unique<Impl>();
    impl->label = std::move(label);
    impl->images = images;
    impl->batch = images > 1;
    impl->grid = grid;
    impl->dim = dim;
    impl->second = !second.empty();
    impl->attention = !attention.empty();
    impl->data = std::move(data);
    impl->dataB = std::move(second);
    impl->weights = std::move(attention);
    return PatchFeatures(std::move(impl));
}

PatchFeatures::PatchFeatures(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PatchFeatures::PatchFeatures(PatchFeatures&&) noexcept = default;
PatchFeatures& PatchFeatures::operator=(PatchFeatures&&) noexcept = default;
PatchFeatures::~PatchFeatures() = default;

const std::filesystem::path& PatchFeatures::path() const { return m_impl->path; }
std::vector<std::filesystem::path> PatchFeatures::files() const { return m_impl->files; }
int PatchFeatures::images() const { return m_impl->images; }
bool PatchFeatures::isBatch() const { return m_impl->batch; }
GridSize PatchFeatures::grid() const { return m_impl->grid; }
int PatchFeatures::dim() const { return m_impl->dim; }
bool PatchFeatures::hadCls() const { return m_impl->cls; }
io::DType PatchFeatures::dtype() const { return m_impl->dtype; }
bool PatchFeatures::hasSecondSet() const { return m_impl->second; }
bool PatchFeatures::hasAttention() const { return m_impl->attention; }

std::vector<float> PatchFeatures::imageRows(int b, bool second) const {
    std::vector<float> out(std::size_t(m_impl->grid.patches()) * std::size_t(m_impl->dim));
    imageRows(b, out.data(), second);
    return out;
}

void PatchFeatures::imageRows(int b, float* out, bool second) const {
    const Impl& m = *m_impl;
    m.checkImage(b);
    if (second && !m.second)
        throw ParameterError("features_b", m.label + " has no second feature set");
    if (m.sources.empty()) {
        const std::size_t n = std::size_t(m.grid.patches()) * std::size_t(m.dim);
        const std::vector<float>& src = second ? m.dataB : m.data;
        std::memcpy(out, src.data() + std::size_t(b) * n, n * sizeof(float));
        return;
    }
    const Source& s = m.sourceOf(b);
    detail::readRows(s.layout, b - s.firstImage, second, out);
}

std::vector<double> PatchFeatures::attention(int b) const {
    const Impl& m = *m_impl;
    m.checkImage(b);
    if (!m.attention) return {};
    if (m.sources.empty()) {
        const std::size_t n = std::size_t(m.grid.patches());
        return {m.weights.begin() + std::ptrdiff_t(std::size_t(b) * n),
                m.weights.begin() + std::ptrdiff_t(std::size_t(b + 1) * n)};
    }
    const Source& s = m.sourceOf(b);
    return detail::readAttention(s.layout, b - s.firstImage);
}

}  // namespace assay::core::tokens
