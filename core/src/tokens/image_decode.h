#pragma once
// Internal to core/src/tokens: decodeImage with the side bound as a parameter, so the fuzz target
// (tests/fuzz/fuzz_image.cpp) can refuse forged multi-thousand-pixel headers below its memory
// limit while the public readers keep 16384.
#include <cstddef>
#include <cstdint>
#include <string>

#include "assay/tokens/image.h"

namespace assay::core::tokens::detail {

inline constexpr int kMaxImageSide = 16384;

RgbImage decodeImageBounded(const std::uint8_t* bytes, std::size_t size, const std::string& label,
                            int maxSide);

}  // namespace assay::core::tokens::detail
