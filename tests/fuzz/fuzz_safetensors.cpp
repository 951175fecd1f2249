// Any bytes: parseSafetensors must either throw an assay error or return a header whose
// every tensor lies inside the input (checked by reading each one under AddressSanitizer).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "assay/core/error.h"
#include "assay/io/chunked_reader.h"
#include "assay/io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assay::core::io;
    try {
        const SafetensorsHeader header = parseSafetensors(data, size, "fuzz.safetensors");
        for (const TensorInfo& t : header.tensors) {
            const auto numel = static_cast<std::size_t>(t.numel());
            std::vector<double> values(numel);
            convertElements(data + header.dataStart + t.byteOffset, t.dtype, 0, t.numel(),
                            values.data());
        }
    } catch (const assay::core::Error&) {
        // Rejected with a message: the expected outcome for malformed input.
    }
    return 0;
}
