#pragma once
// Internal to the Token windows view: small conversions its figure code and its view code share
// (windows_view.cpp, windows_view_figures.cpp).
#include <QImage>
#include <QString>
#include <limits>
#include <vector>

#include "assay/tokens/image.h"
#include "assay/tokens/patch_features.h"
#include "assay/tokens/token_reduction.h"

namespace assay::views::windows_detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
QString methodId(core::tokens::ReductionMethod m);     // "wico", …
QString gridText(core::tokens::GridSize g);            // "12 × 12"
QImage toQImage(const core::tokens::RgbImage& image);  // a copy; null for an empty image
// Each patch's value of its group's s_w (NaN: dropped, or a group of one patch).
std::vector<double> groupValuePerPatch(const core::tokens::TokenReduction& r);

}  // namespace assay::views::windows_detail
