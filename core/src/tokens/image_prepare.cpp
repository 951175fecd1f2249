// The two preprocessings of a CLIP-based VLM (image.h): LLaVA-1.5's expand2square + resize, and
// CLIP's shortest-side resize + centre crop, with where the photograph lands in the square, the
// per-channel normalisation the encoder takes, and which patches lie over padding.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/tokens/image.h"

namespace assay::core::tokens {
namespace {

// LLaVA's expand2square fills with tuple(int(x * 255) for x in image_mean): truncated, not
// rounded, which gives (122, 116, 104).
constexpr std::uint8_t kPadColour[3] = {122, 116, 104};

RgbImage padToSquare(const RgbImage& image, int& offsetX, int& offsetY) {
    const int side = std::max(image.width, image.height);
    offsetX = (side - image.width) / 2;
    offsetY = (side - image.height) / 2;
    RgbImage square;
    square.width = square.height = side;
    square.rgb.resize(static_cast<std::size_t>(side) * side * 3);
    for (std::size_t i = 0; i < square.rgb.size(); i += 3)
        for (int c = 0; c < 3; ++c) square.rgb[i + static_cast<std::size_t>(c)] = kPadColour[c];
    const std::size_t rowBytes = static_cast<std::size_t>(image.width) * 3;
    for (int y = 0; y < image.height; ++y)
        std::copy_n(
            image.rgb.data() + static_cast<std::size_t>(y) * rowBytes, rowBytes,
            square.rgb.data() + (static_cast<std::size_t>(y + offsetY) * side + offsetX) * 3);
    return square;
}

RgbImage cropImage(const RgbImage& image, int left, int top, int width, int height) {
    RgbImage out;
    out.width = width;
    out.height = height;
    out.rgb.resize(static_cast<std::size_t>(width) * height * 3);
    const std::size_t rowBytes = static_cast<std::size_t>(width) * 3;
    for (int y = 0; y < height; ++y)
        std::copy_n(image.rgb.data() + (static_cast<std::size_t>(y + top) * image.width + left) * 3,
                    rowBytes, out.rgb.data() + static_cast<std::size_t>(y) * rowBytes);
    return out;
}

}  // namespace

const char* preprocessName(Preprocess p) { return p == Preprocess::Pad ? "pad" : "crop"; }

Preprocess preprocessFromName(const std::string& name) {
    if (name == "pad") return Preprocess::Pad;
    if (name == "crop") return Preprocess::Crop;
    throw ParameterError("preprocess",
                         "'" + name + "' is not a preprocessing (expected pad or crop)");
}

PreparedImage prepareImage(const RgbImage& image, int side, Preprocess mode) {
    if (side < 1) throw ParameterError("side", std::to_string(side) + " is below 1");
    if (image.empty() ||
        image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
        throw InputError("image: empty, nothing to prepare");
    PreparedImage out;
    out.mode = mode;
    const double w = image.width, h = image.height;
    if (mode == Preprocess::Pad) {
        int ox = 0, oy = 0;
        const RgbImage square = padToSquare(image, ox, oy);
        const double scale = static_cast<double>(side) / square.width;
        out.square = resizeImage(square, side, side);
        out.photoRect = {ox * scale, oy * scale, w * scale, h * scale};
        out.sourceRect = {0, 0, w, h};
        return out;
    }
    // transformers' get_resize_output_image_size: the short side becomes `side`, the long one
    // int(side · long / short) (truncated); then center_crop with (size − side) // 2 offsets.
    const bool wide = image.width > image.height;
    const double shortSide = wide ? h : w, longSide = wide ? w : h;
    const int newLong = std::max(side, static_cast<int>(side * longSide / shortSide));
    const int newW = wide ? newLong : side, newH = wide ? side : newLong;
    const RgbImage resized = resizeImage(image, newW, newH);
    const int left = (newW - side) / 2, top = (newH - side) / 2;
    out.square = cropImage(resized, left, top, side, side);
    out.photoRect = {0, 0, static_cast<double>(side), static_cast<double>(side)};
    const double sx = w / newW, sy = h / newH;
    out.sourceRect = {left * sx, top * sy, side * sx, side * sy};
    return out;
}

std::vector<float> normalisedChannels(const RgbImage& square, const std::array<double, 3>& mean,
                                      const std::array<double, 3>& std) {
    for (int c = 0; c < 3; ++c)
        if (!(std[static_cast<std::size_t>(c)] > 0))
            throw ParameterError("std", "channel " + std::to_string(c) + " is not positive");
    const std::size_t plane = static_cast<std::size_t>(square.width) * square.height;
    if (square.rgb.size() != plane * 3) throw InputError("image: pixel buffer of the wrong size");
    std::vector<float> out(plane * 3);
    for (std::size_t c = 0; c < 3; ++c) {
        // A table per channel: 256 values, so every pixel is one look-up.
        float table[256];
        for (int v = 0; v < 256; ++v) table[v] = static_cast<float>((v / 255.0 - mean[c]) / std[c]);
        for (std::size_t i = 0; i < plane; ++i) out[c * plane + i] = table[square.rgb[i * 3 + c]];
    }
    return out;
}

std::vector<PatchCover> patchCover(const PreparedImage& image, int gridRows, int gridCols) {
    if (gridRows < 1 || gridCols < 1)
        throw ParameterError(
            "grid", std::to_string(gridRows) + "x" + std::to_string(gridCols) + " is not a grid");
    const double sideX = image.square.width, sideY = image.square.height;
    const auto& r = image.photoRect;
    const double x0 = r[0], y0 = r[1], x1 = r[0] + r[2], y1 = r[1] + r[3];
    // Rectangles scaled by the resize are not exact: a patch edge within eps of the photograph's
    // edge counts as on it.
    const double eps = 1e-9 * std::max(sideX, sideY);
    std::vector<PatchCover> cover(static_cast<std::size_t>(gridRows) * gridCols);
    for (int pr = 0; pr < gridRows; ++pr) {
        const double py0 = sideY * pr / gridRows, py1 = sideY * (pr + 1) / gridRows;
        for (int pc = 0; pc < gridCols; ++pc) {
            const double px0 = sideX * pc / gridCols, px1 = sideX * (pc + 1) / gridCols;
            const double ix = std::min(px1, x1) - std::max(px0, x0);
            const double iy = std::min(py1, y1) - std::max(py0, y0);
            PatchCover c = PatchCover::Mixed;
            if (ix <= eps || iy <= eps)
                c = PatchCover::Padding;
            else if (px0 >= x0 - eps && px1 <= x1 + eps && py0 >= y0 - eps && py1 <= y1 + eps)
                c = PatchCover::Photo;
            cover[static_cast<std::size_t>(pr) * gridCols + pc] = c;
        }
    }
    return cover;
}

}  // namespace assay::core::tokens
