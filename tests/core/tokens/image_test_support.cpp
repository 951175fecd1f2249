#include "image_test_support.h"

#include <cstdlib>
#include <stdexcept>

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace assay::core::tokens::test {

RgbImage syntheticImage(int width, int height, unsigned seed) {
    RgbImage im;
    im.width = width;
    im.height = height;
    im.rgb.resize(std::size_t(width) * height * 3);
    unsigned s = seed * 2654435761u + 12345u;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            s = s * 1664525u + 1013904223u;
            const int noise = int((s >> 24) % 17) - 8;
            const bool square = (x / 23 + y / 17) % 3 == 0;
            const int v[3] = {40 + 170 * x / width + noise, 220 - 180 * y / height + noise,
                              square ? 230 : 30 + noise};
            for (int c = 0; c < 3; ++c)
                im.rgb[(std::size_t(y) * width + x) * 3 + c] =
                    static_cast<unsigned char>(v[c] < 0     ? 0
                                               : v[c] > 255 ? 255
                                                            : v[c]);
        }
    return im;
}

void writePng(const std::filesystem::path& path, int width, int height, int channels,
              const unsigned char* pixels) {
    if (stbi_write_png(path.c_str(), width, height, channels, pixels, width * channels) == 0)
        throw std::runtime_error("cannot write " + path.string());
}

void writePng(const std::filesystem::path& path, const RgbImage& image) {
    writePng(path, image.width, image.height, 3, image.rgb.data());
}

void writeJpeg(const std::filesystem::path& path, const RgbImage& image, int quality) {
    if (stbi_write_jpg(path.c_str(), image.width, image.height, 3, image.rgb.data(), quality) == 0)
        throw std::runtime_error("cannot write " + path.string());
}

bool pythonHasPil() { return std::system("/usr/bin/python3 -c 'import PIL' >/dev/null 2>&1") == 0; }

int runPython(const std::string& code, const std::string& args) {
    const std::string cmd = "/usr/bin/python3 -c \"" + code + "\" " + args;
    return std::system(cmd.c_str());
}

std::filesystem::path skimagePhoto(const std::string& name) {
    const std::filesystem::path p = "/usr/lib/python3/dist-packages/skimage/data/" + name;
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec) ? p : std::filesystem::path();
}

}  // namespace assay::core::tokens::test
