#pragma once
// Images for the Token windows view, without Qt (libpng / libjpeg-turbo decode; fuzzed): reading,
// and the two preprocessings a CLIP-based VLM applies before its encoder (README "Image geometry"):
//   Pad  (LLaVA-1.5, image_aspect_ratio = pad): expand2square — the photograph centred on a square
//        of side max(w, h) filled with CLIP's mean colour (int(255·(0.48145466, 0.4578275,
//        0.40821073)), truncated as LLaVA does = (122, 116, 104)), offset ((side − w) / 2,
//        (side − h) / 2) rounded down — then resized to S×S;
//   Crop (CLIP's processor): shortest side resized to S (aspect kept, the long side truncated as
//        transformers does), centre crop S×S at ((w' − S) / 2, (h' − S) / 2) rounded down.
// Resizing is bicubic (a = −0.5) with an antialiasing support when shrinking, as PIL does; it is
// not bit-identical to PIL (the README says so).
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace assay::core::tokens {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;  // height × width × 3, row-major
    bool empty() const { return width <= 0 || height <= 0; }
};

// PNG or JPEG; grey/palette/16-bit/alpha converted to 8-bit RGB (alpha dropped, not composited).
// InputError "<file>: not a readable image (<the decoder's reason>)" for anything else;
// ResourceError past 16384 pixels a side.
RgbImage readImage(const std::filesystem::path& path);
RgbImage decodeImage(const std::uint8_t* bytes, std::size_t size, const std::string& label);

enum class Preprocess { Pad, Crop };
const char* preprocessName(Preprocess p);                // "pad", "crop"
Preprocess preprocessFromName(const std::string& name);  // ParameterError otherwise

inline constexpr std::array<double, 3> kClipMean = {0.48145466, 0.4578275, 0.40821073};
inline constexpr std::array<double, 3> kClipStd = {0.26862954, 0.26130258, 0.27577711};

struct PreparedImage {
    RgbImage square;  // S × S: what the encoder sees
    Preprocess mode = Preprocess::Pad;
    // Where the photograph lies in `square`, in square pixels (Pad: the photograph inside the
    // padding; Crop: the whole square). x, y, width, height; doubles (the resize scales them).
    std::array<double, 4> photoRect{};
    // Which part of the original photograph `square` shows, in original pixels (Pad: all of it).
    std::array<double, 4> sourceRect{};
};

// ParameterError for side < 1; InputError for an empty image.
PreparedImage prepareImage(const RgbImage& image, int side, Preprocess mode);

// Resize to exactly width × height (bicubic as above).
RgbImage resizeImage(const RgbImage& image, int width, int height);

// [3, S, S] floats, channel-major, (x/255 − mean) / std per channel (CLIP's normalisation by
// default; pass {0,0,0}/{1,1,1} for none).
std::vector<float> normalisedChannels(const RgbImage& square,
                                      const std::array<double, 3>& mean = kClipMean,
                                      const std::array<double, 3>& std = kClipStd);

// Whether patch (r, c) of a `grid` over the square lies entirely / partly over padding.
enum class PatchCover { Photo, Mixed, Padding };
std::vector<PatchCover> patchCover(const PreparedImage& image, int gridRows, int gridCols);

}  // namespace assay::core::tokens
