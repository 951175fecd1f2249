// Bicubic resizing as PIL's Image.resize(BICUBIC) does it (the resampler CLIP's preprocessing
// calls): a separable filter with Keys' cubic (a = −0.5) whose support widens by the scale when
// shrinking (antialiasing), taps normalised to sum 1, horizontal pass first. PIL rounds to 8 bits
// between the passes and uses fixed-point taps; this keeps doubles until the end, so pixels may
// differ from PIL's by a level or two (README "Image geometry").
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "assay/core/error.h"
#include "assay/tokens/image.h"

namespace assay::core::tokens {
namespace {

double cubic(double x) {
    constexpr double a = -0.5;
    x = std::abs(x);
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

struct Taps {
    int first = 0;
    std::vector<double> weights;
};

// The taps of every output coordinate along one axis (PIL's precompute_coeffs).
std::vector<Taps> axisTaps(int in, int out) {
    const double scale = static_cast<double>(in) / out;
    const double filterScale = std::max(scale, 1.0);
    const double support = 2.0 * filterScale;
    std::vector<Taps> taps(static_cast<std::size_t>(out));
    for (int o = 0; o < out; ++o) {
        const double center = (o + 0.5) * scale;
        const int lo = std::max(static_cast<int>(center - support + 0.5), 0);
        const int hi = std::min(static_cast<int>(center + support + 0.5), in);
        Taps& t = taps[static_cast<std::size_t>(o)];
        t.first = lo;
        double sum = 0;
        for (int i = lo; i < hi; ++i) {
            const double w = cubic((i - center + 0.5) / filterScale);
            t.weights.push_back(w);
            sum += w;
        }
        if (sum != 0.0)
            for (double& w : t.weights) w /= sum;
    }
    return taps;
}

std::uint8_t toByte(double v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

}  // namespace

RgbImage resizeImage(const RgbImage& image, int width, int height) {
    if (width < 1 || height < 1)
        throw ParameterError("size", std::to_string(width) + "x" + std::to_string(height) +
                                         " is not an image size (expected at least 1x1)");
    if (image.empty()) throw InputError("image: empty, nothing to resize");
    if (width == image.width && height == image.height) return image;
    const int inW = image.width, inH = image.height;
    // Horizontal pass: inH rows × width columns, in doubles.
    const std::vector<Taps> tx = axisTaps(inW, width);
    std::vector<double> mid(static_cast<std::size_t>(inH) * width * 3);
    for (int y = 0; y < inH; ++y) {
        const std::uint8_t* row = image.rgb.data() + static_cast<std::size_t>(y) * inW * 3;
        double* dst = mid.data() + static_cast<std::size_t>(y) * width * 3;
        for (int x = 0; x < width; ++x) {
            const Taps& t = tx[static_cast<std::size_t>(x)];
            double acc[3] = {0, 0, 0};
            for (std::size_t k = 0; k < t.weights.size(); ++k) {
                const std::uint8_t* p = row + (static_cast<std::size_t>(t.first) + k) * 3;
                for (int c = 0; c < 3; ++c) acc[c] += t.weights[k] * p[c];
            }
            for (int c = 0; c < 3; ++c) dst[x * 3 + c] = acc[c];
        }
    }
    // Vertical pass.
    const std::vector<Taps> ty = axisTaps(inH, height);
    RgbImage out;
    out.width = width;
    out.height = height;
    out.rgb.resize(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        const Taps& t = ty[static_cast<std::size_t>(y)];
        std::uint8_t* dst = out.rgb.data() + static_cast<std::size_t>(y) * width * 3;
        for (int i = 0; i < width * 3; ++i) {
            double acc = 0;
            for (std::size_t k = 0; k < t.weights.size(); ++k)
                acc += t.weights[k] * mid[(static_cast<std::size_t>(t.first) + k) * width * 3 +
                                          static_cast<std::size_t>(i)];
            dst[i] = toByte(acc);
        }
    }
    return out;
}

}  // namespace assay::core::tokens
