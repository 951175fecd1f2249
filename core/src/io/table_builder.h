#pragma once
// Turns rows of text cells into typed columns; shared by the CSV and JSON Lines parsers so
// both give the same columns, missing-value rules and error messages (internal).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assay/io/table.h"

namespace assay::core::io::detail {

class TableBuilder {
public:
    // Throws InputError naming a missing required column and listing the header.
    TableBuilder(std::vector<std::string> header, const std::vector<ColumnSpec>& spec,
                 const std::string& fileLabel);

    // cells[i] belongs to header[i]; nullopt = absent (JSON key missing or null).
    // The row is named "<rowKind> <rowNumber>" ("row 7" in CSV, "line 9" in JSON Lines) in error
    // messages; the name is only built for a message (a million rows, no million strings).
    void addRow(const std::vector<std::optional<std::string_view>>& cells, const char* rowKind,
                std::size_t rowNumber);

    Table finish();

private:
    void addCell(Column& column, bool optional, std::optional<std::string_view> cell,
                 const char* rowKind, std::size_t rowNumber);

    std::string m_file;
    Table m_table;
    std::vector<int> m_headerIndex;  // per column: index into the header, or -1 if absent
    std::vector<bool> m_optional;    // per column
};

}  // namespace assay::core::io::detail
