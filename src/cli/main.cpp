// argraph's entry point: builds the command line, dispatches to one subcommand, and is the one place
// that catches argraph::Error (failures of the environment) and turns it into a message and exit code.
#include <cstdio>
#include <iostream>

#include "argraph/error.h"
#include "cli/commands.h"
#include "cli/heap.h"

int main(int argc, char** argv) {
  argraph::cli::PrepareHeap();
  CLI::App app{"argraph: turn a written argument into a model you can compute with"};
  app.set_version_flag("--version", std::string("argraph ") + ARGRAPH_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  int exit_code = 0;
  // Commands, in the order `argraph --help` lists them.
  argraph::cli::AddCheckCommand(app, exit_code);
  argraph::cli::AddEvalCommand(app, exit_code);
  argraph::cli::AddExportCommand(app, exit_code);
  argraph::cli::AddGenCommand(app, exit_code);
  argraph::cli::AddCritiqueCommand(app, exit_code);
  argraph::cli::AddCruxesCommand(app, exit_code);
  argraph::cli::AddSweepCommand(app, exit_code);
  argraph::cli::AddUncertaintyCommand(app, exit_code);
  argraph::cli::AddCompareCommand(app, exit_code);
  argraph::cli::AddRenderCommand(app, exit_code);
  argraph::cli::AddReportCommand(app, exit_code);
  argraph::cli::AddDbCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(argraph::ExitCode::kUsage);
  } catch (const argraph::Error& e) {
    std::cerr << "argraph: error: " << e.what() << '\n';
    return static_cast<int>(e.code());
  }
  return exit_code;
}
