// .npz writing (assay/io/npz_write.h): the zip container written by hand, entries stored (no
// compression), so the tensor bytes go from the caller's buffers to the file without another
// copy (writePiecesAtomically) and the archive is the same bytes for the same tensors (a fixed
// timestamp). ZIP64 records are added only when an entry or the archive passes 4 GiB, as
// Python's zipfile does, so NumPy reads both.
#include "assay/io/npz_write.h"

#include <array>
#include <set>
#include <string>
#include <string_view>

#include "assay/core/error.h"
#include "assay/io/atomic_write.h"

namespace assay::core::io {
namespace {

constexpr std::uint32_t kMax32 = 0xFFFFFFFFu;

const std::array<std::uint32_t, 256>& crcTable() {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    return table;
}

std::uint32_t crc32(std::uint32_t crc, std::string_view bytes) {
    const auto& table = crcTable();
    crc = ~crc;
    for (const char ch : bytes)
        crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

void put(std::string& out, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFFu);
}

// NumPy's descr for each dtype it has (no bfloat16 in NumPy).
const char* descrOf(DType dtype) {
    switch (dtype) {
        case DType::F64:
            return "<f8";
        case DType::F32:
            return "<f4";
        case DType::F16:
            return "<f2";
        case DType::I64:
            return "<i8";
        case DType::I32:
            return "<i4";
        case DType::I16:
            return "<i2";
        case DType::I8:
            return "|i1";
        case DType::U8:
            return "|u1";
        case DType::Bool:
            return "|b1";
        case DType::BF16:
            return nullptr;
    }
    return nullptr;
}

// The .npy format 1.0 header: magic, version, length, the dict padded with spaces to a multiple
// of 64 bytes (so the data is aligned), ending in '\n'.
std::string npyHeader(const TensorToWrite& t) {
    std::string shape = "(";
    for (std::size_t i = 0; i < t.shape.size(); ++i)
        shape += (i ? ", " : "") + std::to_string(t.shape[i]);
    if (t.shape.size() == 1) shape += ",";
    shape += ")";
    std::string dict = std::string("{'descr': '") + descrOf(t.dtype) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
    dict += '\n';
    if (dict.size() > 65535) throw OutputError(t.name + ": shape too long for a .npy header");
    std::string out("\x93NUMPY\x01\x00", 8);
    put(out, dict.size(), 2);
    return out + dict;
}

struct Entry {
    std::string name;  // "<tensor>.npy"
    std::uint64_t size = 0, offset = 0;
    std::uint32_t crc = 0;
    bool zip64() const { return size >= kMax32 || offset >= kMax32; }
};

// DOS time 00:00:00 on 1980-01-01: a fixed stamp, so identical tensors give identical files.
constexpr std::uint16_t kDosTime = 0, kDosDate = (0 << 9) | (1 << 5) | 1;

std::string localHeader(const Entry& e) {
    const bool big = e.size >= kMax32;
    std::string h;
    put(h, 0x04034b50u, 4);
    put(h, big ? 45 : 20, 2);  // version needed
    put(h, 0, 2);              // flags
    put(h, 0, 2);              // stored
    put(h, kDosTime, 2);
    put(h, kDosDate, 2);
    put(h, e.crc, 4);
    put(h, big ? kMax32 : e.size, 4);
    put(h, big ? kMax32 : e.size, 4);
    put(h, e.name.size(), 2);
    put(h, big ? 20 : 0, 2);
    h += e.name;
    if (big) {
        put(h, 0x0001, 2);
        put(h, 16, 2);
        put(h, e.size, 8);
        put(h, e.size, 8);
    }
    return h;
}

std::string centralHeader(const Entry& e) {
    const bool bigSize = e.size >= kMax32, bigOffset = e.offset >= kMax32;
    const int extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
    std::string h;
    put(h, 0x02014b50u, 4);
    put(h, 45, 2);  // made by
    put(h, e.zip64() ? 45 : 20, 2);
    put(h, 0, 2);
    put(h, 0, 2);
    put(h, kDosTime, 2);
    put(h, kDosDate, 2);
    put(h, e.crc, 4);
    put(h, bigSize ? kMax32 : e.size, 4);
    put(h, bigSize ? kMax32 : e.size, 4);
    put(h, e.name.size(), 2);
    put(h, extra ? extra + 4 : 0, 2);
    put(h, 0, 2);  // comment
    put(h, 0, 2);  // disk
    put(h, 0, 2);  // internal attributes
    put(h, 0, 4);  // external attributes
    put(h, bigOffset ? kMax32 : e.offset, 4);
    h += e.name;
    if (extra) {
        put(h, 0x0001, 2);
        put(h, extra, 2);
        if (bigSize) {
            put(h, e.size, 8);
            put(h, e.size, 8);
        }
        if (bigOffset) put(h, e.offset, 8);
    }
    return h;
}

std::string endRecords(std::uint64_t entries, std::uint64_t cdOffset, std::uint64_t cdSize) {
    std::string h;
    const bool zip64 = entries >= 0xFFFF || cdOffset >= kMax32 || cdSize >= kMax32;
    if (zip64) {
        const std::uint64_t recordOffset = cdOffset + cdSize;
        put(h, 0x06064b50u, 4);
        put(h, 44, 8);
        put(h, 45, 2);
        put(h, 45, 2);
        put(h, 0, 4);
        put(h, 0, 4);
        put(h, entries, 8);
        put(h, entries, 8);
        put(h, cdSize, 8);
        put(h, cdOffset, 8);
        put(h, 0x07064b50u, 4);
        put(h, 0, 4);
        put(h, recordOffset, 8);
        put(h, 1, 4);
    }
    put(h, 0x06054b50u, 4);
    put(h, 0, 2);
    put(h, 0, 2);
    put(h, zip64 ? 0xFFFF : entries, 2);
    put(h, zip64 ? 0xFFFF : entries, 2);
    put(h, cdSize >= kMax32 ? kMax32 : cdSize, 4);
    put(h, cdOffset >= kMax32 ? kMax32 : cdOffset, 4);
    put(h, 0, 2);
    return h;
}

}  // namespace

void writeNpz(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors) {
    std::set<std::string> names;
    for (const TensorToWrite& t : tensors) {
        if (!names.insert(t.name).second)
            throw OutputError(path.string() + ": " + t.name + ": duplicate tensor name");
        if (descrOf(t.dtype) == nullptr)
            throw OutputError(path.string() + ": " + t.name + ": " + dtypeName(t.dtype) +
                              " has no NumPy dtype; write F32 or safetensors");
        const auto numel = checkedNumel(t.shape, dtypeSize(t.dtype));
        if (!numel || static_cast<std::uint64_t>(*numel) * dtypeSize(t.dtype) != t.bytes.size())
            throw OutputError(path.string() + ": " + t.name + ": " +
                              std::to_string(t.bytes.size()) +
                              " bytes do not match its shape and dtype");
    }
    // Headers are kept here; the tensor bytes are borrowed pieces between them.
    std::vector<std::string> headers;
    headers.reserve(2 * tensors.size() + 2);
    std::vector<Entry> entries;
    std::vector<std::string_view> pieces;
    std::uint64_t offset = 0;
    for (const TensorToWrite& t : tensors) {
        const std::string npy = npyHeader(t);
        const std::string_view data(reinterpret_cast<const char*>(t.bytes.data()), t.bytes.size());
        Entry e{t.name + ".npy", npy.size() + data.size(), offset, crc32(crc32(0, npy), data)};
        headers.push_back(localHeader(e) + npy);
        pieces.push_back(headers.back());
        pieces.push_back(data);
        offset += headers.back().size() + data.size();
        entries.push_back(std::move(e));
    }
    std::string central;
    for (const Entry& e : entries) central += centralHeader(e);
    central += endRecords(entries.size(), offset, central.size());
    headers.push_back(std::move(central));
    pieces.push_back(headers.back());
    writePiecesAtomically(path, pieces);
}

}  // namespace assay::core::io
