#include "assay/moe/collaboration_file.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "assay/core/error.h"
#include "assay/demo/moe_demo.h"
#include "assay/io/safetensors.h"

namespace assay::core::moe {
namespace {

namespace fs = std::filesystem;

fs::path temp(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("assay_collab_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d / name;
}

TEST(CollaborationFile, ReadsLayeredCountsAsPartnerCounts) {
    // Two layers of 3 experts; C2R's files store 0 (or −1) on the diagonal.
    const std::vector<double> c = {-1, 4, 2, 4, -1, 0, 2, 0, -1, 0, 1, 1, 1, 0, 5, 1, 5, 0};
    const fs::path path = temp("c.safetensors");
    io::writeSafetensors(path, {io::tensorFromDoubles("collaboration", c, {2, 3, 3})}, {});
    EXPECT_FALSE(isRoutingTrace(path));
    const auto layers = loadCollaboration(path);
    ASSERT_EQ(layers.size(), 2u);
    EXPECT_EQ(layers[0].at(0, 1), 4);
    EXPECT_EQ(layers[0].usage(0), 6);  // partner mass 4 + 2
    EXPECT_EQ(layers[1].usage(2), 6);
    // P(j | i) = C_ij / Σ_j C_ij with k = 2.
    const auto p = normalise(layers[0], Normalisation::Conditional);
    EXPECT_DOUBLE_EQ(p[0 * 3 + 1], 4.0 / 6.0);
    const ExpertsAnalysis a = analyzeCollaboration(layers, 1);
    EXPECT_EQ(a.layers[1].stats.topPartners[1], 2);  // expert 1's strongest partner in layer 1
    EXPECT_FALSE(a.hasC2r);
}

TEST(CollaborationFile, RejectsWhatIsNotASquareCountMatrix) {
    const fs::path rect = temp("rect.safetensors");
    io::writeSafetensors(rect, {io::tensorFromDoubles("m", std::vector<double>(6, 1.0), {2, 3})},
                         {});
    EXPECT_THROW(loadCollaboration(rect), InputError);
    const fs::path negative = temp("neg.safetensors");
    io::writeSafetensors(negative, {io::tensorFromDoubles("collaboration", {0, -3, 1, 0}, {2, 2})},
                         {});
    try {
        loadCollaboration(negative);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "neg.safetensors: collaboration: [0, 0, 1] (layer, expert, partner"),
                  std::string::npos)
            << e.what();
    }
}

TEST(CollaborationFile, ADemoTraceIsRecognisedAsATrace) {
    MoeDemoSpec spec;
    spec.trainSteps = 0;
    spec.traceTokens = 64;
    const fs::path path = temp("trace.safetensors");
    writeRoutingTrace(makeMoeDemo(spec).trace, path);
    EXPECT_TRUE(isRoutingTrace(path));
}

}  // namespace
}  // namespace assay::core::moe
