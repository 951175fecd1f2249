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
    s.dim = 31;  // not a multiple of the 2 heads
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

// A class-balanced least-squares linear probe (one-hot content targets, a bias column, a small
// ridge; normal equations solved in double here): per content class, the share of patches it
// labels right.
std::vector<double> probeAccuracy(const WindowsDemo& demo) {
    const PatchFeatures& f = demo.features();
    const int D = f.dim(), K = D + 1;
    std::vector<std::vector<double>> x;
    std::vector<int> label, count(4, 0);
    for (int b = 0; b < f.images(); ++b) {
        const auto rows = f.imageRows(b);
        for (int i = 0; i < 576; ++i) {
            std::vector<double> v(rows.begin() + std::size_t(i) * D,
                                  rows.begin() + std::size_t(i + 1) * D);
            v.push_back(1.0);
            x.push_back(std::move(v));
            label.push_back(static_cast<int>(demo.content(b)[i]));
            ++count[label.back()];
        }
    }
    // Each class weighs the same in the fit (text is ~2% of the patches).
    std::vector<double> xtx(std::size_t(K) * K, 0.0), xty(std::size_t(K) * 4, 0.0);
    for (std::size_t n = 0; n < x.size(); ++n) {
        const double w = 1.0 / count[label[n]];
        for (int p = 0; p < K; ++p) {
            for (int q = 0; q < K; ++q) xtx[p * K + q] += w * x[n][p] * x[n][q];
            xty[p * 4 + label[n]] += w * x[n][p];
        }
    }
    for (int p = 0; p < K; ++p) xtx[p * K + p] += 1e-3;
    // Gauss–Jordan elimination (the matrix is symmetric positive definite: no pivoting needed).
    for (int p = 0; p < K; ++p) {
        const double d = xtx[p * K + p];
        for (int q = 0; q < K; ++q) xtx[p * K + q] /= d;
        for (int c = 0; c < 4; ++c) xty[p * 4 + c] /= d;
        for (int r = 0; r < K; ++r) {
            if (r == p) continue;
            const double m = xtx[r * K + p];
            for (int q = 0; q < K; ++q) xtx[r * K + q] -= m * xtx[p * K + q];
            for (int c = 0; c < 4; ++c) xty[r * 4 + c] -= m * xty[p * 4 + c];
        }
    }
    std::vector<int> right(4, 0);
    for (std::size_t n = 0; n < x.size(); ++n) {
        int best = 0;
        double bestScore = -1e300;
        for (int c = 0; c < 4; ++c) {
            double score = 0;
            for (int p = 0; p < K; ++p) score += x[n][p] * xty[p * 4 + c];
            if (score > bestScore) bestScore = score, best = c;
        }
        right[label[n]] += best == label[n];
    }
    std::vector<double> acc(4);
    for (int c = 0; c < 4; ++c) acc[c] = count[c] > 0 ? double(right[c]) / count[c] : 0.0;
    return acc;
}

// Learned, not hand-written: a linear probe reads the content labels from the trained features
// on every class, better than from the same network untrained (seeded weights, no steps), whose
// features only echo the pixels.
TEST(WindowsDemo, TrainedFeaturesCarryTheContentLabels) {
    WindowsDemoSpec untrainedSpec;
    untrainedSpec.trainSteps = 0;
    const auto trained = probeAccuracy(trainedWindowsDemo());
    const auto untrained = probeAccuracy(WindowsDemo::train(untrainedSpec));
    double meanTrained = 0, meanUntrained = 0;
    for (int c = 0; c < 4; ++c) {
        std::cout << "[ demo    ] probe " << sceneContentName(static_cast<SceneContent>(c)) << ": "
                  << trained[c] << " (untrained " << untrained[c] << ")\n";
        EXPECT_GE(trained[c], 0.75) << sceneContentName(static_cast<SceneContent>(c));
        meanTrained += trained[c] / 4, meanUntrained += untrained[c] / 4;
    }
    EXPECT_GT(meanTrained, 0.85);
    EXPECT_GT(meanTrained, meanUntrained + 0.08);
}

}  // namespace
}  // namespace assay::core::tokens
