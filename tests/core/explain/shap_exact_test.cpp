// Exact Shapley values and coalition values: papers.md §7(f)'s fixed case, a brute force over
// all feature orderings, the axioms (efficiency, dummy), and coalitionValues against one model
// call per mask whatever the batching.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "../io/expect_error.h"
#include "assay/core/error.h"
#include "assay/explain/shapley.h"
#include "shap_test_util.h"

namespace assay::core::explain {
namespace {

using test::gaussian;

// φ_j by averaging marginal contributions over all M! orderings (independent of the subset sum).
std::vector<double> permutationShapley(const Model& model, const Masker& masker, int label) {
    const int M = masker.features();
    std::vector<int> order(static_cast<std::size_t>(M));
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> phi(static_cast<std::size_t>(M), 0.0);
    auto value = [&](const std::vector<std::uint8_t>& mask) {
        return coalitionValues(model, masker, mask, JobContext::none())[std::size_t(label)];
    };
    double perms = 0;
    do {
        std::vector<std::uint8_t> mask(static_cast<std::size_t>(M), 0);
        double before = value(mask);
        for (int j : order) {
            mask[std::size_t(j)] = 1;
            const double after = value(mask);
            phi[std::size_t(j)] += after - before;
            before = after;
        }
        ++perms;
    } while (std::next_permutation(order.begin(), order.end()));
    for (double& p : phi) p /= perms;
    return phi;
}

TEST(ExactShapley, PapersFixedCase) {
    const auto f = test::papersFunction();
    const auto masker = tabularMasker({1.5, 0.7, -2.0}, {0, 0, 0}, 1);
    const Explanation e = exactShapley(*f, *masker, {}, JobContext::none());
    ASSERT_EQ(e.features, 3);
    ASSERT_EQ(e.labels, std::vector<int>{0});
    EXPECT_NEAR(e.attribution(0, 0), -1.01684, 5e-6);
    EXPECT_NEAR(e.attribution(1, 0), 0.48316, 5e-6);
    EXPECT_NEAR(e.attribution(2, 0), -2.5, 1e-12);
    EXPECT_DOUBLE_EQ(e.expectedValue[0], 0.0);
    EXPECT_NEAR(e.fx[0], 1.5 * std::sin(0.7) - 1.0 - 3.0, 1e-12);
    EXPECT_EQ(e.modelRows, 8);
}

TEST(ExactShapley, EqualsPermutationBruteForce) {
    const int D = 5;
    const auto model = test::randomMlp(D, 8, 3, 11);
    const auto masker = tabularMasker(gaussian(D, 1), gaussian(4 * D, 2), 4, {1, 2, 3, 4});
    const Explanation e = exactShapley(*model, *masker, {2, 0}, JobContext::none());
    ASSERT_EQ(e.labels, (std::vector<int>{2, 0}));
    for (int l = 0; l < 2; ++l) {
        const std::vector<double> ref = permutationShapley(*model, *masker, e.labels[l]);
        for (int j = 0; j < D; ++j) EXPECT_NEAR(e.attribution(j, l), ref[j], 1e-12) << j;
    }
}

TEST(ExactShapley, EfficiencyAndDummy) {
    const int D = 7, dummy = 4;
    const auto model = test::interactionModel(D, dummy);
    const auto masker = tabularMasker(gaussian(D, 5), gaussian(6 * D, 6), 6);
    const Explanation e = exactShapley(*model, *masker, {}, JobContext::none());
    std::vector<double> direct;
    evaluateRows(*model, masker->instance().data(), 1, direct);
    for (int l = 0; l < 2; ++l) {
        double sum = 0;
        for (int j = 0; j < D; ++j) sum += e.attribution(j, l);
        EXPECT_NEAR(sum, e.fx[l] - e.expectedValue[l], 1e-9);
        EXPECT_NEAR(e.fx[l], direct[std::size_t(l)], 1e-12);
        EXPECT_EQ(e.attribution(dummy, l), 0.0);
    }
}

TEST(CoalitionValues, EqualOneCallPerMaskForAnyBatching) {
    const int D = 6;
    // preferredBatch 7 rows with 3 background rows: 2 masks per call, many batches and waves.
    class SmallBatches : public Model {
    public:
        explicit SmallBatches(std::unique_ptr<Model> m) : m_m(std::move(m)) {}
        int inputs() const override { return m_m->inputs(); }
        int outputs() const override { return m_m->outputs(); }
        void evaluate(const double* r, std::int64_t n, double* o) const override {
            EXPECT_LE(n, 7);
            m_m->evaluate(r, n, o);
        }
        std::int64_t preferredBatch() const override { return 7; }
        std::string describe() const override { return "small batches"; }

    private:
        std::unique_ptr<Model> m_m;
    };
    const SmallBatches model(test::randomMlp(D, 5, 2, 3));
    const auto masker = tabularMasker(gaussian(D, 7), gaussian(3 * D, 8), 3, {0.2, 0.3, 0.5});
    std::vector<std::uint8_t> masks;
    SplitMix64 rng(9);
    for (int k = 0; k < 41 * D; ++k) masks.push_back(rng.below(2) ? 1 : 0);
    const std::vector<double> v = coalitionValues(model, *masker, masks, JobContext::none());
    ASSERT_EQ(v.size(), 41u * 2);
    std::vector<double> rows(3 * D), out(3 * 2);
    for (int k = 0; k < 41; ++k) {
        masker->fill(masks.data() + k * D, rows.data());
        model.evaluate(rows.data(), 3, out.data());
        for (int c = 0; c < 2; ++c) {
            const double want = 0.2 * out[c] + 0.3 * out[2 + c] + 0.5 * out[4 + c];
            EXPECT_DOUBLE_EQ(v[std::size_t(k * 2 + c)], want);
        }
    }
    EXPECT_EQ(coalitionValues(model, *masker, masks, JobContext::none()), v);
}

TEST(CoalitionValues, GroupedMaskerFillsAbsentGroups) {
    const auto sum = functionModel(
        4, 1,
        [](const double* r, std::int64_t n, double* o) {
            for (std::int64_t i = 0; i < n; ++i)
                o[i] = r[4 * i] + 10 * r[4 * i + 1] + 100 * r[4 * i + 2] + 1000 * r[4 * i + 3];
        },
        "digits");
    const auto masker = groupedMasker({1, 2, 3, 4}, {0, 1, 0, -1}, 2, {0, 0, 0, 0});
    const std::vector<double> v =
        coalitionValues(*sum, *masker, {0, 0, 1, 0, 0, 1, 1, 1}, JobContext::none());
    EXPECT_EQ(v, (std::vector<double>{4000, 4301, 4020, 4321}));
}

TEST(CoalitionValues, CancelThrows) {
    const auto f = test::papersFunction();
    const auto masker = tabularMasker({1, 2, 3}, {0, 0, 0}, 1);
    JobContext job;
    job.cancel();
    EXPECT_THROW(coalitionValues(*f, *masker, {1, 1, 1}, job), JobCancelled);
}

TEST(ExactShapley, BadInput) {
    using core::test::messageOf;
    const auto f = test::papersFunction();
    std::string m = messageOf<InputError>([&] { tabularMasker({1, 2}, {0, 0, 0}, 1); });
    EXPECT_NE(m.find("expected rows × D"), std::string::npos) << m;
    m = messageOf<InputError>([&] { tabularMasker({1, NAN, 2}, {0, 0, 0}, 1); });
    EXPECT_NE(m.find("instance: entry 1 is not finite"), std::string::npos) << m;
    m = messageOf<InputError>([&] { tabularMasker({1, 1, 2}, {0, 0, 0, 0, INFINITY, 0}, 2); });
    EXPECT_NE(m.find("background: row 1: column 1 is not finite"), std::string::npos) << m;
    const auto wide = tabularMasker({1, 2, 3, 4}, {0, 0, 0, 0}, 1);
    m = messageOf<InputError>([&] { exactShapley(*f, *wide, {}, JobContext::none()); });
    EXPECT_NE(m.find("takes 3 inputs, the data has 4"), std::string::npos) << m;
    const auto masker = tabularMasker({1, 2, 3}, {0, 0, 0}, 1);
    m = messageOf<ParameterError>([&] { exactShapley(*f, *masker, {1}, JobContext::none()); });
    EXPECT_NE(m.find("labels: 1 is outside 0..0"), std::string::npos) << m;
    const auto big = functionModel(
        21, 1, [](const double*, std::int64_t n, double* o) { std::fill(o, o + n, 0.0); }, "z");
    const auto bigMasker = tabularMasker(std::vector<double>(21, 1.0), std::vector<double>(21), 1);
    EXPECT_THROW(exactShapley(*big, *bigMasker, {}, JobContext::none()), ResourceError);
    EXPECT_THROW(groupedMasker({1, 2}, {0, 2}, 2, {0, 0}), InputError);
}

}  // namespace
}  // namespace assay::core::explain
