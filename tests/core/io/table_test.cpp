#include "assay/io/table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "assay/core/error.h"
#include "io_test_util.h"

namespace assay::core::io {
namespace {

const std::vector<ColumnSpec> kSpec = {
    {"id", ColumnType::Int}, {"p_B", ColumnType::Float}, {"label", ColumnType::String}};

std::string csvError(const std::string& text, const std::vector<ColumnSpec>& spec = kSpec) {
    try {
        parseCsv(text, spec, "scores.csv");
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Csv, ParsesTypedColumnsAndKeepsExtrasAsStrings) {
    const Table t = parseCsv("id,p_B,label,opt_10,opt_2\r\n1,0.25,cat,x,y\r\n2,1e-3,dog,z,w\r\n",
                             kSpec, "s.csv");
    EXPECT_EQ(t.rows, 2u);
    EXPECT_EQ(t.column("id").ints, (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(t.column("p_B").floats, (std::vector<double>{0.25, 1e-3}));
    EXPECT_EQ(t.column("label").strings, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(t.column("opt_2").strings, (std::vector<std::string>{"y", "w"}));
    EXPECT_EQ(columnsWithPrefix(t, "opt_"), (std::vector<std::string>{"opt_2", "opt_10"}));
    EXPECT_TRUE(t.has("opt_10"));
    EXPECT_FALSE(t.has("nope"));
    EXPECT_THROW(t.column("nope"), InputError);
}

TEST(Csv, QuotedFieldsHoldCommasNewlinesAndQuotes) {
    const Table t = parseCsv("id,p_B,label\n1,0.5,\"a, b\nc \"\"d\"\"\"\n", kSpec, "s.csv");
    ASSERT_EQ(t.rows, 1u);
    EXPECT_EQ(t.column("label").strings[0], "a, b\nc \"d\"");
}

TEST(Csv, BadNumericCellsNameRowAndColumn) {
    EXPECT_EQ(csvError("id,p_B,label\n1,0.5,a\n2,x,b\n"),
              "scores.csv: row 2, column p_B: expected a number, got 'x'");
    EXPECT_EQ(csvError("id,p_B,label\n1,NaN,a\n"),
              "scores.csv: row 1, column p_B: expected a number, got 'NaN'");
    EXPECT_EQ(csvError("id,p_B,label\n1,,a\n"),
              "scores.csv: row 1, column p_B: expected a number, got ''");
    EXPECT_EQ(csvError("id,p_B,label\n1.5,0.1,a\n"),
              "scores.csv: row 1, column id: expected an integer, got '1.5'");
}

TEST(Csv, StructuralErrorsAreReported) {
    EXPECT_EQ(csvError("id,label\n1,a\n"),
              "scores.csv: p_B: required column missing (header has: id, label)");
    EXPECT_NE(csvError("id,p_B,label\n1,2\n").find("row 1: has 2 fields, expected 3"),
              std::string::npos);
    EXPECT_NE(csvError("id,p_B,label\n1,2,\"open\n").find("row 1: quoted field is never closed"),
              std::string::npos);
    EXPECT_NE(csvError("").find("file is empty"), std::string::npos);
}

TEST(Csv, OptionalColumnsFlagMissingCells) {
    const std::vector<ColumnSpec> spec = {{"p", ColumnType::Float, true},
                                          {"k", ColumnType::Int, true},
                                          {"absent", ColumnType::Float, true}};
    const Table t = parseCsv("p,k\n,3\n0.5,\nNaN,4\n", spec, "o.csv");
    const Column& p = t.column("p");
    EXPECT_TRUE(std::isnan(p.floats[0]));
    EXPECT_EQ(p.floats[1], 0.5);
    EXPECT_EQ(p.missing, (std::vector<bool>{true, false, true}));
    EXPECT_EQ(t.column("k").ints, (std::vector<std::int64_t>{3, 0, 4}));
    EXPECT_EQ(t.column("k").missing, (std::vector<bool>{false, true, false}));
    EXPECT_FALSE(t.has("absent"));
    EXPECT_TRUE(t.column("absent").floats.empty());
}

TEST(JsonLines, ParsesObjectsAndNamesBadLines) {
    const std::string text =
        "{\"id\": 1, \"p_B\": 0.125, \"label\": \"a\"}\n\n"
        "{\"id\": 2, \"p_B\": 2, \"label\": \"b\", \"extra\": [1]}\n";
    const Table t = parseJsonLines(text, kSpec, "s.jsonl");
    EXPECT_EQ(t.rows, 2u);
    EXPECT_EQ(t.column("p_B").floats, (std::vector<double>{0.125, 2}));
    EXPECT_EQ(t.column("extra").strings, (std::vector<std::string>{"", "[1]"}));
    EXPECT_EQ(t.header, (std::vector<std::string>{"id", "p_B", "label", "extra"}));

    try {
        parseJsonLines("{\"id\": 1, \"p_B\": 1, \"label\": \"a\"}\n{\"id\": 2,\n", kSpec,
                       "s.jsonl");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "s.jsonl: line 2: is not valid JSON");
    }
    try {
        parseJsonLines(
            "{\"id\": 1, \"p_B\": 1, \"label\": \"a\"}\n{\"id\": 2, \"p_B\": \"x\", \"label\": "
            "\"b\"}\n",
            kSpec, "s.jsonl");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "s.jsonl: line 2, column p_B: expected a number, got 'x'");
    }
}

TEST(Table, ReadTableChoosesByExtension) {
    test::ScratchDir dir;
    test::writeBytes(dir / "t.csv", "id,p_B,label\n1,2,x\n");
    test::writeBytes(dir / "t.ndjson", "{\"id\":1,\"p_B\":2,\"label\":\"x\"}\n");
    EXPECT_EQ(readTable(dir / "t.csv", kSpec).rows, 1u);
    EXPECT_EQ(readTable(dir / "t.ndjson", kSpec).column("id").ints[0], 1);
    EXPECT_THROW(readTable(dir / "t.xlsx", kSpec), InputError);
}

}  // namespace
}  // namespace assay::core::io
