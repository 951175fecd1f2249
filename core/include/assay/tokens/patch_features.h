#pragma once
// Patch features of a vision encoder, as the Token windows view and `assay-run windows` read them
// (papers.md §3; README "Token windows view"). One loader for every layout:
//   safetensors  `features` [H, W, D]                         one image, the grid from the shape
//                `features` [N, D] + metadata grid "24x24"   (cls "true": row 0 is CLS, N = H·W +
//                1) `features` [B, H, W, D]                      a batch `features` [B, N, D] +
//                metadata grid         a batch optional `attention` [N] or [B, N] (CLS attention
//                over the patches; CLS row excluded) and optional `features_b` (a second feature
//                set of the same images, same shape, e.g. hidden_states[-3] beside [-2])
//   .npy         [N, D] / [B, N, D] / [H, W, D] / [B, H, W, D]: no metadata, so a flat N needs
//                FeatureOptions::grid (--grid 24x24) and FeatureOptions::cls (--cls)
//   a folder     of single-image files of the same grid and D (sorted by name) = a batch
// Any float dtype (F32, F16, BF16, F64); the data stays in the memory map and is converted one
// image at a time (imageRows), so a 1000 × 576 × 1024 fp16 stack never exists as floats. Errors
// (InputError naming the file and tensor): no `features`; a non-float dtype; N not a square and no
// grid given; grid H·W (+1 with CLS) ≠ N; attention of the wrong length; features_b of another
// shape; folder files that disagree.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assay/io/dtype.h"

namespace assay::core::tokens {

struct GridSize {
    int rows = 0;  // H
    int cols = 0;  // W
    std::int64_t patches() const { return std::int64_t(rows) * cols; }
};

// "24x24" (also "24×24", "24") → {24, 24}; ParameterError naming `what` otherwise.
GridSize parseGridSize(const std::string& text, const std::string& what = "grid");
std::string gridSizeText(GridSize g);  // "24x24"

struct FeatureOptions {
    std::optional<GridSize> grid;  // overrides / supplies the metadata grid
    std::optional<bool> cls;       // overrides / supplies the metadata cls flag
};

class PatchFeatures {
public:
    static PatchFeatures open(const std::filesystem::path& path,
                              const FeatureOptions& options = {});
    // In memory (the demo, tests, the TorchScript encoder's output): B images × H·W × D floats,
    // raster order (row-major over the grid), no CLS row.
    // `second` (same size) and `attention` (images × H·W) are optional.
    static PatchFeatures fromFloats(std::vector<float> data, int images, GridSize grid, int dim,
                                    std::string label = "features", std::vector<float> second = {},
                                    std::vector<double> attention = {});
    PatchFeatures(PatchFeatures&&) noexcept;
    PatchFeatures& operator=(PatchFeatures&&) noexcept;
    ~PatchFeatures();

    const std::filesystem::path& path() const;         // empty when in memory
    std::vector<std::filesystem::path> files() const;  // every file read (provenance)
    int images() const;                                // B (1 for a single image)
    bool isBatch() const;                              // the input had a batch axis or was a folder
    GridSize grid() const;
    int dim() const;      // D
    bool hadCls() const;  // a CLS row was dropped
    io::DType dtype() const;
    bool hasSecondSet() const;  // features_b
    bool hasAttention() const;
    // Image b's patches as floats [H·W, D] (CLS dropped); second = features_b.
    std::vector<float> imageRows(int b, bool second = false) const;
    void imageRows(int b, float* out, bool second = false) const;  // H·W·D floats
    std::vector<double> attention(int b) const;  // [H·W]; empty without attention

private:
    struct Impl;
    explicit PatchFeatures(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace assay::core::tokens
