// Deciding a feature file's layout (patch_layout.h): which tensor holds the features, whether it
// is one image or a batch, the grid (shape, metadata or options) and the CLS row, and checking
// features_b and attention against it. Every refusal names the file and the tensor.
#include "patch_layout.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "assay/core/error.h"
#include "assay/io/chunked_reader.h"

namespace assay::core::tokens::detail {
namespace {

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

bool isFloat(io::DType t) {
    return t == io::DType::F32 || t == io::DType::F16 || t == io::DType::BF16 ||
           t == io::DType::F64;
}

const TensorView* findTensor(const std::vector<TensorView>& tensors, const std::string& name) {
    for (const auto& t : tensors)
        if (t.info.name == name) return &t;
    return nullptr;
}

std::string names(const std::vector<TensorView>& tensors) {
    std::string s;
    for (const auto& t : tensors) s += (s.empty() ? "" : ", ") + t.info.name;
    return s.empty() ? "none" : s;
}

int toInt(std::int64_t v, const std::string& label, const std::string& tensor,
          const std::string& what) {
    if (v < 1 || v > std::numeric_limits<int>::max())
        throw InputError(label, tensor, what + " " + std::to_string(v) + " is out of range");
    return static_cast<int>(v);
}

std::optional<GridSize> metadataGrid(const std::map<std::string, std::string>& metadata,
                                     const std::string& label) {
    const auto it = metadata.find("grid");
    if (it == metadata.end()) return std::nullopt;
    try {
        return parseGridSize(it->second, "grid");
    } catch (const ParameterError&) {
        throw InputError(label, "metadata grid",
                         "'" + it->second + "' is not a grid size (expected HxW, e.g. 24x24)");
    }
}

std::optional<bool> metadataCls(const std::map<std::string, std::string>& metadata,
                                const std::string& label) {
    const auto it = metadata.find("cls");
    if (it == metadata.end()) return std::nullopt;
    const std::string& v = it->second;
    if (v == "true" || v == "True" || v == "1") return true;
    if (v == "false" || v == "False" || v == "0") return false;
    throw InputError(label, "metadata cls", "'" + v + "' is not true or false");
}

// The square grid of a flat N, or the error saying what to give.
GridSize squareGrid(std::int64_t n, bool cls, const std::string& label, const std::string& tensor) {
    const std::int64_t m = n - (cls ? 1 : 0);
    const auto k = static_cast<std::int64_t>(std::llround(std::sqrt(static_cast<double>(m))));
    if (m >= 1 && k * k == m) return {static_cast<int>(k), static_cast<int>(k)};
    std::string problem = std::to_string(n) + " tokens" + (cls ? " (with a CLS row)" : "") +
                          " are not a square grid and no grid is given (metadata grid \"HxW\" or "
                          "--grid HxW)";
    const auto k1 = static_cast<std::int64_t>(std::llround(std::sqrt(static_cast<double>(n - 1))));
    if (!cls && n > 1 && k1 * k1 == n - 1)
        problem += "; " + std::to_string(n) + " = " + std::to_string(k1) + "x" +
                   std::to_string(k1) +
                   " + 1: is row 0 a CLS token (metadata cls \"true\" or --cls)?";
    throw InputError(label, tensor, problem);
}

void checkFlat(std::int64_t n, GridSize g, bool cls, const std::string& label,
               const std::string& tensor) {
    const std::int64_t want = g.patches() + (cls ? 1 : 0);
    if (n == want) return;
    std::string problem = "grid " + gridSizeText(g) + (cls ? " + CLS" : "") + " needs " +
                          std::to_string(want) + " tokens, the tensor has " + std::to_string(n);
    if (!cls && n == want + 1) problem += " (one more: is row 0 a CLS token? --cls)";
    throw InputError(label, tensor, problem);
}

void noClsInGrid(bool cls, const std::string& label, const std::string& tensor,
                 const std::vector<std::int64_t>& shape) {
    if (cls)
        throw InputError(
            label, tensor,
            "shape " + shapeText(shape) + " is a patch grid, which has no CLS row (cls given)");
}

}  // namespace

FeatureLayout resolveLayout(const std::vector<TensorView>& tensors,
                            const std::map<std::string, std::string>& metadata,
                            const FeatureOptions& options, const std::string& label,
                            bool onlyTensorIsFeatures) {
    FeatureLayout L;
    L.label = label;
    const TensorView* f = findTensor(tensors, "features");
    if (f == nullptr && onlyTensorIsFeatures && tensors.size() == 1) f = &tensors.front();
    if (f == nullptr)
        throw InputError(label, "features", "tensor not found (has: " + names(tensors) + ")");
    const std::string tensor = f->info.name;
    const auto& shape = f->info.shape;
    if (!isFloat(f->info.dtype))
        throw InputError(label, tensor,
                         std::string("has dtype ") + io::dtypeName(f->info.dtype) +
                             ", expected a float type (F32, F16, BF16, F64)");
    const std::optional<GridSize> grid =
        options.grid ? options.grid : metadataGrid(metadata, label);
    const std::optional<bool> clsGiven = options.cls ? options.cls : metadataCls(metadata, label);
    const bool cls = clsGiven.value_or(false);
    std::int64_t images = 1, n = 0;
    GridSize g;
    if (shape.size() == 2) {  // [N, D]
        n = shape[0];
        g = grid ? *grid : squareGrid(n, cls, label, tensor);
        checkFlat(n, g, cls, label, tensor);
    } else if (shape.size() == 3) {  // [B, N, D] or [H, W, D]
        const bool gridShaped =
            !cls && (!grid || (shape[0] == grid->rows && shape[1] == grid->cols));
        if (gridShaped) {
            g = {toInt(shape[0], label, tensor, "H"), toInt(shape[1], label, tensor, "W")};
            n = g.patches();
        } else {
            L.batch = true;
            images = shape[0];
            n = shape[1];
            g = grid ? *grid : squareGrid(n, cls, label, tensor);
            checkFlat(n, g, cls, label, tensor);
        }
    } else if (shape.size() == 4) {  // [B, H, W, D]
        noClsInGrid(cls, label, tensor, shape);
        L.batch = true;
        images = shape[0];
        g = {toInt(shape[1], label, tensor, "H"), toInt(shape[2], label, tensor, "W")};
        if (grid && (grid->rows != g.rows || grid->cols != g.cols))
            throw InputError(label, tensor,
                             "shape " + shapeText(shape) + " has grid " + gridSizeText(g) +
                                 ", the grid given is " + gridSizeText(*grid));
        n = g.patches();
    } else {
        throw InputError(
            label, tensor,
            "shape " + shapeText(shape) + " is not [N, D], [H, W, D], [B, N, D] or [B, H, W, D]");
    }
    L.images = toInt(images, label, tensor, "image count");
    L.dim = toInt(shape.back(), label, tensor, "feature width D");
    toInt(g.rows, label, tensor, "grid rows");
    toInt(g.cols, label, tensor, "grid columns");
    L.grid = g;
    L.cls = cls;  // grid-shaped tensors refused or never took a CLS row above
    L.rowsPerImage = n;
    L.features = *f;

    if (const TensorView* b = findTensor(tensors, "features_b"); b != nullptr && b != f) {
        if (!isFloat(b->info.dtype))
            throw InputError(label, "features_b",
                             std::string("has dtype ") + io::dtypeName(b->info.dtype) +
                                 ", expected a float type (F32, F16, BF16, F64)");
        if (b->info.shape != shape)
            throw InputError(
                label, "features_b",
                "shape " + shapeText(b->info.shape) + " differs from features " + shapeText(shape));
        L.second = *b;
    }
    if (const TensorView* a = findTensor(tensors, "attention"); a != nullptr && a != f) {
        const std::int64_t total = a->info.numel();
        const std::int64_t hw = g.patches();
        if (total == L.images * hw) {
            L.attentionPerImage = hw;
        } else if (L.cls && total == L.images * (hw + 1)) {
            L.attentionPerImage = hw + 1;
        } else {
            throw InputError(label, "attention",
                             "shape " + shapeText(a->info.shape) + " holds " +
                                 std::to_string(total) + " values, expected " +
                                 std::to_string(L.images) + " x " + std::to_string(hw) +
                                 " (CLS attention over the patches)");
        }
        L.attention = *a;
    }
    return L;
}

namespace {

// F16 → float for every one of the 65536 halves, made by the io layer's own conversion (so
// identical to it, NaN payloads included): a 256 KiB table that stays in cache turns the
// per-element field shuffling into one load, which is most of a 1000 × 576 × 1024 fp16 read.
const float* halfTable() {
    static const std::vector<float> table = [] {
        std::vector<std::uint16_t> all(65536);
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint16_t>(i);
        std::vector<float> t(all.size());
        io::convertElements(reinterpret_cast<const unsigned char*>(all.data()), io::DType::F16, 0,
                            static_cast<std::int64_t>(all.size()), t.data());
        return t;
    }();
    return table.data();
}

}  // namespace

void readRows(const FeatureLayout& layout, int b, bool second, float* out) {
    const TensorView& t = second ? *layout.second : layout.features;
    const std::int64_t first = std::int64_t(b) * layout.rowsPerImage + (layout.cls ? 1 : 0);
    const std::int64_t count = layout.grid.patches() * layout.dim;
    if (t.info.dtype == io::DType::F16) {
        const float* table = halfTable();
        const unsigned char* p = t.data + static_cast<std::size_t>(first * layout.dim) * 2;
        for (std::int64_t i = 0; i < count; ++i) {
            std::uint16_t h;
            std::memcpy(&h, p + 2 * i, 2);
            out[i] = table[h];
        }
        return;
    }
    io::convertElements(t.data, t.info.dtype, first * layout.dim, count, out);
}

std::vector<double> readAttention(const FeatureLayout& layout, int b) {
    if (!layout.attention) return {};
    const std::int64_t hw = layout.grid.patches();
    std::vector<double> out(static_cast<std::size_t>(hw));
    const std::int64_t first =
        std::int64_t(b) * layout.attentionPerImage + (layout.attentionPerImage > hw ? 1 : 0);
    io::convertElements(layout.attention->data, layout.attention->info.dtype, first, hw,
                        out.data());
    return out;
}

}  // namespace assay::core::tokens::detail
