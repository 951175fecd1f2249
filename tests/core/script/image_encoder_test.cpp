// encodeImage with a TorchScript patch encoder built in C++: per-patch channel means of the
// CLIP-normalised image (and their mean as a CLS row), against the same means in plain loops.
#include "assay/tokens/image_encoder.h"

#include <gtest/gtest.h>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "script_backend.h"

namespace assay::core::tokens {
namespace {

using io::test::ScratchDir;

// [1, 3, S, S] → [1, 1 + N, 3]: CLS (the mean of the patches) first, patches in raster order.
const char* kPatchMeans =
    "def forward(self, x):\n"
    "    p = x.unfold(2, 4, 4).unfold(3, 4, 4).mean(dim=(4, 5))\n"
    "    t = p.flatten(2).transpose(1, 2)\n"
    "    return torch.cat([t.mean(dim=1, keepdim=True), t], dim=1)\n";

RgbImage picture(int side) {
    RgbImage im;
    im.width = im.height = side;
    im.rgb.resize(std::size_t(side) * side * 3);
    for (std::size_t i = 0; i < im.rgb.size(); ++i)
        im.rgb[i] = static_cast<std::uint8_t>((i * 37) % 251);
    return im;
}

TEST(ImageEncoder, PatchTokensInRasterOrderClsDropped) {
    ScratchDir dir;
    detail::saveScriptModule(dir / "enc.pt", kPatchMeans, {});
    const ScriptModule enc = ScriptModule::load(dir / "enc.pt");
    const PreparedImage img = prepareImage(picture(16), 16, Preprocess::Pad);
    EncoderOptions o;
    o.side = 16;
    const PatchFeatures f = encodeImage(enc, img, o);
    EXPECT_EQ(f.grid().rows, 4);
    EXPECT_EQ(f.grid().cols, 4);
    EXPECT_EQ(f.dim(), 3);
    EXPECT_EQ(f.images(), 1);
    const std::vector<float> rows = f.imageRows(0);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
            for (int ch = 0; ch < 3; ++ch) {
                double sum = 0;
                for (int y = r * 4; y < r * 4 + 4; ++y)
                    for (int x = c * 4; x < c * 4 + 4; ++x)
                        sum += (img.square.rgb[(std::size_t(y) * 16 + x) * 3 + ch] / 255.0 -
                                kClipMean[std::size_t(ch)]) /
                               kClipStd[std::size_t(ch)];
                EXPECT_NEAR(rows[std::size_t((r * 4 + c) * 3 + ch)], sum / 16, 1e-5);
            }
}

TEST(ImageEncoder, OptionsAndErrors) {
    ScratchDir dir;
    detail::saveScriptModule(dir / "enc.pt", kPatchMeans, {});
    detail::saveScriptModule(dir / "flat.pt",
                             "def forward(self, x):\n"
                             "    return x.unfold(2, 4, 4).unfold(3, 4, 4).mean(dim=(4, 5))"
                             ".flatten(2).transpose(1, 2)[0]\n",
                             {});
    const ScriptModule enc = ScriptModule::load(dir / "enc.pt");
    const ScriptModule flat = ScriptModule::load(dir / "flat.pt");
    const PreparedImage img = prepareImage(picture(16), 16, Preprocess::Pad);
    EncoderOptions o;
    o.side = 16;
    // [N, D] without CLS, same patches.
    o.cls = false;
    const PatchFeatures f = encodeImage(flat, img, o);
    o.cls = true;
    EXPECT_EQ(f.imageRows(0), encodeImage(enc, img, o).imageRows(0));
    // Without dropping CLS, 17 tokens are not a square; a 16x1 grid does not fit either.
    o.cls = false;
    EXPECT_THROW(encodeImage(enc, img, o), InputError);
    o.cls = true;
    o.grid = GridSize{2, 8};
    EXPECT_EQ(encodeImage(enc, img, o).grid().cols, 8);
    o.grid = GridSize{16, 2};
    EXPECT_THROW(encodeImage(enc, img, o), InputError);
    o.grid.reset();
    o.side = 32;
    EXPECT_THROW(encodeImage(enc, img, o), ParameterError);
}

}  // namespace
}  // namespace assay::core::tokens
