// readImage / decodeImage: lossless formats give back the pixels written, grey and alpha become
// RGB, and anything else is refused with a message naming the file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "assay/tokens/image.h"
#include "image_test_support.h"

namespace assay::core::tokens {
namespace {

using io::test::ScratchDir;

std::string fileBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ImageDecode, PngRgbIsExact) {
    ScratchDir dir;
    const RgbImage im = test::syntheticImage(37, 21);
    test::writePng(dir / "a.png", im);
    const RgbImage back = readImage(dir / "a.png");
    EXPECT_EQ(back.width, 37);
    EXPECT_EQ(back.height, 21);
    EXPECT_EQ(back.rgb, im.rgb);
}

TEST(ImageDecode, GreyAndAlphaBecomeRgb) {
    ScratchDir dir;
    const int w = 5, h = 4;
    std::vector<unsigned char> grey(w * h), rgba(w * h * 4), greyAlpha(w * h * 2);
    for (int i = 0; i < w * h; ++i) {
        grey[i] = static_cast<unsigned char>(i * 11);
        for (int c = 0; c < 4; ++c) rgba[i * 4 + c] = static_cast<unsigned char>(i * 3 + c * 50);
        greyAlpha[i * 2] = static_cast<unsigned char>(i * 7);
        greyAlpha[i * 2 + 1] = 0;  // fully transparent: the colour is still kept
    }
    test::writePng(dir / "g.png", w, h, 1, grey.data());
    test::writePng(dir / "rgba.png", w, h, 4, rgba.data());
    test::writePng(dir / "ga.png", w, h, 2, greyAlpha.data());
    const RgbImage g = readImage(dir / "g.png"), c = readImage(dir / "rgba.png"),
                   ga = readImage(dir / "ga.png");
    for (int i = 0; i < w * h; ++i)
        for (int k = 0; k < 3; ++k) {
            EXPECT_EQ(g.rgb[i * 3 + k], grey[i]);
            EXPECT_EQ(c.rgb[i * 3 + k], rgba[i * 4 + k]);
            EXPECT_EQ(ga.rgb[i * 3 + k], greyAlpha[i * 2]);
        }
}

TEST(ImageDecode, JpegIsClose) {
    ScratchDir dir;
    RgbImage im = test::syntheticImage(48, 32);
    // JPEG is lossy: a smooth picture (no noise, no hard edges) comes back within a few levels.
    for (int y = 0; y < im.height; ++y)
        for (int x = 0; x < im.width; ++x)
            for (int c = 0; c < 3; ++c)
                im.rgb[(y * im.width + x) * 3 + c] =
                    static_cast<unsigned char>(60 + 2 * x + y + 20 * c);
    test::writeJpeg(dir / "a.jpg", im, 100);
    const RgbImage back = readImage(dir / "a.jpg");
    ASSERT_EQ(back.width, im.width);
    ASSERT_EQ(back.height, im.height);
    int worst = 0;
    for (std::size_t i = 0; i < im.rgb.size(); ++i)
        worst = std::max(worst, std::abs(int(back.rgb[i]) - int(im.rgb[i])));
    EXPECT_LE(worst, 6);
}

// PNG colour types stb_image_write cannot make (palette with tRNS, 1-bit grey, 16-bit grey) and
// a CMYK JPEG, written by PIL; the expected RGB bytes come from NumPy (16-bit: the high byte).
TEST(ImageDecode, OtherPngKindsAgreeWithPil) {
    if (!test::pythonHasPil()) GTEST_SKIP() << "/usr/bin/python3 has no PIL (python3-pil)";
    ScratchDir dir;
    std::ofstream(dir / "kinds.py") << R"(import sys, numpy as np
from PIL import Image
d = sys.argv[1]
rng = np.random.default_rng(3)
rgb = (rng.random((7, 11, 3)) * 255).astype(np.uint8)
p = Image.fromarray(rgb).convert('P')
p.save(d + '/palette.png', transparency=2)
open(d + '/palette.raw', 'wb').write(p.convert('RGB').tobytes())
bits = rgb[..., 0] > 128
Image.fromarray(bits).save(d + '/bilevel.png')
open(d + '/bilevel.raw', 'wb').write(np.repeat(bits.astype(np.uint8)[..., None] * 255, 3, 2).tobytes())
g16 = (rng.random((5, 6)) * 65535).astype(np.uint16)
Image.fromarray(g16).save(d + '/grey16.png')
open(d + '/grey16.raw', 'wb').write(np.repeat((g16 >> 8).astype(np.uint8)[..., None], 3, 2).tobytes())
Image.fromarray(rgb).convert('CMYK').save(d + '/cmyk.jpg')
)";
    const std::string cmd =
        "/usr/bin/python3 '" + (dir / "kinds.py").string() + "' '" + dir.path().string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    for (const char* name : {"palette", "bilevel", "grey16"}) {
        const RgbImage im = readImage(dir / (std::string(name) + ".png"));
        const std::string raw = fileBytes(dir / (std::string(name) + ".raw"));
        ASSERT_EQ(raw.size(), im.rgb.size()) << name;
        EXPECT_EQ(std::memcmp(raw.data(), im.rgb.data(), raw.size()), 0) << name;
    }
    try {
        readImage(dir / "cmyk.jpg");
        ADD_FAILURE() << "a CMYK JPEG cannot be read as RGB";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("cmyk.jpg: not a readable image ("), std::string::npos)
            << e.what();
    }
}

