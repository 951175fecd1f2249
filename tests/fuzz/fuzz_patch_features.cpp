// Any bytes as a patch-feature file: a safetensors file (or a little-endian C-order .npy) whose
// tensors resolveLayout must refuse with an assay error or lay out consistently; every image's
// rows and attention are then read under AddressSanitizer, with and without grid / CLS options.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "assay/core/error.h"
#include "assay/io/npy.h"
#include "assay/io/safetensors.h"
#include "patch_layout.h"

namespace {

using namespace assay::core;

void readAll(const std::vector<tokens::detail::TensorView>& views,
             const std::map<std::string, std::string>& metadata,
             const tokens::FeatureOptions& options, bool unnamed) {
    try {
        const auto layout =
            tokens::detail::resolveLayout(views, metadata, options, "fuzz", unnamed);
        std::vector<float> rows(std::size_t(layout.grid.patches()) * std::size_t(layout.dim));
        for (int b = 0; b < layout.images; ++b) {
            tokens::detail::readRows(layout, b, false, rows.data());
            if (layout.second) tokens::detail::readRows(layout, b, true, rows.data());
            if (tokens::detail::readAttention(layout, b).size() !=
                (layout.attention ? std::size_t(layout.grid.patches()) : 0))
                __builtin_trap();
        }
    } catch (const Error&) {
        // Rejected with a message: the expected outcome for malformed input.
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<tokens::detail::TensorView> views;
    std::map<std::string, std::string> metadata;
    bool unnamed = false;
    try {
        if (size >= 6 && std::memcmp(data, "\x93NUMPY", 6) == 0) {
            const io::NpyHeader h = io::parseNpy(data, size, "fuzz.npy");
            if (h.bigEndian || h.fortranOrder) return 0;  // TensorFile converts these first
            io::TensorInfo info;
            info.name = "fuzz";
            info.dtype = h.dtype;
            info.shape = h.shape;
            info.byteLength = size - h.dataOffset;
            views.push_back({info, data + h.dataOffset});
            unnamed = true;
        } else {
            io::SafetensorsHeader h = io::parseSafetensors(data, size, "fuzz.safetensors");
            for (const auto& t : h.tensors) views.push_back({t, data + h.dataStart + t.byteOffset});
            metadata = std::move(h.metadata);
        }
    } catch (const Error&) {
        return 0;
    }
    readAll(views, metadata, {}, unnamed);
    tokens::FeatureOptions cls;
    cls.cls = true;
    readAll(views, metadata, cls, unnamed);
    tokens::FeatureOptions grid;
    grid.grid = tokens::GridSize{2, 2};
    grid.cls = false;
    readAll(views, metadata, grid, unnamed);
    return 0;
}
