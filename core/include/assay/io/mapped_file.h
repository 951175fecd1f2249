#pragma once
// Read-only memory mapping of a whole file, so multi-gigabyte tensor files are never copied:
// pages are read on first touch. Move-only; unmapped in the destructor.
#include <cstddef>
#include <filesystem>

namespace assay::core::io {

class MappedFile {
public:
    // Throws InputError("<path>: cannot open: <reason>") if the file is missing, unreadable,
    // or not a regular file. An empty file gives size() == 0 and data() == nullptr.
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const unsigned char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    const std::filesystem::path& path() const { return m_path; }

private:
    void release() noexcept;

    std::filesystem::path m_path;
    const unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
};

}  // namespace assay::core::io
