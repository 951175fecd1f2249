// assay-run judge-fit and assay-run judge (issue 13; papers.md §6, BetaConform; core/judge):
// judge-fit fits a fully labelled source's mixture (MAP, weak prior) and writes it with its mean
// embedding; judge estimates an LLM-judge ensemble's majority-vote accuracy with the four
// estimators, runs the adaptive stopping in annotation order and, given sources, transfers their
// prior. README "Judge (BetaConform, command line)". Everything is read and checked first: bad
// input writes nothing (exit 2).
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "assay/core/error.h"
#include "assay/core/provenance.h"
#include "assay/demo/judge_demo.h"
#include "assay/io/tensor_file.h"
#include "assay/judge/judge_json.h"
#include "assay/judge/votes.h"
#include "commands.h"
#include "result_file.h"

namespace assay::app {
namespace {

namespace jd = core::judge;
namespace fs = std::filesystem;
using nlohmann::json;

// Mean of an [N, e] embedding tensor (.npy, .npz or .safetensors: the only tensor).
std::vector<double> readMeanEmbedding(const std::string& path) {
    const core::io::TensorFile f = core::io::TensorFile::open(path);
    const std::string label = fs::path(path).filename().string();
    if (f.tensors().size() != 1)
        throw core::InputError(label, "tensors", "expected one [N, e] tensor of embeddings");
    const core::io::TensorInfo& t = f.tensors().front();
    if (t.shape.size() != 2 || t.shape[0] < 1 || t.shape[1] < 1)
        throw core::InputError(label, t.name, "expected shape [N, e] with N, e ≥ 1");
    return jd::meanEmbedding(f.toDoubles(t.name), static_cast<std::size_t>(t.shape[1]));
}

std::vector<std::string> judgeList(const std::string& s) {
    return s.empty() ? std::vector<std::string>{} : jd::parseJudgeList(s);
}

struct JudgeFitCommand {
    std::string votes, judges, embeddings, name, out;

    int run() const {
        startHashing({votes, embeddings});
        if (fs::path(out).extension() != ".json")
            throw core::ParameterError("--out",
                                       "a source fit is JSON: '" + out + "' must end in .json");
        resultFormat(out);
        const jd::Votes v = jd::readVotes(votes, judgeList(judges));
        jd::SourceFitRecord r;
        r.fit.name = name.empty() ? fs::path(votes).stem().string() : name;
        r.n = v.n;
        r.m = static_cast<int>(v.counts.size());
        if (!embeddings.empty()) r.fit.meanEmbedding = readMeanEmbedding(embeddings);
        const jd::Fit f = jd::fitMixture(jd::histogram(v.counts, v.n), jd::weakPrior());
        r.fit.params = f.params;
        r.accuracy = f.accuracy;
        r.logPosterior = f.logPosterior;
        json result = jd::toJson(r);
        std::vector<fs::path> inputs{votes};
        if (!embeddings.empty()) inputs.push_back(embeddings);
        result["provenance"] =
            core::makeProvenance(
                "judge-fit", inputs,
                {{"judges", v.judges}, {"estimator", "mixture"}, {"prior", "weak"}}, 0)
                .toJson();
        writeResult(out, result, {});
        std::cout << "fitted '" << r.fit.name << "' on " << r.m << " samples of " << r.n
                  << " judges: pi " << f.params.pi << ", Beta(" << f.params.a1 << ", "
                  << f.params.b1 << ") / Beta(" << f.params.a2 << ", " << f.params.b2
                  << "), accuracy " << f.accuracy << "\nwrote " << out << "\n";
        return 0;
    }
};

struct JudgeCommand {
    std::string votes, judges, estimator = "mixture", targetEmbeddings, out;
    std::vector<std::string> sources;
    jd::StoppingOptions stopping;
    std::string radius = "jackknife";
    std::uint64_t seed = 0;
    bool demo = false;

    json parameters(const std::vector<std::string>& judgeNames) const {
        return {{"estimator", estimator},    {"judges", judgeNames}, {"epsilon", stopping.epsilon},
                {"gamma", stopping.gamma},   {"radius", radius},     {"m0", stopping.m0},
                {"budget", stopping.budget}, {"sources", sources},   {"demo", demo}};
    }

    // "S.json" or "S.json:S.npy" (split at the last ':' followed by a name ending in .npy/.npz/
    // .safetensors, so that a path with ':' elsewhere still reads).
    static std::pair<std::string, std::string> splitSource(const std::string& s) {
        const std::size_t colon = s.rfind(':');
        if (colon != std::string::npos && colon > 0) {
            const std::string ext = fs::path(s.substr(colon + 1)).extension().string();
            if (ext == ".npy" || ext == ".npz" || ext == ".safetensors")
                return {s.substr(0, colon), s.substr(colon + 1)};
        }
        return {s, ""};
    }

