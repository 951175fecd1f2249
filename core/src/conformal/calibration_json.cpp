#include "assay/conformal/calibration_json.h"

#include <cmath>

namespace assay::core::conformal {
namespace {

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

nlohmann::json numbers(const std::vector<double>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (double x : v) a.push_back(number(x));
    return a;
}

nlohmann::json metrics(const SetMetrics& m) {
    return {{"count", m.count},
            {"emr", number(m.emr)},
            {"coverage", number(1.0 - m.emr)},
            {"apss", number(m.apss)}};
}

nlohmann::json stats(const CurveStats& s) {
    return {{"mean", numbers(s.mean)}, {"std", numbers(s.std)}};
}

nlohmann::json matrix(const CrossDomainMatrix& m) {
    return {{"emr", numbers(m.emr)}, {"apss", numbers(m.apss)}, {"selected", numbers(m.selected)}};
}

}  // namespace

nlohmann::json toJson(const SplitEvaluation& e, bool perItem) {
    nlohmann::json j = {{"alpha", e.alpha},
                        {"delta", e.delta},
                        {"threshold", std::isinf(e.threshold) ? nlohmann::json("inf")
                                                              : nlohmann::json(e.threshold)},
                        {"alpha_l", e.alphaL},
                        {"calibration_items", e.calItems.size()},
                        {"test_items", e.testItems.size()},
                        {"before_selection", metrics(e.all)},
                        {"sconu", metrics(e.sconu)},
                        {"sconu_pro", metrics(e.sconuPro)}};
    if (!perItem) return j;
    nlohmann::json items = nlohmann::json::array(), sel = items, selPro = items;
    for (std::size_t t = 0; t < e.testItems.size(); ++t) {
        items.push_back(e.testItems[t]);
        sel.push_back(e.pValue[t] > e.delta);
        selPro.push_back(e.pValuePro[t] > e.delta);
    }
    j["per_item"] = {{"item", items},         {"set_size", e.setSize},      {"covered", e.covered},
                     {"p_value", e.pValue},   {"p_value_pro", e.pValuePro}, {"selected", sel},
                     {"selected_pro", selPro}};
    return j;
}

nlohmann::json toJson(const CalibrationReport& r) {
    const CoverageCurves& c = r.curves;
    return {{"items", r.items},
            {"options", r.options},
            {"groups", r.groups},
            {"alpha_l", r.alphaL},
            {"alpha_l_by_group", numbers(r.alphaLByGroup)},
            {"fixed_split", r.fixedSplit},
            {"selection_on_score", r.selectionOnScore},
            {"curves",
             {{"alpha", c.alpha},
              {"coverage", stats(c.coverage)},
              {"coverage_selected", stats(c.coverageSelected)},
              {"set_size", stats(c.setSize)},
              {"set_size_selected", stats(c.setSizeSelected)},
              {"selected_share", stats(c.selectedShare)},
              {"band_low", numbers(c.bandLow)},
              {"band_high", numbers(c.bandHigh)},
              {"binomial_low", numbers(c.binomLow)},
              {"binomial_high", numbers(c.binomHigh)}}},
            {"cross_domain",
             {{"groups", r.crossDomain.groups},
              {"original", matrix(r.crossDomain.original)},
              {"sconu", matrix(r.crossDomain.sconu)},
              {"sconu_pro", matrix(r.crossDomain.sconuPro)}}},
            {"stratified",
             {{"sizes", r.stratified.sizes},
              {"before", stats(r.stratified.before)},
              {"after", stats(r.stratified.after)},
              {"ssm_before", number(r.stratified.ssmBefore)},
              {"ssm_after", number(r.stratified.ssmAfter)}}},
            {"reference_split", toJson(r.reference, false)}};
}

}  // namespace assay::core::conformal
