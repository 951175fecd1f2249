// assay-run <command> --shard i/N and assay-run merge as an array job uses them: the merge of
// N parts writes what the unsharded run writes (counts: bit for bit), and parts that are not one
// run are refused with nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_process.h"
#include "shard_support.h"

namespace assay::test {
namespace {

namespace fs = std::filesystem;

class ShardMerge : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = scratchPath("assay_shard_merge", "trace").parent_path();
        trace = dir / "moe.safetensors";
        ASSERT_EQ(std::system(("/usr/bin/python3 '" ASSAY_SOURCE_DIR
                               "/resources/python/capture_moe_trace.py' '" +
                               trace.string() + "' >/dev/null")
                                  .c_str()),
                  0);
    }
    static CommandResult coactivation(const std::string& extra, const fs::path& out) {
        return runAssayRun("coactivation --trace " + trace.string() +
                           " --normalise lift --top-t 3 " + extra + " --out " + out.string());
    }
    static std::string shardFiles(int n, const std::string& stem) {
        std::string parts;
        for (int i = n - 1; i >= 0; --i) {  // merge takes them in any order
            const fs::path p = dir / (stem + std::to_string(i) + ".safetensors");
            const CommandResult r =
                coactivation("--shard " + std::to_string(i) + "/" + std::to_string(n), p);
            EXPECT_EQ(r.code, 0) << r.output;
            parts += " " + p.string();
        }
        return parts;
    }
    static inline fs::path dir, trace;
};

TEST_F(ShardMerge, MergedPartsEqualTheUnshardedRunExactly) {
    ASSERT_EQ(coactivation("", dir / "whole.json").code, 0);
    ASSERT_EQ(coactivation("", dir / "whole.safetensors").code, 0);
    const nlohmann::json whole = withoutProvenance(dir / "whole.json");
    for (int n : {1, 2, 3, 7}) {
        SCOPED_TRACE("N = " + std::to_string(n));
        const std::string parts = shardFiles(n, "n" + std::to_string(n) + "_");
        const fs::path json = dir / ("merged" + std::to_string(n) + ".json");
        const fs::path st = dir / ("merged" + std::to_string(n) + ".safetensors");
        CommandResult r = runAssayRun("merge" + parts + " --out " + json.string());
        ASSERT_EQ(r.code, 0) << r.output;
        EXPECT_EQ(withoutProvenance(json), whole);  // counts, entropy, lift: every digit
        const nlohmann::json prov = nlohmann::json::parse(std::ifstream(json))["provenance"];
        EXPECT_EQ(prov["parts"].size(), static_cast<std::size_t>(n));
        EXPECT_EQ(prov["parts"][0]["file"], "n" + std::to_string(n) + "_0.safetensors");
        EXPECT_EQ(prov["inputs"][0]["file"], "moe.safetensors");
        r = runAssayRun("merge" + parts + " --out " + st.string());
        ASSERT_EQ(r.code, 0) << r.output;
        expectSameTensors(dir / "whole.safetensors", st);
    }
}

TEST_F(ShardMerge, PartsOfDifferentRunsAreRefusedAndNothingIsWritten) {
    const std::string parts = shardFiles(3, "bad_");
    const fs::path p0 = dir / "bad_0.safetensors", p1 = dir / "bad_1.safetensors";
    const fs::path out = dir / "refused.json";
    const auto refused = [&](const std::string& args, const std::string& words) {
        const CommandResult r = runAssayRun("merge " + args + " --out " + out.string());
        EXPECT_EQ(r.code, 2) << args;
        EXPECT_NE(r.output.find(words), std::string::npos) << r.output;
        EXPECT_FALSE(fs::exists(out));
    };
    refused(p0.string() + " " + p1.string(), "2/3 missing");
    refused(p0.string() + " " + p0.string() + " " + p1.string(), "given twice");
    const fs::path other = dir / "other_2.safetensors";
    ASSERT_EQ(runAssayRun("coactivation --trace " + trace.string() + " --shard 2/3 --out " +
                          other.string())
                  .code,
              0);
    refused(p0.string() + " " + p1.string() + " " + other.string(), "other parameters");
    ASSERT_EQ(coactivation("", dir / "not_a_part.safetensors").code, 0);
    refused((dir / "not_a_part.safetensors").string(), "not a partial result");
    EXPECT_EQ(coactivation("--shard 3/3", dir / "x.safetensors").code, 2);
    // A --top-t the merge could not use is refused by the shard itself (8 experts: n-1 = 7).
    const CommandResult topT =
        runAssayRun("coactivation --trace " + trace.string() + " --top-t 8 --shard 0/2 --out " +
                    (dir / "t.safetensors").string());
    EXPECT_EQ(topT.code, 2);
    EXPECT_NE(topT.output.find("--top-t"), std::string::npos) << topT.output;
    const CommandResult json = coactivation("--shard 0/3", dir / "part.json");
    EXPECT_EQ(json.code, 2);
    EXPECT_NE(json.output.find(".safetensors"), std::string::npos) << json.output;
}

// Logistic probes need every row at every optimiser step: --shard says so, nothing is written.
TEST(ProbeShards, AreRefusedWithTheReason) {
    const fs::path out = scratchPath("assay_shard_merge", "probe_part.safetensors");
    const CommandResult r = runAssayRun("probe --demo --shard 0/2 --out " + out.string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.output.find("every optimiser step"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace assay::test
