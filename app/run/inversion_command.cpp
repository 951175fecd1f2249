// assay-run inversion: do LIME's and KernelSHAP's explanations of a synthetic set's clean or
// shortcut model "read the output"? (papers.md §7(c), core/explain analyseInversion): per
// explained item R, F, IS before and after Reproduce-by-Poking, their means, LIME's local R²,
// the stability over seeds, the model-randomisation check, and with several strengths
// (--strength 0:1:11) IS against the spurious-correlation strength. README "Outputs (`assay-run
// explain`, `assay-run inversion`)". Bad options: exit 2, nothing written.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/explain/inversion_analysis.h"
#include "commands.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace ex = core::explain;
namespace io = core::io;
using nlohmann::json;

double parseNumber(const std::string& text, const std::string& option) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(v))
        throw core::ParameterError(option, "'" + text + "' is not a number");
    return v;
}

// "0.9", "0.1,0.5,0.9" or "a:b:n" (n ≥ 2 evenly spaced values from a to b), each in [0, 1].
std::vector<double> parseStrengths(const std::string& text) {
    std::vector<std::string> parts;
    const char separator = text.find(':') != std::string::npos ? ':' : ',';
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, separator)) parts.push_back(item);
    std::vector<double> out;
    if (separator == ':') {
        if (parts.size() != 3)
            throw core::ParameterError("--strength", "'" + text + "' is not a:b:n (e.g. 0:1:11)");
        const double a = parseNumber(parts[0], "--strength"),
                     b = parseNumber(parts[1], "--strength");
        const double n = parseNumber(parts[2], "--strength");
        if (n < 2 || n != std::floor(n) || n > 1000)
            throw core::ParameterError("--strength", "a:b:n needs a whole n in [2, 1000]");
        for (int i = 0; i < int(n); ++i) out.push_back(a + (b - a) * i / (n - 1));
    } else {
        for (const std::string& p : parts) out.push_back(parseNumber(p, "--strength"));
    }
    if (out.empty()) throw core::ParameterError("--strength", "is empty");
    for (double s : out)
        if (!(s >= 0 && s <= 1))
            throw core::ParameterError("--strength", std::to_string(s) + " is outside [0, 1]");
    return out;
}

struct InversionCommand {
    std::string domain = "tabular", strength = "0.9", method = "both", modelKind = "shortcut",
                nsamples = "auto", out;
    int items = 20, stabilitySeeds = 5;
    double p = 2.0, lambda = 1.0;
    std::uint64_t seed = 0;

    json parameters() const {
        return {{"domain", domain},
                {"strength", strength},
                {"method", method},
                {"model", modelKind},
                {"items", items},
                {"nsamples", nsamples},
                {"p", p},
                {"lambda", lambda},
                {"stability_seeds", stabilitySeeds}};
    }

    ex::InversionRequest request() const {
        ex::InversionRequest r;
        r.domain = ex::domainFromName(domain);
        r.strengths = parseStrengths(strength);
        r.model = ex::modelKindFromName(modelKind);
        if (method == "both")
            r.methods = {ex::Method::Lime, ex::Method::KernelShap};
        else if (method == "lime" || method == "kernelshap")
            r.methods = {ex::methodFromName(method)};
        else
            throw core::ParameterError("--method",
                                       "'" + method + "' is not lime, kernelshap or both");
        if (items < 1) throw core::ParameterError("--items", std::to_string(items) + " is below 1");
        if (nsamples != "auto") {
            const double n = parseNumber(nsamples, "--nsamples");
            if (n < 1 || n != std::floor(n))
                throw core::ParameterError("--nsamples",
                                           "'" + nsamples + "' is not auto or a count ≥ 1");
            r.nsamples = static_cast<std::int64_t>(n);
        }
        if (!(p >= 1)) throw core::ParameterError("--p", std::to_string(p) + " is below 1");
        if (!(lambda >= 0))
            throw core::ParameterError("--lambda", std::to_string(lambda) + " is below 0");
        if (stabilitySeeds < 0 || stabilitySeeds == 1)
            throw core::ParameterError("--stability-seeds", "is 0 (off) or at least 2");
        r.items = items;
        r.p = p;
        r.lambda = lambda;
        r.stabilitySeeds = stabilitySeeds;
        r.seed = seed;
        return r;
    }

    int run() const {
        resultFormat(out);  // before any work
        const ex::InversionRequest req = request();
        const ex::InversionAnalysis a = ex::analyseInversion(req, core::JobContext::none());
        write(a);
        return 0;
    }

