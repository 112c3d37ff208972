// `argraph critique FILE` (or, with --db, a stored argument and its open objections): loads it and prints the critique's findings (critique.h) as
// compiler-style text or JSON, optionally writing the attack graph in an ICCMA format. Exit 0, or 1
// when the file has errors or a finding reaches `--fail-on`; 2 on bad usage or an unreadable file.
#include "cli/critique.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "argraph/attack_graph.h"
#include "argraph/error.h"
#include "argraph/load.h"
#include "cli/analysis.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace argraph::cli {

std::vector<Finding> CritiqueFromDisk(const Argument& argument, std::vector<Objection> stored_objections) {
  CritiqueOptions options;
  options.stored_objections = std::move(stored_objections);
  options.read_file = [](const std::string& path) -> std::optional<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return text.str();
  };
  return CritiqueArgument(argument, options);
}

std::vector<Objection> StoredObjections(Store& store, const std::string& argument_id) {
  std::vector<Objection> out;
  for (const ObjectionInfo& o : store.Objections(argument_id, true)) {
    out.push_back({o.target, o.author, o.text + " (objection " + std::to_string(o.id) + " in the store)", {}});
  }
  return out;
}

Diagnostics FindingsAsDiagnostics(const std::vector<Finding>& findings) {
  Diagnostics out;
  for (const Finding& f : findings) out.Add(f.diagnostic);
  return out;
}

namespace {

struct CritiqueFlags {
  std::string file;
  std::string db;
  std::string format = "text";
  std::string fail_on = "never";
  std::string attack_graph;
};

nlohmann::json FindingJson(const Finding& f) {
  nlohmann::json j = DiagnosticJson(f.diagnostic);
  j["claim"] = f.claim;
  nlohmann::json numbers = nlohmann::json::object();
  for (const auto& [name, value] : f.numbers) numbers[name] = value;
  j["numbers"] = numbers;
  return j;
}

int RunCritique(const CritiqueFlags& flags) {
  IccmaFormat iccma = IccmaFormat::kApx;
  if (!flags.attack_graph.empty() && !IccmaFormatFromPath(flags.attack_graph, iccma)) {
    std::cerr << "argraph: error: --attack-graph " << flags.attack_graph
              << ": the file name must end in .apx, .tgf or .i23 (the ICCMA formats)\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  LoadResult loaded;
  std::vector<Objection> stored;
  if (flags.db.empty()) {
    loaded = LoadArgumentFile(flags.file);
  } else {
    int exit_code = 0;
    Store store = OpenExistingStore(flags.db);
    const std::optional<VersionInfo> version = FindStoredVersion(store, flags.file, exit_code);
    if (!version) return exit_code;
    loaded = store.Load(*version);
    stored = StoredObjections(store, version->argument_id);
  }
  const OutputFormat format = ParseOutputFormat(flags.format);
  if (loaded.diagnostics.HasErrors()) {
    PrintDiagnostics(loaded.diagnostics, loaded.sources, OutputFormat::kText, std::cerr);
    return static_cast<int>(ExitCode::kInputErrors);
  }
  const std::vector<Finding> findings = CritiqueFromDisk(loaded.argument, std::move(stored));
  Diagnostics as_diagnostics = FindingsAsDiagnostics(findings);
  if (format == OutputFormat::kJson) {
    nlohmann::json out;
    out["argument"] = loaded.argument.id;
    out["findings"] = nlohmann::json::array();
    for (const Finding& f : findings) out["findings"].push_back(FindingJson(f));
    out["counts"] = {{"error", as_diagnostics.Count(Severity::kError)},
                     {"warning", as_diagnostics.Count(Severity::kWarning)},
                     {"note", as_diagnostics.Count(Severity::kNote)}};
    WriteJson(out, std::cout);
  } else {
    PrintDiagnostics(as_diagnostics, loaded.sources, OutputFormat::kText, std::cout);
    std::cout << "critique of " << flags.file << ": " << as_diagnostics.Count(Severity::kError) << " errors, "
              << as_diagnostics.Count(Severity::kWarning) << " warnings, " << as_diagnostics.Count(Severity::kNote)
              << " notes\n";
  }
  if (!flags.attack_graph.empty()) {
    std::ofstream out(flags.attack_graph, std::ios::binary);
    out << WriteIccma(AttackGraphFromArgument(loaded.argument), iccma);
    if (!out) throw Error("cannot write " + flags.attack_graph + "; check that its folder exists and is writable");
  }
  const bool fail = (flags.fail_on == "error" && as_diagnostics.HasErrors()) ||
                    (flags.fail_on == "warning" && (as_diagnostics.HasErrors() ||
                                                    as_diagnostics.Count(Severity::kWarning) > 0));
  return static_cast<int>(fail ? ExitCode::kInputErrors : ExitCode::kSuccess);
}

}  // namespace

void AddCritiqueCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<CritiqueFlags>();
  CLI::App* command = app.add_subcommand(
      "critique", "Find what is wrong with an argument: structure, credences, coherence, double counting");
  command->add_option("file", flags->file, "Argument file (YAML, format argraph/1); with --db, a stored argument ID[@VERSION]")
      ->required();
  command->add_option("--db", flags->db,
                      "A database (docs/store.md): FILE names a stored argument, and its open objections "
                      "are reported too");
  command->add_option("--format", flags->format, "Output: text (compiler-style) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command->add_option("--fail-on", flags->fail_on,
                      "Exit 1 when a finding is at least this severe (for CI): warning, error or never")
      ->check(CLI::IsMember({"warning", "error", "never"}))
      ->capture_default_str();
  command->add_option("--attack-graph", flags->attack_graph,
                      "Also write the attack-only graph for external solvers (ICCMA .apx, .tgf or .i23)");
  command->callback([flags, &exit_code] { exit_code = RunCritique(*flags); });
}

}  // namespace argraph::cli
