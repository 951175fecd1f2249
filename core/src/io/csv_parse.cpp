#include <string>
#include <vector>

#include "assay/core/error.h"
#include "assay/io/table.h"
#include "table_builder.h"

namespace assay::core::io {
namespace {

// RFC 4180 records: fields split by ',', records by LF or CRLF, fields in double quotes may
// hold commas, line breaks and "" for a quote.
class CsvReader {
public:
    CsvReader(std::string_view text, const std::string& file) : m_text(text), m_file(file) {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_text.remove_prefix(3);  // Excel's BOM
    }

    bool atEnd() const { return m_pos >= m_text.size(); }

    // One record; false at the end of the text. Blank lines are skipped.
    bool next(std::vector<std::string>& fields, const std::string& rowLabel) {
        while (!atEnd() && (m_text[m_pos] == '\n' || m_text.compare(m_pos, 2, "\r\n") == 0)) {
            m_pos += m_text[m_pos] == '\n' ? 1 : 2;
        }
        if (atEnd()) return false;
        fields.clear();
        while (true) {
            fields.push_back(field(rowLabel));
            if (atEnd()) return true;
            const char c = m_text[m_pos];
            if (c == ',') {
                ++m_pos;
                continue;
            }
            if (c == '\n') {
                ++m_pos;
                return true;
            }
            if (c == '\r' && (m_pos + 1 == m_text.size() || m_text[m_pos + 1] == '\n')) {
                m_pos += 2;
                return true;
            }
            throw InputError(m_file, rowLabel, "unexpected character after a quoted field");
        }
    }

private:
    std::string field(const std::string& rowLabel) {
        std::string out;
        if (atEnd() || m_text[m_pos] != '"') {
            const std::size_t end = m_text.find_first_of(",\n", m_pos);
            const std::size_t stop = end == std::string_view::npos ? m_text.size() : end;
            std::size_t last = stop;
            if (last > m_pos && m_text[last - 1] == '\r' && stop < m_text.size() &&
                m_text[stop] == '\n')
                --last;
            else if (last > m_pos && m_text[last - 1] == '\r' && stop == m_text.size())
                --last;
            out.assign(m_text.substr(m_pos, last - m_pos));
            m_pos = last;
            return out;
        }
        ++m_pos;  // opening quote
        while (true) {
            const std::size_t quote = m_text.find('"', m_pos);
            if (quote == std::string_view::npos) {
                throw InputError(m_file, rowLabel, "quoted field is never closed");
            }
            out.append(m_text.substr(m_pos, quote - m_pos));
            m_pos = quote + 1;
            if (m_pos < m_text.size() && m_text[m_pos] == '"') {
                out += '"';
                ++m_pos;
            } else {
                return out;
            }
        }
    }

    std::string_view m_text;
    const std::string& m_file;
    std::size_t m_pos = 0;
};

}  // namespace

Table parseCsv(std::string_view text, const std::vector<ColumnSpec>& spec,
               const std::string& fileLabel) {
    CsvReader reader(text, fileLabel);
    std::vector<std::string> header;
    if (!reader.next(header, "header")) {
        throw InputError(fileLabel, "header", "file is empty, expected a header row");
    }
    detail::TableBuilder builder(header, spec, fileLabel);
    std::vector<std::string> fields;
    std::vector<std::optional<std::string_view>> cells;
    for (std::size_t row = 1;; ++row) {
        const std::string label = "row " + std::to_string(row);
        if (!reader.next(fields, label)) break;
        if (fields.size() != header.size()) {
            throw InputError(fileLabel, label,
                             "has " + std::to_string(fields.size()) + " fields, expected " +
                                 std::to_string(header.size()) + " as in the header");
        }
        cells.assign(fields.begin(), fields.end());
        builder.addRow(cells, label);
    }
    return builder.finish();
}

}  // namespace assay::core::io
