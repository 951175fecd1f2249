#pragma once
// Internal to core and its tests: the Token windows demo's procedural scenes (windows_demo.h).
// Plain C++ (no LibTorch): a scene is painted on a float canvas with a per-pixel content label,
// then quantised to 8-bit RGB; a patch's label is the majority of its pixels' labels (ties: the
// lower SceneContent value).
//   sky     vertical gradient with soft clouds
//   ground  a hilly horizon, a gradient and a faint grain (grass, sand, water, road, snow)
//   object  flat-coloured shapes with simple shading: houses, trees, boats, the sun, rocks, towers
//   text    signs: a light board with dark pseudo-glyphs (random 5 × 7 bitmaps, one or two per
//           patch), so neighbouring text patches differ in detail
// Scene kinds cycle with the index (harbour, street sign, meadow, city, desert, snow field); the
// layout is drawn from streamSeed(seed, index), so one scene does not depend on the others.
#include <cstdint>
#include <string>
#include <vector>

#include "assay/demo/windows_demo.h"
#include "assay/tokens/image.h"

namespace assay::core::tokens::demo {

struct GeneratedScene {
    std::string name;
    RgbImage image;                          // side × side
    std::vector<std::uint8_t> pixelContent;  // side × side SceneContent values
    std::vector<SceneContent> content;       // (side/patch)² majority labels, raster order
};

// side a positive multiple of patch (the caller checks).
GeneratedScene generateScene(std::uint64_t seed, int index, int side, int patch);

// Majority label per patch of a side × side label map (ties: the lower value).
std::vector<SceneContent> patchContent(const std::vector<std::uint8_t>& pixelContent, int side,
                                       int patch);

}  // namespace assay::core::tokens::demo
