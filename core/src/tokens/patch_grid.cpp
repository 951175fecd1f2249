// Grid sizes as users write them: "24x24", "24×24", "24 x 24" or "24" (square).
#include <cctype>
#include <string>

#include "assay/core/error.h"
#include "assay/tokens/patch_features.h"

namespace assay::core::tokens {
namespace {

// A positive decimal of at most 5 digits (grids are tens of patches a side), else -1.
int parseSide(const std::string& s) {
    if (s.empty() || s.size() > 5) return -1;
    int v = 0;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
        v = v * 10 + (c - '0');
    }
    return v >= 1 ? v : -1;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

}  // namespace

GridSize parseGridSize(const std::string& text, const std::string& what) {
    std::string t = trimmed(text);
    std::size_t sep = t.find("\xc3\x97");  // ×
    std::size_t sepLen = 2;
    if (sep == std::string::npos) {
        sep = t.find_first_of("xX");
        sepLen = 1;
    }
    int rows = -1, cols = -1;
    if (sep == std::string::npos) {
        rows = cols = parseSide(t);
    } else {
        rows = parseSide(trimmed(t.substr(0, sep)));
        cols = parseSide(trimmed(t.substr(sep + sepLen)));
    }
    if (rows < 1 || cols < 1)
        throw ParameterError(what, "'" + text + "' is not a grid size (expected HxW, e.g. 24x24)");
    return {rows, cols};
}

std::string gridSizeText(GridSize g) {
    return std::to_string(g.rows) + "x" + std::to_string(g.cols);
}

}  // namespace assay::core::tokens
