#include "assay/conformal/calibration_analysis.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "assay/core/error.h"
#include "coverage_curves.h"
#include "cross_domain.h"

namespace assay::core::conformal {
namespace {

std::vector<double> validatedGrid(const CalibrationParams& p) {
    std::vector<double> grid = p.alphaGrid.empty() ? defaultAlphaGrid() : p.alphaGrid;
    for (double a : grid)
        if (!(a > 0.0 && a < 1.0))
            throw ParameterError("alpha grid", std::to_string(a) + " is outside (0, 1)");
    std::sort(grid.begin(), grid.end());
    grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
    return grid;
}

}  // namespace

void checkCalibrationParams(const ScoredItems& s, const CalibrationParams& p) {
    if (!(p.alpha > 0.0 && p.alpha < 1.0))
        throw ParameterError("alpha", std::to_string(p.alpha) + " is outside (0, 1)");
    if (!(p.delta > 0.0 && p.delta < 1.0))
        throw ParameterError("delta", std::to_string(p.delta) + " is outside (0, 1)");
    if (p.repetitions < 1 || p.repetitions > 100000)
        throw ParameterError("repetitions",
                             std::to_string(p.repetitions) + " is outside 1..100000");
    if (!(p.calFraction > 0.0 && p.calFraction < 1.0))
        throw ParameterError("calibration fraction",
                             std::to_string(p.calFraction) + " is outside (0, 1)");
    const int G = static_cast<int>(s.groupNames.size());
    for (auto [name, g] :
         {std::pair{"calibration group", p.calGroup}, std::pair{"test group", p.testGroup}})
        if (g < -1 || g >= G)
            throw ParameterError(name, std::to_string(g) + " is not a group (the data has " +
                                           std::to_string(G) + ")");
    validatedGrid(p);
}

std::vector<double> defaultAlphaGrid() {
    std::vector<double> grid;
    for (int i = 1; i <= 19; ++i) grid.push_back(i / 20.0);  // 0.15, not 0.15000000000000002
    return grid;
}

CalibrationReport analyzeCalibration(const ScoredItems& s, const CalibrationParams& params,
                                     JobContext& ctx) {
    checkCalibrationParams(s, params);
    CalibrationReport rep;
    rep.params = params;
    rep.params.alphaGrid = validatedGrid(params);
    rep.items = s.n;
    rep.options = s.k;
    rep.groups = s.groupNames;
    rep.fixedSplit = !s.fixedSplit.empty();
    rep.selectionOnScore = s.statisticIsScore;

    std::vector<std::size_t> all(s.n);
    for (std::size_t i = 0; i < s.n; ++i) all[i] = i;
    rep.alphaL = minimumRisk(s, all);
    for (std::size_t g = 0; g < s.groupNames.size(); ++g) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < s.n; ++i)
            if (s.group[i] == static_cast<std::int32_t>(g)) members.push_back(i);
        rep.alphaLByGroup.push_back(minimumRisk(s, members));
    }

    ctx.stage("coverage curves");
    detail::CurveResult curves = detail::computeCurves(s, rep.params, rep.params.alphaGrid, ctx);
    rep.curves = std::move(curves.curves);
    rep.stratified = std::move(curves.stratified);

    ctx.stage("selection");
    std::vector<std::size_t> cal, test;
    drawSplit(s, rep.params, 0, cal, test);
    rep.reference = evaluateSplit(s, cal, test, params.alpha, params.delta);
    ctx.throwIfCancelled();

    ctx.stage("cross-domain");
    rep.crossDomain = detail::computeCrossDomain(s, rep.params, ctx);
    ctx.progress(1, 1);
    return rep;
}

}  // namespace assay::core::conformal
