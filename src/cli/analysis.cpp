// The shared front end of the analysis commands (analysis.h): flags, loading, --profile/--set,
// compilation, --given and --target.
#include "cli/analysis.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "argraph/bif.h"
#include "argraph/error.h"
#include "argraph/graph.h"
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

/// "; did you mean 'a' or 'b'?" for the visible variable names nearest `name`, or "".
std::string Suggestion(const Network& network, const std::string& name) {
  std::vector<std::string> names;
  for (const Variable& v : network.variables) {
    if (!v.hidden) names.push_back(v.name);
  }
  return DidYouMean(name, names);
}


/// The visible variable called `name`, or -1.
int FindVisible(const Network& network, const std::string& name) {
  const int v = network.FindVariable(name);
  return v >= 0 && !network.variables[static_cast<size_t>(v)].hidden ? v : -1;
}

}  // namespace

void AddAnalysisOptions(CLI::App* command, AnalysisOptions& options) {
  command->add_option("file", options.file,
                      "An argument file (YAML) or a Bayesian network (.bif, .xmlbif); with --db, a stored "
                      "argument ID[@VERSION]")
      ->required();
  command->add_option("--format", options.format, "Output: text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  command->add_option("--set", options.set, "NAME=VALUE: set a parameter (repeatable; after --profile)");
  command->add_option("--given", options.given, "ID=true|false (argument) or VAR=STATE (network): evidence");
  command->add_option("--profile", options.profile, "Apply a named profile: the argument's, or with --db one kept in the store");
  command->add_option("--target", options.target, "The claim or variable of interest (default: the conclusion)");
  command->add_option("--db", options.db,
                      "A database (docs/store.md): FILE then names a stored argument ID[@VERSION], --profile "
                      "may name a stored profile, and the result is recorded in its history");
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

void RecordEvaluation(const AnalysisInput& input, const std::string& method, double credence) {
  if (!input.stored || input.target < 0) return;
  EvaluationRecord record;
  record.argument_id = input.stored->argument_id;
  record.version = input.stored->version;
  record.profile = input.profile;
  record.target = input.network().variables[static_cast<size_t>(input.target)].name;
  record.method = method;
  record.credence = credence;
  nlohmann::json evidence = nlohmann::json::object();
  for (const auto& [var, state] : input.evidence_names) evidence[var] = state;
  record.evidence = evidence.dump();
  nlohmann::json settings = nlohmann::json::object();
  for (const auto& [name, value] : input.settings) settings[name] = value;
  record.settings = settings.dump();
  Store store = Store::Open(input.db_path);
  store.RecordEvaluation(*input.stored, record);
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

/// The claims of a cyclic argument as variables with uniform tables and no parents: names, --target
/// and output work; only the gradual semantics give numbers for it.
CompiledArgument ClaimsOnlyNetwork(const Argument& argument) {
  CompiledArgument c;
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    const Claim& claim = argument.claims[i];
    c.network.variables.push_back({claim.id, {"true", "false"}, false, claim.location});
    c.network.families.push_back({static_cast<int>(i), {}, {0.5, 0.5}, claim.location});
    c.claim_variable.push_back(static_cast<int>(i));
  }
  c.conclusion = argument.ClaimIndex(argument.conclusion);
  return c;
}

namespace {

/// Applies --profile: with a store, the store's profile of that name when it has one (a parameter the
/// version lacks is skipped with a warning), else the file's. Problems go to `diagnostics`.
void ApplyProfileOption(const std::string& profile, Store* store, AnalysisInput& input, Diagnostics& diagnostics) {
  const std::string& id = input.argument.id;
  if (store && store->HasProfile(id, profile)) {
    const SourceLocation where{"profile '" + profile + "' in " + store->path(), 0, 0};
    for (const ProfileValue& value : store->ProfileValues(id, profile)) {
      if (!FindParameter(input.argument, value.parameter)) {
        diagnostics.Warning(where,
                            "'" + value.parameter + "' is not a parameter of version " +
                                std::to_string(input.stored ? input.stored->version : 0) + " of '" + id +
                                "'; the profile's value " + fmt::format("{}", value.value) + " for it is ignored",
                            "unknown-parameter");
        continue;
      }
      SetParameter(input.argument, value.parameter, value.value, diagnostics, where);
    }
    return;
  }
  if (store && !input.argument.FindProfile(profile)) {
    std::vector<std::string> names;
    for (const ProfileInfo& p : store->Profiles(id)) names.push_back(p.name);
    for (const Profile& p : input.argument.profiles) names.push_back(p.name);
    diagnostics.Error({"--profile " + profile, 0, 0},
                      "unknown profile '" + profile + "': neither " + store->path() + " nor the file of '" + id +
                          "' has it" + DidYouMean(profile, names) +
                          " (`argraph db profile list " + id + "` lists the stored ones)",
                      "unknown-profile");
    return;
  }
  ApplyProfile(input.argument, profile, diagnostics);
}

}  // namespace

int UsageError(const std::string& message) {
  std::cerr << "argraph: error: " << message << '\n';
  return static_cast<int>(ExitCode::kUsage);
}

Store OpenExistingStore(const std::string& db) {
  const StoreLocation location = ResolveStoreLocation(db);
  if (!std::filesystem::exists(location.path)) {
    throw Error("there is no database '" + location.path + "'; `argraph db import FILE --db " + location.path +
                    "` creates it",
                ExitCode::kUsage);
  }
  return Store::Open(location.path, location.create_folders);
}

std::optional<VersionInfo> FindStoredVersion(Store& store, const std::string& reference, int& exit_code) {
  const std::optional<StoredReference> parsed = ParseStoredReference(reference);
  if (!parsed) {
    exit_code = UsageError("with --db, FILE names a stored argument as ID or ID@VERSION (`argraph db list` "
                           "shows them), not '" + reference + "'");
    return std::nullopt;
  }
  return store.FindVersion(parsed->argument_id, parsed->version);
}

bool LoadAnalysisInput(const AnalysisOptions& options, AnalysisInput& input, int& exit_code) {
  input.path = options.file;
  input.format = ParseOutputFormat(options.format);
  input.tree_options.max_clique_bytes = options.memory_limit_mib * double(1u << 20);
  input.is_argument = !options.db.empty() || !IsNetworkFile(options.file);
  if (!input.is_argument) {
    if (!options.profile.empty() || !options.set.empty()) {
      exit_code = UsageError("--profile and --set apply to argument files; '" + options.file +
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
    input.sources = std::move(loaded.sources);
  } else {
    std::optional<Store> store;
    std::optional<LoadResult> read;
    if (!options.db.empty()) {
      store = OpenExistingStore(options.db);
      input.stored = FindStoredVersion(*store, options.file, exit_code);
      if (!input.stored) return false;
      input.db_path = store->path();
      read = store->Load(*input.stored);
    } else {
      LoadOptions load;
      load.allow_cycles = options.allow_cycles;
      read = LoadArgumentFile(options.file, load);
    }
    LoadResult& loaded = *read;
    PrintDiagnostics(loaded.diagnostics, loaded.sources, OutputFormat::kText, std::cerr);
    if (loaded.diagnostics.HasErrors()) {
      exit_code = static_cast<int>(ExitCode::kInputErrors);
      return false;
    }
    input.argument = std::move(loaded.argument);
    input.sources = std::move(loaded.sources);
    if (options.keep_loaded) input.loaded = input.argument;
    Diagnostics settings;
    if (!options.profile.empty()) {
      ApplyProfileOption(options.profile, store ? &*store : nullptr, input, settings);
      input.profile = options.profile;
      input.setting_texts.push_back("--profile " + options.profile);
    }
    for (const std::string& assignment : options.set) {
      std::string name, text;
      double value = 0;
      if (!SplitAssignment(assignment, name, text) || !ParseNumber(text, value)) {
        exit_code = UsageError("--set expects NAME=VALUE with a number, not '" + assignment + "'");
        return false;
      }
      if (SetParameter(input.argument, name, value, settings, {"--set " + assignment, 0, 0})) {
        input.settings.emplace_back(name, value);
      }
      input.setting_texts.push_back("--set " + assignment);
    }
    PrintDiagnostics(settings, input.sources, OutputFormat::kText, std::cerr);
    if (settings.HasErrors()) {
      exit_code = static_cast<int>(ExitCode::kUsage);
      return false;
    }
    Diagnostics compile;
    if (options.allow_cycles && !ClaimGraph(input.argument).TopologicalOrder()) {
      input.compiled = ClaimsOnlyNetwork(input.argument);  // cyclic: no Bayesian network exists
    } else {
      input.compiled = CompileArgument(input.argument, compile);
    }
    PrintDiagnostics(compile, input.sources, OutputFormat::kText, std::cerr);
    if (compile.HasErrors()) {
      exit_code = static_cast<int>(ExitCode::kInputErrors);
      return false;
    }
  }
  const Network& network = input.network();

  for (const std::string& assignment : options.given) {
    std::string name, state;
    if (!SplitAssignment(assignment, name, state)) {
      exit_code = UsageError("--given expects " + std::string(input.is_argument ? "ID=true|false" : "VAR=STATE") +
                        ", not '" + assignment + "'");
      return false;
    }
    const int v = FindVisible(network, name);
    if (v < 0) {
      exit_code = UsageError("--given " + assignment + ": no " + (input.is_argument ? "claim" : "variable") + " '" +
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
      exit_code = UsageError("--given " + assignment + ": '" + name + "' has no state '" + state + "' (its states: " +
                        list + ")");
      return false;
    }
    for (const auto& [earlier, unused] : input.evidence) {
      if (earlier == v) {
        exit_code = UsageError("--given names '" + name + "' twice");
        return false;
      }
    }
    input.evidence.push_back({v, s});
    input.evidence_names.push_back({name, state});
    input.setting_texts.push_back("--given " + assignment);
  }

  if (!options.target.empty()) {
    input.target = FindVisible(network, options.target);
    if (input.target < 0) {
      exit_code = UsageError("--target: no " + std::string(input.is_argument ? "claim" : "variable") + " '" +
                        options.target + "' in '" + input.Name() + "'" + Suggestion(network, options.target));
      return false;
    }
  } else if (input.is_argument) {
    input.target = input.compiled.conclusion;
  }
  return true;
}

}  // namespace argraph::cli
