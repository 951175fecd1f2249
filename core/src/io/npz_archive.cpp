#include "npz_archive.h"

#include <zip.h>

#include <memory>
#include <set>

#include "assay/core/error.h"
#include "assay/io/npy.h"
#include "tensor_convert.h"

namespace assay::core::io::detail {
namespace {

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

std::unique_ptr<zip_t, ZipCloser> openArchive(const unsigned char* data, std::size_t size,
                                              const std::string& file) {
    zip_error_t error;
    zip_error_init(&error);
    // The source borrows the bytes (freep = 0): the caller's mapping outlives the archive.
    zip_source_t* source = zip_source_buffer_create(data, size, 0, &error);
    if (source == nullptr) {
        zip_error_fini(&error);
        throw InputError(file, "archive", "cannot read as zip");
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive == nullptr) {
        zip_source_free(source);
        const std::string text = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw InputError(file, "archive", "not a valid .npz (zip) archive: " + text);
    }
    zip_error_fini(&error);
    return std::unique_ptr<zip_t, ZipCloser>(archive);
}

std::vector<unsigned char> inflateEntry(zip_t* archive, zip_uint64_t index, std::uint64_t size,
                                        const std::string& file, const std::string& entry) {
    std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(archive, index, 0));
    if (!f) {
        throw InputError(
            file, entry,
            std::string("cannot open entry: ") + zip_error_strerror(zip_get_error(archive)));
    }
    std::vector<unsigned char> bytes(size);
    std::uint64_t got = 0;
    while (got < size) {
        const zip_int64_t n = zip_fread(f.get(), bytes.data() + got, size - got);
        if (n < 0) {
            throw InputError(file, entry,
                             std::string("cannot inflate entry: ") +
                                 zip_error_strerror(zip_file_get_error(f.get())));
        }
        if (n == 0) break;
        got += static_cast<std::uint64_t>(n);
    }
    if (got != size) {
        throw InputError(file, entry,
                         "entry inflated to " + std::to_string(got) + " bytes, the archive says " +
                             std::to_string(size));
    }
    return bytes;
}

}  // namespace

std::vector<NpzEntry> readNpz(const unsigned char* data, std::size_t size, const std::string& file,
                              std::uint64_t maxTotalBytes) {
    auto archive = openArchive(data, size, file);
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    std::vector<NpzEntry> entries;
    std::set<std::string> names;
    std::uint64_t total = 0;
    for (zip_int64_t i = 0; i < count; ++i) {
        const auto index = static_cast<zip_uint64_t>(i);
        zip_stat_t st;
        if (zip_stat_index(archive.get(), index, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
            !(st.valid & ZIP_STAT_SIZE)) {
            throw InputError(file, "entry " + std::to_string(i), "unreadable zip directory entry");
        }
        std::string name = st.name;
        if (!name.empty() && name.back() == '/') continue;  // directories hold no arrays
        if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npy") != 0) {
            throw InputError(file, name, "entry is not a .npy array");
        }
        name.resize(name.size() - 4);
        if (!names.insert(name).second) throw InputError(file, name, "duplicate entry");
        if (st.size > maxTotalBytes - total) {
            throw ResourceError(file + ": " + name + ": entries inflate to more than " +
                                std::to_string(maxTotalBytes) + " bytes, the loading limit");
        }
        total += st.size;
        const std::vector<unsigned char> npy =
            inflateEntry(archive.get(), index, st.size, file, name);
        const std::string label = file + ": " + name;
        const NpyHeader header = parseNpy(npy.data(), npy.size(), label);
        NpzEntry entry;
        entry.info.name = name;
        entry.info.dtype = header.dtype;
        entry.info.shape = header.shape;
        entry.info.byteLength = npy.size() - header.dataOffset;
        entry.bytes.resize(entry.info.byteLength);
        toNativeCOrder(npy.data() + header.dataOffset, entry.bytes.data(), dtypeSize(header.dtype),
                       header.shape, header.bigEndian, header.fortranOrder);
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace assay::core::io::detail
