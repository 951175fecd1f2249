// analyseImage / analyseBatch (windows_analysis.h): the request resolved against the input, every
// method × budget computed, s_w statistics and errors against brute force, batch distributions
// equal to the per-image values, bad requests refused.
#include "assay/tokens/windows_analysis.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "tests/core/tokens/analysis_reference.h"

namespace assay::core::tokens {
namespace {

constexpr GridSize kGrid{6, 6};
constexpr int kDim = 4;

std::vector<double> randomAttention(int images, std::uint32_t seed) {
    std::vector<double> a;
    for (float x : test::randomFeatures(images * kGrid.patches(), seed)) a.push_back(std::exp(x));
    return a;
}

PatchFeatures features(int images, bool attention, bool second = false) {
    return PatchFeatures::fromFloats(
        test::randomFeatures(images * kGrid.patches() * kDim, 21), images, kGrid, kDim, "test",
        second ? test::randomFeatures(images * kGrid.patches() * kDim, 22) : std::vector<float>{},
        attention ? randomAttention(images, 23) : std::vector<double>{});
}

WindowsRequest twoBudgets() {
    WindowsRequest req;
    req.budgets = {{3, 3}, {2, 2}};
    return req;
}

TEST(AnalyseImage, EveryMethodAtEveryBudgetMethodMajor) {
    const PatchFeatures f = features(1, true);
    const ImageAnalysis a = analyseImage(f, 0, twoBudgets());
    const std::vector<ReductionMethod> methods = allReductionMethods();
    ASSERT_EQ(a.results.size(), methods.size() * 2);
    for (std::size_t m = 0; m < methods.size(); ++m)
        for (std::size_t b = 0; b < 2; ++b) {
            const MethodResult& r = a.results[m * 2 + b];
            EXPECT_EQ(r.method, methods[m]);
            EXPECT_EQ(r.out.rows, b == 0 ? 3 : 2);
            EXPECT_TRUE(r.unavailable.empty());
            EXPECT_EQ(r.reduction.tokenCount, r.out.rows * r.out.cols);
            EXPECT_EQ(a.find(r.method, r.out), &r);
        }
    EXPECT_EQ(a.find(ReductionMethod::Wico, {1, 1}), nullptr);
    EXPECT_EQ(a.grid.rows, 6);
    EXPECT_EQ(a.dim, kDim);
    EXPECT_EQ(a.wicoPlusOut.rows, 3);
    EXPECT_EQ(a.wicoPlusCosine,
              wicoPlusCosine(f.imageRows(0).data(), kGrid, kDim, {3, 3}, WicoPlusMode::Linear1d));
}

TEST(AnalyseImage, ErrorsAndSimilarityAgainstBruteForce) {
    const PatchFeatures f = features(1, true);
    const std::vector<float> v = f.imageRows(0);
    const ImageAnalysis a = analyseImage(f, 0, twoBudgets());
    for (const MethodResult& r : a.results) {
        const char* name = reductionMethodName(r.method);
        ASSERT_EQ(r.error.size(), std::size_t(36)) << name;
        double meanE = 0;
        for (double e : r.error) meanE += e / 36;
        EXPECT_NEAR(r.meanError, meanE, 1e-12) << name;
        if (r.method == ReductionMethod::Wico || r.method == ReductionMethod::Concat1d) {
            for (double e : r.error) EXPECT_EQ(e, 0.0) << name << ": lossless by construction";
        }
        if (r.method == ReductionMethod::Pool) {
            // Bilinear upsampling of the window means (the request's default).
            const std::vector<double> up = test::resample(test::windowMeans(v, kGrid, kDim, r.out),
                                                          r.out, kDim, kGrid, test::halfPixel);
            for (int p = 0; p < 36; ++p)
                EXPECT_NEAR(r.error[std::size_t(p)],
                            test::relativeError(&v[std::size_t(p * kDim)],
                                                &up[std::size_t(p * kDim)], kDim),
                            1e-5)
                    << p;
        }
        // s_w over groups of ≥ 2 patches, by brute force from the members.
        double sum = 0;
        int groups = 0, singles = 0;
        for (const std::vector<int>& g : r.reduction.members) {
            if (g.size() < 2) {
                ++singles;
                continue;
            }
            sum += test::groupCosine(v, kDim, g);
            ++groups;
        }
        EXPECT_EQ(r.singletons, singles) << name;
        if (groups > 0) {
            EXPECT_NEAR(r.meanSimilarity, sum / groups, 1e-5) << name;
        } else {
            EXPECT_TRUE(std::isnan(r.meanSimilarity)) << name;
        }
    }
    const MethodResult* cls = a.find(ReductionMethod::Cls, {3, 3});
    ASSERT_NE(cls, nullptr);
    EXPECT_EQ(cls->singletons, 9) << "CLS selection keeps single patches";
}

TEST(AnalyseImage, ResolvesDefaultsAndAttention) {
    const PatchFeatures f = features(1, false);
    const ImageAnalysis a = analyseImage(f, 0, WindowsRequest{});
    ASSERT_EQ(a.results.size(), 4u) << "every method but CLS selection, which needs attention";
    for (const MethodResult& r : a.results) {
        EXPECT_NE(r.method, ReductionMethod::Cls);
        EXPECT_EQ(r.out.rows, 3) << "default budget: half the grid";
    }
    WindowsRequest cls;
    cls.methods = {ReductionMethod::Cls};
    const ImageAnalysis b = analyseImage(f, 0, cls);
    ASSERT_EQ(b.results.size(), 1u);
    EXPECT_NE(b.results[0].unavailable.find("attention"), std::string::npos);
}

TEST(AnalyseImage, SecondSetAnalysesFeaturesB) {
    const PatchFeatures f = features(1, false, true);
    WindowsRequest req;
    req.methods = {ReductionMethod::Pool};
    req.secondSet = true;
    const ImageAnalysis a = analyseImage(f, 0, req);
    const PatchFeatures b = PatchFeatures::fromFloats(f.imageRows(0, true), 1, kGrid, kDim);
    req.secondSet = false;
    EXPECT_EQ(a.results[0].error, analyseImage(b, 0, req).results[0].error);
    EXPECT_THROW(analyseImage(features(1, false), 0,
                              [] {
                                  WindowsRequest r;
                                  r.secondSet = true;
                                  return r;
                              }()),
                 ParameterError);
}

TEST(AnalyseImage, RefusesBudgetsThatDoNotDivideAndImagesOutOfRange) {
    const PatchFeatures f = features(2, false);
    WindowsRequest req;
    req.budgets = {{4, 4}};
    EXPECT_THROW(analyseImage(f, 0, req), ParameterError);
    EXPECT_THROW(analyseImage(f, 2, WindowsRequest{}), ParameterError);
    EXPECT_THROW(analyseImage(f, -1, WindowsRequest{}), ParameterError);
}

class CancelAtOnce : public JobContext {
protected:
    void onProgress(std::int64_t, std::int64_t) override {}
};

TEST(AnalyseImage, CancelStops) {
    const PatchFeatures f = features(3, false);
    CancelAtOnce job;
    job.cancel();
    EXPECT_THROW(analyseImage(f, 0, WindowsRequest{}, job), JobCancelled);
    EXPECT_THROW(analyseBatch(f, WindowsRequest{}, job), JobCancelled);
}

TEST(AnalyseBatch, DistributionsAreThePerImageValuesInImageOrder) {
    const int images = 5;
    const PatchFeatures f = features(images, true);
    const WindowsRequest req = twoBudgets();
    const BatchStatistics s = analyseBatch(f, req);
    EXPECT_EQ(s.images, images);
    const std::vector<ReductionMethod> methods = allReductionMethods();
    ASSERT_EQ(s.similarity.size(), methods.size() * 2);
    std::vector<ImageAnalysis> per;
    for (int b = 0; b < images; ++b) per.push_back(analyseImage(f, b, req));
    for (std::size_t c = 0; c < s.similarity.size(); ++c) {
        const SimilarityDistribution& d = s.similarity[c];
        std::vector<double> expected;
        std::int64_t singles = 0;
        for (const ImageAnalysis& a : per) {
            const MethodResult& r = a.results[c];
            ASSERT_EQ(r.method, d.method);
            for (std::size_t t = 0; t < r.reduction.members.size(); ++t)
                if (r.reduction.members[t].size() >= 2)
                    expected.push_back(r.reduction.similarity[t]);
                else
                    ++singles;
        }
        EXPECT_EQ(d.values, expected) << reductionMethodName(d.method);
        EXPECT_EQ(d.singletons, singles);
        if (!expected.empty()) {
            double m = 0;
            for (double x : expected) m += x;
            EXPECT_NEAR(d.mean, m / double(expected.size()), 1e-12);
        }
    }
    ASSERT_EQ(s.decoders.size(), methods.size());
    EXPECT_FALSE(s.decoders[0].unavailable.empty()) << "wico: lossless";
    EXPECT_TRUE(s.decoders[1].unavailable.empty()) << s.decoders[1].unavailable;  // pool
    EXPECT_EQ(s.decoders[1].patchError.size(), std::size_t(images * 36));
    // The decoder is fitted at the first budget: it matches fitLinearDecoder there.
    ReductionSpec spec;
    spec.method = ReductionMethod::Pool;
    spec.out = {3, 3};
    EXPECT_EQ(s.decoders[1].patchError, fitLinearDecoder(f, spec).patchError);
}

}  // namespace
}  // namespace assay::core::tokens
