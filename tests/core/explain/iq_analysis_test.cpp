// The claims of the analysis at fixed seeds (thresholds set from the claims, not from the
// numbers): on every domain the shortcut model's explanations put more mass on the spurious cue
// than the clean model's; RBP does not raise the mean spurious mass; every score lies in [0, 1];
// the analysis repeats itself, sweeps, cancels and refuses bad requests.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "assay/core/error.h"
#include "assay/explain/inversion_analysis.h"

namespace assay::core::explain {
namespace {

InversionRequest request(Domain d, ModelKind k, int items, int stabilitySeeds) {
    InversionRequest r;
    r.domain = d;
    r.model = k;
    r.items = items;
    r.stabilitySeeds = stabilitySeeds;
    r.seed = 1;
    return r;
}

void expectUnit(double v, const char* what) {
    EXPECT_GE(v, 0.0) << what;
    EXPECT_LE(v, 1.0) << what;
}

TEST(IqAnalysis, ShortcutModelLeansOnTheCueAndRbpDoesNotRaiseIt) {
    for (Domain d : {Domain::Tabular, Domain::Image, Domain::Text}) {
        const auto t0 = std::chrono::steady_clock::now();
        const InversionAnalysis shortcut =
            analyseInversion(request(d, ModelKind::Shortcut, 8, 2), JobContext::none());
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const InversionAnalysis clean =
            analyseInversion(request(d, ModelKind::Clean, 8, 0), JobContext::none());
        ASSERT_EQ(shortcut.methods.size(), 2u);
        for (std::size_t m = 0; m < 2; ++m) {
            const MethodResult& s = shortcut.methods[m];
            const MethodResult& c = clean.methods[m];
            // RBP's "R does not increase" (papers.md §7(c)) is not a theorem: shrinking a
            // causal feature whose poke disagrees more than the cue's raises the cue's share, and
            // on these sets R_rbp is slightly above R in several cases (the trace prints them;
            // README). What does hold: every factor 1/(1 + λ∇) lies in [1/(1 + λ), 1], so
            // R_rbp ≤ R(1 + λ) / (1 + λR).
            double meanRrbp = 0, shortcutRrbp = 0;
            for (const ItemResult& it : c.items) meanRrbp += it.R_rbp / c.items.size();
            for (const ItemResult& it : s.items) shortcutRrbp += it.R_rbp / s.items.size();
            const std::string summary =
                std::string(domainName(d)) + " " + methodName(s.method) + ": R shortcut " +
                std::to_string(s.meanR) + ", clean " + std::to_string(c.meanR) + ", IS " +
                std::to_string(s.meanIS) + " → " + std::to_string(s.meanIS_rbp) + " (clean " +
                std::to_string(c.meanIS) + " → " + std::to_string(c.meanIS_rbp) +
                "), R_rbp shortcut " + std::to_string(shortcutRrbp) + " clean " +
                std::to_string(meanRrbp) + ", randomisation ρ " +
                std::to_string(s.randomisationCorrelation) + ", " + std::to_string(seconds) + " s";
            SCOPED_TRACE(summary);
            EXPECT_GT(s.meanR, c.meanR);
            for (const MethodResult* r : {&s, &c}) {
                for (const ItemResult& it : r->items) {
                    EXPECT_LE(it.R_rbp, it.R * 2 / (1 + it.R) + 1e-12);  // λ = 1
                }
            }
            std::printf("%s\n", summary.c_str());
            ASSERT_EQ(s.items.size(), 8u);
            for (const ItemResult& it : s.items) {
                const std::size_t M = it.attributions.size();
                ASSERT_EQ(it.refined.size(), M);
                ASSERT_EQ(it.pokes.delta.size(), M);
                ASSERT_EQ(it.stability.stddev.size(), M);
                for (double v : {it.R, it.F, it.IS, it.R_rbp, it.F_rbp, it.IS_rbp})
                    expectUnit(v, "score");
                for (std::size_t j = 0; j < M; ++j) {
                    EXPECT_LE(std::fabs(it.refined[j]),
                              std::fabs(it.attributions[j]));  // RBP shrinks
                }
            }
            EXPECT_TRUE(c.items[0].stability.stddev.empty());
            EXPECT_FALSE(std::isnan(s.randomisationCorrelation));
            EXPECT_LT(s.randomisationCorrelation, 0.9);  // the weights matter to the explanation
        }
        EXPECT_EQ(shortcut.set.items.size(), 8u);
        EXPECT_FALSE(shortcut.modelDescription.empty());
        EXPECT_TRUE(shortcut.sweep.empty());
    }
}

TEST(IqAnalysis, RepeatsItselfAndSweepsTheStrength) {
    InversionRequest r = request(Domain::Text, ModelKind::Shortcut, 4, 0);
    r.strengths = {0.9, 0.5, 1.0};
    const InversionAnalysis a = analyseInversion(r, JobContext::none());
    const InversionAnalysis b = analyseInversion(r, JobContext::none());
    ASSERT_EQ(a.sweep.size(), 3u);
    for (std::size_t s = 0; s < 3; ++s) {
        EXPECT_EQ(a.sweep[s].strength, r.strengths[s]);
        ASSERT_EQ(a.sweep[s].meanIS.size(), 2u);
        EXPECT_EQ(a.sweep[s].meanIS, b.sweep[s].meanIS);
        for (double v : a.sweep[s].meanIS_rbp) expectUnit(v, "IS_rbp");
    }
    EXPECT_EQ(a.sweep[0].meanIS[1], a.methods[1].meanIS);
    EXPECT_EQ(a.methods[0].items[3].attributions, b.methods[0].items[3].attributions);
}

// Not a CI test: the CPU time of one domain's analysis at the default request (the view's demo
// runs it), run with --gtest_also_run_disabled_tests.
TEST(IqAnalysis, DISABLED_DefaultRequestCpuSeconds) {
    for (Domain d : {Domain::Tabular, Domain::Image, Domain::Text}) {
        for (ModelKind k : {ModelKind::Shortcut, ModelKind::Clean}) {
            InversionRequest r;
            r.domain = d;
            r.model = k;
            const std::clock_t c0 = std::clock();
            const InversionAnalysis a = analyseInversion(r, JobContext::none());
            const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
            std::printf("%s %s: %.2f s CPU; ", domainName(d), modelKindName(k), cpu);
            for (const MethodResult& m : a.methods) {
                std::printf("%s R %.3f F %.3f IS %.3f -> %.3f, rand rho %.3f; ",
                            methodName(m.method), m.meanR, m.meanF, m.meanIS, m.meanIS_rbp,
                            m.randomisationCorrelation);
            }
            std::printf("\n");
        }
    }
}

class CancelAfter : public JobContext {
public:
    explicit CancelAfter(std::int64_t n) : m_n(n) {}
    int calls = 0;

protected:
    void onProgress(std::int64_t, std::int64_t) override {
        if (++calls >= m_n) cancel();
    }

private:
    std::int64_t m_n;
};

TEST(IqAnalysis, CancelsAndRefusesBadRequests) {
    CancelAfter job(3);
    EXPECT_THROW(analyseInversion(request(Domain::Text, ModelKind::Clean, 5, 0), job),
                 JobCancelled);
    const auto bad = [](auto change) {
        InversionRequest r = request(Domain::Text, ModelKind::Clean, 2, 0);
        change(r);
        EXPECT_THROW(analyseInversion(r, JobContext::none()), ParameterError);
    };
    bad([](InversionRequest& r) { r.methods.clear(); });
    bad([](InversionRequest& r) { r.strengths = {1.2}; });
    bad([](InversionRequest& r) { r.strengths.clear(); });
    bad([](InversionRequest& r) { r.items = 0; });
    bad([](InversionRequest& r) { r.p = 0.5; });
    bad([](InversionRequest& r) { r.lambda = -1; });
}

}  // namespace
}  // namespace assay::core::explain
