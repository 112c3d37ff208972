// What `render` and `report` share: reading FILE with --profile/--set/--given/--target applied, and
// evaluating it once (exact junction-tree inference) into the plain numbers the present stage draws.
// Invariants of a Presentation: `argument` loaded without errors and has the what-if settings applied;
// credences[i] is P(claim i | evidence), finite, for every claim; `credence` is the target's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "argraph/diagnostic.h"
#include "argraph/model.h"
#include "argraph/network.h"

namespace argraph::cli {

/// The options every presentation command takes.
struct PresentationOptions {
  std::string file;
  std::vector<std::string> sets;    ///< NAME=VALUE
  std::vector<std::string> givens;  ///< ID=true|false
  std::string profile;
  std::string target;
};

/// Registers FILE, --set, --given, --profile and --target on `command`.
void AddPresentationOptions(CLI::App* command, PresentationOptions& options);

struct Presentation {
  Argument loaded;                    ///< the argument as loaded, before the what-if settings
  Argument argument;                  ///< with --profile and --set applied
  SourceFiles sources;
  std::string target;                 ///< a claim id
  std::vector<std::pair<int, bool>> givens;  ///< (claim index, value) from --given
  std::vector<double> credences;      ///< P(claim | evidence), indexed like argument.claims
  std::optional<double> credence;     ///< P(target | evidence); nullopt when the evidence is impossible
  std::vector<std::string> settings;  ///< the what-if settings, as the user wrote them
};

/// Loads, applies and evaluates. Problems are printed on stderr and give nullopt with `exit_code` set
/// (1 for errors in the file, 2 for bad options). Throws Error when the file cannot be read.
std::optional<Presentation> Present(const PresentationOptions& options, int& exit_code);

/// P(claim | givens) for every claim of `argument` (indexed like its claims) by exact inference; empty
/// when the givens are impossible. Compilation problems are added to `diagnostics` (result empty).
std::vector<double> EvaluateClaims(const Argument& argument, const std::vector<std::pair<int, bool>>& givens,
                                   Diagnostics& diagnostics);

/// Writes `bytes` to `path`, or to standard output when `path` is "-". Throws Error on failure.
void WriteOutput(const std::string& path, const std::string& bytes);

}  // namespace argraph::cli
