// Reading judge outcomes (votes.h) from CSV and JSON Lines text, and the JSON of a source fit and
// a judge result (judge_json.h): counts by hand, the order column, the x/n form, each malformed
// input naming its row and column, and a source fit surviving write → read.
#include "assay/judge/votes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "assay/judge/judge_json.h"

namespace assay::core::judge {
namespace {

Votes csv(const std::string& text, const std::vector<std::string>& judges = {}) {
    return votesFromTable(io::parseCsv(text, {}, "v.csv"), "v.csv", judges);
}

std::string errorOf(const std::string& text, const std::vector<std::string>& judges = {}) {
    try {
        csv(text, judges);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(JudgeVotes, JudgeColumnsAreSummedAndSampleAndOrderAreNotJudges) {
    const Votes v = csv("sample,a,b,c,order\ns1,1,0,1,3\ns2,0,0,0,1\ns3,1,1,1,2\n");
    EXPECT_EQ(v.n, 3);
    EXPECT_EQ(v.judges, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(v.counts, (std::vector<int>{0, 3, 2}));  // sorted by order: s2, s3, s1
    EXPECT_EQ(v.rows, (std::vector<std::size_t>{2, 3, 1}));
    EXPECT_EQ(v.samples, (std::vector<std::string>{"s2", "s3", "s1"}));
    EXPECT_EQ(v.orderColumn, "order");
    const Votes named = csv("id,a,b,c\n1,1,0,1\n2,true,false,1\n", {"a", "c"});
    EXPECT_EQ(named.n, 2);
    EXPECT_EQ(named.counts, (std::vector<int>{2, 2}));
}

TEST(JudgeVotes, TellsVotesTablesFromOthersOnTheirFirstRows) {
    EXPECT_TRUE(looksLikeVotes(io::parseCsv("sample,gpt,llama\ns1,1,0\ns2,True,FALSE\n", {}, "v")));
    EXPECT_TRUE(looksLikeVotes(io::parseCsv("x,n\n2,3\n", {}, "v")));
    EXPECT_FALSE(looksLikeVotes(io::parseCsv("gold,p_A,p_B\nA,0.6,0.4\n", {}, "c")));
    EXPECT_FALSE(looksLikeVotes(io::parseCsv("score,label\n0.3,1\n", {}, "c")));
    EXPECT_FALSE(looksLikeVotes(io::parseCsv("a,b\n", {}, "empty")));
    // A judge named twice is refused, not counted twice.
    EXPECT_NE(errorOf("a,b\n1,0\n", {"a", "a"}).find("a: is named twice"), std::string::npos);
}

TEST(JudgeVotes, CountsFormEqualsJudgeColumnsAndJsonLinesReadsTheSame) {
    const Votes a = csv("a,b,c\n1,0,1\n0,0,0\n1,1,1\n");
    const Votes b = csv("x,n\n2,3\n0,3\n3,3\n");
    EXPECT_TRUE(b.countsForm);
    EXPECT_EQ(a.counts, b.counts);
    EXPECT_EQ(a.n, b.n);
    const Votes j =
        votesFromTable(io::parseJsonLines("{\"a\":1,\"b\":0,\"c\":1}\n{\"a\":0,\"b\":0,\"c\":0}\n"
                                          "{\"a\":1,\"b\":1,\"c\":1}\n",
                                          {}, "v.jsonl"),
                       "v.jsonl");
    EXPECT_EQ(j.counts, a.counts);
}

TEST(JudgeVotes, MalformedInputNamesFileRowAndColumn) {
    EXPECT_NE(errorOf("a,b\n1,2\n").find("v.csv: row 1, column b: expected 0 or 1"),
              std::string::npos);
    EXPECT_NE(errorOf("x,n\n1,3\n4,3\n").find("row 2, column x: count 4 is outside [0, n]"),
              std::string::npos);
    EXPECT_NE(errorOf("x,n\n-1,3\n").find("outside [0, n]"), std::string::npos);
    EXPECT_NE(errorOf("x,n\n1,3\n1,5\n").find("row 2, column n: is 5 but row 1 has n = 3"),
              std::string::npos);
    EXPECT_NE(errorOf("a,b\n").find("no labelled samples"), std::string::npos);
    EXPECT_NE(errorOf("a,b\n1,0\n", {"a", "zed"}).find("zed: no such judge column"),
              std::string::npos);
    EXPECT_NE(errorOf("x\n1\n").find("n: missing"), std::string::npos);
    EXPECT_NE(errorOf("a,b\n1,\n").find("row 1, column b"), std::string::npos);
    EXPECT_NE(errorOf("sample,order\ns,1\n").find("no judge columns"), std::string::npos);
    EXPECT_NE(errorOf("a,order\n1,soon\n").find("column order: expected a number"),
              std::string::npos);
    EXPECT_THROW(parseJudgeList("a,,b"), ParameterError);
    EXPECT_EQ(parseJudgeList("a, b"), (std::vector<std::string>{"a", "b"}));
}

TEST(JudgeJson, SourceFitRoundTripsAndBadFilesAreRefused) {
    SourceFitRecord r;
    r.fit = {"src", {0.7, 8.5, 2.25, 2, 5}, {0.5, -1, 2}};
    r.n = 5;
    r.m = 300;
    r.accuracy = 0.69;
    r.logPosterior = -412.5;
    const nlohmann::json j = toJson(r);
    EXPECT_EQ(j["format"], "assay-judge-source");
    const SourceFitRecord back = sourceFitFromJson(nlohmann::json::parse(j.dump()), "s.json");
    EXPECT_EQ(back.fit.name, "src");
    EXPECT_EQ(back.n, 5);
    EXPECT_EQ(back.m, 300);
    EXPECT_EQ(back.fit.params.pi, 0.7);
    EXPECT_EQ(back.fit.params.b1, 2.25);
    EXPECT_EQ(back.fit.params.b2, 5);
    EXPECT_EQ(back.fit.meanEmbedding, r.fit.meanEmbedding);
    EXPECT_EQ(back.accuracy, 0.69);
    nlohmann::json bad = j;
    bad["params"]["a1"] = -1;
    EXPECT_THROW(sourceFitFromJson(bad, "s.json"), InputError);
    bad = j;
    bad.erase("n");
    EXPECT_THROW(sourceFitFromJson(bad, "s.json"), InputError);
    bad = j;
    bad["format"] = "assay-explain";
    EXPECT_THROW(sourceFitFromJson(bad, "s.json"), InputError);
    r.fit.meanEmbedding.clear();
    EXPECT_FALSE(toJson(r).contains("mean_embedding"));
}

TEST(JudgeJson, InfiniteRadiusIsNull) {
    StoppingTrace t;
    t.steps = {{5, 0.6, INFINITY, 0, 1}, {9, 0.62, 0.02, 0.6, 0.64}};
    t.stopIndex = 1;
    t.stopM = 9;
    t.reason = StopReason::Epsilon;
    const nlohmann::json j = toJson(t, StoppingOptions{});
    EXPECT_TRUE(j["trace"]["q"][0].is_null());
    EXPECT_EQ(j["q"], 0.02);
    EXPECT_EQ(j["stop_m"], 9);
    EXPECT_EQ(j["reason"], "epsilon");
}

}  // namespace
}  // namespace assay::core::judge
