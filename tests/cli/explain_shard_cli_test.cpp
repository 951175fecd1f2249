// assay-run explain --shard i/N and merge on the real breast-cancer table (sklearn's, written at
// test time) with the logistic model assay-run fits: row r draws from streamSeed(seed, r), so
// KernelSHAP with sampled coalitions, LIME and k-means backgrounds give, merged, every digit of
// the unsharded run; a shard with no rows is refused.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/cli/explain_cli_support.h"
#include "tests/cli/shard_support.h"

namespace {

namespace fs = std::filesystem;
using namespace assay::test::explain;
using assay::test::CommandResult;
using assay::test::runAssayRun;

class ExplainShards : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = scratch("shards");
        ASSERT_EQ(std::system(("/usr/bin/python3 " ASSAY_SOURCE_DIR
                               "/resources/python/breast_cancer_csv.py " +
                               (dir / "c.csv").string() + " --features 8")
                                  .c_str()),
                  0);
    }
    static CommandResult explain(const std::string& args, const fs::path& out) {
        return runAssayRun("explain --fit-logistic target --data " + (dir / "c.csv").string() +
                           " --seed 3 " + args + " --out " + out.string());
    }
    static void expectMergeEqualsWhole(const std::string& args, const std::string& stem) {
        ASSERT_EQ(explain(args, dir / (stem + ".json")).code, 0);
        ASSERT_EQ(explain(args, dir / (stem + ".safetensors")).code, 0);
        const nlohmann::json whole = assay::test::withoutProvenance(dir / (stem + ".json"));
        for (int n : {1, 2, 3, 7}) {
            SCOPED_TRACE(stem + ", N = " + std::to_string(n));
            std::string parts;
            for (int i = 0; i < n; ++i) {
                const fs::path p =
                    dir / (stem + std::to_string(n) + "_" + std::to_string(i) + ".safetensors");
                const CommandResult r =
                    explain(args + " --shard " + std::to_string(i) + "/" + std::to_string(n), p);
                ASSERT_EQ(r.code, 0) << r.output;
                parts = " " + p.string() + parts;
            }
            const fs::path json = dir / (stem + "_merged.json");
            CommandResult r = runAssayRun("merge" + parts + " --out " + json.string());
            ASSERT_EQ(r.code, 0) << r.output;
            EXPECT_EQ(assay::test::withoutProvenance(json), whole);
            const fs::path st = dir / (stem + "_merged.safetensors");
            r = runAssayRun("merge" + parts + " --out " + st.string());
            ASSERT_EQ(r.code, 0) << r.output;
            assay::test::expectSameTensors(dir / (stem + ".safetensors"), st);
        }
    }
    static inline fs::path dir;
};

TEST_F(ExplainShards, SampledKernelShapWithKmeansBackgroundMergesExactly) {
    expectMergeEqualsWhole("--method kernelshap --nsamples 60 --background-kmeans 5 --rows 3:20",
                           "ks");
}

TEST_F(ExplainShards, LimeMergesExactly) {
    expectMergeEqualsWhole("--method lime --nsamples 300 --rows :9", "lime");
}

TEST_F(ExplainShards, ATaskMayStageTheDataElsewhere) {
    // Part 1 reads a copy in another folder (a node's local disk): same bytes, so it merges, and
    // the result quotes part 0's path, as the unsharded run on that path does.
    fs::create_directories(dir / "node1");
    fs::copy_file(dir / "c.csv", dir / "node1" / "c.csv", fs::copy_options::overwrite_existing);
    const std::string args = "--method kernelshap --nsamples 50 --rows 0:6";
    ASSERT_EQ(explain(args, dir / "staged_whole.json").code, 0);
    ASSERT_EQ(explain(args + " --shard 0/2", dir / "st0.safetensors").code, 0);
    const CommandResult r1 = runAssayRun(
        "explain --fit-logistic target --data " + (dir / "node1" / "c.csv").string() +
        " --seed 3 " + args + " --shard 1/2 --out " + (dir / "st1.safetensors").string());
    ASSERT_EQ(r1.code, 0) << r1.output;
    const CommandResult m = runAssayRun("merge " + (dir / "st1.safetensors").string() + " " +
                                        (dir / "st0.safetensors").string() + " --out " +
                                        (dir / "staged.json").string());
    ASSERT_EQ(m.code, 0) << m.output;
    EXPECT_EQ(assay::test::withoutProvenance(dir / "staged.json"),
              assay::test::withoutProvenance(dir / "staged_whole.json"));
}

TEST_F(ExplainShards, EmptyShardsAndOtherSeedsAreRefused) {
    const CommandResult empty =
        explain("--method exact --rows 0:3 --shard 0/4", dir / "empty.safetensors");
    EXPECT_EQ(empty.code, 2);
    EXPECT_NE(empty.output.find("is empty"), std::string::npos) << empty.output;
    EXPECT_FALSE(fs::exists(dir / "empty.safetensors"));
    ASSERT_EQ(explain("--rows 0:4 --nsamples 40 --shard 0/2", dir / "s0.safetensors").code, 0);
    ASSERT_EQ(runAssayRun("explain --fit-logistic target --data " + (dir / "c.csv").string() +
                          " --seed 4 --rows 0:4 --nsamples 40 --shard 1/2 --out " +
                          (dir / "s1.safetensors").string())
                  .code,
              0);
    const CommandResult r =
        runAssayRun("merge " + (dir / "s0.safetensors").string() + " " +
                    (dir / "s1.safetensors").string() + " --out " + (dir / "never.json").string());
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.output.find("another seed"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir / "never.json"));
}

}  // namespace
