// The demo encoder on real photographs (python3-skimage's data folder, read from the installed
// package at test time, never copied): any prepared image encodes to the demo's grid, padded and
// cropped; the encoder is deterministic; and the padding LLaVA adds around a non-square photograph
// reads as what it is — windows over the flat mean colour are near-identical, unlike the photo's.
#include <gtest/gtest.h>

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

TEST(WindowsDemoPhotos, PaddingWindowsAreUniformPhotoWindowsAreNot) {
    const WindowsDemo& demo = trainedWindowsDemo();
    const PreparedImage p = prepareImage(photo("chelsea.png"), 336, Preprocess::Pad);  // 451 × 300
    const PatchFeatures f = demo.encode(p);
    const auto rows = f.imageRows(0);
    const auto cover = patchCover(p, 24, 24);
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
    ASSERT_GT(np, 10);  // (451 − 300) / 451 of the square is padding: bands at top and bottom
    ASSERT_GT(nph, 50);
    std::cout << "[ demo    ] chelsea s_w: padding " << pad / np << ", photo " << inPhoto / nph
              << "\n";
    EXPECT_GT(pad / np, 0.9);
    EXPECT_GT(pad / np, inPhoto / nph + 0.08);
}

}  // namespace
}  // namespace assay::core::tokens
