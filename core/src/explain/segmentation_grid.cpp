// The fixed grid of superpixels, and the mean colour of each segment (lime_image's default fill
// for the superpixels that are off; lime writes the means into a copy of a uint8 image, which
// truncates them — Assay keeps the exact means and lets the caller round).
#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/explain/segmentation.h"

namespace assay::core::explain {

Segmentation gridSegmentation(int width, int height, int cols, int rows) {
    if (width < 1 || height < 1)
        throw ParameterError(
            "grid segmentation: image",
            std::to_string(width) + " × " + std::to_string(height) + ", expected at least 1 × 1");
    if (cols < 1 || rows < 1 || cols > width || rows > height)
        throw ParameterError("grid segmentation: cells",
                             std::to_string(cols) + " × " + std::to_string(rows) +
                                 ", expected between 1 × 1 and the image's " +
                                 std::to_string(width) + " × " + std::to_string(height));
    Segmentation s;
    s.width = width;
    s.height = height;
    s.segments = cols * rows;
    s.labels.resize(static_cast<std::size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        const int r = static_cast<int>(static_cast<std::int64_t>(y) * rows / height);
        for (int x = 0; x < width; ++x) {
            const int c = static_cast<int>(static_cast<std::int64_t>(x) * cols / width);
            s.labels[static_cast<std::size_t>(y) * width + x] = r * cols + c;
        }
    }
    return s;
}

std::vector<double> segmentMeanColours(const tokens::RgbImage& image, const Segmentation& seg) {
    if (image.width != seg.width || image.height != seg.height)
        throw ParameterError("segment colours: segmentation",
                             std::to_string(seg.width) + " × " + std::to_string(seg.height) +
                                 " does not match the image's " + std::to_string(image.width) +
                                 " × " + std::to_string(image.height));
    const std::size_t pixels = static_cast<std::size_t>(image.width) * image.height;
    if (image.rgb.size() != pixels * 3 || seg.labels.size() != pixels)
        throw ParameterError("segment colours", "image or labels have the wrong size");
    std::vector<double> sum(static_cast<std::size_t>(seg.segments) * 3, 0.0);
    std::vector<double> count(static_cast<std::size_t>(seg.segments), 0.0);
    for (std::size_t p = 0; p < pixels; ++p) {
        const int l = seg.labels[p];
        if (l < 0 || l >= seg.segments)
            throw ParameterError("segment colours: labels", std::to_string(l) + " is outside [0, " +
                                                                std::to_string(seg.segments) + ")");
        for (int c = 0; c < 3; ++c)
            sum[static_cast<std::size_t>(l) * 3 + c] += image.rgb[p * 3 + c];
        count[l] += 1;
    }
    for (int l = 0; l < seg.segments; ++l)
        for (int c = 0; c < 3; ++c)
            if (count[l] > 0) sum[static_cast<std::size_t>(l) * 3 + c] /= count[l];
    return sum;
}

}  // namespace assay::core::explain
