// The demo's claims: its experts specialise by domain because of training, every expert is used,
// and the same seed gives the same trace.
#include "assay/demo/moe_demo.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "assay/core/error.h"
#include "assay/moe/domain_stats.h"
#include "assay/moe/trace_loader.h"

namespace assay::core::moe {
namespace test_support {

// The default demo, trained once for the whole executable (c2r_test and placement_test use it).
const MoeDemo& trainedMoeDemo() {
    static const MoeDemo demo = [] {
        const auto t0 = std::chrono::steady_clock::now();
        MoeDemo d = makeMoeDemo();
        std::cout << "[ demo    ] trained in "
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
                  << " s; loss " << d.loss.front() << " -> " << d.loss.back() << ", balance "
                  << d.finalBalanceLoss << "\n";
        return d;
    }();
    return demo;
}

}  // namespace test_support

namespace {

// Mean over layers and experts of I(X_i; D) in bits, X_i = "token selected expert i".
double meanExpertDomainInformation(const RoutingTrace& tr) {
    double sum = 0;
    for (const LayerRouting& l : tr.layers)
        sum += domainStats(l.topkIdx.data(), l.tokens, l.k, tr.numExperts, tr.domain.data(),
                           static_cast<int>(tr.domainNames.size()))
                   .meanSpecialisation;
    return sum / tr.layers.size() / std::log(2.0);
}

const MoeDemo& trainedDemo() { return test_support::trainedMoeDemo(); }

TEST(MoeDemo, TraceHasTheDocumentedShape) {
    const MoeDemoSpec spec;
    const RoutingTrace& tr = trainedDemo().trace;
    ASSERT_EQ(tr.layers.size(), static_cast<std::size_t>(spec.layers));
    EXPECT_EQ(tr.numExperts, 16);
    EXPECT_EQ(tr.topK, 2);
    EXPECT_EQ(tr.domain.size(), static_cast<std::size_t>(spec.traceTokens));
    EXPECT_EQ(tr.domainNames.size(), 4u);
    for (const LayerRouting& l : tr.layers) {
        ASSERT_EQ(l.topkIdx.size(), static_cast<std::size_t>(spec.traceTokens * 2));
        ASSERT_EQ(l.topkWeight.size(), l.topkIdx.size());
        ASSERT_EQ(l.routerLogits.size(), static_cast<std::size_t>(spec.traceTokens * 16));
        for (std::int64_t t = 0; t < l.tokens; ++t) {
            const std::int32_t a = l.topkIdx[2 * t], b = l.topkIdx[2 * t + 1];
            ASSERT_NE(a, b);
            // Top-k of the logits, in descending order; weights renormalised.
            EXPECT_GE(l.routerLogits[t * 16 + a], l.routerLogits[t * 16 + b]);
            for (int e = 0; e < 16; ++e)
                if (e != a && e != b) {
                    EXPECT_LE(l.routerLogits[t * 16 + e], l.routerLogits[t * 16 + b]);
                }
            EXPECT_NEAR(l.topkWeight[2 * t] + l.topkWeight[2 * t + 1], 1.0f, 1e-5f);
        }
    }
}

TEST(MoeDemo, TrainingLowersTheLossAndUsesEveryExpert) {
    const MoeDemo& d = trainedDemo();
    EXPECT_LT(d.loss.back(), 0.5 * d.loss.front());
    EXPECT_LT(d.finalBalanceLoss, 1.3);  // 1 = perfectly balanced
    for (const LayerRouting& l : d.trace.layers) {
        std::vector<int> used(16, 0);
        for (std::int32_t e : l.topkIdx) ++used[e];
        for (int e = 0; e < 16; ++e) EXPECT_GT(used[e], l.tokens * 2 / 16 / 4) << "expert " << e;
    }
}

TEST(MoeDemo, ExpertsSpecialiseByDomainThroughTraining) {
    // Random routing: I(X_i; D) ~ 0 (only a small-sample bias, ~(D-1)/(2T ln 2) = 0.001 bit).
    // Perfect specialisation (4 experts per domain, k = 2): 0.29 bit.
    const double trained = meanExpertDomainInformation(trainedDemo().trace);
    MoeDemoSpec untrainedSpec;
    untrainedSpec.trainSteps = 0;
    const double untrained = meanExpertDomainInformation(makeMoeDemo(untrainedSpec).trace);
    std::cout << "[ demo    ] mean I(expert; domain): trained " << trained << " bit, untrained "
              << untrained << " bit\n";
    EXPECT_GT(trained, 0.12);
    EXPECT_GT(trained, untrained + 0.08);
}

TEST(MoeDemo, SameSeedGivesTheSameTrace) {
    MoeDemoSpec s;
    s.trainSteps = 20;
    s.traceTokens = 256;
    const MoeDemo a = makeMoeDemo(s), b = makeMoeDemo(s);
    ASSERT_EQ(a.trace.layers.size(), b.trace.layers.size());
    for (std::size_t l = 0; l < a.trace.layers.size(); ++l) {
        EXPECT_EQ(a.trace.layers[l].routerLogits, b.trace.layers[l].routerLogits);
        EXPECT_EQ(a.trace.layers[l].topkIdx, b.trace.layers[l].topkIdx);
    }
    EXPECT_EQ(a.loss, b.loss);
    s.seed = 8;
    EXPECT_NE(makeMoeDemo(s).trace.layers[0].routerLogits, a.trace.layers[0].routerLogits);
}

TEST(MoeDemo, WrittenTraceReadsBackWithTheLoader) {
    MoeDemoSpec s;
    s.trainSteps = 5;
    s.traceTokens = 64;
    const RoutingTrace a = makeMoeDemo(s).trace;
    const auto path = std::filesystem::temp_directory_path() /
                      ("assay_moe_demo_" + std::to_string(::getpid()) + ".safetensors");
    writeRoutingTrace(a, path);
    const RoutingTrace b = loadTrace(path);
    std::filesystem::remove(path);
    EXPECT_EQ(b.numExperts, a.numExperts);
    EXPECT_EQ(b.topK, a.topK);
    EXPECT_EQ(b.domain, a.domain);
    EXPECT_EQ(b.domainNames, a.domainNames);
    EXPECT_EQ(b.model, a.model);
    ASSERT_EQ(b.layers.size(), a.layers.size());
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        EXPECT_EQ(b.layers[l].topkIdx, a.layers[l].topkIdx);
        EXPECT_EQ(b.layers[l].topkWeight, a.layers[l].topkWeight);
        EXPECT_EQ(b.layers[l].routerLogits, a.layers[l].routerLogits);
    }
}

TEST(MoeDemo, RejectsABadSpec) {
    MoeDemoSpec s;
    s.topK = 17;
    EXPECT_THROW(makeMoeDemo(s), Error);
}

// Each bad field is reported under the option that sets it, never the C++ field name.
TEST(MoeDemo, BadSpecNamesTheOption) {
    auto messageOf = [](MoeDemoSpec s) -> std::string {
        try {
            makeMoeDemo(s);
        } catch (const ParameterError& e) {
            return e.what();
        }
        return "(accepted)";
    };
    MoeDemoSpec tokens, steps, experts;
    tokens.traceTokens = 0;
    steps.trainSteps = -1;
    experts.experts = 1;
    EXPECT_NE(messageOf(tokens).find("--tokens"), std::string::npos) << messageOf(tokens);
    EXPECT_EQ(messageOf(tokens).find("trainSteps"), std::string::npos) << messageOf(tokens);
    EXPECT_NE(messageOf(steps).find("--steps"), std::string::npos) << messageOf(steps);
    EXPECT_NE(messageOf(experts).find("--experts"), std::string::npos) << messageOf(experts);
}

}  // namespace
}  // namespace assay::core::moe
