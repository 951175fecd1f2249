// Reading images without Qt: PNG through libpng and JPEG through libjpeg-turbo, the decoders Qt
// itself uses and that OSS-Fuzz keeps fuzzing (Debian's stb_image 2.27 was tried first; the
// fuzzer found an out-of-bounds write in its JPEG Huffman tables within seconds). Both libraries
// report errors by longjmp: each decode runs in a function with only trivially destructible
// locals, writing into buffers its caller owns, so a jump skips no destructor. The size is read
// from the header and checked before any pixel buffer is allocated.
#include "image_decode.h"

#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "assay/core/error.h"

// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>
#include <png.h>

namespace assay::core::tokens {
namespace {

enum class Status { Ok, Bad, TooLarge };

struct Result {
    Status status = Status::Ok;
    char reason[JMSG_LENGTH_MAX > 200 ? JMSG_LENGTH_MAX : 200] = {};
    int width = 0, height = 0;
};

void setReason(Result& r, const char* text) {
    std::strncpy(r.reason, text, sizeof r.reason - 1);
    r.reason[sizeof r.reason - 1] = '\0';
}

// ---- PNG ----------------------------------------------------------------------------------

struct PngSource {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t pos;
    Result* result;
    std::jmp_buf jump;
};

void pngRead(png_structp png, png_bytep out, png_size_t n) {
    auto* s = static_cast<PngSource*>(png_get_io_ptr(png));
    if (n > s->size - s->pos) png_error(png, "file ends early");
    std::memcpy(out, s->data + s->pos, n);
    s->pos += n;
}

void pngError(png_structp png, png_const_charp message) {
    auto* s = static_cast<PngSource*>(png_get_error_ptr(png));
    setReason(*s->result, message);
    std::longjmp(s->jump, 1);
}

void pngWarning(png_structp, png_const_charp) {}

void decodePng(const std::uint8_t* bytes, std::size_t size, int maxSide, Result& result,
               std::vector<std::uint8_t>& rgb, std::vector<png_bytep>& rows) {
    PngSource source{bytes, size, 0, &result, {}};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source, pngError, pngWarning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (png == nullptr || info == nullptr) {
        png_destroy_read_struct(&png, &info, nullptr);
        result.status = Status::Bad;
        setReason(result, "libpng could not start");
        return;
    }
    if (setjmp(source.jump)) {
        png_destroy_read_struct(&png, &info, nullptr);
        result.status = Status::Bad;
        return;
    }
    png_set_read_fn(png, &source, pngRead);
    png_read_info(png, info);
    const png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    result.width = static_cast<int>(w);
    result.height = static_cast<int>(h);
    if (w > static_cast<png_uint_32>(maxSide) || h > static_cast<png_uint_32>(maxSide)) {
        png_destroy_read_struct(&png, &info, nullptr);
        result.status = Status::TooLarge;
        return;
    }
    // Whatever the file holds, 8-bit RGB: palette expanded, grey replicated, 16 bits cut to 8,
    // alpha (and tRNS) dropped without compositing; no gamma correction (as PIL and stb).
    const int colour = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
    if (colour == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (colour == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (depth == 16) png_set_strip_16(png);
    if (colour == PNG_COLOR_TYPE_GRAY || colour == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
    png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != std::size_t(w) * 3) png_error(png, "unexpected row size");
    rgb.resize(std::size_t(w) * h * 3);
    rows.resize(h);
    for (png_uint_32 y = 0; y < h; ++y) rows[y] = rgb.data() + std::size_t(y) * w * 3;
    png_read_image(png, rows.data());
    png_destroy_read_struct(&png, &info, nullptr);
}

// ---- JPEG ---------------------------------------------------------------------------------

// Progressive files can hold thousands of tiny scans, each a pass over the image: libjpeg-turbo's
// own fuzzers stop at 500, and so does this.
constexpr int kMaxScans = 500;

struct JpegErrors {
    jpeg_error_mgr pub;
    jpeg_progress_mgr progress;
    std::jmp_buf jump;
    Result* result;
};

void jpegError(j_common_ptr info) {
    auto* e = reinterpret_cast<JpegErrors*>(info->err);
    char text[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, text);
    setReason(*e->result, text);
    std::longjmp(e->jump, 1);
}

void jpegQuiet(j_common_ptr) {}

void jpegProgress(j_common_ptr info) {
    auto* d = reinterpret_cast<j_decompress_ptr>(info);
    if (d->input_scan_number > kMaxScans) {
        auto* e = reinterpret_cast<JpegErrors*>(info->err);
        setReason(*e->result, "more than 500 scans");
        std::longjmp(e->jump, 1);
    }
}

void decodeJpeg(const std::uint8_t* bytes, std::size_t size, int maxSide, Result& result,
                std::vector<std::uint8_t>& rgb) {
    jpeg_decompress_struct info;
    JpegErrors errors;
    info.err = jpeg_std_error(&errors.pub);
    errors.pub.error_exit = jpegError;
    errors.pub.output_message = jpegQuiet;
    errors.result = &result;
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        result.status = Status::Bad;
        return;
    }
    jpeg_create_decompress(&info);
    errors.progress.progress_monitor = jpegProgress;
    info.progress = &errors.progress;
    jpeg_mem_src(&info, bytes, static_cast<unsigned long>(size));
    jpeg_read_header(&info, TRUE);
    result.width = static_cast<int>(info.image_width);
    result.height = static_cast<int>(info.image_height);
    if (info.image_width > JDIMENSION(maxSide) || info.image_height > JDIMENSION(maxSide)) {
        jpeg_destroy_decompress(&info);
        result.status = Status::TooLarge;
        return;
    }
    info.out_color_space = JCS_RGB;  // grey and YCbCr convert; CMYK cannot (an error)
    jpeg_start_decompress(&info);
    if (info.output_components != 3 || info.output_width != info.image_width ||
        info.output_height != info.image_height) {
        jpeg_destroy_decompress(&info);
        result.status = Status::Bad;
        setReason(result, "unexpected output layout");
        return;
    }
    rgb.resize(std::size_t(info.output_width) * info.output_height * 3);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = rgb.data() + std::size_t(info.output_scanline) * info.output_width * 3;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_destroy_decompress(&info);  // no finish: what follows the image does not matter
}

}  // namespace

RgbImage detail::decodeImageBounded(const std::uint8_t* bytes, std::size_t size,
                                    const std::string& label, int maxSide) {
    if (bytes == nullptr || size == 0) throw InputError(label + ": not a readable image (empty)");
    Result result;
    std::vector<std::uint8_t> rgb;
    if (size >= 8 && png_sig_cmp(bytes, 0, 8) == 0) {
        std::vector<png_bytep> rows;
        decodePng(bytes, size, maxSide, result, rgb, rows);
    } else if (size >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
        decodeJpeg(bytes, size, maxSide, result, rgb);
    } else {
        throw InputError(label + ": not a readable image (not a PNG or JPEG file)");
    }
    if (result.status == Status::TooLarge)
        throw ResourceError(label + ": image is " + std::to_string(result.width) + "x" +
                            std::to_string(result.height) + " pixels; at most " +
                            std::to_string(maxSide) + " a side is read");
    if (result.status == Status::Bad)
        throw InputError(label + ": not a readable image (" + result.reason + ")");
    if (result.width <= 0 || result.height <= 0)
        throw InputError(label + ": not a readable image (no pixels)");
    RgbImage image;
    image.width = result.width;
    image.height = result.height;
    image.rgb = std::move(rgb);
    return image;
}

RgbImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& label) {
    return detail::decodeImageBounded(bytes, size, label, detail::kMaxImageSide);
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
