// Any bytes as a .npy file, or, when they start like a zip, as an .npz archive through
// libzip. Accepted arrays are converted to C order and to doubles to prove they are in bounds.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "assay/core/error.h"
#include "assay/io/chunked_reader.h"
#include "assay/io/npy.h"
#include "npz_archive.h"
#include "tensor_convert.h"

namespace {

// Small, so that a forged "uncompressed size" is refused rather than allocated.
constexpr std::uint64_t kFuzzInflateLimit = 1 << 20;

void fuzzNpy(const std::uint8_t* data, std::size_t size) {
    using namespace assay::core::io;
    const NpyHeader header = parseNpy(data, size, "fuzz.npy");
    const std::size_t elementSize = dtypeSize(header.dtype);
    const std::size_t bytes = size - header.dataOffset;
    std::vector<unsigned char> converted(bytes);
    detail::toNativeCOrder(data + header.dataOffset, converted.data(), elementSize, header.shape,
                           header.bigEndian, header.fortranOrder);
    std::vector<double> values(bytes / elementSize);
    convertElements(converted.data(), header.dtype, 0, static_cast<std::int64_t>(values.size()),
                    values.data());
}

void fuzzNpz(const std::uint8_t* data, std::size_t size) {
    using namespace assay::core::io;
    for (const auto& entry : detail::readNpz(data, size, "fuzz.npz", kFuzzInflateLimit)) {
        std::vector<double> values(static_cast<std::size_t>(entry.info.numel()));
        convertElements(entry.bytes.data(), entry.info.dtype, 0, entry.info.numel(), values.data());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        if (size >= 2 && std::memcmp(data, "PK", 2) == 0) {
            fuzzNpz(data, size);
        } else {
            fuzzNpy(data, size);
        }
    } catch (const assay::core::Error&) {
        // Rejected with a message: the expected outcome for malformed input.
    }
    return 0;
}
