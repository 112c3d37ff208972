// The subcommands of the argraph executable. Each lives in its own file (src/cli/<name>.cpp), which
// only maps flags to options and calls the stages; `Add*Command` registers it on the app and, when it
// runs, stores its exit code (error.h's ExitCode) in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace argraph::cli {

// Each command file adds its registration function here, and main.cpp calls it.
void AddCheckCommand(CLI::App& app, int& exit_code);
void AddEvalCommand(CLI::App& app, int& exit_code);
void AddExportCommand(CLI::App& app, int& exit_code);
void AddGenCommand(CLI::App& app, int& exit_code);
void AddCritiqueCommand(CLI::App& app, int& exit_code);
void AddCruxesCommand(CLI::App& app, int& exit_code);
void AddSweepCommand(CLI::App& app, int& exit_code);
void AddUncertaintyCommand(CLI::App& app, int& exit_code);
void AddCompareCommand(CLI::App& app, int& exit_code);
void AddRenderCommand(CLI::App& app, int& exit_code);
void AddReportCommand(CLI::App& app, int& exit_code);
void AddDbCommand(CLI::App& app, int& exit_code);

}  // namespace argraph::cli
