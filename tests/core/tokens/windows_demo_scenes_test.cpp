// The Token windows demo's scenes (core/src/tokens/windows_demo_scenes.cpp, plain C++): every
// scene holds the four contents, a patch's label is its pixels' majority (against a count done
// here), text patches carry fine detail and sky patches do not, and scenes come from the seed.
#include "windows_demo_scenes.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "assay/core/random.h"

namespace assay::core::tokens::demo {
namespace {

constexpr int kSide = 336, kPatch = 14, kGrid = 24;

// Standard deviation of the grey level (mean of RGB) over patch (r, c).
double patchDetail(const RgbImage& img, int r, int c) {
    double s = 0, ss = 0;
    for (int y = r * kPatch; y < (r + 1) * kPatch; ++y)
        for (int x = c * kPatch; x < (c + 1) * kPatch; ++x) {
            const std::uint8_t* p = &img.rgb[(std::size_t(y) * img.width + x) * 3];
            const double g = (p[0] + p[1] + p[2]) / 3.0;
            s += g;
            ss += g * g;
        }
    const double n = kPatch * kPatch;
    return std::sqrt(std::max(0.0, ss / n - (s / n) * (s / n)));
}

TEST(WindowsDemoScenes, EverySceneHoldsSkyGroundObjectsAndText) {
    for (int i = 0; i < 6; ++i) {
        const GeneratedScene s = generateScene(5, i, kSide, kPatch);
        ASSERT_EQ(s.image.width, kSide);
        ASSERT_EQ(s.image.height, kSide);
        ASSERT_EQ(s.image.rgb.size(), std::size_t(kSide) * kSide * 3);
        ASSERT_EQ(s.content.size(), std::size_t(kGrid) * kGrid);
        std::array<int, 4> n{};
        for (SceneContent c : s.content) ++n[static_cast<int>(c)];
        EXPECT_GT(n[0], 100) << s.name << ": sky";
        EXPECT_GT(n[1], 100) << s.name << ": ground";
        EXPECT_GE(n[2], 8) << s.name << ": objects";
        EXPECT_GE(n[3], 3) << s.name << ": text";
    }
    EXPECT_EQ(generateScene(5, 0, kSide, kPatch).name, "harbour");
    EXPECT_EQ(generateScene(5, 1, kSide, kPatch).name, "street sign");
}

TEST(WindowsDemoScenes, PatchLabelIsThePixelMajority) {
    SplitMix64 rng(9);
    std::vector<std::uint8_t> px(std::size_t(kSide) * kSide);
    for (auto& v : px) v = static_cast<std::uint8_t>(rng.below(4));
    const auto got = patchContent(px, kSide, kPatch);
    for (int r = 0; r < kGrid; ++r)
        for (int c = 0; c < kGrid; ++c) {
            int count[4] = {0, 0, 0, 0};
            for (int y = 0; y < kPatch; ++y)
                for (int x = 0; x < kPatch; ++x)
                    ++count[px[std::size_t(r * kPatch + y) * kSide + c * kPatch + x]];
            int best = 0;
            for (int k = 1; k < 4; ++k)
                if (count[k] > count[best]) best = k;  // ties: the lower value
            EXPECT_EQ(static_cast<int>(got[r * kGrid + c]), best) << r << "," << c;
        }
}

TEST(WindowsDemoScenes, TextPatchesCarryFineDetailAndSkyPatchesDoNot) {
    double text = 0, sky = 0;
    int nt = 0, ns = 0;
    for (int i = 0; i < 6; ++i) {
        const GeneratedScene s = generateScene(5, i, kSide, kPatch);
        for (int r = 0; r < kGrid; ++r)
            for (int c = 0; c < kGrid; ++c) {
                const SceneContent k = s.content[r * kGrid + c];
                if (k == SceneContent::Text) text += patchDetail(s.image, r, c), ++nt;
                if (k == SceneContent::Sky) sky += patchDetail(s.image, r, c), ++ns;
            }
    }
    ASSERT_GT(nt, 0);
    ASSERT_GT(ns, 0);
    EXPECT_GT(text / nt, 30.0);  // dark strokes on a light board
    EXPECT_LT(sky / ns, 8.0);    // a smooth gradient and soft clouds
}

TEST(WindowsDemoScenes, ScenesComeFromTheSeed) {
    const GeneratedScene a = generateScene(5, 2, kSide, kPatch),
                         b = generateScene(5, 2, kSide, kPatch);
    EXPECT_EQ(a.image.rgb, b.image.rgb);
    EXPECT_EQ(a.pixelContent, b.pixelContent);
    EXPECT_NE(generateScene(6, 2, kSide, kPatch).image.rgb, a.image.rgb);
    // Another side paints the same layout at its own scale.
    const GeneratedScene small = generateScene(5, 2, 168, 7);
    EXPECT_EQ(small.content.size(), std::size_t(kGrid) * kGrid);
}

}  // namespace
}  // namespace assay::core::tokens::demo
