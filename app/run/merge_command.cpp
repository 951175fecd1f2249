// assay-run merge: joins the partial results of a sharded run (`<command> --shard i/N`, one per
// array task) into what the unsharded run writes. Parts that are not the N shards of one run
// (other parameters or inputs, a shard missing or given twice) are refused before anything is
// written.
#include <iostream>
#include <map>
#include <memory>

#include "assay/core/error.h"
#include "commands.h"
#include "partial_file.h"
#include "result_file.h"

namespace assay::app {
namespace {

using MergeFn = int (*)(const std::vector<PartialPart>&, const std::string&);

// The commands whose results are sums over rows, so that their parts merge.
const std::map<std::string, MergeFn>& mergers() {
    static const std::map<std::string, MergeFn> m = {{"coactivation", &mergeCoactivationParts},
                                                     {"conformal", &mergeConformalParts},
                                                     {"explain", &mergeExplainParts},
                                                     {"directions", &mergeDirectionsParts}};
    return m;
}

struct MergeCommand {
    std::vector<std::string> parts;
    std::string out;

    int run() const {
        resultFormat(out);  // a bad name is refused before the parts are read
        const std::vector<PartialPart> ordered = readParts(parts);
        const std::string& command = ordered.front().header.command;
        const auto it = mergers().find(command);
        if (it == mergers().end())
            throw core::ParameterError("merge", "parts of '" + command + "' do not merge");
        std::cout << "merging " << ordered.size() << " part(s) of " << command << "\n";
        try {
            return it->second(ordered, out);
        } catch (const nlohmann::json::exception& e) {  // a part another Assay wrote, or edited
            throw core::InputError(
                ordered.front().file, core::kPartialMetadataKey,
                std::string("is not what this Assay's merge reads: ") + e.what());
        }
    }
};

}  // namespace

void addMergeCommand(CLI::App& app, std::function<int()>& action) {
    auto cmd = std::make_shared<MergeCommand>();
    CLI::App* sub = app.add_subcommand(
        "merge",
        "join the partial results of a sharded run (<command> --shard i/N) into the result the "
        "unsharded run writes; refuses parts with other parameters or inputs, and missing or "
        "repeated shards");
    sub->add_option("parts", cmd->parts, "the N partial .safetensors files, in any order")
        ->required()
        ->check(CLI::ExistingFile);
    sub->add_option("--out,-o", cmd->out,
                    "result file: .json, or .safetensors (tensors + JSON metadata)")
        ->required();
    sub->callback([cmd, &action] { action = [cmd] { return cmd->run(); }; });
}

}  // namespace assay::app
