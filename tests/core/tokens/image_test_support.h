#pragma once
// Images for the Token windows tests: synthetic pictures, PNG/JPEG files written with
// stb_image_write (compiled in image_test_support.cpp), and Debian's PIL (python3-pil, pulled in
// by python3-skimage) as the independent reference for CLIP's preprocessing.
#include <filesystem>
#include <string>

#include "assay/tokens/image.h"

namespace assay::core::tokens::test {

// Smooth gradients with a few hard edges and noise, fixed by the seed.
RgbImage syntheticImage(int width, int height, unsigned seed = 1);

void writePng(const std::filesystem::path& path, const RgbImage& image);
void writePng(const std::filesystem::path& path, int width, int height, int channels,
              const unsigned char* pixels);
void writeJpeg(const std::filesystem::path& path, const RgbImage& image, int quality);

bool pythonHasPil();
// Runs /usr/bin/python3 -c <code> with argv[1..] = args; returns the exit status.
int runPython(const std::string& code, const std::string& args);

// python3-skimage's photographs (read at test time, never copied), or "" when not installed.
std::filesystem::path skimagePhoto(const std::string& name);

}  // namespace assay::core::tokens::test
