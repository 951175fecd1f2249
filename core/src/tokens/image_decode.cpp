// Reading images without Qt: stb_image (Debian's libstb-dev header), compiled here with only the
// decoders Assay accepts (PNG, JPEG, BMP, TGA) and no stdio, so the fuzzed surface is just those
// decoders on a memory buffer. The size is checked from the header (stbi_info) before decoding,
// so a forged 100000-pixel-wide header is refused before stb allocates for it.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "assay/core/error.h"
#include "assay/tokens/image.h"

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_ONLY_TGA
#define STBI_FAILURE_USERMSG
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
#include <stb/stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace assay::core::tokens {
namespace {

constexpr int kMaxSide = 16384;

std::string stbReason() {
    const char* reason = stbi_failure_reason();
    return reason != nullptr ? reason : "unknown reason";
}

struct StbFree {
    void operator()(stbi_uc* p) const { stbi_image_free(p); }
};

}  // namespace

RgbImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& label) {
    if (bytes == nullptr || size == 0) throw InputError(label + ": not a readable image (empty)");
    if (size > static_cast<std::size_t>(INT32_MAX))
        throw ResourceError(label + ": image file larger than 2 GiB");
    const int length = static_cast<int>(size);
    int width = 0, height = 0, channels = 0;
    if (stbi_info_from_memory(bytes, length, &width, &height, &channels) == 0)
        throw InputError(label + ": not a readable image (" + stbReason() + ")");
    if (width > kMaxSide || height > kMaxSide)
        throw ResourceError(label + ": image is " + std::to_string(width) + "x" +
                            std::to_string(height) + " pixels; at most " +
                            std::to_string(kMaxSide) + " a side is read");
    std::unique_ptr<stbi_uc, StbFree> pixels(
        stbi_load_from_memory(bytes, length, &width, &height, &channels, 3));
    if (!pixels) throw InputError(label + ": not a readable image (" + stbReason() + ")");
    // The decoder may disagree with the header scan on a forged file: check again.
    if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide)
        throw InputError(label + ": not a readable image (bad size)");
    RgbImage image;
    image.width = width;
    image.height = height;
    const std::size_t n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3;
    image.rgb.assign(pixels.get(), pixels.get() + n);
    return image;
}

RgbImage readImage(const std::filesystem::path& path) {
    const std::string label = path.filename().string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw InputError(label + ": cannot open: not a regular file (" + path.string() + ")");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(label + ": cannot open: " + path.string());
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(label + ": cannot read: " + path.string());
    return decodeImage(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), label);
}

}  // namespace assay::core::tokens
