#pragma once
// Shared by the Token windows demo tests: the demo trained once per program, and plain-double
// references (cosine, within-window similarity, window membership) computed here, independently
// of core/tokens' methods.
#include <vector>

#include "assay/demo/windows_demo.h"

namespace assay::core::tokens::test_support {

// The default spec (what the view shows), trained once per program; the time is printed.
const WindowsDemo& trainedWindowsDemo();
// A briefly trained demo for the mechanics (shapes, encode, reproducibility): 2 scenes, 30 steps.
WindowsDemoSpec quickWindowsSpec();
const WindowsDemo& quickWindowsDemo();

double cosine(const float* a, const float* b, int dim);
// Mean over ordered pairs i ≠ j of cos(v_i, v_j), in double.
double meanPairwiseCosine(const std::vector<float>& rows, int dim, const std::vector<int>& members);
// The patches of each k × k window of a g × g grid, windows in raster order.
std::vector<std::vector<int>> squareWindows(int g, int k);

}  // namespace assay::core::tokens::test_support
