// Criterion names round-trip and unknown names are refused with the list.
#include <gtest/gtest.h>

#include "assay/core/error.h"
#include "assay/prune/criteria.h"

namespace assay::core::prune {
namespace {

TEST(CriteriaNames, EveryNameRoundTripsCaseInsensitively) {
    ASSERT_EQ(allCriteria().size(), static_cast<std::size_t>(kCriterionCount));
    for (Criterion c : allCriteria()) {
        EXPECT_EQ(criterionFromName(criterionName(c)), c);
        std::string lower = criterionName(c);
        for (char& ch : lower) ch = static_cast<char>(std::tolower(ch));
        EXPECT_EQ(criterionFromName(lower), c);
    }
    EXPECT_EQ(criterionGroup(Criterion::EAN), CriterionGroup::Activation);
    EXPECT_TRUE(isPairCriterion(Criterion::ETS));
    EXPECT_FALSE(isPairCriterion(Criterion::EAS));
}

TEST(CriteriaNames, UnknownNamesListTheKnownOnes) {
    try {
        criterionFromName("XYZ");
        FAIL() << "accepted XYZ";
    } catch (const ParameterError& e) {
        EXPECT_NE(std::string(e.what()).find("EGN"), std::string::npos) << e.what();
    }
    EXPECT_THROW(variantFromName("median"), ParameterError);
    EXPECT_EQ(variantFromName("MAX"), Variant::Max);
}

}  // namespace
}  // namespace assay::core::prune
