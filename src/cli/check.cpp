// `argraph check FILE...`: loads each argument file (or network file: .bif, .xmlbif) and prints every
// diagnostic and a one-line summary.
// Exit 0 without errors, 1 when a file has errors, 2 when a file cannot be read (the other files are
// still checked).
#include <iostream>

#include "argraph/bif.h"
#include "argraph/error.h"
#include "argraph/load.h"
#include "cli/commands.h"
#include "cli/critique.h"
#include "cli/output.h"

namespace argraph::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";
  bool critique = false;  ///< also run `argraph critique` on each file that loads without errors
};

int RunCheck(const CheckOptions& options) {
  const OutputFormat format = ParseOutputFormat(options.format);
  Diagnostics all;
  bool unreadable = false;
  for (const std::string& file : options.files) {
    try {
      Diagnostics diagnostics;
      SourceFiles sources;
      if (IsNetworkFile(file)) {  // Bayesian-network files are checked by their own reader
        NetworkLoadResult result = LoadNetworkFile(file);
        diagnostics = std::move(result.diagnostics);
        sources = std::move(result.sources);
      } else {
        LoadResult result = LoadArgumentFile(file);
        if (options.critique && !result.diagnostics.HasErrors()) {
          result.diagnostics.Append(FindingsAsDiagnostics(CritiqueFromDisk(result.argument)));
        }
        diagnostics = std::move(result.diagnostics);
        sources = std::move(result.sources);
      }
      if (format == OutputFormat::kText) PrintDiagnostics(diagnostics, sources, format, std::cout);
      all.Append(diagnostics);
    } catch (const Error& e) {
      std::cerr << "argraph: error: " << e.what() << '\n';
      unreadable = true;
    }
  }
  if (format == OutputFormat::kJson) {
    PrintDiagnostics(all, SourceFiles(), format, std::cout);
  } else {
    std::cout << DiagnosticSummary(all.Count(Severity::kError), all.Count(Severity::kWarning), options.files.size())
              << '\n';
  }
  if (unreadable) return static_cast<int>(ExitCode::kUsage);
  return static_cast<int>(all.HasErrors() ? ExitCode::kInputErrors : ExitCode::kSuccess);
}

}  // namespace

void AddCheckCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand("check", "Check argument files and print every problem found");
  command->add_option("files", options->files, "Argument files (YAML, format argraph/1) or network files (.bif, .xmlbif)")->required();
  command->add_option("--format", options->format, "Output: text (compiler-style) or json (an array)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_flag("--critique", options->critique, "Also report the findings of `argraph critique`");
  command->callback([options, &exit_code] { exit_code = RunCheck(*options); });
}

}  // namespace argraph::cli
