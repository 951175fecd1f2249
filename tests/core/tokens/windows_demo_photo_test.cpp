// The demo encoder on real photographs (python3-skimage's data folder, read from the installed
// package at test time, never copied): any prepared image encodes to the demo's grid, padded and
// cropped; the encoder is deterministic; and the padding LLaVA adds around a non-square photograph
// reads as what it is — away from the photograph every padding patch gets one feature.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "windows_demo_test_util.h"

namespace assay::core::tokens {
namespace {
using namespace test_support;

const std::filesystem::path kPhotos = "/usr/lib/python3/dist-packages/skimage/data";

RgbImage photo(const char* name) {
    const auto path = kPhotos / name;
    // python3-skimage is in packaging/debian-packages.txt: a missing file is a broken setup.
    if (!std::filesystem::exists(path))
        throw std::runtime_error(path.string() + " is missing: install python3-skimage");
    return readImage(path);
}

TEST(WindowsDemoPhotos, EveryPhotographEncodesPaddedAndCropped) {
    const WindowsDemo& demo = quickWindowsDemo();
    for (const char* name : {"astronaut.png", "chelsea.png", "coffee.png"})
        for (Preprocess mode : {Preprocess::Pad, Preprocess::Crop}) {
            const PreparedImage p = prepareImage(photo(name), 336, mode);
            const PatchFeatures f = demo.encode(p);
            EXPECT_EQ(f.images(), 1);
            EXPECT_EQ(f.grid().rows, 24);
            EXPECT_EQ(f.grid().cols, 24);
            EXPECT_EQ(f.dim(), 64);
            ASSERT_TRUE(f.hasSecondSet());
            for (float v : f.imageRows(0)) ASSERT_TRUE(std::isfinite(v)) << name;
            double sum = 0;
            for (double a : f.attention(0)) sum += a;
            EXPECT_NEAR(sum, 1.0, 1e-5) << name;
            const PatchFeatures again = demo.encode(p);
            EXPECT_EQ(again.imageRows(0), f.imageRows(0)) << name;
            EXPECT_EQ(again.attention(0), f.attention(0)) << name;
        }
}

// The encoder has no position embedding, so a patch's feature depends only on its pixels and its
// 3 × 3 neighbourhood (the convolution; attention adds the same image-wide context to all): every
// patch of pure padding whose neighbours are pure padding too, inside the grid, gets one feature
// (cosine ≥ 0.999 between any two: products may round differently from row to row). The
// window figures are printed for the README.
TEST(WindowsDemoPhotos, PaddingAwayFromThePhotographReadsAsOneFeature) {
    const WindowsDemo& demo = trainedWindowsDemo();
    const PreparedImage p = prepareImage(photo("chelsea.png"), 336, Preprocess::Pad);  // 451 × 300
    const PatchFeatures f = demo.encode(p);
    const auto rows = f.imageRows(0);
    const auto cover = patchCover(p, 24, 24);
    // Pure padding: every pixel the mean colour (the resize blends a few pixels beside the photo).
    std::vector<bool> pure(24 * 24, true);
    for (int y = 0; y < 336; ++y)
        for (int x = 0; x < 336; ++x) {
            const std::uint8_t* px = &p.square.rgb[(std::size_t(y) * 336 + x) * 3];
            if (px[0] != 122 || px[1] != 116 || px[2] != 104) pure[(y / 14) * 24 + x / 14] = false;
        }
    std::vector<int> interior;
    for (int r = 1; r < 23; ++r)
        for (int c = 1; c < 23; ++c) {
            bool all = true;
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) all = all && pure[(r + dr) * 24 + c + dc];
            if (all) interior.push_back(r * 24 + c);
        }
    ASSERT_GE(interior.size(), 40u);  // rows 1 and 22 at least: bands of 4 patch rows of padding
    double worst = 1;
    for (int a : interior)
        for (int b : interior)
            worst =
                std::min(worst, cosine(&rows[std::size_t(a) * 64], &rows[std::size_t(b) * 64], 64));
    double pad = 0, inPhoto = 0;
    int np = 0, nph = 0;
    for (const auto& w : squareWindows(24, 2)) {
        bool allPad = true, allPhoto = true;
        for (int m : w) {
            allPad = allPad && cover[m] == PatchCover::Padding;
            allPhoto = allPhoto && cover[m] == PatchCover::Photo;
        }
        const double s = meanPairwiseCosine(rows, f.dim(), w);
        if (allPad) pad += s, ++np;
        if (allPhoto) inPhoto += s, ++nph;
    }
    std::cout << "[ demo    ] chelsea: " << interior.size()
              << " interior padding patches, least cosine " << worst << "; 2x2 s_w over padding "
              << pad / np << ", inside the photo " << inPhoto / nph << "\n";
    EXPECT_GT(worst, 0.999);
}

}  // namespace
}  // namespace assay::core::tokens
