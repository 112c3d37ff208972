// The shared front end of the analysis commands (analysis.h): flags, loading, --profile/--set,
// compilation, --given and --target.
#include "cli/analysis.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "argraph/bif.h"
#include "argraph/error.h"
#include "argraph/load.h"
#include "argraph/parameters.h"

namespace argraph::cli {
namespace {

/// Splits "NAME=VALUE" at the last '=' (table-row names contain '=' themselves).
bool SplitAssignment(const std::string& text, std::string& name, std::string& value) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) return false;
  name = text.substr(0, eq);
  value = text.substr(eq + 1);
  return true;
}

bool ParseNumber(const std::string& text, double& value) {
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end != text.c_str() && *end == '\0';
}

/// " (did you mean 'a' or 'b'?)" for the visible variable names nearest `name`, or "".
std::string Suggestion(const Network& network, const std::string& name) {
  std::vector<std::string> names;
  for (const Variable& v : network.variables) {
    if (!v.hidden) names.push_back(v.name);
  }
  std::vector<std::string> near = NearestNames(name, names);
  if (near.empty()) return "";
  std::string text = "; did you mean ";
  for (size_t i = 0; i < near.size(); ++i) {
    if (i) text += i + 1 == near.size() ? " or " : ", ";
    text += "'" + near[i] + "'";
  }
  return text + "?";
}

int Usage(const std::string& message) {
  std::cerr << "argraph: error: " << message << '\n';
  return static_cast<int>(ExitCode::kUsage);
}

/// The visible variable called `name`, or -1.
int FindVisible(const Network& network, const std::string& name) {
  const int v = network.FindVariable(name);
  return v >= 0 && !network.variables[static_cast<size_t>(v)].hidden ? v : -1;
}

}  // namespace

void AddAnalysisOptions(CLI::App* command, AnalysisOptions& options) {
  command->add_option("file", options.file, "An argument file (YAML) or a Bayesian network (.bif, .xmlbif)")
      ->required();
  command->add_option("--format", options.format, "Output: text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  command->add_option("--set", options.set, "NAME=VALUE: set a parameter (repeatable; after --profile)");
  command->add_option("--given", options.given, "ID=true|false (argument) or VAR=STATE (network): evidence");
  command->add_option("--profile", options.profile, "Apply the argument's named profile");
  command->add_option("--target", options.target, "The claim or variable of interest (default: the conclusion)");
  command->add_option("--memory-limit", options.memory_limit_mib, "Largest junction-tree clique, in MiB")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

std::string AnalysisInput::Name() const {
  if (is_argument) return argument.id.empty() ? path : argument.id;
  // pgmpy writes "network unknown"; the file's stem names it better.
  if (bif.name.empty() || bif.name == "unknown") return std::filesystem::path(path).stem().string();
  return bif.name;
}

std::string EvidenceText(const AnalysisInput& input) {
  std::string text;
  for (const auto& [var, state] : input.evidence_names) text += (text.empty() ? "" : ", ") + var + "=" + state;
  return text;
}

std::string ImpossibleEvidenceMessage(const AnalysisInput& input) {
  return "the evidence " + EvidenceText(input) + " is impossible in '" + input.Name() +
         "' (it has probability 0); drop or change one of the --given values";
}

bool LoadAnalysisInput(const AnalysisOptions& options, AnalysisInput& input, int& exit_code) {
  input.path = options.file;
  input.format = ParseOutputFormat(options.format);
  input.tree_options.max_clique_bytes = options.memory_limit_mib * double(1u << 20);
  input.is_argument = !IsNetworkFile(options.file);
  if (!input.is_argument) {
    if (!options.profile.empty() || !options.set.empty()) {
      exit_code = Usage("--profile and --set apply to argument files; '" + options.file +
                        "' is a Bayesian network");
      return false;
    }
    NetworkLoadResult loaded = LoadNetworkFile(options.file);
    PrintDiagnostics(loaded.diagnostics, loaded.sources, OutputFormat::kText, std::cerr);
    if (loaded.diagnostics.HasErrors()) {
      exit_code = static_cast<int>(ExitCode::kInputErrors);
      return false;
    }
    input.bif = std::move(loaded.network);
  } else {
    LoadResult loaded = LoadArgumentFile(options.file);
    PrintDiagnostics(loaded.diagnostics, loaded.sources, OutputFormat::kText, std::cerr);
    if (loaded.diagnostics.HasErrors()) {
      exit_code = static_cast<int>(ExitCode::kInputErrors);
      return false;
    }
    input.argument = std::move(loaded.argument);
    Diagnostics settings;
    if (!options.profile.empty()) ApplyProfile(input.argument, options.profile, settings);
    for (const std::string& assignment : options.set) {
      std::string name, text;
      double value = 0;
      if (!SplitAssignment(assignment, name, text) || !ParseNumber(text, value)) {
        exit_code = Usage("--set expects NAME=VALUE with a number, not '" + assignment + "'");
        return false;
      }
      SetParameter(input.argument, name, value, settings, {"--set " + assignment, 0, 0});
    }
    if (settings.HasErrors()) {
      PrintDiagnostics(settings, loaded.sources, OutputFormat::kText, std::cerr);
      exit_code = static_cast<int>(ExitCode::kUsage);
      return false;
    }
    Diagnostics compile;
    input.compiled = CompileArgument(input.argument, compile);
    PrintDiagnostics(compile, loaded.sources, OutputFormat::kText, std::cerr);
    if (compile.HasErrors()) {
      exit_code = static_cast<int>(ExitCode::kInputErrors);
      return false;
    }
  }
  const Network& network = input.network();

  for (const std::string& assignment : options.given) {
    std::string name, state;
    if (!SplitAssignment(assignment, name, state)) {
      exit_code = Usage("--given expects " + std::string(input.is_argument ? "ID=true|false" : "VAR=STATE") +
                        ", not '" + assignment + "'");
      return false;
    }
    const int v = FindVisible(network, name);
    if (v < 0) {
      exit_code = Usage("--given " + assignment + ": no " + (input.is_argument ? "claim" : "variable") + " '" +
                        name + "' in '" + input.Name() + "'" + Suggestion(network, name));
      return false;
    }
    const std::vector<std::string>& states = network.variables[static_cast<size_t>(v)].states;
    int s = -1;
    for (size_t k = 0; k < states.size(); ++k) {
      if (states[k] == state) s = static_cast<int>(k);
    }
    if (s < 0) {
      std::string list;
      for (const std::string& st : states) list += (list.empty() ? "" : ", ") + st;
      exit_code = Usage("--given " + assignment + ": '" + name + "' has no state '" + state + "' (its states: " +
                        list + ")");
      return false;
    }
    for (const auto& [earlier, unused] : input.evidence) {
      if (earlier == v) {
        exit_code = Usage("--given names '" + name + "' twice");
        return false;
      }
    }
    input.evidence.push_back({v, s});
    input.evidence_names.push_back({name, state});
  }

  if (!options.target.empty()) {
    input.target = FindVisible(network, options.target);
    if (input.target < 0) {
      exit_code = Usage("--target: no " + std::string(input.is_argument ? "claim" : "variable") + " '" +
                        options.target + "' in '" + input.Name() + "'" + Suggestion(network, options.target));
      return false;
    }
  } else if (input.is_argument) {
    input.target = input.compiled.conclusion;
  }
  return true;
}

}  // namespace argraph::cli