TEST(ImageDecode, MalformedBytesAreRefused) {
    const std::string junk = "this is not an image at all";
    const auto* p = reinterpret_cast<const std::uint8_t*>(junk.data());
    try {
        decodeImage(p, junk.size(), "junk.png");
        ADD_FAILURE();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("junk.png: not a readable image ("), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(decodeImage(p, 0, "empty.png"), InputError);
    EXPECT_THROW(decodeImage(nullptr, 10, "null.png"), InputError);
    // A real PNG cut short: the header reads, the pixels do not.
    ScratchDir dir;
    test::writePng(dir / "a.png", test::syntheticImage(40, 40));
    const std::string png = fileBytes(dir / "a.png");
    for (std::size_t cut : {std::size_t(8), std::size_t(30), png.size() / 2, png.size() - 13})
        EXPECT_THROW(decodeImage(reinterpret_cast<const std::uint8_t*>(png.data()), cut, "cut.png"),
                     InputError)
            << cut;
}

TEST(ImageDecode, TooLargeIsAResourceError) {
    ScratchDir dir;
    std::vector<unsigned char> row(20000, 128);
    test::writePng(dir / "wide.png", 20000, 1, 1, row.data());
    try {
        readImage(dir / "wide.png");
        ADD_FAILURE();
    } catch (const ResourceError& e) {
        EXPECT_NE(std::string(e.what()).find("wide.png: image is 20000x1 pixels"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ImageDecode, MissingFileNamesIt) {
    ScratchDir dir;
    try {
        readImage(dir / "nope.png");
        ADD_FAILURE();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("nope.png: cannot open"), std::string::npos);
    }
    EXPECT_THROW(readImage(dir.path()), InputError);
}

TEST(ImageDecode, RealPhotographsFromSkimage) {
    if (test::skimagePhoto("chelsea.png").empty())
        GTEST_SKIP() << "python3-skimage's data folder is not installed";
    EXPECT_EQ(readImage(test::skimagePhoto("chelsea.png")).width, 451);
    EXPECT_EQ(readImage(test::skimagePhoto("chelsea.png")).height, 300);
    if (!test::pythonHasPil()) return;
    // PIL's decode of the same files, as raw bytes, must match exactly (PNG is lossless).
    ScratchDir dir;
    for (const char* name : {"astronaut.png", "chelsea.png", "coffee.png"}) {
        const auto path = test::skimagePhoto(name);
        if (path.empty()) continue;
        const RgbImage im = readImage(path);
        ASSERT_EQ(test::runPython("import sys; from PIL import Image; "
                                  "open(sys.argv[2], 'wb').write(Image.open(sys.argv[1])"
                                  ".convert('RGB').tobytes())",
                                  "'" + path.string() + "' '" + (dir / "raw").string() + "'"),
                  0);
        const std::string raw = fileBytes(dir / "raw");
        ASSERT_EQ(raw.size(), im.rgb.size()) << name;
        EXPECT_EQ(std::memcmp(raw.data(), im.rgb.data(), raw.size()), 0) << name;
    }
}

}  // namespace
}  // namespace assay::core::tokens
