#pragma once
// Internal to core/src/tokens: how the tensors of one feature file make a PatchFeatures (the
// layouts of patch_features.h), decided from the tensor descriptions and metadata alone, without
// I/O, so the fuzz target (tests/fuzz/fuzz_patch_features.cpp) drives it on raw safetensors bytes.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assay/io/dtype.h"
#include "assay/tokens/patch_features.h"

namespace assay::core::tokens::detail {

// One tensor's description and its bytes (C order, native endian: what TensorFile::rawData gives).
struct TensorView {
    io::TensorInfo info;
    const unsigned char* data = nullptr;
};

struct FeatureLayout {
    std::string label;  // the file name, for messages
    int images = 1;
    bool batch = false;
    GridSize grid;
    int dim = 0;
    bool cls = false;
    std::int64_t rowsPerImage = 0;  // H·W, + 1 with CLS: rows of `features` per image
    TensorView features;
    std::optional<TensorView> second;     // features_b
    std::optional<TensorView> attention;  // numel = images · attentionPerImage
    std::int64_t attentionPerImage = 0;   // H·W, or H·W + 1 (CLS's own weight first, dropped)
};

// `onlyTensorIsFeatures`: a .npy (or an .npz of one array) has no `features` name; its one tensor
// is the features. Throws InputError naming `label` and the tensor (patch_features.h's list).
FeatureLayout resolveLayout(const std::vector<TensorView>& tensors,
                            const std::map<std::string, std::string>& metadata,
                            const FeatureOptions& options, const std::string& label,
                            bool onlyTensorIsFeatures);

// Image b's H·W·D floats (CLS dropped); second = features_b (must exist).
void readRows(const FeatureLayout& layout, int b, bool second, float* out);
// Image b's H·W attention weights; empty without attention.
std::vector<double> readAttention(const FeatureLayout& layout, int b);

}  // namespace assay::core::tokens::detail
