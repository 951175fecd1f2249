#include "assay/judge/judge_json.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "assay/core/error.h"

namespace assay::core::judge {
namespace {

using nlohmann::json;

json finiteOrNull(double v) { return std::isfinite(v) ? json(v) : json(); }

double number(const json& j, const char* key, const std::string& file) {
    if (!j.contains(key) || !j.at(key).is_number())
        throw InputError(file, key, "missing or not a number");
    return j.at(key).get<double>();
}

}  // namespace

json toJson(const MixtureParams& p) {
    return {{"pi", p.pi}, {"a1", p.a1}, {"b1", p.b1}, {"a2", p.a2}, {"b2", p.b2}};
}

json toJson(const Prior& p) {
    return {{"a_pi", p.aPi},   {"b_pi", p.bPi},   {"mu_a1", p.muA1}, {"mu_b1", p.muB1},
            {"mu_a2", p.muA2}, {"mu_b2", p.muB2}, {"s", p.s}};
}

json toJson(const SourceFitRecord& r) {
    json j = {{"format", "assay-judge-source"},
              {"name", r.fit.name},
              {"n", r.n},
              {"m", r.m},
              {"estimator", estimatorName(r.estimator)},
              {"params", toJson(r.fit.params)},
              {"accuracy", r.accuracy},
              {"log_posterior", r.logPosterior}};
    if (!r.fit.meanEmbedding.empty()) j["mean_embedding"] = r.fit.meanEmbedding;
    return j;
}

SourceFitRecord sourceFitFromJson(const json& j, const std::string& file) {
    if (!j.is_object()) throw InputError(file, "top level", "expected a JSON object");
    if (j.value("format", std::string()) != "assay-judge-source")
        throw InputError(file, "format",
                         "expected \"assay-judge-source\" (a file written by assay-run judge-fit)");
    SourceFitRecord r;
    if (!j.contains("name") || !j.at("name").is_string())
        throw InputError(file, "name", "missing or not a string");
    r.fit.name = j.at("name").get<std::string>();
    if (!j.contains("n") || !j.at("n").is_number_integer() || j.at("n").get<int>() < 1)
        throw InputError(file, "n", "missing or not an integer ≥ 1");
    r.n = j.at("n").get<int>();
    r.m = j.contains("m") && j.at("m").is_number_integer() ? j.at("m").get<int>() : 0;
    if (!j.contains("estimator") || !j.at("estimator").is_string())
        throw InputError(file, "estimator", "missing or not a string");
    try {
        r.estimator = estimatorFromName(j.at("estimator").get<std::string>());
    } catch (const ParameterError& e) {
        throw InputError(file, "estimator", e.what());
    }
    if (!j.contains("params") || !j.at("params").is_object())
        throw InputError(file, "params", "missing or not an object");
    const json& p = j.at("params");
    const std::string pf = file + ": params";
    r.fit.params = {number(p, "pi", pf), number(p, "a1", pf), number(p, "b1", pf),
                    number(p, "a2", pf), number(p, "b2", pf)};
    try {
        checkParams(r.fit.params);
    } catch (const ParameterError& e) {
        throw InputError(file, "params", e.what());
    }
    r.accuracy = number(j, "accuracy", file);
    r.logPosterior = j.contains("log_posterior") && j.at("log_posterior").is_number()
                         ? j.at("log_posterior").get<double>()
                         : 0;
    if (j.contains("mean_embedding")) {
        const json& e = j.at("mean_embedding");
        if (!e.is_array()) throw InputError(file, "mean_embedding", "not an array of numbers");
        for (const json& v : e) {
            if (!v.is_number()) throw InputError(file, "mean_embedding", "not an array of numbers");
            r.fit.meanEmbedding.push_back(v.get<double>());
        }
    }
    return r;
}

SourceFitRecord readSourceFit(const std::filesystem::path& path) {
    const std::string label = path.filename().string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(label, "file", "cannot be opened");
    std::stringstream text;
    text << in.rdbuf();
    json j = json::parse(text.str(), nullptr, false);
    if (j.is_discarded()) throw InputError(label, "file", "is not valid JSON");
    return sourceFitFromJson(j, label);
}

json toJson(const Fit& f) {
    json j = {
        {"estimator", estimatorName(f.estimator)}, {"accuracy", f.accuracy},     {"p", f.p},
        {"log_posterior", f.logPosterior},         {"iterations", f.iterations}, {"pmf", f.pmf}};
    if (f.estimator == Estimator::Beta || f.estimator == Estimator::Mixture)
        j["params"] = toJson(f.params);
    return j;
}

json toJson(const StoppingTrace& t, const StoppingOptions& o) {
    json m = json::array(), a = m, q = m, lo = m, hi = m;
    for (const StoppingStep& s : t.steps) {
        m.push_back(s.m);
        a.push_back(s.accuracy);
        q.push_back(finiteOrNull(s.q));
        lo.push_back(s.lo);
        hi.push_back(s.hi);
    }
    const StoppingStep& stop = t.steps.at(t.stopIndex);
    return {{"m0", o.m0},
            {"epsilon", o.epsilon},
            {"gamma", o.gamma},
            {"radius", radiusName(o.radius)},
            {"budget", o.budget},
            {"stop_m", t.stopM},
            {"reason", stopReasonName(t.reason)},
            {"accuracy", stop.accuracy},
            {"q", finiteOrNull(stop.q)},
            {"trace", {{"m", m}, {"accuracy", a}, {"q", q}, {"lo", lo}, {"hi", hi}}}};
}

json toJson(const JudgeResult& r) {
    const Fit* chosen = nullptr;
    json fits = json::object();
    json j;
    for (const Fit& f : r.fits) {
        fits[estimatorName(f.estimator)] = toJson(f);
        j[std::string("accuracy_") + estimatorName(f.estimator)] = f.accuracy;
        if (f.estimator == r.estimator) chosen = &f;
    }
    if (!chosen) throw Error("judge result: no fit for the chosen estimator");
    const StoppingStep& stop = r.trace.steps.at(r.trace.stopIndex);
    j.update(
        {{"format", "assay-judge"},
         {"estimator", estimatorName(r.estimator)},
         {"accuracy", chosen->accuracy},
         {"accuracy_interval", {stop.lo, stop.hi}},
         {"n", r.n},
         {"m", r.m},
         {"judges", r.judges},
         {"fits", fits},
         {"params", chosen->estimator == Estimator::Beta || chosen->estimator == Estimator::Mixture
                        ? toJson(chosen->params)
                        : json()},
         {"prior", toJson(r.prior)},
         {"stopping", toJson(r.trace, r.stopping)},
         {"stop_m", r.trace.stopM},
         {"stop_reason", stopReasonName(r.trace.reason)}});
    if (r.transfer)
        j["transfer"] = {{"sources", r.sourceNames},
                         {"similarities", r.transfer->similarities},
                         {"weights", r.transfer->weights}};
    return j;
}

}  // namespace assay::core::judge
