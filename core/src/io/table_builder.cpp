#include "table_builder.h"

#include <charconv>
#include <cmath>
#include <set>

#include "assay/core/error.h"

namespace assay::core::io::detail {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool isMissingMarker(std::string_view s) {
    return s.empty() || s == "NA" || s == "NaN" || s == "nan" || s == "NAN" || s == "null";
}

std::optional<double> parseDouble(std::string_view s) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || std::isnan(v)) return std::nullopt;
    return v;
}

std::optional<std::int64_t> parseInt(std::string_view s) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

// Cells in messages are cut short: a runaway quoted field can hold a whole file.
std::string shown(std::optional<std::string_view> cell) {
    if (!cell) return "(absent)";
    if (cell->size() <= 40) return std::string(*cell);
    return std::string(cell->substr(0, 40)) + "...";
}

std::string joinHeader(const std::vector<std::string>& header) {
    std::string out;
    for (const auto& h : header) out += (out.empty() ? "" : ", ") + h;
    return out;
}

}  // namespace

TableBuilder::TableBuilder(std::vector<std::string> header, const std::vector<ColumnSpec>& spec,
                           const std::string& fileLabel)
    : m_file(fileLabel) {
    m_table.header = std::move(header);
    const auto& h = m_table.header;
    auto indexOf = [&](const std::string& name) {
        for (std::size_t i = 0; i < h.size(); ++i) {
            if (h[i] == name) return static_cast<int>(i);
        }
        return -1;
    };
    std::set<std::string> seen;
    for (const auto& name : h) {
        if (!seen.insert(name).second)
            throw InputError(m_file, name, "column appears twice in the header");
    }
    std::set<std::string> specNames;
    for (const auto& s : spec) {
        const int index = indexOf(s.name);
        if (index < 0 && !s.optional) {
            throw InputError(m_file, s.name,
                             "required column missing (header has: " + joinHeader(h) + ")");
        }
        m_table.columns.push_back(Column{s.name, s.type, index >= 0, {}, {}, {}, {}});
        m_headerIndex.push_back(index);
        m_optional.push_back(s.optional);
        specNames.insert(s.name);
    }
    for (std::size_t i = 0; i < h.size(); ++i) {
        if (specNames.count(h[i]) != 0) continue;
        m_table.columns.push_back(Column{h[i], ColumnType::String, true, {}, {}, {}, {}});
        m_headerIndex.push_back(static_cast<int>(i));
        m_optional.push_back(true);
    }
}

void TableBuilder::addRow(const std::vector<std::optional<std::string_view>>& cells,
                          const char* rowKind, std::size_t rowNumber) {
    for (std::size_t c = 0; c < m_table.columns.size(); ++c) {
        const int index = m_headerIndex[c];
        if (index < 0) continue;
        const auto i = static_cast<std::size_t>(index);
        addCell(m_table.columns[c], m_optional[c], i < cells.size() ? cells[i] : std::nullopt,
                rowKind, rowNumber);
    }
    ++m_table.rows;
}

void TableBuilder::addCell(Column& column, bool optional, std::optional<std::string_view> cell,
                           const char* rowKind, std::size_t rowNumber) {
    auto where = [&] {
        return std::string(rowKind) + " " + std::to_string(rowNumber) + ", column " + column.name;
    };
    if (column.type == ColumnType::String) {
        column.strings.emplace_back(cell ? *cell : std::string_view());
        column.missing.push_back(!cell || cell->empty());
        return;
    }
    const std::string_view text = cell ? trim(*cell) : std::string_view();
    const bool missing = !cell || isMissingMarker(text);
    const char* expected = column.type == ColumnType::Float ? "a number" : "an integer";
    if (missing && !optional) {
        throw InputError(m_file, where(),
                         std::string("expected ") + expected + ", got '" + shown(cell) + "'");
    }
    column.missing.push_back(missing);
    if (column.type == ColumnType::Float) {
        const auto v = missing ? std::optional<double>(NAN) : parseDouble(text);
        if (!v)
            throw InputError(m_file, where(),
                             std::string("expected a number, got '") + shown(cell) + "'");
        column.floats.push_back(*v);
    } else {
        const auto v = missing ? std::optional<std::int64_t>(0) : parseInt(text);
        if (!v)
            throw InputError(m_file, where(),
                             std::string("expected an integer, got '") + shown(cell) + "'");
        column.ints.push_back(*v);
    }
}

Table TableBuilder::finish() { return std::move(m_table); }

}  // namespace assay::core::io::detail