    int run() const {
        std::vector<std::string> files{votes, targetEmbeddings};
        for (const std::string& s : sources) {
            const auto [j, e] = splitSource(s);
            files.push_back(j);
            files.push_back(e);
        }
        startHashing(files);
        if (fs::path(out).extension() != ".json")
            throw core::ParameterError("--out",
                                       "the judge result is JSON: '" + out + "' must end in .json");
        resultFormat(out);
        const jd::Estimator est = jd::estimatorFromName(estimator);
        jd::StoppingOptions stoppingOptions = stopping;
        stoppingOptions.radius = jd::radiusFromName(radius);
        if (demo && (!votes.empty() || !sources.empty() || !targetEmbeddings.empty()))
            throw core::ParameterError("--demo",
                                       "takes no --votes, --source or --target-embeddings");
        if (!demo && votes.empty())
            throw core::ParameterError("--votes", "is required (or --demo)");
        if (sources.empty() != targetEmbeddings.empty())
            throw core::ParameterError("--source",
                                       "prior transfer needs both --target-embeddings and at "
                                       "least one --source");

        jd::Votes v;
        std::vector<double> targetMean;
        std::vector<jd::SourceFit> fits;
        if (demo) {
            const core::demo::JudgeDemo d = core::demo::makeJudgeDemo();
            v.n = d.judges;
            v.counts = d.target.counts;
            targetMean = jd::meanEmbedding(d.target.embeddings, static_cast<std::size_t>(d.dim));
            fits = core::demo::fitJudgeDemoSources(d);
        } else {
            v = jd::readVotes(votes, judgeList(judges));
            if (static_cast<int>(v.counts.size()) < stopping.m0)
                throw core::InputError(
                    fs::path(votes).filename().string(), "rows",
                    std::to_string(v.counts.size()) +
                        " labelled samples, fewer than --m0 = " + std::to_string(stopping.m0));
            if (!targetEmbeddings.empty()) targetMean = readMeanEmbedding(targetEmbeddings);
            for (const std::string& s : sources) {
                const auto [jsonPath, npyPath] = splitSource(s);
                const std::string label = fs::path(jsonPath).filename().string();
                jd::SourceFitRecord r = jd::readSourceFit(jsonPath);
                if (r.n != v.n)
                    throw core::InputError(label, "n",
                                           "the source was fitted with " + std::to_string(r.n) +
                                               " judges, the target has " + std::to_string(v.n));
                if (!npyPath.empty()) r.fit.meanEmbedding = readMeanEmbedding(npyPath);
                const std::string embLabel = npyPath.empty()
                                                 ? label + ": mean_embedding"
                                                 : fs::path(npyPath).filename().string();
                if (r.fit.meanEmbedding.empty())
                    throw core::InputError(
                        label, "mean_embedding",
                        "missing: give the source's embeddings as " + jsonPath + ":EMBEDDINGS.npy");
                if (r.fit.meanEmbedding.size() != targetMean.size())
                    throw core::InputError(embLabel, "dimension",
                                           "is " + std::to_string(r.fit.meanEmbedding.size()) +
                                               "; the target embeddings' (" +
                                               fs::path(targetEmbeddings).filename().string() +
                                               ") is " + std::to_string(targetMean.size()));
                fits.push_back(r.fit);
            }
        }

        jd::JudgeResult res;
        res.n = v.n;
        res.m = static_cast<int>(v.counts.size());
        res.judges = v.judges;
        res.estimator = est;
        res.stopping = stoppingOptions;
        res.prior = jd::weakPrior();
        if (!fits.empty()) {
            res.transfer = jd::transferPrior(targetMean, fits);
            res.prior = res.transfer->prior;
            for (const jd::SourceFit& f : fits) res.sourceNames.push_back(f.name);
        }
        const jd::CountHistogram hist = jd::histogram(v.counts, v.n);
        for (jd::Estimator e : jd::allEstimators()) res.fits.push_back(jd::fit(e, hist, res.prior));
        res.trace = jd::adaptiveStopping(v.counts, v.n, est, res.prior, stoppingOptions,
                                         core::JobContext::none());

        json result = jd::toJson(res);
        result["votes"] = demo ? json("demo") : json(votes);
        std::vector<fs::path> inputs;
        for (const std::string& f : files)
            if (!f.empty()) inputs.push_back(f);
        if (demo) inputs.push_back({});
        json params = parameters(v.judges);
        if (demo) params["sources"] = res.sourceNames;  // the demo's own, fitted here
        // The demo's data come from its own seed; --seed is only recorded.
        result["provenance"] = core::makeProvenance("judge", inputs, params,
                                                    demo ? core::demo::JudgeDemoSpec{}.seed : seed)
                                   .toJson();
        writeResult(out, result, {});
        const jd::StoppingStep& stop = res.trace.steps[res.trace.stopIndex];
        std::cout << "judge ensemble of " << v.n << " on " << res.m << " samples: accuracy ("
                  << estimator << ") " << result["accuracy"].get<double>()
                  << "; stopped at m = " << res.trace.stopM << " ("
                  << jd::stopReasonName(res.trace.reason) << ") with [" << stop.lo << ", "
                  << stop.hi << "]\nwrote " << out << "\n";
        return 0;
    }
};

// --votes and --judges, shared by both commands.
CLI::Option* addVotesOptions(CLI::App* sub, std::string& votes, std::string& judges,
                             const std::string& what) {
    CLI::Option* v = sub->add_option("--votes", votes,
                                     what +
                                         ": CSV or JSON Lines, 0/1 judge columns or x and n; "
                                         "optional sample/id and order columns")
                         ->option_text("F.{csv,jsonl}");
    sub->add_option("--judges", judges,
                    "the judge columns (default: every column but sample, id, order)")
        ->option_text("a,b,c");
    return v;
}

}  // namespace

void addJudgeCommands(CLI::App& app, std::function<int()>& action) {
    {
        auto cmd = std::make_shared<JudgeFitCommand>();
        CLI::App* sub = app.add_subcommand(
            "judge-fit",
            "Fit a fully labelled source's judge-count mixture (BetaConform MAP, weak prior) for "
            "prior transfer in assay-run judge");
        addVotesOptions(sub, cmd->votes, cmd->judges, "the source's judge outcomes")->required();
        sub->add_option("--embeddings", cmd->embeddings,
                        "the source texts' embeddings [N, e]; their mean is stored")
            ->option_text("E.npy");
        sub->add_option("--name", cmd->name, "the source's name (default: the votes file's stem)")
            ->option_text("NAME");
        sub->add_option("--out,-o", cmd->out, "the source fit")
            ->option_text("source.json")
            ->required();
        sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
    }
    auto cmd = std::make_shared<JudgeCommand>();
    CLI::App* sub = app.add_subcommand(
        "judge",
        "Majority-vote accuracy of an LLM-judge ensemble from few labels (BetaConform): four "
        "estimators, conformal adaptive stopping, prior transfer from fitted sources");
    addVotesOptions(sub, cmd->votes, cmd->judges, "judge outcomes");
    sub->add_option("--estimator", cmd->estimator, "mixture, beta, binomial or empirical")
        ->option_text("NAME")
        ->capture_default_str();
    sub->add_option("--target-embeddings", cmd->targetEmbeddings,
                    "embeddings [N, e] of the target's texts (for prior transfer)")
        ->option_text("T.npy");
    sub->add_option("--source", cmd->sources,
                    "a source fit from judge-fit, optionally with its embeddings (repeat)")
        ->option_text("S.json[:S.npy]");
    sub->add_option("--epsilon", cmd->stopping.epsilon, "stop once the conformal radius q ≤ ε")
        ->option_text("E")
        ->capture_default_str();
    sub->add_option("--gamma", cmd->stopping.gamma, "miscoverage of the conformal quantile")
        ->option_text("G")
        ->capture_default_str();
    sub->add_option("--radius", cmd->radius,
                    "jackknife (q = Q(pseudo-value residuals)/√m, the default) or loo (the "
                    "literal leave-one-out residuals of papers.md, which stop early)")
        ->option_text("NAME")
        ->capture_default_str();
    sub->add_option("--m0", cmd->stopping.m0, "first number of labels tested")
        ->option_text("M")
        ->capture_default_str();
    sub->add_option("--budget", cmd->stopping.budget, "the most labels to spend")
        ->option_text("B")
        ->capture_default_str();
    sub->add_option("--seed", cmd->seed,
                    "recorded in the provenance (nothing here is random; the demo's seed is "
                    "its own)")
        ->option_text("S")
        ->capture_default_str();
    sub->add_flag("--demo", cmd->demo,
                  "the built-in demo: a simulated five-judge target and its three sources");
    sub->add_option("--out,-o", cmd->out, "result file")->option_text("result.json")->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
