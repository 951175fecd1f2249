// assay-run conformal --shard i/N and merge: the parts hold each item's scores with its row
// index, and the merge evaluates the joined items, so the seeded random splits, p-values, sets
// and the report's curves equal the unsharded run's in every digit (no sum is reordered).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_process.h"
#include "shard_support.h"

namespace assay::test {
namespace {

namespace fs = std::filesystem;

class ConformalShards : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = scratchPath("assay_conformal_shards", "x").parent_path();
        capture = dir / "capture.safetensors";
        ASSERT_EQ(std::system(("/usr/bin/python3 '" ASSAY_SOURCE_DIR
                               "/resources/python/capture_calibration.py' '" +
                               capture.string() + "' >/dev/null")
                                  .c_str()),
                  0);
        // Generic data (one score per item, no option sets) with a fixed split and two groups:
        // the parts' option-score tensors are empty and their fixed split is carried.
        generic = dir / "generic.csv";
        std::ofstream csv(generic);
        csv << "score,split,group\n";
        for (int i = 0; i < 301; ++i)
            csv << (i * 7919 % 1000) / 1000.0 << "," << i % 2 << "," << (i % 3 ? "a" : "b") << "\n";
    }

    // Runs `args` whole (.json and .safetensors) and as N shards merged; compares every digit.
    static void expectMergeEqualsWhole(const std::string& args, const std::string& stem) {
        const fs::path wholeJson = dir / (stem + ".json"), wholeSt = dir / (stem + ".safetensors");
        CommandResult r = runAssayRun("conformal " + args + " --out " + wholeJson.string());
        ASSERT_EQ(r.code, 0) << r.output;
        ASSERT_EQ(runAssayRun("conformal " + args + " --out " + wholeSt.string()).code, 0);
        const nlohmann::json whole = withoutProvenance(wholeJson);
        for (int n : {1, 2, 3, 7}) {
            SCOPED_TRACE(stem + ", N = " + std::to_string(n));
            std::string parts;
            for (int i = 0; i < n; ++i) {
                const fs::path p = dir / (stem + "_" + std::to_string(n) + "_" + std::to_string(i) +
                                          ".safetensors");
                r = runAssayRun("conformal " + args + " --shard " + std::to_string(i) + "/" +
                                std::to_string(n) + " --out " + p.string());
                ASSERT_EQ(r.code, 0) << r.output;
                parts = " " + p.string() + parts;  // merge takes them in any order
            }
            const fs::path json = dir / (stem + "_merged.json");
            const fs::path st = dir / (stem + "_merged.safetensors");
            r = runAssayRun("merge" + parts + " --out " + json.string());
            ASSERT_EQ(r.code, 0) << r.output;
            EXPECT_EQ(withoutProvenance(json), whole);
            const nlohmann::json prov = nlohmann::json::parse(std::ifstream(json))["provenance"];
            const nlohmann::json wholeProv =
                nlohmann::json::parse(std::ifstream(wholeJson))["provenance"];
            EXPECT_EQ(prov["parts"].size(), static_cast<std::size_t>(n));
            for (const char* key : {"analysis", "inputs", "parameters", "seed"})
                EXPECT_EQ(prov[key], wholeProv[key]) << key;
            ASSERT_EQ(runAssayRun("merge" + parts + " --out " + st.string()).code, 0);
            expectSameTensors(wholeSt, st);
        }
    }
    static inline fs::path dir, capture, generic;
};

TEST_F(ConformalShards, DemoWithReportMergesToTheUnshardedResult) {
    expectMergeEqualsWhole("--demo --report --repetitions 12 --seed 5", "demo");
}

TEST_F(ConformalShards, CapturedRunWithGroupsMergesToTheUnshardedResult) {
    expectMergeEqualsWhole("--input " + capture.string() + " --test-group humanities", "captured");
}

TEST_F(ConformalShards, GenericScoresWithAFixedSplitMergeToTheUnshardedResult) {
    expectMergeEqualsWhole("--input " + generic.string() + " --report --repetitions 5", "generic");
}

TEST_F(ConformalShards, PartsOfOtherRunsAndBadShardsAreRefused) {
    const auto part = [&](const std::string& extra, const std::string& name) {
        const fs::path p = dir / name;
        const CommandResult r =
            runAssayRun("conformal --demo --repetitions 3 " + extra + " --out " + p.string());
        EXPECT_EQ(r.code, 0) << r.output;
        return p.string();
    };
    const std::string a0 = part("--shard 0/2", "a0.safetensors");
    const std::string a1 = part("--shard 1/2", "a1.safetensors");
    const std::string seed1 = part("--seed 11 --shard 1/2", "s1.safetensors");
    const std::string alpha1 = part("--alpha 0.1 --shard 1/2", "al1.safetensors");
    const fs::path out = dir / "refused.json";
    for (const auto& [args, words] :
         std::vector<std::pair<std::string, std::string>>{{a0 + " " + seed1, "another seed"},
                                                          {a0 + " " + alpha1, "parameters"},
                                                          {a0, "missing"},
                                                          {a0 + " " + a0 + " " + a1, "twice"}}) {
        const CommandResult r = runAssayRun("merge " + args + " --out " + out.string());
        EXPECT_EQ(r.code, 2) << args;
        EXPECT_NE(r.output.find(words), std::string::npos) << r.output;
        EXPECT_FALSE(fs::exists(out));
    }
    // A group the data lacks is refused by the shard itself, before any part is written.
    const CommandResult g = runAssayRun("conformal --demo --test-group nowhere --shard 0/2 --out " +
                                        (dir / "g.safetensors").string());
    EXPECT_EQ(g.code, 2);
    EXPECT_NE(g.output.find("--test-group"), std::string::npos) << g.output;
    EXPECT_FALSE(fs::exists(dir / "g.safetensors"));
    // So is an alpha the merge could not use.
    const CommandResult alpha = runAssayRun("conformal --demo --alpha 2 --shard 0/2 --out " +
                                            (dir / "a.safetensors").string());
    EXPECT_EQ(alpha.code, 2);
    EXPECT_NE(alpha.output.find("alpha"), std::string::npos) << alpha.output;
    EXPECT_FALSE(fs::exists(dir / "a.safetensors"));
}

}  // namespace
}  // namespace assay::test
