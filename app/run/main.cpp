// assay-run: runs Assay's analyses without Qt and writes results a script can check.
// Exit codes: 0 success, 2 bad arguments or bad input (message on stderr), 1 anything else.
#include <CLI/CLI.hpp>
#include <iostream>

#include "assay/core/error.h"
#include "assay/core/runtime.h"
#include "assay/core/version.h"
#include "commands.h"
#include "help_format.h"

int main(int argc, char** argv) {
    using namespace assay;
    CLI::App app{"assay-run: Assay's analyses without a window. Results are JSON or safetensors."};
    app.name("assay-run");  // not argv[0]: help and man pages show the command users type
    app::useAssayHelp(app, "assay-run");  // before the subcommands, which inherit it
    app.require_subcommand(1);
    app.set_version_flag("--version", [] {
        const auto v = core::runtimeVersions();
        return "assay-run " + v.assay + "\nLibTorch " + v.libtorch +
               "\nQt: not linked (assay-run has no window)\nCUDA in LibTorch: " +
               (v.torchHasCuda ? "yes" : "no") +
               "\nAssay CUDA kernels: " + (v.kernelsCompiled ? "compiled in" : "not compiled in");
    });
    std::function<int()> action;
    app::addConformalCommand(app, action);
    app::addCoactivationCommand(app, action);
    app::addC2rCommand(app, action);
    app::addMoeDemoCommand(app, action);
    app::addInspectCommand(app, action);
    app::addPruneCommand(app, action);
    app::addWindowsCommand(app, action);
    app::addProbeCommand(app, action);
    app::addDirectionsCommand(app, action);
    app::addSteerCommand(app, action);
    app::addTransferCommand(app, action);
    app::addPreferenceCommand(app, action);
    app::addExplainCommand(app, action);
    app::addInversionCommand(app, action);
    app::addJudgeCommands(app, action);
    app::addMergeCommand(app, action);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    try {
        core::initRuntime();
        return action();
    } catch (const core::Error& e) {
        std::cerr << "assay-run: " << app::optionStyle(app, e.what()) << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "assay-run: internal error: " << e.what() << "\n";
        return 1;
    }
}
