#pragma once
// Each subcommand registers its options and sets `action` when it is the one chosen.
#include <CLI/CLI.hpp>
#include <functional>

namespace assay::app {

void addConformalCommand(CLI::App& app, std::function<int()>& action);
void addCoactivationCommand(CLI::App& app, std::function<int()>& action);
void addC2rCommand(CLI::App& app, std::function<int()>& action);
void addMoeDemoCommand(CLI::App& app, std::function<int()>& action);
void addInspectCommand(CLI::App& app, std::function<int()>& action);
void addPruneCommand(CLI::App& app, std::function<int()>& action);
void addWindowsCommand(CLI::App& app, std::function<int()>& action);
void addProbeCommand(CLI::App& app, std::function<int()>& action);
void addDirectionsCommand(CLI::App& app, std::function<int()>& action);
void addSteerCommand(CLI::App& app, std::function<int()>& action);
void addTransferCommand(CLI::App& app, std::function<int()>& action);
void addPreferenceCommand(CLI::App& app, std::function<int()>& action);
void addExplainCommand(CLI::App& app, std::function<int()>& action);
void addInversionCommand(CLI::App& app, std::function<int()>& action);
void addJudgeCommands(CLI::App& app, std::function<int()>& action);  // judge-fit, judge
void addMergeCommand(CLI::App& app, std::function<int()>& action);

}  // namespace assay::app
