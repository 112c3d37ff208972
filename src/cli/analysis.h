// The front end every analysis command shares (eval, cruxes, sweep, uncertainty, compare, render,
// report): the common flags (FILE, --format, --set, --given, --profile, --target, --memory-limit,
// --db) and loading the file into a network with evidence and a target. An argument file is loaded,
// its profile and --set values applied, and compiled; a .bif/.xmlbif file is read as a Bayesian
// network. With --db, FILE names a stored argument `ID[@VERSION]` instead (docs/store.md), --profile
// may name a profile kept in the store, and RecordEvaluation writes results to the store's history.
//
// Invariants of an AnalysisInput returned by LoadAnalysisInput: network() is valid (network.h);
// `evidence` names visible variables with valid states, at most once each; `target` is a visible
// variable or -1 (a BIF file without --target).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "argraph/compile.h"
#include "argraph/junction_tree.h"
#include "argraph/model.h"
#include "argraph/network.h"
#include "argraph/store.h"
#include "cli/output.h"

namespace argraph::cli {

/// Flags shared by the analysis commands (DESIGN.md section 6).
struct AnalysisOptions {
  std::string file;                ///< a file; with --db, a stored argument ID[@VERSION]
  std::string db;                  ///< --db: the store that `file` and --profile refer to
  std::string format = "text";
  std::vector<std::string> set;    ///< NAME=VALUE, applied after the profile
  std::vector<std::string> given;  ///< ID=true|false (arguments), VAR=STATE (networks)
  std::string profile;
  std::string target;              ///< claim or variable id; default: the argument's conclusion
  double memory_limit_mib = 1024;  ///< largest junction-tree clique, in MiB
  /// Load a cyclic argument (no cycle check) without compiling it: its network then holds the claims
  /// only (uniform tables), for the gradual semantics of `eval --semantics X --allow-cycles`.
  bool allow_cycles = false;
  /// Keep the argument as loaded, before --profile and --set (AnalysisInput::loaded), for commands
  /// that evaluate other profiles too.
  bool keep_loaded = false;
};

/// Adds FILE and the shared flags to `command`; `options` must outlive the parse.
void AddAnalysisOptions(CLI::App* command, AnalysisOptions& options);

/// What an analysis works on.
struct AnalysisInput {
  std::string path;
  bool is_argument = false;
  Argument argument;          ///< arguments: the model, profile and --set applied
  Argument loaded;            ///< arguments: as loaded (only with AnalysisOptions::keep_loaded)
  SourceFiles sources;        ///< the texts the diagnostics refer to
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

  // With --db: where the argument came from, so that results can be recorded against it.
  std::string db_path;               ///< the store's file ("" without --db)
  std::optional<VersionInfo> stored; ///< the stored version evaluated
  std::string profile;               ///< --profile as applied ("" = the file's own values)
  std::vector<std::pair<std::string, double>> settings;  ///< --set, parsed, in order
  /// The what-if settings as the user wrote them: "--profile p", "--set a=0.3", "--given b=true".
  std::vector<std::string> setting_texts;
};

/// Loads options.file (or, with --db, the stored version it names), prints its diagnostics on stderr,
/// applies --profile (the store's profile of that name first, else the file's) and --set, compiles,
/// and resolves --given and --target. Returns false with `exit_code` set (1: input errors, 2: usage or an
/// unreadable file) after printing why; throws Error only for failures of the environment.
bool LoadAnalysisInput(const AnalysisOptions& options, AnalysisInput& input, int& exit_code);

/// Opens the database of --db to read stored arguments from; refuses (Error) a file that does not
/// exist rather than create an empty one.
Store OpenExistingStore(const std::string& db);

/// The version of `store` that `reference` (ID or ID@VERSION) names. A malformed reference prints a
/// usage error and gives nullopt with `exit_code` set; an unknown one throws Error (with near ids).
std::optional<VersionInfo> FindStoredVersion(Store& store, const std::string& reference, int& exit_code);

/// Appends P(target | e) = `credence` by `method` to the store's evaluation history when the input was
/// read from the store (--db); does nothing otherwise. Throws Error when the store cannot be written.
void RecordEvaluation(const AnalysisInput& input, const std::string& method, double credence);

/// Prints "argraph: error: MESSAGE" on stderr and returns the usage exit code (2).
int UsageError(const std::string& message);

/// "a=true, b=false": the evidence as the user gave it.
std::string EvidenceText(const AnalysisInput& input);

/// The error printed when the evidence has probability 0: names the evidence.
std::string ImpossibleEvidenceMessage(const AnalysisInput& input);

}  // namespace argraph::cli
