// encodeImage (tokens/image_encoder.h): a TorchScript vision encoder on a prepared image. Plain
// C++ here; the module runs in LibTorch through ScriptModule.
#include "assay/tokens/image_encoder.h"

#include <cmath>
#include <string>

#include "assay/core/error.h"

namespace assay::core::tokens {
namespace {

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

}  // namespace

PatchFeatures encodeImage(const ScriptModule& encoder, const PreparedImage& image,
                          const EncoderOptions& options) {
    const std::string label = encoder.path().filename().string();
    if (options.side < 1)
        throw ParameterError("side", std::to_string(options.side) + " is below 1");
    if (image.square.width != options.side || image.square.height != options.side)
        throw ParameterError("image", "prepared at " + std::to_string(image.square.width) + "x" +
                                          std::to_string(image.square.height) + ", " + label +
                                          " takes " + std::to_string(options.side) + "x" +
                                          std::to_string(options.side));
    FloatTensor input;
    input.shape = {1, 3, options.side, options.side};
    input.data = normalisedChannels(image.square, options.mean, options.std);
    const FloatTensor out = encoder.forward(input);
    const auto& s = out.shape;
    const bool batched = s.size() == 3 && s[0] == 1;
    if (!batched && s.size() != 2)
        throw InputError(label, "output",
                         "shape " + shapeText(s) + ", expected [1, N, D] or [N, D]");
    const std::int64_t rowsOut = batched ? s[1] : s[0];
    const std::int64_t dim = s.back();
    const std::int64_t n = rowsOut - (options.cls ? 1 : 0);
    if (dim < 1 || n < 1)
        throw InputError(label, "output", "shape " + shapeText(s) + " holds no patch tokens");
    GridSize grid;
    if (options.grid) {
        grid = *options.grid;
        if (grid.patches() != n)
            throw InputError(label, "output",
                             std::to_string(n) + " patch tokens" +
                                 (options.cls ? " after CLS" : "") + " do not make the grid " +
                                 gridSizeText(grid));
    } else {
        const auto k = static_cast<std::int64_t>(std::llround(std::sqrt(static_cast<double>(n))));
        if (k * k != n)
            throw InputError(label, "output",
                             std::to_string(n) + " patch tokens" +
                                 (options.cls ? " after CLS" : "") +
                                 " are not a square grid; give the grid");
        grid = {static_cast<int>(k), static_cast<int>(k)};
    }
    const std::size_t skip = options.cls ? static_cast<std::size_t>(dim) : 0;
    std::vector<float> rows(out.data.begin() + static_cast<std::ptrdiff_t>(skip), out.data.end());
    return PatchFeatures::fromFloats(std::move(rows), 1, grid, static_cast<int>(dim), label);
}

}  // namespace assay::core::tokens
