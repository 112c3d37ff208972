// The shared front end of `render` and `report` (presentation.h).
#include "cli/presentation.h"

#include <cmath>
#include <fstream>
#include <iostream>

#include "argraph/compile.h"
#include "argraph/error.h"
#include "argraph/junction_tree.h"
#include "argraph/load.h"
#include "argraph/parameters.h"
#include "cli/output.h"

namespace argraph::cli {
namespace {

constexpr int kInputErrors = static_cast<int>(ExitCode::kInputErrors);
constexpr int kUsage = static_cast<int>(ExitCode::kUsage);

/// Prints a command-line problem in the diagnostics' style.
void UsageError(const std::string& message) { std::cerr << "argraph: error: " << message << '\n'; }

bool ApplySettings(const PresentationOptions& options, Presentation& out) {
  Diagnostics diagnostics;
  if (!options.profile.empty()) {
    if (!ApplyProfile(out.argument, options.profile, diagnostics)) {
      PrintDiagnostics(diagnostics, out.sources, OutputFormat::kText, std::cerr);
      return false;
    }
    out.settings.push_back("--profile " + options.profile);
  }
  for (const std::string& set : options.sets) {
    const size_t equals = set.find('=');
    char* end = nullptr;
    const double value = equals == std::string::npos ? NAN : std::strtod(set.c_str() + equals + 1, &end);
    if (equals == std::string::npos || end == set.c_str() + equals + 1 || *end != '\0' || !std::isfinite(value)) {
      UsageError("--set '" + set + "' is not NAME=VALUE with a number");
      return false;
    }
    if (!SetParameter(out.argument, set.substr(0, equals), value, diagnostics)) {
      PrintDiagnostics(diagnostics, out.sources, OutputFormat::kText, std::cerr);
      return false;
    }
    out.settings.push_back("--set " + set);
  }
  return true;
}

}  // namespace

void AddPresentationOptions(CLI::App* command, PresentationOptions& options) {
  command->add_option("file", options.file, "Argument file (YAML, format argraph/1)")->required();
  command->add_option("--set", options.sets, "Set a parameter for this run: NAME=VALUE (repeatable)");
  command->add_option("--given", options.givens, "Evidence: CLAIM=true|false (repeatable)");
  command->add_option("--profile", options.profile, "Apply one of the argument's profiles first");
  command->add_option("--target", options.target, "The claim to analyse (default: the conclusion)");
}

std::optional<Presentation> Present(const PresentationOptions& options, int& exit_code) {
  LoadResult loaded = LoadArgumentFile(options.file);
  PrintDiagnostics(loaded.diagnostics, loaded.sources, OutputFormat::kText, std::cerr);
  if (loaded.diagnostics.HasErrors()) {
    exit_code = kInputErrors;
    return std::nullopt;
  }
  Presentation out;
  out.loaded = loaded.argument;
  out.argument = std::move(loaded.argument);
  out.sources = std::move(loaded.sources);
  if (!ApplySettings(options, out)) {
    exit_code = kUsage;
    return std::nullopt;
  }
  out.target = options.target.empty() ? out.argument.conclusion : options.target;
  if (out.argument.ClaimIndex(out.target) < 0) {
    std::string message = "--target: no claim '" + out.target + "'";
    std::vector<std::string> ids;
    for (const Claim& claim : out.argument.claims) ids.push_back(claim.id);
    const auto nearest = NearestNames(out.target, ids);
    if (!nearest.empty()) message += "; did you mean '" + nearest[0] + "'?";
    UsageError(message);
    exit_code = kUsage;
    return std::nullopt;
  }

  for (const std::string& given : options.givens) {
    const size_t equals = given.find('=');
    const int claim = out.argument.ClaimIndex(given.substr(0, equals));
    const std::string value = equals == std::string::npos ? "" : given.substr(equals + 1);
    if (claim < 0 || (value != "true" && value != "false")) {
      UsageError("--given '" + given + "' is not CLAIM=true|false with a claim of the argument");
      exit_code = kUsage;
      return std::nullopt;
    }
    out.givens.emplace_back(claim, value == "true");
    out.settings.push_back("--given " + given);
  }
  Diagnostics diagnostics;
  out.credences = EvaluateClaims(out.argument, out.givens, diagnostics);
  PrintDiagnostics(diagnostics, out.sources, OutputFormat::kText, std::cerr);
  if (diagnostics.HasErrors()) {
    exit_code = kInputErrors;
    return std::nullopt;
  }
  if (out.credences.empty()) {
    std::cerr << "argraph: warning: the evidence given is impossible under this argument; no credences\n";
  } else {
    out.credence = out.credences[out.argument.ClaimIndex(out.target)];
  }
  exit_code = 0;
  return out;
}

std::vector<double> EvaluateClaims(const Argument& argument, const std::vector<std::pair<int, bool>>& givens,
                                   Diagnostics& diagnostics) {
  CompiledArgument compiled = CompileArgument(argument, diagnostics);
  if (diagnostics.HasErrors()) return {};
  Evidence evidence;
  for (const auto& [claim, value] : givens) evidence.emplace_back(compiled.claim_variable[claim], value ? 0 : 1);
  JunctionTree tree(compiled.network);
  const Posterior posterior = tree.Propagate(evidence);
  if (!posterior.possible) return {};
  std::vector<double> credences(argument.claims.size());
  for (size_t c = 0; c < argument.claims.size(); ++c) {
    credences[c] = posterior.marginals[compiled.claim_variable[c]][0];
  }
  return credences;
}

void WriteOutput(const std::string& path, const std::string& bytes) {
  if (path == "-") {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::cout.flush();
    if (!std::cout) throw Error("cannot write to standard output");
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error("cannot write '" + path + "'; check that its folder exists and is writable");
}

}  // namespace argraph::cli
