// The front end every analysis command shares (eval, cruxes, sweep, uncertainty, compare, ...): the
// common flags (FILE, --format, --set, --given, --profile, --target, --memory-limit) and loading the
// file into a network with evidence and a target. An argument file is loaded, its profile and --set
// values applied, and compiled; a .bif/.xmlbif file is read as a Bayesian network.
//
// Invariants of an AnalysisInput returned by LoadAnalysisInput: network() is valid (network.h);
// `evidence` names visible variables with valid states, at most once each; `target` is a visible
// variable or -1 (a BIF file without --target).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

#include "argraph/compile.h"
#include "argraph/junction_tree.h"
#include "argraph/model.h"
#include "argraph/network.h"
#include "cli/output.h"

namespace argraph::cli {

/// Flags shared by the analysis commands (DESIGN.md section 6).
struct AnalysisOptions {
  std::string file;
  std::string format = "text";
  std::vector<std::string> set;    ///< NAME=VALUE, applied after the profile
  std::vector<std::string> given;  ///< ID=true|false (arguments), VAR=STATE (networks)
  std::string profile;
  std::string target;              ///< claim or variable id; default: the argument's conclusion
  double memory_limit_mib = 1024;  ///< largest junction-tree clique, in MiB
};

/// Adds FILE and the shared flags to `command`; `options` must outlive the parse.
void AddAnalysisOptions(CLI::App* command, AnalysisOptions& options);

/// What an analysis works on.
struct AnalysisInput {
  std::string path;
  bool is_argument = false;
  Argument argument;          ///< arguments: the model, profile and --set applied
  CompiledArgument compiled;  ///< arguments: the compiled network and parameter binding
  Network bif;                ///< networks read from .bif/.xmlbif
  Evidence evidence;
  std::vector<std::pair<std::string, std::string>> evidence_names;  ///< (variable, state), as given
  int target = -1;            ///< variable index, -1 when none
  OutputFormat format = OutputFormat::kText;

  const Network& network() const { return is_argument ? compiled.network : bif; }
  /// The name printed for the model: the argument's id (else its path), or the network's name.
  std::string Name() const;
  /// The junction-tree options of --memory-limit.
  JunctionTreeOptions tree_options;
};

/// Loads options.file, prints its diagnostics on stderr, applies --profile and --set, compiles, and
/// resolves --given and --target. Returns false with `exit_code` set (1: input errors, 2: usage or an
/// unreadable file) after printing why; throws Error only for failures of the environment.
bool LoadAnalysisInput(const AnalysisOptions& options, AnalysisInput& input, int& exit_code);

/// "a=true, b=false": the evidence as the user gave it.
std::string EvidenceText(const AnalysisInput& input);

/// The error printed when the evidence has probability 0: names the evidence.
std::string ImpossibleEvidenceMessage(const AnalysisInput& input);

}  // namespace argraph::cli
