#pragma once
// A vision encoder applied to a prepared image: a TorchScript module (core/script_module.h)
// [1, 3, S, S] → [1, N, D] (or [N, D]) on CLIP-normalised pixels, or the demo's trained encoder
// (demo/windows_demo.h). `cls`: the first output row is a CLS token and is dropped; the rest must
// make the grid (N = rows·cols; a square when the grid is not given) else InputError naming the
// module and N. S is the module's input side (`side`, 336 for CLIP ViT-L/14-336).
#include <array>
#include <optional>

#include "assay/core/script_module.h"
#include "assay/tokens/image.h"
#include "assay/tokens/patch_features.h"

namespace assay::core::tokens {

struct EncoderOptions {
    int side = 336;
    bool cls = true;               // CLIP's vision tower returns CLS first
    std::optional<GridSize> grid;  // default: sqrt(N) × sqrt(N)
    std::array<double, 3> mean = kClipMean;
    std::array<double, 3> std = kClipStd;
};

// One image → a PatchFeatures of 1 image (in memory).
PatchFeatures encodeImage(const ScriptModule& encoder, const PreparedImage& image,
                          const EncoderOptions& options = {});

}  // namespace assay::core::tokens
