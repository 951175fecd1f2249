#pragma once
// Helpers for the io tests: a scratch directory removed at the end, raw file writing, and the
// bytes of .npy and safetensors files built by hand.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace assay::core::io::test {

class ScratchDir {
public:
    ScratchDir() {
        static std::atomic<int> counter{0};
        m_path = std::filesystem::temp_directory_path() /
                 ("assay_io_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

inline void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

template <typename T>
std::string bytesOf(const std::vector<T>& values) {
    return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// A safetensors file from a literal header and data section.
inline std::string safetensorsBytes(const std::string& header, const std::string& data) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
    return out + header + data;
}

// A .npy file as numpy.lib.format writes it: header padded with spaces to 64 bytes, '\n'.
inline std::string npyBytes(int version, const std::string& descr, bool fortran,
                            const std::string& shape, const std::string& data) {
    std::string dict = "{'descr': '" + descr +
                       "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
    const std::size_t prefix = version == 1 ? 10 : 12;
    while ((prefix + dict.size() + 1) % 64 != 0) dict += ' ';
    dict += '\n';
    std::string out = "\x93NUMPY";
    out += static_cast<char>(version);
    out += '\0';
    for (std::size_t i = 0; i < prefix - 8; ++i)
        out += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
    return out + dict + data;
}

template <typename T>
std::string bigEndianBytes(const std::vector<T>& values) {
    std::string out = bytesOf(values);
    for (std::size_t i = 0; i < values.size(); ++i)
        std::reverse(out.begin() + i * sizeof(T), out.begin() + (i + 1) * sizeof(T));
    return out;
}

}  // namespace assay::core::io::test
