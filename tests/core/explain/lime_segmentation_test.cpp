// Superpixels: the grid's cells and labels, segment mean colours against brute force, and
// quickshift against skimage.segmentation.quickshift on photograph crops from skimage's data
// (run at test time): label for label with the same tie-breaking noise, and the agreement with
// skimage's own noise (numpy's PCG64, which Assay does not reproduce) reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <vector>

#include "../io/io_test_util.h"
#include "assay/core/error.h"
#include "assay/core/random.h"
#include "assay/explain/segmentation.h"
#include "lime_test_util.h"

namespace assay::core::explain {
namespace {

TEST(GridSegmentation, CellsAreRowMajorAndAsEqualAsIntegerDivisionAllows) {
    const Segmentation s = gridSegmentation(10, 7, 4, 3);
    ASSERT_EQ(s.segments, 12);
    ASSERT_EQ(s.labels.size(), 70u);
    std::vector<int> count(12, 0);
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 10; ++x) {
            const int l = s.labels[y * 10 + x];
            ++count[l];
            EXPECT_EQ(l % 4, x * 4 / 10);
            EXPECT_EQ(l / 4, y * 3 / 7);
        }
    // Columns 10/4 → widths 2 or 3, rows 7/3 → heights 2 or 3.
    for (int c : count) {
        EXPECT_GE(c, 4);
        EXPECT_LE(c, 9);
    }
    EXPECT_EQ(s.labels.front(), 0);
    EXPECT_EQ(s.labels.back(), 11);
    EXPECT_THROW(gridSegmentation(10, 7, 0, 3), ParameterError);
    EXPECT_THROW(gridSegmentation(10, 7, 11, 3), ParameterError);
    EXPECT_THROW(gridSegmentation(0, 7, 1, 1), ParameterError);
}

TEST(SegmentMeanColours, MatchBruteForce) {
    tokens::RgbImage image{9, 5, {}};
    SplitMix64 rng(2);
    for (int i = 0; i < 9 * 5 * 3; ++i) image.rgb.push_back(std::uint8_t(rng.below(256)));
    const Segmentation s = gridSegmentation(9, 5, 3, 2);
    const std::vector<double> means = segmentMeanColours(image, s);
    ASSERT_EQ(means.size(), 18u);
    for (int l = 0; l < 6; ++l)
        for (int c = 0; c < 3; ++c) {
            double sum = 0, n = 0;
            for (int p = 0; p < 45; ++p)
                if (s.labels[p] == l) sum += image.rgb[p * 3 + c], n += 1;
            EXPECT_NEAR(means[l * 3 + c], sum / n, 1e-12);
        }
    EXPECT_THROW(segmentMeanColours(image, gridSegmentation(5, 5, 1, 1)), ParameterError);
}

TEST(Quickshift, LabelsAreSegmentsOfConnectedTreesNumberedInPixelOrder) {
    // Two flat halves: each half's pixels climb to one root.
    tokens::RgbImage image{16, 8, {}};
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 16; ++x)
            for (int c = 0; c < 3; ++c) image.rgb.push_back(x < 8 ? 20 : 230);
    const Segmentation s = quickshift(image, {4, 10, 1.0, 42});
    ASSERT_EQ(s.segments, 2);
    EXPECT_EQ(s.labels[0], 0);
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 16; ++x) EXPECT_EQ(s.labels[y * 16 + x], x < 8 ? 0 : 1);
    EXPECT_THROW(quickshift(image, {0.5, 10, 1.0, 42}), ParameterError);
    EXPECT_THROW(quickshift(tokens::RgbImage{}, {}), InputError);
}

template <typename T>
std::vector<T> readRaw(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<T> out(bytes.size() / sizeof(T));
    std::copy(bytes.begin(), bytes.begin() + out.size() * sizeof(T),
              reinterpret_cast<char*>(out.data()));
    return out;
}

TEST(Quickshift, MatchesSkimageOnPhotographCrops) {
    if (!test::havePythonModule("skimage")) GTEST_SKIP() << "/usr/bin/python3 has no skimage";
    io::test::ScratchDir dir;
    const std::vector<double> noise = quickshiftTieNoise(128, 128, 42);
    {
        std::ofstream out(dir / "noise.f64", std::ios::binary);
        out.write(reinterpret_cast<const char*>(noise.data()), noise.size() * sizeof(double));
    }
    ASSERT_TRUE(test::runReference("quickshift '" + dir.path().string() + "'"));
    // The cases of lime_reference.py: (kernel size, max distance, ratio).
    const QuickshiftOptions cases[] = {{4, 200, 0.2, 42}, {2, 10, 0.5, 42}, {3, 6, 1.0, 42}};
    for (int i = 0; i < 3; ++i) {
        const std::string stem = "case_" + std::to_string(i);
        tokens::RgbImage image{128, 128, readRaw<std::uint8_t>(dir / (stem + ".u8"))};
        ASSERT_EQ(image.rgb.size(), 128u * 128u * 3u);
        const std::vector<std::int32_t> own = readRaw<std::int32_t>(dir / (stem + "_own.i32"));
        const std::vector<std::int32_t> seeded = readRaw<std::int32_t>(dir / (stem + "_seed.i32"));
        const Segmentation s = quickshift(image, cases[i]);
        ASSERT_EQ(own.size(), s.labels.size());
        EXPECT_EQ(s.labels, own) << "case " << i << ": skimage with Assay's tie noise";
        EXPECT_EQ(s.segments, *std::max_element(own.begin(), own.end()) + 1);
        // With skimage's own noise: the share of pixels whose segment is the same set (pixels
        // of a segment of ours mapped to the segment of skimage most of them fall in).
        std::map<std::pair<int, int>, int> pairs;
        for (std::size_t p = 0; p < seeded.size(); ++p) ++pairs[{s.labels[p], seeded[p]}];
        std::map<int, int> best;
        for (const auto& [key, n] : pairs) best[key.first] = std::max(best[key.first], n);
        double agree = 0;
        for (const auto& [l, n] : best) agree += n;
        agree /= double(seeded.size());
        std::size_t sameLabel = 0;
        for (std::size_t p = 0; p < seeded.size(); ++p) sameLabel += s.labels[p] == seeded[p];
        std::printf(
            "quickshift case %d: %d segments (skimage with its own noise: %d); pixels in "
            "the same segment: %.5f, with the same label: %zu of %zu\n",
            i, s.segments, *std::max_element(seeded.begin(), seeded.end()) + 1, agree, sameLabel,
            seeded.size());
        EXPECT_GT(agree, 0.99);
    }
}

}  // namespace
}  // namespace assay::core::explain
