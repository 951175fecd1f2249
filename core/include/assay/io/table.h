#pragma once
// Tables users bring: CSV (header row, RFC 4180 quoting, LF or CRLF) and JSON Lines (one
// object per line). Callers say which columns they need and their types; every other column
// is kept as a String column so callers can discover e.g. opt_0..opt_K by prefix.
//
// Rows are counted from 1 = first data row (CSV) and lines from 1 = first line (JSON Lines);
// blank lines are skipped. Required numeric columns reject empty cells, "NaN" and anything
// unparsable: InputError "file: row 7, column p_B: expected a number, got 'x'".
// Optional columns: a missing column gives present == false and no values; a missing cell
// (empty, NA, NaN, null or absent key) gives NaN (Float), 0 (Int) or "" (String), and
// missing[row] == true. Non-empty unparsable cells are errors in optional columns too.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace assay::core::io {

enum class ColumnType { Float, Int, String };

struct ColumnSpec {
    std::string name;
    ColumnType type = ColumnType::Float;
    bool optional = false;
};

struct Column {
    std::string name;
    ColumnType type = ColumnType::String;
    bool present = false;
    std::vector<double> floats;        // type Float: one per row
    std::vector<std::int64_t> ints;    // type Int
    std::vector<std::string> strings;  // type String
    std::vector<bool> missing;         // one per row when present (true = cell was missing)
};

struct Table {
    std::filesystem::path path;
    std::size_t rows = 0;
    std::vector<std::string> header;  // as in the file (JSON Lines: keys by first appearance)
    std::vector<Column> columns;      // spec order, then the other header columns as String

    // InputError "file: name: no such column (has: ...)" if absent.
    const Column& column(const std::string& name) const;
    bool has(const std::string& name) const;  // the column exists and was present in the file
};

Table parseCsv(std::string_view text, const std::vector<ColumnSpec>& spec,
               const std::string& fileLabel);
Table parseJsonLines(std::string_view text, const std::vector<ColumnSpec>& spec,
                     const std::string& fileLabel);
// By extension: .csv, or .jsonl / .ndjson. Throws InputError for other extensions.
Table readTable(const std::filesystem::path& path, const std::vector<ColumnSpec>& spec);
// The header and the first rows only (every column a String), for telling files apart cheaply
// (the window's routing of a file to a view): at most maxBytes are read, cut after the last
// complete line. Throws as readTable (a quoted cell spanning the cut is an error too).
Table readTableHead(const std::filesystem::path& path, std::size_t maxBytes = 65536);

// Names of the columns starting with prefix, in natural order (opt_2 before opt_10).
std::vector<std::string> columnsWithPrefix(const Table& table, const std::string& prefix);

}  // namespace assay::core::io