    void write(const ex::InversionAnalysis& a) const {
        const auto K = static_cast<std::int64_t>(a.methods.size());
        const auto N = static_cast<std::int64_t>(a.set.items.size());
        std::int64_t Mmax = 0;
        std::vector<std::int64_t> features;
        for (const ex::SyntheticItem& it : a.set.items) {
            features.push_back(static_cast<std::int64_t>(it.groundTruth.size()));
            Mmax = std::max(Mmax, features.back());
        }
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // Per method × item scores; attributions NaN-padded to the longest item (text).
        std::vector<double> R(K * N, nan), F(K * N, nan), IS(K * N, nan), Rr(K * N, nan),
            Fr(K * N, nan), ISr(K * N, nan), r2(K * N, nan), stab(K * N, nan);
        std::vector<double> attr(K * N * Mmax, nan), refined(K * N * Mmax, nan),
            truth(N * Mmax, nan);
        std::vector<double> meanR, meanF, meanIS, meanISr, randomised;
        json methods = json::array();
        for (std::int64_t k = 0; k < K; ++k) {
            const ex::MethodResult& m = a.methods[static_cast<std::size_t>(k)];
            json perItem = json::array();
            for (std::int64_t i = 0; i < N && i < std::int64_t(m.items.size()); ++i) {
                const ex::ItemResult& it = m.items[static_cast<std::size_t>(i)];
                const std::int64_t at = k * N + i;
                R[at] = it.R, F[at] = it.F, IS[at] = it.IS;
                Rr[at] = it.R_rbp, Fr[at] = it.F_rbp, ISr[at] = it.IS_rbp;
                if (m.method == ex::Method::Lime) r2[at] = it.localR2;
                if (!it.stability.mean.empty()) stab[at] = it.stability.meanStd;
                for (std::size_t j = 0; j < it.attributions.size() && j < std::size_t(Mmax); ++j)
                    attr[at * Mmax + j] = it.attributions[j];
                for (std::size_t j = 0; j < it.refined.size() && j < std::size_t(Mmax); ++j)
                    refined[at * Mmax + j] = it.refined[j];
                json ji = {{"R", it.R},         {"F", it.F},         {"IS", it.IS},
                           {"R_rbp", it.R_rbp}, {"F_rbp", it.F_rbp}, {"IS_rbp", it.IS_rbp}};
                if (m.method == ex::Method::Lime) ji["local_r2"] = it.localR2;
                if (resultFormat(out) == ResultFormat::Json)
                    ji.update({{"attributions", it.attributions}, {"refined", it.refined}});
                perItem.push_back(ji);
            }
            meanR.push_back(m.meanR), meanF.push_back(m.meanF), meanIS.push_back(m.meanIS);
            meanISr.push_back(m.meanIS_rbp), randomised.push_back(m.randomisationCorrelation);
            methods.push_back(
                {{"method", ex::methodName(m.method)},
                 {"mean_R", m.meanR},
                 {"mean_F", m.meanF},
                 {"mean_IS", m.meanIS},
                 {"mean_IS_rbp", m.meanIS_rbp},
                 {"randomisation_correlation", std::isfinite(m.randomisationCorrelation)
                                                   ? json(m.randomisationCorrelation)
                                                   : json(nullptr)},
                 {"items", perItem}});
        }
        for (std::int64_t i = 0; i < N; ++i) {
            const std::vector<double>& g = a.set.items[static_cast<std::size_t>(i)].groundTruth;
            for (std::size_t j = 0; j < g.size(); ++j) truth[i * Mmax + j] = g[j];
        }
        const auto S = static_cast<std::int64_t>(a.sweep.size());
        std::vector<double> sweepStrength, sweepIS, sweepISr;
        json sweep = json::array();
        for (const ex::SweepPoint& s : a.sweep) {
            sweepStrength.push_back(s.strength);
            sweepIS.insert(sweepIS.end(), s.meanIS.begin(), s.meanIS.end());
            sweepISr.insert(sweepISr.end(), s.meanIS_rbp.begin(), s.meanIS_rbp.end());
            sweep.push_back(
                {{"strength", s.strength}, {"mean_IS", s.meanIS}, {"mean_IS_rbp", s.meanIS_rbp}});
        }
        json result = {{"format", "assay-inversion"},
                       {"domain", ex::domainName(a.request.domain)},
                       {"strengths", a.request.strengths},
                       {"model", ex::modelKindName(a.request.model)},
                       {"model_description", a.modelDescription},
                       {"items", N},
                       {"p", a.request.p},
                       {"lambda", a.request.lambda},
                       {"methods", methods},
                       {"sweep", sweep}};
        result["provenance"] =
            core::makeProvenance("inversion", {std::filesystem::path()}, parameters(), seed)
                .toJson();
        writeResult(out, result, [&] {
            std::vector<io::TensorToWrite> t = {
                io::tensorFromDoubles("R", R, {K, N}),
                io::tensorFromDoubles("F", F, {K, N}),
                io::tensorFromDoubles("IS", IS, {K, N}),
                io::tensorFromDoubles("R_rbp", Rr, {K, N}),
                io::tensorFromDoubles("F_rbp", Fr, {K, N}),
                io::tensorFromDoubles("IS_rbp", ISr, {K, N}),
                io::tensorFromDoubles("R_mean", meanR, {K}),
                io::tensorFromDoubles("F_mean", meanF, {K}),
                io::tensorFromDoubles("IS_mean", meanIS, {K}),
                io::tensorFromDoubles("IS_rbp_mean", meanISr, {K}),
                io::tensorFromDoubles("local_r2", r2, {K, N}),
                io::tensorFromDoubles("stability_std", stab, {K, N}),
                io::tensorFromDoubles("randomisation_correlation", randomised, {K}),
                io::tensorFromDoubles("attributions", attr, {K, N, Mmax}),
                io::tensorFromDoubles("refined", refined, {K, N, Mmax}),
                io::tensorFromDoubles("ground_truth", truth, {N, Mmax}),
                io::tensorFromInt64("features", features, {N})};
            if (S > 0) {
                t.push_back(io::tensorFromDoubles("sweep_strength", sweepStrength, {S}));
                t.push_back(io::tensorFromDoubles("sweep_IS", sweepIS, {S, K}));
                t.push_back(io::tensorFromDoubles("sweep_IS_rbp", sweepISr, {S, K}));
            }
            return t;
        });
        std::cout << ex::domainName(a.request.domain) << ", " << ex::modelKindName(a.request.model)
                  << " model (" << a.modelDescription << "), strength " << a.request.strengths[0]
                  << ", " << N << " items:" << std::fixed << std::setprecision(3);
        for (std::int64_t k = 0; k < K; ++k)
            std::cout << "\n  " << ex::methodName(a.methods[k].method) << ": mean R " << meanR[k]
                      << ", F " << meanF[k] << ", IS " << meanIS[k] << ", IS after RBP "
                      << meanISr[k];
        std::cout << std::defaultfloat;
        if (S > 0) std::cout << "\n  sweep over " << S << " strengths";
        std::cout << "\nwrote " << out << "\n";
    }
};

}  // namespace

void addInversionCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<InversionCommand>();
    CLI::App* sub = app.add_subcommand(
        "inversion",
        "Inversion quantification on a synthetic set with a spurious cue: do LIME and KernelSHAP "
        "explanations of its clean or shortcut model lean on the output (R, F, IS), and does "
        "Reproduce-by-Poking fix them (IS after RBP)?");
    sub->add_option("--domain", cmd->domain, "tabular, image or text")
        ->option_text("DOMAIN")
        ->capture_default_str();
    sub->add_option("--strength", cmd->strength,
                    "the spurious correlation (tabular: corr(x3, y); image, text: cue agreement), "
                    "in [0, 1]; a list or a:b:n sweeps IS over them (the first is explained in "
                    "detail)")
        ->option_text("S|a:b:n")
        ->capture_default_str();
    sub->add_option("--method", cmd->method, "lime, kernelshap or both")
        ->option_text("METHOD")
        ->capture_default_str();
    sub->add_option("--model", cmd->modelKind,
                    "clean (trained with the cue decorrelated) or shortcut (trained on it)")
        ->option_text("KIND")
        ->capture_default_str();
    sub->add_option("--items", cmd->items, "explained items")
        ->option_text("N")
        ->capture_default_str();
    sub->add_option("--nsamples", cmd->nsamples,
                    "samples per explanation (auto: each method's default)")
        ->option_text("auto|N")
        ->capture_default_str();
    sub->add_option("--p", cmd->p, "the inversion score's power")
        ->option_text("P")
        ->capture_default_str();
    sub->add_option("--lambda", cmd->lambda, "RBP's refinement strength")
        ->option_text("L")
        ->capture_default_str();
    sub->add_option("--stability-seeds", cmd->stabilitySeeds,
                    "reruns per item for the stability bands (0 = off)")
        ->option_text("N")
        ->capture_default_str();
    sub->add_option("--seed", cmd->seed, "the set's, the models' and the explainers' seed")
        ->option_text("S")
        ->capture_default_str();
    sub->add_option("--out,-o", cmd->out, "result file")
        ->option_text("FILE.{safetensors,json}")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
