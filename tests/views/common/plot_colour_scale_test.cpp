// Heatmap colour scales stay inside what the metric can be and honour a diverging centre.
#include "views/common/plot_colour_scale.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace assay::views;

namespace {

QColor colourAt(ColourScale s, double v) { return QColor::fromRgba(s.gradient.color(v, s.range)); }

// Within a few units per channel: the gradient is a lookup table of 350 levels.
void expectNear(const QColor& a, const QColor& b, int tolerance = 4) {
    EXPECT_NEAR(a.red(), b.red(), tolerance)
        << a.name().toStdString() << " vs " << b.name().toStdString();
    EXPECT_NEAR(a.green(), b.green(), tolerance)
        << a.name().toStdString() << " vs " << b.name().toStdString();
    EXPECT_NEAR(a.blue(), b.blue(), tolerance)
        << a.name().toStdString() << " vs " << b.name().toStdString();
}

TEST(ColourScale, EmrDivergesAroundAlphaAndNeverGoesBelowZero) {
    // Today's symmetric scale ran to 0.1 - 0.3 = -0.2 for these values.
    const ColourScale s = colourScaleFor({0.0, 1.0, 0.1}, {0.05, 0.2, 0.4});
    EXPECT_GE(s.range.lower, 0.0);
    EXPECT_LE(s.range.upper, 1.0);
    EXPECT_DOUBLE_EQ(s.range.lower, 0.05);
    EXPECT_DOUBLE_EQ(s.range.upper, 0.4);
    expectNear(colourAt(s, 0.1), divergingNeutral());
    // The same distance from α gives the same strength of colour on both sides: 0.05 below α
    // is as far from grey as 0.05 above it.
    const QColor below = colourAt(s, 0.05), above = colourAt(s, 0.15), grey = divergingNeutral();
    const auto distance = [&](const QColor& c) {
        return std::abs(c.red() - grey.red()) + std::abs(c.green() - grey.green()) +
               std::abs(c.blue() - grey.blue());
    };
    EXPECT_NEAR(distance(below) / 1.0, distance(above) / 1.0, 0.25 * distance(above) + 6);
}

TEST(ColourScale, SetSizesStayNonNegativeAndHoldTheCentre) {
    // Set sizes 1.0..3.5 around a centre of 1: the old bar ran to 1 - 2.5 = -1.5.
    const ColourScale s = colourScaleFor({0.0, 4.0, 1.0}, {1.0, 2.0, 3.5});
    EXPECT_DOUBLE_EQ(s.range.lower, 1.0);
    EXPECT_DOUBLE_EQ(s.range.upper, 3.5);
    expectNear(colourAt(s, 1.0), divergingNeutral());
}

TEST(ColourScale, TheCentreIsInTheRangeEvenWhenNoValueReachesIt) {
    const ColourScale s = colourScaleFor({0.0, 1.0, 0.1}, {0.3, 0.5});
    EXPECT_DOUBLE_EQ(s.range.lower, 0.1);
    expectNear(colourAt(s, 0.1), divergingNeutral());
}

TEST(ColourScale, SequentialStartsAtTheLowestPossibleValue) {
    const ColourScale counts = colourScaleFor({0.0, INFINITY, std::nullopt}, {3, 10, 7});
    EXPECT_DOUBLE_EQ(counts.range.lower, 0.0);
    EXPECT_DOUBLE_EQ(counts.range.upper, 10.0);
    const ColourScale entropy = colourScaleFor({0.0, 1.0, std::nullopt, true}, {0.3, 0.6});
    EXPECT_DOUBLE_EQ(entropy.range.lower, 0.0);
    EXPECT_DOUBLE_EQ(entropy.range.upper, 1.0);
    const ColourScale shares = colourScaleFor({0.0, 1.0, std::nullopt}, {0.01, 0.04, NAN});
    EXPECT_DOUBLE_EQ(shares.range.upper, 0.04);  // NaN (masked cells) is ignored
}

TEST(ColourScale, DegenerateInputsGiveANonEmptyRangeInsideTheBounds) {
    for (const MetricRange& m : {MetricRange{0.0, 1.0, 0.1}, MetricRange{0.0, 1.0, std::nullopt},
                                 MetricRange{0.0, INFINITY, 1.0}}) {
        for (const std::vector<double>& v :
             {std::vector<double>{}, std::vector<double>{NAN, INFINITY},
              std::vector<double>{0.0, 0.0}, std::vector<double>{1.0}}) {
            const ColourScale s = colourScaleFor(m, v);
            EXPECT_GT(s.range.size(), 0.0);
            EXPECT_GE(s.range.lower, m.minimum);
            EXPECT_LE(s.range.upper, m.maximum);
        }
    }
}

TEST(ColourScale, NeverLeavesThePossibleRange) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int trial = 0; trial < 500; ++trial) {
        const double lo = trial % 3 == 0 ? -INFINITY : 0.0;
        const double hi = trial % 2 == 0 ? 1.0 : 5.0;
        const std::optional<double> centre =
            trial % 4 == 0 ? std::nullopt : std::optional<double>(u(rng) * (hi == 1.0 ? 1.0 : 5.0));
        std::vector<double> values;
        for (int i = 0; i < 1 + trial % 9; ++i) values.push_back(u(rng) * hi);
        const MetricRange m{lo, hi, centre};
        const ColourScale s = colourScaleFor(m, values);
        ASSERT_GE(s.range.lower, lo) << trial;
        ASSERT_LE(s.range.upper, hi) << trial;
        for (double v : values) {
            ASSERT_GE(v, s.range.lower - 1e-12) << trial;
            ASSERT_LE(v, s.range.upper + 1e-12) << trial;
        }
        if (centre) {
            ASSERT_TRUE(s.range.contains(*centre)) << trial;
            expectNear(colourAt(s, *centre), divergingNeutral(), 5);
        }
    }
}

}  // namespace
