// Method names, WiCo's window geometry (papers.md §3(c) 2) and the budgets a grid allows.
#include <string>

#include "assay/core/error.h"
#include "assay/tokens/token_reduction.h"

namespace assay::core::tokens {

const char* reductionMethodName(ReductionMethod m) {
    switch (m) {
        case ReductionMethod::Wico:
            return "wico";
        case ReductionMethod::Pool:
            return "pool";
        case ReductionMethod::Concat1d:
            return "concat1d";
        case ReductionMethod::Tome:
            return "tome";
        case ReductionMethod::Cls:
            return "cls";
    }
    return "?";
}

std::vector<ReductionMethod> allReductionMethods() {
    return {ReductionMethod::Wico, ReductionMethod::Pool, ReductionMethod::Concat1d,
            ReductionMethod::Tome, ReductionMethod::Cls};
}

ReductionMethod reductionMethodFromName(const std::string& name) {
    std::string known;
    for (ReductionMethod m : allReductionMethods()) {
        if (name == reductionMethodName(m)) return m;
        known += std::string(known.empty() ? "" : ", ") + reductionMethodName(m);
    }
    throw ParameterError("method", "'" + name + "' is not one of " + known);
}

namespace {

// gridSizeText's spelling, here so that the methods do not depend on the readers.
std::string text(GridSize g) { return std::to_string(g.rows) + "x" + std::to_string(g.cols); }

std::string dividingSides(int side) {
    std::string s;
    for (int d = 1; d <= side; ++d)
        if (side % d == 0) s += std::string(s.empty() ? "" : ", ") + std::to_string(d);
    return s;
}

}  // namespace

WindowGeometry windowGeometry(GridSize in, GridSize out) {
    if (in.rows <= 0 || in.cols <= 0) throw ParameterError("grid", text(in) + " has no patches");
    if (out.rows <= 0 || out.cols <= 0 || out.rows > in.rows || out.cols > in.cols)
        throw ParameterError("output grid", text(out) + " must be between 1x1 and " + text(in));
    // WiCo's code: s = floor(H/Hout), κ = H − (Hout − 1)·s. When Hout does not divide H this gives
    // κ > s (overlapping windows) and κ² ≠ window_size, which the official reshape cannot take.
    auto side = [&](int inSide, int outSide, const char* axis) {
        if (inSide % outSide != 0) {
            const int s = inSide / outSide, k = inSide - (outSide - 1) * s;
            throw ParameterError("output grid",
                                 text(out) + ": " + std::to_string(outSide) +
                                     " does not divide the grid's " + axis + " " +
                                     std::to_string(inSide) + " (stride " + std::to_string(s) +
                                     ", kernel " + std::to_string(k) +
                                     ": overlapping windows whose κ² differs from the window "
                                     "size); sides that work: " +
                                     dividingSides(inSide));
        }
        return inSide / outSide;
    };
    WindowGeometry g;
    g.in = in;
    g.out = out;
    g.strideRows = g.kernelRows = side(in.rows, out.rows, "height");
    g.strideCols = g.kernelCols = side(in.cols, out.cols, "width");
    return g;
}

std::vector<GridSize> budgetGrids(GridSize in) {
    std::vector<GridSize> out;
    if (in.rows <= 0 || in.cols <= 0) return out;
    // The same reduction factor on both axes: for a square grid Hout = Wout.
    for (int f = in.rows; f >= 2; --f)
        if (in.rows % f == 0 && in.cols % f == 0) out.push_back({in.rows / f, in.cols / f});
    return out;
}

}  // namespace assay::core::tokens
