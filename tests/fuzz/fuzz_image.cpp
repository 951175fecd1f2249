// Any bytes as an image file (PNG, JPEG, BMP, TGA through stb_image): decodeImage must throw an
// assay error or return a consistent image, which is then taken through both preprocessings, the
// normalisation and the patch cover (as the Token windows view does).
#include <cstddef>
#include <cstdint>

#include "assay/core/error.h"
#include "image_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace assay::core::tokens;
    try {
        // 1024 a side: a forged header cannot make stb allocate past the fuzzer's memory limit.
        const RgbImage image = detail::decodeImageBounded(data, size, "fuzz.png", 1024);
        if (image.rgb.size() != std::size_t(image.width) * std::size_t(image.height) * 3)
            __builtin_trap();
        for (Preprocess mode : {Preprocess::Pad, Preprocess::Crop}) {
            const PreparedImage p = prepareImage(image, 28, mode);
            if (p.square.width != 28 || p.square.height != 28) __builtin_trap();
            (void)normalisedChannels(p.square);
            (void)patchCover(p, 2, 2);
        }
    } catch (const assay::core::Error&) {
        // Rejected with a message: the expected outcome for malformed input.
    }
    return 0;
}
