// The Token windows demo's encoder (core/src/tokens/windows_demo*.cpp): shapes, reproducibility
// from the seed, encode() agrees with the demo's own features, errors and cancellation, and the
// features are learned (a nearest-centroid probe reads the content labels from them).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "assay/core/error.h"
#include "windows_demo_test_util.h"

namespace assay::core::tokens {
namespace {
using namespace test_support;

std::vector<float> allRows(const PatchFeatures& f, bool second = false) {
    std::vector<float> out;
    for (int b = 0; b < f.images(); ++b) {
        const auto r = f.imageRows(b, second);
        out.insert(out.end(), r.begin(), r.end());
    }
    return out;
}

TEST(WindowsDemo, FeaturesHaveTheDocumentedShape) {
    const WindowsDemo& demo = quickWindowsDemo();
    const WindowsDemoSpec spec = quickWindowsSpec();
    ASSERT_EQ(demo.scenes(), spec.scenes);
    const PatchFeatures& f = demo.features();
    EXPECT_EQ(f.images(), spec.scenes);
    EXPECT_EQ(f.grid().rows, 24);
    EXPECT_EQ(f.grid().cols, 24);
    EXPECT_EQ(f.dim(), 64);
    EXPECT_TRUE(f.hasSecondSet());
    EXPECT_TRUE(f.hasAttention());
    for (int b = 0; b < f.images(); ++b) {
        EXPECT_EQ(demo.scene(b).width, 336);
        EXPECT_EQ(demo.scene(b).height, 336);
        EXPECT_EQ(demo.content(b).size(), 576u);
        EXPECT_FALSE(demo.sceneName(b).empty());
        for (bool second : {false, true})
            for (float v : f.imageRows(b, second)) ASSERT_TRUE(std::isfinite(v));
        const auto a = f.attention(b);
        ASSERT_EQ(a.size(), 576u);
        double sum = 0;
        for (double v : a) {
            EXPECT_GE(v, 0.0);
            sum += v;
        }
        EXPECT_NEAR(sum, 1.0, 1e-5);
        EXPECT_NE(f.imageRows(b, false), f.imageRows(b, true));  // two different depths
    }
    EXPECT_THROW(demo.scene(spec.scenes), ParameterError);
    EXPECT_THROW(demo.content(-1), ParameterError);
}

TEST(WindowsDemo, SameSpecGivesIdenticalBytesAndAnotherSeedDiffers) {
    WindowsDemoSpec spec = quickWindowsSpec();
    spec.scenes = 1;
    spec.trainSteps = 10;
    const WindowsDemo a = WindowsDemo::train(spec), b = WindowsDemo::train(spec);
    EXPECT_EQ(a.scene(0).rgb, b.scene(0).rgb);
    EXPECT_EQ(a.content(0), b.content(0));
    const auto fa = allRows(a.features()), fb = allRows(b.features());
    ASSERT_EQ(fa.size(), fb.size());
    EXPECT_EQ(std::memcmp(fa.data(), fb.data(), fa.size() * sizeof(float)), 0);
    EXPECT_EQ(allRows(a.features(), true), allRows(b.features(), true));
    EXPECT_EQ(a.features().attention(0), b.features().attention(0));
    spec.seed += 1;
    const WindowsDemo c = WindowsDemo::train(spec);
    EXPECT_NE(a.scene(0).rgb, c.scene(0).rgb);
    EXPECT_NE(fa, allRows(c.features()));
}

TEST(WindowsDemo, EncodeOfASceneEqualsItsFeatures) {
    const WindowsDemo& demo = quickWindowsDemo();
    for (int i = 0; i < demo.scenes(); ++i) {
        PreparedImage p;
        p.square = demo.scene(i);
        const PatchFeatures e = demo.encode(p);
        EXPECT_EQ(e.images(), 1);
        EXPECT_EQ(e.imageRows(0), demo.features().imageRows(i));
        EXPECT_EQ(e.imageRows(0, true), demo.features().imageRows(i, true));
        EXPECT_EQ(e.attention(0), demo.features().attention(i));
    }
}

TEST(WindowsDemo, BadSpecsAndImageSizesAreRefused) {
    WindowsDemoSpec s;
    s.side = 330;  // not a multiple of 14
    EXPECT_THROW(WindowsDemo::train(s), ParameterError);
    s = WindowsDemoSpec{};
    s.dim = 30;  // not a multiple of the 4 heads
    EXPECT_THROW(WindowsDemo::train(s), ParameterError);
    s = WindowsDemoSpec{};
    s.scenes = 0;
    EXPECT_THROW(WindowsDemo::train(s), ParameterError);
    PreparedImage p;
    p.square.width = p.square.height = 224;
    p.square.rgb.assign(224 * 224 * 3, 0);
    EXPECT_THROW(quickWindowsDemo().encode(p), ParameterError);
}

class CancelAt : public JobContext {
public:
    explicit CancelAt(std::int64_t step) : m_step(step) {}
    std::int64_t last = -1;

protected:
    void onProgress(std::int64_t done, std::int64_t) override {
        last = done;
        if (done >= m_step) cancel();
    }

private:
    std::int64_t m_step;
};

TEST(WindowsDemo, TrainingReportsProgressAndCancels) {
    WindowsDemoSpec s = quickWindowsSpec();
    s.scenes = 1;
    CancelAt job(3);
    EXPECT_THROW(WindowsDemo::train(s, job), JobCancelled);
    EXPECT_EQ(job.last, 3);
}

// Learned, not hand-written: training moves the features, and afterwards a nearest-centroid probe
// (class means of the trained demo's patches, cosine) reads the content labels back from them.
TEST(WindowsDemo, TrainedFeaturesCarryTheContentLabels) {
    const WindowsDemo& demo = trainedWindowsDemo();
    const PatchFeatures& f = demo.features();
    const int D = f.dim();
    std::vector<std::vector<double>> centroid(4, std::vector<double>(D, 0.0));
    std::vector<int> count(4, 0);
    for (int b = 0; b < f.images(); ++b) {
        const auto rows = f.imageRows(b);
        for (int i = 0; i < 576; ++i) {
            const int c = static_cast<int>(demo.content(b)[i]);
            ++count[c];
            for (int k = 0; k < D; ++k) centroid[c][k] += rows[std::size_t(i) * D + k];
        }
    }
    std::vector<std::vector<float>> mean(4, std::vector<float>(D));
    for (int c = 0; c < 4; ++c) {
        ASSERT_GT(count[c], 0) << sceneContentName(static_cast<SceneContent>(c));
        for (int k = 0; k < D; ++k) mean[c][k] = static_cast<float>(centroid[c][k] / count[c]);
    }
    std::vector<int> right(4, 0);
    for (int b = 0; b < f.images(); ++b) {
        const auto rows = f.imageRows(b);
        for (int i = 0; i < 576; ++i) {
            int best = 0;
            double bestCos = -2;
            for (int c = 0; c < 4; ++c) {
                const double cs = cosine(&rows[std::size_t(i) * D], mean[c].data(), D);
                if (cs > bestCos) bestCos = cs, best = c;
            }
            right[best] += best == static_cast<int>(demo.content(b)[i]);
        }
    }
    for (int c = 0; c < 4; ++c) {
        const double acc = double(right[c]) / count[c];
        std::cout << "[ demo    ] probe " << sceneContentName(static_cast<SceneContent>(c)) << ": "
                  << acc << " of " << count[c] << "\n";
        EXPECT_GE(acc, 0.8) << sceneContentName(static_cast<SceneContent>(c));
    }
    WindowsDemoSpec untrained;
    untrained.trainSteps = 0;
    untrained.scenes = 1;
    EXPECT_NE(WindowsDemo::train(untrained).features().imageRows(0), f.imageRows(0));
}

}  // namespace
}  // namespace assay::core::tokens
