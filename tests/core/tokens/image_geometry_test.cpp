// prepareImage / resizeImage / normalisedChannels / patchCover against independent references:
// a brute-force expand2square, a direct 2-D bicubic sum, and PIL running LLaVA's and CLIP's own
// preprocessing steps (when Debian's python3-pil is there).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "assay/tokens/image.h"
#include "image_test_support.h"

namespace assay::core::tokens {
namespace {

using io::test::ScratchDir;

int px(const RgbImage& im, int x, int y, int c) {
    return im.rgb[(std::size_t(y) * im.width + x) * 3 + c];
}

// Keys' cubic, a = -0.5, written out again for the reference.
double keys(double x) {
    x = std::fabs(x);
    if (x < 1) return 1.5 * x * x * x - 2.5 * x * x + 1;
    if (x < 2) return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
    return 0;
}

// out(x, y) = Σ_j Σ_i wy(j) wx(i) in(i, j) / (Σ wx Σ wy), the taps over every input pixel whose
// scaled distance is inside the support: no separable passes, no precomputed windows.
RgbImage directResize(const RgbImage& in, int w, int h) {
    RgbImage out;
    out.width = w;
    out.height = h;
    out.rgb.resize(std::size_t(w) * h * 3);
    const double sx = double(in.width) / w, sy = double(in.height) / h;
    const double fx = std::max(sx, 1.0), fy = std::max(sy, 1.0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double cx = (x + 0.5) * sx, cy = (y + 0.5) * sy;
            double acc[3] = {0, 0, 0}, wsum = 0;
            for (int j = 0; j < in.height; ++j) {
                if (j + 0.5 < cy - 2 * fy - 1 || j + 0.5 > cy + 2 * fy + 1) continue;
                // PIL's window: pixels with int(c - support + .5) <= j < int(c + support + .5).
                if (j < std::max(int(cy - 2 * fy + 0.5), 0) || j >= int(cy + 2 * fy + 0.5))
                    continue;
                const double wy = keys((j + 0.5 - cy) / fy);
                for (int i = 0; i < in.width; ++i) {
                    if (i < std::max(int(cx - 2 * fx + 0.5), 0) || i >= int(cx + 2 * fx + 0.5))
                        continue;
                    const double wgt = wy * keys((i + 0.5 - cx) / fx);
                    wsum += wgt;
                    for (int c = 0; c < 3; ++c) acc[c] += wgt * px(in, i, j, c);
                }
            }
            for (int c = 0; c < 3; ++c)
                out.rgb[(std::size_t(y) * w + x) * 3 + c] =
                    static_cast<unsigned char>(std::clamp(std::lround(acc[c] / wsum), 0L, 255L));
        }
    return out;
}

struct Diff {
    int worst = 0;
    double mean = 0;
};

Diff compare(const RgbImage& a, const std::vector<unsigned char>& b) {
    Diff d;
    EXPECT_EQ(a.rgb.size(), b.size());
    const std::size_t n = std::min(a.rgb.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const int e = std::abs(int(a.rgb[i]) - int(b[i]));
        d.worst = std::max(d.worst, e);
        d.mean += e;
    }
    d.mean /= double(std::max<std::size_t>(n, 1));
    return d;
}

TEST(ImageGeometry, PadWithoutResizeIsExpandToSquare) {
    const RgbImage im = test::syntheticImage(13, 8);
    const PreparedImage p = prepareImage(im, 13, Preprocess::Pad);
    ASSERT_EQ(p.square.width, 13);
    ASSERT_EQ(p.square.height, 13);
    const int oy = (13 - 8) / 2;  // 2: rounded down
    const int mean[3] = {122, 116, 104};
    for (int y = 0; y < 13; ++y)
        for (int x = 0; x < 13; ++x)
            for (int c = 0; c < 3; ++c) {
                const bool inside = y >= oy && y < oy + 8;
                ASSERT_EQ(px(p.square, x, y, c), inside ? px(im, x, y - oy, c) : mean[c])
                    << x << "," << y;
            }
    EXPECT_EQ(p.photoRect, (std::array<double, 4>{0, 2, 13, 8}));
    EXPECT_EQ(p.sourceRect, (std::array<double, 4>{0, 0, 13, 8}));
    // The pad colour is int(255 · CLIP mean), as LLaVA computes it.
    for (int c = 0; c < 3; ++c) EXPECT_EQ(mean[c], int(255 * kClipMean[std::size_t(c)]));
}

TEST(ImageGeometry, PadRectanglesScaleWithTheResize) {
    const PreparedImage p = prepareImage(test::syntheticImage(451, 300), 336, Preprocess::Pad);
    EXPECT_EQ(p.square.width, 336);
    EXPECT_EQ(p.mode, Preprocess::Pad);
    const double s = 336.0 / 451;
    EXPECT_DOUBLE_EQ(p.photoRect[0], 0);
    EXPECT_DOUBLE_EQ(p.photoRect[1], 75 * s);
    EXPECT_DOUBLE_EQ(p.photoRect[2], 336);
    EXPECT_DOUBLE_EQ(p.photoRect[3], 300 * s);
    // A tall image pads left and right.
    const PreparedImage t = prepareImage(test::syntheticImage(100, 301), 50, Preprocess::Pad);
    EXPECT_DOUBLE_EQ(t.photoRect[0], 100 * 50.0 / 301);  // (301 - 100) / 2 = 100
    EXPECT_DOUBLE_EQ(t.photoRect[2], 100 * 50.0 / 301);
}

TEST(ImageGeometry, CropIsShortSideResizeThenCentre) {
    const RgbImage im = test::syntheticImage(451, 300);
    const PreparedImage p = prepareImage(im, 336, Preprocess::Crop);
    // transformers: long side int(336 · 451 / 300) = 505, left (505 − 336) // 2 = 84.
    const RgbImage resized = resizeImage(im, 505, 336);
    for (int y = 0; y < 336; y += 7)
        for (int x = 0; x < 336; x += 5)
            for (int c = 0; c < 3; ++c) ASSERT_EQ(px(p.square, x, y, c), px(resized, x + 84, y, c));
    EXPECT_EQ(p.photoRect, (std::array<double, 4>{0, 0, 336, 336}));
    EXPECT_DOUBLE_EQ(p.sourceRect[0], 84 * 451.0 / 505);
    EXPECT_DOUBLE_EQ(p.sourceRect[1], 0);
    EXPECT_DOUBLE_EQ(p.sourceRect[2], 336 * 451.0 / 505);
    EXPECT_DOUBLE_EQ(p.sourceRect[3], 300);
}

TEST(ImageGeometry, ResizeEqualsDirectBicubicSum) {
    const RgbImage im = test::syntheticImage(41, 29, 3);
    for (auto [w, h] :
         {std::pair{20, 13}, std::pair{9, 29}, std::pair{41, 60}, std::pair{97, 11}}) {
        const Diff d = compare(resizeImage(im, w, h), directResize(im, w, h).rgb);
        EXPECT_LE(d.worst, 1) << w << "x" << h;  // rounding of a sum at .5
        EXPECT_LT(d.mean, 0.01) << w << "x" << h;
    }
    EXPECT_EQ(resizeImage(im, 41, 29).rgb, im.rgb);
    EXPECT_THROW(resizeImage(im, 0, 3), ParameterError);
}

// PIL doing LLaVA's pad (expand2square + resize) and CLIP's crop (shortest side + centre crop).
const char* kPilScript = R"(import sys
from PIL import Image
src, mode, side, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
im = Image.open(src).convert('RGB')
mean = tuple(int(x * 255) for x in (0.48145466, 0.4578275, 0.40821073))
if mode == 'pad':
    w, h = im.size
    s = max(w, h)
    sq = Image.new('RGB', (s, s), mean)
    sq.paste(im, ((s - w) // 2, (s - h) // 2))
    res = sq.resize((side, side), Image.BICUBIC)
elif mode == 'crop':
    w, h = im.size
    if w <= h:
        nw, nh = side, int(side * h / w)
    else:
        nw, nh = int(side * w / h), side
    r = im.resize((nw, nh), Image.BICUBIC)
    l, t = (nw - side) // 2, (nh - side) // 2
    res = r.crop((l, t, l + side, t + side))
else:
    w, h = (int(v) for v in mode.split('x'))
    res = im.resize((w, h), Image.BICUBIC)
open(out, 'wb').write(res.tobytes())
)";

std::vector<unsigned char> pil(const ScratchDir& dir, const std::filesystem::path& src,
                               const std::string& mode, int side) {
    std::ofstream(dir / "pil.py") << kPilScript;
    const std::string cmd = "/usr/bin/python3 '" + (dir / "pil.py").string() + "' '" +
                            src.string() + "' " + mode + " " + std::to_string(side) + " '" +
                            (dir / "pil.raw").string() + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(dir / "pil.raw", std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ImageGeometry, PadAndCropAgreeWithPil) {
    if (!test::pythonHasPil()) GTEST_SKIP() << "/usr/bin/python3 has no PIL (python3-pil)";
    ScratchDir dir;
    std::vector<std::filesystem::path> sources = {dir / "synthetic.png"};
    test::writePng(sources[0], test::syntheticImage(151, 97, 5));
    if (const auto photo = test::skimagePhoto("chelsea.png"); !photo.empty())
        sources.push_back(photo);
    for (const auto& src : sources) {
        const RgbImage im = readImage(src);
        for (Preprocess mode : {Preprocess::Pad, Preprocess::Crop}) {
            const Diff d = compare(prepareImage(im, 112, mode).square,
                                   pil(dir, src, preprocessName(mode), 112));
            // PIL rounds to 8 bits between passes and uses fixed-point taps.
            EXPECT_LE(d.worst, 2) << src << " " << preprocessName(mode);
            EXPECT_LT(d.mean, 0.25) << src << " " << preprocessName(mode);
        }
        for (const char* size : {"40x23", "300x210"}) {
            int w = 0, h = 0;
            std::sscanf(size, "%dx%d", &w, &h);
            const Diff d = compare(resizeImage(im, w, h), pil(dir, src, size, 0));
            EXPECT_LE(d.worst, 2) << src << " " << size;
            EXPECT_LT(d.mean, 0.25) << src << " " << size;
        }
    }
}

TEST(ImageGeometry, NormalisedChannelsAreChannelMajor) {
    const RgbImage im = test::syntheticImage(6, 6);
    const std::vector<float> x = normalisedChannels(im);
    ASSERT_EQ(x.size(), 3u * 36);
    for (int c = 0; c < 3; ++c)
        for (int i = 0; i < 36; ++i) {
            const double want =
                (im.rgb[std::size_t(i) * 3 + std::size_t(c)] / 255.0 - kClipMean[std::size_t(c)]) /
                kClipStd[std::size_t(c)];
            EXPECT_NEAR(x[std::size_t(c) * 36 + std::size_t(i)], want, 1e-6);
        }
    const std::vector<float> raw = normalisedChannels(im, {0, 0, 0}, {1, 1, 1});
    EXPECT_FLOAT_EQ(raw[36 + 7], im.rgb[7 * 3 + 1] / 255.0f);
    EXPECT_THROW(normalisedChannels(im, kClipMean, {1, 0, 1}), ParameterError);
}

TEST(ImageGeometry, PatchCoverMatchesPixelCount) {
    // Integral geometry (20x10 padded to 20, then 40): count the pixels of each patch that lie on
    // the photograph.
    for (int side : {20, 40}) {
        const PreparedImage p = prepareImage(test::syntheticImage(20, 10), side, Preprocess::Pad);
        for (int g : {4, 5, 10}) {
            const std::vector<PatchCover> cover = patchCover(p, g, g);
            const int cell = side / g;
            const double y0 = p.photoRect[1], y1 = y0 + p.photoRect[3];
            for (int r = 0; r < g; ++r)
                for (int c = 0; c < g; ++c) {
                    int on = 0;
                    for (int y = r * cell; y < (r + 1) * cell; ++y)
                        on += (y + 0.5 > y0 && y + 0.5 < y1) ? cell : 0;
                    const PatchCover want = on == 0             ? PatchCover::Padding
                                            : on == cell * cell ? PatchCover::Photo
                                                                : PatchCover::Mixed;
                    EXPECT_EQ(cover[std::size_t(r * g + c)], want)
                        << side << " " << g << " " << r << "," << c;
                }
        }
    }
    const PreparedImage crop = prepareImage(test::syntheticImage(30, 10), 20, Preprocess::Crop);
    for (PatchCover c : patchCover(crop, 7, 3)) EXPECT_EQ(c, PatchCover::Photo);
    EXPECT_THROW(patchCover(crop, 0, 3), ParameterError);
}

// The README's example: chelsea.png (451x300) padded to 336 under a 24x24 grid (14 px patches):
// the photograph spans rows 55.9..279.4, so patch rows 0-2 and 20-23 are padding, 3 and 19 mixed.
TEST(ImageGeometry, ChelseaSizedPadCover) {
    const PreparedImage p = prepareImage(test::syntheticImage(451, 300), 336, Preprocess::Pad);
    const std::vector<PatchCover> cover = patchCover(p, 24, 24);
    for (int r = 0; r < 24; ++r) {
        const PatchCover want = (r <= 2 || r >= 20)   ? PatchCover::Padding
                                : (r == 3 || r == 19) ? PatchCover::Mixed
                                                      : PatchCover::Photo;
        for (int c = 0; c < 24; ++c)
            EXPECT_EQ(cover[std::size_t(r * 24 + c)], want) << r << "," << c;
    }
}

TEST(ImageGeometry, NamesAndErrors) {
    EXPECT_EQ(preprocessFromName("pad"), Preprocess::Pad);
    EXPECT_EQ(preprocessFromName("crop"), Preprocess::Crop);
    EXPECT_STREQ(preprocessName(Preprocess::Crop), "crop");
    EXPECT_THROW(preprocessFromName("squash"), ParameterError);
    EXPECT_THROW(prepareImage(test::syntheticImage(4, 4), 0, Preprocess::Pad), ParameterError);
    EXPECT_THROW(prepareImage(RgbImage{}, 10, Preprocess::Pad), InputError);
}

}  // namespace
}  // namespace assay::core::tokens
