#pragma once
// Superpixels for image explanations: a fixed grid, or quickshift as LIME's default segmenter
// (skimage.segmentation.quickshift(kernel_size=4, max_dist=200, ratio=0.2) on the image, as
// lime_image uses it), implemented in core. Labels are 0..segments−1, row-major per pixel.
#include <cstdint>
#include <vector>

#include "assay/tokens/image.h"

namespace assay::core::explain {

struct Segmentation {
    int width = 0, height = 0, segments = 0;
    std::vector<std::int32_t> labels;  // height × width
};

// cols × rows cells, as equal as integer division allows. ParameterError for 0 cells or more
// cells than pixels.
Segmentation gridSegmentation(int width, int height, int cols, int rows);

struct QuickshiftOptions {
    double kernelSize = 4, maxDist = 200, ratio = 0.2;
    std::uint64_t seed = 42;  // skimage's tie-breaking noise (random_seed = 42)
};
Segmentation quickshift(const tokens::RgbImage& image, const QuickshiftOptions& options = {});
// Added by the lime part: the tie-breaking noise quickshift adds to the densities (height × width,
// N(0, 1e-5²) from SplitMix64(seed); skimage draws it from numpy's default_rng(seed), which Assay
// does not reproduce), exposed so a test can hand the same noise to skimage.
std::vector<double> quickshiftTieNoise(int width, int height, std::uint64_t seed);

// The mean colour of each segment (segments × 3, 0..255), LIME's default fill.
std::vector<double> segmentMeanColours(const tokens::RgbImage& image, const Segmentation& seg);

}  // namespace assay::core::explain
