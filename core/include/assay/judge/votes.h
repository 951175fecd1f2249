#pragma once
// Judge outcomes as users bring them (issue 13, README "Judge (BetaConform, command line)"):
// a CSV or JSON Lines table (core/io/table.h) with one row per labelled sample, either
//   judge columns holding 0/1 (judge j agrees with the human label; also true/false), or
//   columns `x` (judges that agree) and `n` (judges asked) — any other column is then ignored.
// Optional columns `sample` (or `id`) and `order` (annotation order, any numbers) are never read
// as judges; every other column is a judge unless a judges list names them. Rows are sorted by
// `order` when present (stably, so ties keep the file's order).
// The core estimators take one n for all samples, so an `n` column that varies between rows is
// refused (a per-row n would need a per-row likelihood; the README says so).
// Errors are InputError "file: row R, column C: expectation": counts outside [0, n], n varying,
// a judge cell that is not 0/1, an empty table, a named judge the table lacks, x without n.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "assay/io/table.h"

namespace assay::core::judge {

struct Votes {
    int n = 0;                         // judges per sample
    std::vector<int> counts;           // x_i in annotation order
    std::vector<std::string> judges;   // the judge columns read (empty for the x/n form)
    bool countsForm = false;           // read from `x` and `n`
    std::string orderColumn;           // "order" when the rows were sorted by it, else ""
    std::vector<std::size_t> rows;     // the file's row (1 = first data row) of each sample
    std::vector<std::string> samples;  // `sample` / `id` per sample, empty when absent
};

// judges: the columns to read as judges (empty = every column but sample, id, order).
Votes votesFromTable(const io::Table& table, const std::string& fileLabel,
                     const std::vector<std::string>& judges = {});
// readTable (.csv, .jsonl, .ndjson) then votesFromTable, naming the file by its file name.
Votes readVotes(const std::filesystem::path& path, const std::vector<std::string>& judges = {});

// Whether the table reads as votes (votesFromTable accepts it): the window's routing asks this of
// a table's first rows (io::readTableHead), so a calibration table (gold letters, probabilities,
// scores) is not taken for one.
bool looksLikeVotes(const io::Table& head);

// "a,b,c" → {"a", "b", "c"} (spaces around names dropped); ParameterError for an empty name.
std::vector<std::string> parseJudgeList(const std::string& list);

}  // namespace assay::core::judge
