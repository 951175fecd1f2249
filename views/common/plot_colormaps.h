#pragma once
// Colour maps for heatmaps, colour-blind safe: a viridis-like sequential map for magnitudes and
// a blue–grey–red diverging map for deviations from a promised value. NaN cells are transparent
// (masked diagonals, empty cells).
#include <qcustomplot.h>

namespace assay::views {

QCPColorGradient sequentialGradient();
QCPColorGradient divergingGradient();

}  // namespace assay::views
