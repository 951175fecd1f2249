// Window geometry and budgets (papers.md §3(c) 2, §3(f)): divisors accepted with s = κ = H/Hout,
// other sides refused with the sides that work; token counts 576 → 144 / 64 / 36; method names.
#include <gtest/gtest.h>

#include "assay/core/error.h"
#include "assay/tokens/token_reduction.h"

namespace assay::core::tokens {
namespace {

TEST(WindowGeometry, EveryDivisorOf24) {
    for (int d = 1; d <= 24; ++d) {
        if (24 % d != 0) continue;
        const WindowGeometry g = windowGeometry({24, 24}, {d, d});
        // WiCo's formulas: s = floor(H/Hout), κ = H − (Hout − 1)·s.
        const int s = 24 / d, k = 24 - (d - 1) * s;
        EXPECT_EQ(g.strideRows, s);
        EXPECT_EQ(g.strideCols, s);
        EXPECT_EQ(g.kernelRows, k);
        EXPECT_EQ(g.kernelCols, k);
        EXPECT_EQ(g.tokens(), d * d);
        EXPECT_EQ(g.windowSize() * g.tokens(), 576);
    }
}

TEST(WindowGeometry, TokenCounts) {
    EXPECT_EQ(windowGeometry({24, 24}, {12, 12}).tokens(), 144);
    EXPECT_EQ(windowGeometry({24, 24}, {8, 8}).tokens(), 64);
    EXPECT_EQ(windowGeometry({24, 24}, {6, 6}).tokens(), 36);
    EXPECT_EQ(windowGeometry({24, 24}, {12, 12}).windowSize(), 4);
    EXPECT_EQ(windowGeometry({24, 24}, {8, 8}).windowSize(), 9);
    EXPECT_EQ(windowGeometry({24, 24}, {6, 6}).windowSize(), 16);
}

TEST(WindowGeometry, NonSquareGrid) {
    const WindowGeometry g = windowGeometry({6, 4}, {3, 2});
    EXPECT_EQ(g.kernelRows, 2);
    EXPECT_EQ(g.kernelCols, 2);
    EXPECT_EQ(g.tokens(), 6);
}

TEST(WindowGeometry, NonDivisorRefusedWithExplanation) {
    try {
        windowGeometry({24, 24}, {10, 10});
        FAIL() << "10x10 accepted";
    } catch (const ParameterError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("10 does not divide"), std::string::npos) << m;
        EXPECT_NE(m.find("kernel 6"), std::string::npos) << m;  // s = 2, κ = 24 − 9·2
        EXPECT_NE(m.find("1, 2, 3, 4, 6, 8, 12, 24"), std::string::npos) << m;
    }
    EXPECT_THROW(windowGeometry({24, 24}, {0, 0}), ParameterError);
    EXPECT_THROW(windowGeometry({24, 24}, {48, 48}), ParameterError);
    EXPECT_THROW(windowGeometry({0, 0}, {1, 1}), ParameterError);
    EXPECT_THROW(windowGeometry({24, 24}, {12, 5}), ParameterError);
}

TEST(WindowGeometry, BudgetGrids) {
    std::vector<int> sides;
    for (GridSize g : budgetGrids({24, 24})) {
        EXPECT_EQ(g.rows, g.cols);
        sides.push_back(g.rows);
    }
    EXPECT_EQ(sides, (std::vector<int>{1, 2, 3, 4, 6, 8, 12}));
    // Every listed budget is accepted.
    for (GridSize g : budgetGrids({24, 16})) EXPECT_NO_THROW(windowGeometry({24, 16}, g));
    EXPECT_EQ(budgetGrids({24, 16}).size(), 3u);    // factors 8, 4, 2
    EXPECT_TRUE(budgetGrids({7, 7}).size() == 1u);  // factor 7 → 1x1
}

TEST(ReductionMethod, Names) {
    for (ReductionMethod m : allReductionMethods())
        EXPECT_EQ(reductionMethodFromName(reductionMethodName(m)), m);
    EXPECT_EQ(allReductionMethods().size(), 5u);
    EXPECT_STREQ(reductionMethodName(ReductionMethod::Concat1d), "concat1d");
    EXPECT_THROW(reductionMethodFromName("WiCo"), ParameterError);
}

}  // namespace
}  // namespace assay::core::tokens
