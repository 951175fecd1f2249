#include <cstring>
#include <limits>

#include "assay/core/error.h"
#include "assay/io/npy.h"

namespace assay::core::io {
namespace {

// The header is a Python dict literal written by numpy.lib.format; this reads exactly the
// subset NumPy writes (quoted keys, a quoted descr, True/False, a tuple of ints) and rejects
// the rest, so no Python evaluator is needed.
class DictReader {
public:
    DictReader(std::string_view text, const std::string& file) : m_text(text), m_file(file) {}

    void parse(std::string& descr, bool& fortran, std::vector<std::int64_t>& shape) {
        bool haveDescr = false, haveFortran = false, haveShape = false;
        expect('{');
        while (true) {
            skipSpace();
            if (peek() == '}') break;
            const std::string key = quoted();
            expect(':');
            skipSpace();
            if (key == "descr") {
                if (peek() == '[')
                    fail("descr", "structured dtypes are not supported, expected e.g. '<f4'");
                descr = quoted();
                haveDescr = true;
            } else if (key == "fortran_order") {
                fortran = boolean();
                haveFortran = true;
            } else if (key == "shape") {
                shape = tuple();
                haveShape = true;
            } else {
                fail(key, "unexpected key in the .npy header");
            }
            skipSpace();
            if (peek() == ',') ++m_pos;
        }
        if (!haveDescr || !haveFortran || !haveShape) {
            fail("header", "expected keys 'descr', 'fortran_order' and 'shape'");
        }
    }

private:
    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw InputError(m_file, field, what);
    }
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    void skipSpace() {
        while (m_pos < m_text.size() && std::strchr(" \t\r\n", m_text[m_pos]) != nullptr) ++m_pos;
    }
    void expect(char c) {
        skipSpace();
        if (peek() != c)
            fail("header", std::string("malformed dict literal, expected '") + c + "'");
        ++m_pos;
    }
    std::string quoted() {
        skipSpace();
        const char q = peek();
        if (q != '\'' && q != '"')
            fail("header", "malformed dict literal, expected a quoted string");
        const std::size_t end = m_text.find(q, m_pos + 1);
        if (end == std::string_view::npos) fail("header", "unterminated string");
        std::string s(m_text.substr(m_pos + 1, end - m_pos - 1));
        m_pos = end + 1;
        return s;
    }
    bool boolean() {
        if (m_text.compare(m_pos, 4, "True") == 0) {
            m_pos += 4;
            return true;
        }
        if (m_text.compare(m_pos, 5, "False") == 0) {
            m_pos += 5;
            return false;
        }
        fail("fortran_order", "expected True or False");
    }
    std::vector<std::int64_t> tuple() {
        expect('(');
        std::vector<std::int64_t> dims;
        while (true) {
            skipSpace();
            if (peek() == ')') {
                ++m_pos;
                return dims;
            }
            if (peek() < '0' || peek() > '9')
                fail("shape", "expected a tuple of non-negative integers");
            std::int64_t v = 0;
            while (peek() >= '0' && peek() <= '9') {
                const int digit = peek() - '0';
                if (v > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
                    fail("shape", "dimension too large");
                v = v * 10 + digit;
                ++m_pos;
            }
            if (peek() == 'L') ++m_pos;  // Python 2 longs
            dims.push_back(v);
            skipSpace();
            if (peek() == ',')
                ++m_pos;
            else if (peek() != ')')
                fail("shape", "expected ',' or ')' in the shape tuple");
        }
    }

    std::string_view m_text;
    const std::string& m_file;
    std::size_t m_pos = 0;
};

struct DescrEntry {
    char kind;
    std::size_t size;
    DType dtype;
};

constexpr DescrEntry kDescrs[] = {
    {'f', 8, DType::F64}, {'f', 4, DType::F32}, {'f', 2, DType::F16},
    {'i', 8, DType::I64}, {'i', 4, DType::I32}, {'i', 2, DType::I16},
    {'i', 1, DType::I8},  {'u', 1, DType::U8},  {'b', 1, DType::Bool},
};

void parseDescr(const std::string& descr, const std::string& file, NpyHeader& out) {
    const std::string expected =
        ", expected one of <f8 <f4 <f2 <i8 <i4 <i2 |i1 |u1 |b1 (or '>' variants)";
    if (descr.size() != 3 || std::strchr("<>|=", descr[0]) == nullptr || descr[2] < '1' ||
        descr[2] > '9') {
        throw InputError(file, "descr", "unsupported dtype '" + descr + "'" + expected);
    }
    const std::size_t size = static_cast<std::size_t>(descr[2] - '0');
    for (const auto& e : kDescrs) {
        if (e.kind == descr[1] && e.size == size) {
            out.dtype = e.dtype;
            out.bigEndian = descr[0] == '>' && size > 1;
            return;
        }
    }
    throw InputError(file, "descr", "unsupported dtype '" + descr + "'" + expected);
}

}  // namespace

NpyHeader parseNpy(const unsigned char* data, std::size_t size, const std::string& file) {
    static const unsigned char kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (size < 10 || std::memcmp(data, kMagic, sizeof kMagic) != 0) {
        throw InputError(file, "header", "not a .npy file (expected the magic \\x93NUMPY)");
    }
    const int major = data[6];
    if (major < 1 || major > 3) {
        throw InputError(
            file, "header",
            "format version " + std::to_string(major) + " is not supported, expected 1, 2 or 3");
    }
    std::size_t headerLen = data[8] | (std::size_t{data[9]} << 8);
    std::size_t prefix = 10;
    if (major >= 2) {
        if (size < 12) throw InputError(file, "header", "truncated before the header length");
        headerLen |= (std::size_t{data[10]} << 16) | (std::size_t{data[11]} << 24);
        prefix = 12;
    }
    if (headerLen > size - prefix) {
        throw InputError(file, "header",
                         "declared length " + std::to_string(headerLen) +
                             " runs past the end of the file (truncated?)");
    }
    NpyHeader out;
    std::string descr;
    const std::string_view text(reinterpret_cast<const char*>(data + prefix), headerLen);
    DictReader(text, file).parse(descr, out.fortranOrder, out.shape);
    parseDescr(descr, file, out);
    out.dataOffset = prefix + headerLen;

    const auto numel = checkedNumel(out.shape, dtypeSize(out.dtype));
    if (!numel) throw InputError(file, "shape", "is too large");
    const auto expected = static_cast<std::uint64_t>(*numel) * dtypeSize(out.dtype);
    if (size - out.dataOffset != expected) {
        throw InputError(file, "data",
                         "has " + std::to_string(size - out.dataOffset) + " bytes, expected " +
                             std::to_string(expected) + " for the shape and dtype '" + descr + "'");
    }
    return out;
}

}  // namespace assay::core::io
