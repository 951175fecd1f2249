#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "assay/core/error.h"
#include "assay/io/table.h"
#include "table_builder.h"

namespace assay::core::io {
namespace {

// RFC 4180 records: fields split by ',', records by LF or CRLF, fields in double quotes may
// hold commas, line breaks and "" for a quote. Fields are views into the text (no copy per cell:
// a million-row file is a few million cells); only a quoted field with "" in it is unescaped,
// into the reader's scratch strings, which live until the next record.
class CsvReader {
public:
    CsvReader(std::string_view text, const std::string& file) : m_text(text), m_file(file) {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_text.remove_prefix(3);  // Excel's BOM
    }

    bool atEnd() const { return m_pos >= m_text.size(); }

    // One record; false at the end of the text. Blank lines are skipped. `rowLabel` names the
    // record in messages ("header", "row 7"), built only for one.
    template <typename Label>
    bool next(std::vector<std::string_view>& fields, const Label& rowLabel) {
        while (!atEnd() && (m_text[m_pos] == '\n' || m_text.compare(m_pos, 2, "\r\n") == 0)) {
            m_pos += m_text[m_pos] == '\n' ? 1 : 2;
        }
        if (atEnd()) return false;
        fields.clear();
        m_scratch.clear();
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
            throw InputError(m_file, rowLabel(), "unexpected character after a quoted field");
        }
    }

private:
    template <typename Label>
    std::string_view field(const Label& rowLabel) {
        if (atEnd() || m_text[m_pos] != '"') {
            std::size_t stop = m_pos;
            const std::size_t size = m_text.size();
            while (stop < size && m_text[stop] != ',' && m_text[stop] != '\n') ++stop;
            std::size_t last = stop;
            // CRLF, or a CR at the very end (a CR before a comma stays in the field)
            if (last > m_pos && m_text[last - 1] == '\r' && (stop == size || m_text[stop] == '\n'))
                --last;
            const std::string_view out = m_text.substr(m_pos, last - m_pos);
            m_pos = last;
            return out;
        }
        ++m_pos;  // opening quote
        const std::size_t begin = m_pos;
        std::string* unescaped = nullptr;
        while (true) {
            const std::size_t quote = m_text.find('"', m_pos);
            if (quote == std::string_view::npos) {
                throw InputError(m_file, rowLabel(), "quoted field is never closed");
            }
            const bool doubled = quote + 1 < m_text.size() && m_text[quote + 1] == '"';
            if (!doubled && unescaped == nullptr) {  // the common case: a plain view
                m_pos = quote + 1;
                return m_text.substr(begin, quote - begin);
            }
            if (unescaped == nullptr) {
                m_scratch.emplace_back();
                unescaped = &m_scratch.back();
            }
            unescaped->append(m_text.substr(m_pos, quote - m_pos));
            m_pos = quote + 1;
            if (!doubled) return *unescaped;
            *unescaped += '"';
            ++m_pos;
        }
    }

    std::string_view m_text;
    const std::string& m_file;
    std::size_t m_pos = 0;
    std::deque<std::string> m_scratch;  // a deque: views into earlier ones stay valid
};

}  // namespace

Table parseCsv(std::string_view text, const std::vector<ColumnSpec>& spec,
               const std::string& fileLabel) {
    CsvReader reader(text, fileLabel);
    std::vector<std::string_view> fields;
    if (!reader.next(fields, [] { return std::string("header"); })) {
        throw InputError(fileLabel, "header", "file is empty, expected a header row");
    }
    const std::vector<std::string> header(fields.begin(), fields.end());
    detail::TableBuilder builder(header, spec, fileLabel);
    std::vector<std::optional<std::string_view>> cells;
    for (std::size_t row = 1;; ++row) {
        auto label = [row] { return "row " + std::to_string(row); };
        if (!reader.next(fields, label)) break;
        if (fields.size() != header.size()) {
            throw InputError(fileLabel, label(),
                             "has " + std::to_string(fields.size()) + " fields, expected " +
                                 std::to_string(header.size()) + " as in the header");
        }
        cells.assign(fields.begin(), fields.end());
        builder.addRow(cells, "row", row);
    }
    return builder.finish();
}

}  // namespace assay::core::io
