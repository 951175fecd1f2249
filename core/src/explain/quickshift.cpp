// Quickshift superpixels as skimage.segmentation.quickshift (0.19) computes them, with
// convert2lab = True and sigma = 0 (lime_image's defaults: kernel_size 4, max_dist 200, ratio
// 0.2): the image in CIE Lab (skimage's rgb2lab: sRGB gamma, its xyz_from_rgb matrix, D65 / 2°
// white) times ratio; per pixel a Parzen density over a (2⌈3k⌉+1)² window in (Lab, row, col)
// space plus a tiny tie-breaking noise; each pixel's parent is the nearest window pixel of higher
// density, kept when closer than max_dist; the roots of the forest, numbered in pixel order, are
// the segments. The loops run in skimage's order so the sums are the same doubles.
// Departure: the noise comes from SplitMix64 (quickshiftTieNoise), not numpy's PCG64, so labels
// can differ from skimage's where two neighbouring densities are within ~1e-5.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/segmentation.h"

namespace assay::core::explain {
namespace {

// skimage.color.rgb2lab of img_as_float(image): value · (1/255), then rgb2xyz and xyz2lab.
std::vector<double> labTimesRatio(const tokens::RgbImage& image, double ratio) {
    static const double m[3][3] = {{0.412453, 0.357580, 0.180423},
                                   {0.212671, 0.715160, 0.072169},
                                   {0.019334, 0.119193, 0.950227}};
    static const double white[3] = {0.95047, 1.0, 1.08883};
    const std::size_t pixels = static_cast<std::size_t>(image.width) * image.height;
    std::vector<double> out(pixels * 3);
    for (std::size_t p = 0; p < pixels; ++p) {
        double rgb[3], xyz[3];
        for (int c = 0; c < 3; ++c) {
            double v = image.rgb[p * 3 + c] * (1.0 / 255.0);
            rgb[c] = v > 0.04045 ? std::pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
        }
        for (int r = 0; r < 3; ++r) {
            xyz[r] = rgb[0] * m[r][0] + rgb[1] * m[r][1] + rgb[2] * m[r][2];
            double v = xyz[r] / white[r];
            xyz[r] = v > 0.008856 ? std::cbrt(v) : 7.787 * v + 16.0 / 116.0;
        }
        out[p * 3 + 0] = (116.0 * xyz[1] - 16.0) * ratio;
        out[p * 3 + 1] = (500.0 * (xyz[0] - xyz[1])) * ratio;
        out[p * 3 + 2] = (200.0 * (xyz[1] - xyz[2])) * ratio;
    }
    return out;
}

}  // namespace

std::vector<double> quickshiftTieNoise(int width, int height, std::uint64_t seed) {
    SplitMix64 rng(seed);
    std::vector<double> noise(static_cast<std::size_t>(width) * height);
    for (double& v : noise) v = 0.00001 * rng.normal();
    return noise;
}

Segmentation quickshift(const tokens::RgbImage& image, const QuickshiftOptions& options) {
    if (image.empty() ||
        image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
        throw InputError("quickshift", "image", "is empty or not width × height × 3 bytes");
    if (!(options.kernelSize >= 1)) throw ParameterError("quickshift: kernel size", "expected ≥ 1");
    if (!(options.maxDist >= 0)) throw ParameterError("quickshift: max distance", "expected ≥ 0");
    if (!(options.ratio >= 0)) throw ParameterError("quickshift: ratio", "expected ≥ 0");
    const int W = image.width, H = image.height;
    const std::vector<double> lab = labTimesRatio(image, options.ratio);
    std::vector<double> density = quickshiftTieNoise(W, H, options.seed);
    const double inv = -0.5 / (options.kernelSize * options.kernelSize);
    const int reach = static_cast<int>(std::ceil(3 * options.kernelSize));
    auto distance2 = [&](int r, int c, int r2, int c2) {
        const double* a = &lab[(static_cast<std::size_t>(r) * W + c) * 3];
        const double* b = &lab[(static_cast<std::size_t>(r2) * W + c2) * 3];
        double d = 0, t;
        for (int ch = 0; ch < 3; ++ch) {
            t = a[ch] - b[ch];
            d += t * t;
        }
        t = r - r2;
        d += t * t;
        t = c - c2;
        d += t * t;
        return d;
    };
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c) {
            double& dens = density[static_cast<std::size_t>(r) * W + c];
            for (int r2 = std::max(r - reach, 0); r2 < std::min(r + reach + 1, H); ++r2)
                for (int c2 = std::max(c - reach, 0); c2 < std::min(c + reach + 1, W); ++c2)
                    dens += std::exp(distance2(r, c, r2, c2) * inv);
        }

    std::vector<std::int64_t> parent(static_cast<std::size_t>(W) * H);
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c) {
            const std::size_t p = static_cast<std::size_t>(r) * W + c;
            parent[p] = static_cast<std::int64_t>(p);
            double closest = DBL_MAX;
            for (int r2 = std::max(r - reach, 0); r2 < std::min(r + reach + 1, H); ++r2)
                for (int c2 = std::max(c - reach, 0); c2 < std::min(c + reach + 1, W); ++c2) {
                    if (!(density[static_cast<std::size_t>(r2) * W + c2] > density[p])) continue;
                    const double d = distance2(r, c, r2, c2);
                    if (d < closest) {
                        closest = d;
                        parent[p] = static_cast<std::int64_t>(r2) * W + c2;
                    }
                }
            if (std::sqrt(closest) > options.maxDist) parent[p] = static_cast<std::int64_t>(p);
        }
    // Every pixel to its root; parents have strictly higher density, so this terminates.
    for (std::size_t p = 0; p < parent.size(); ++p) {
        std::int64_t root = parent[p];
        while (parent[root] != root) root = parent[root];
        parent[p] = root;
    }
    Segmentation s;
    s.width = W;
    s.height = H;
    std::vector<std::int32_t> labelOfRoot(parent.size(), -1);
    for (std::size_t p = 0; p < parent.size(); ++p)
        if (parent[p] == static_cast<std::int64_t>(p)) labelOfRoot[p] = s.segments++;
    s.labels.resize(parent.size());
    for (std::size_t p = 0; p < parent.size(); ++p) s.labels[p] = labelOfRoot[parent[p]];
    return s;
}

}  // namespace assay::core::explain
