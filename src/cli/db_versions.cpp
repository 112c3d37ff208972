// `argraph db import | list | show | export`: argument versions in the store. An import stores the
// exact text of the root file and of every file it imports; export writes them back beside each
// other, so the exported file checks and evaluates exactly as the imported one did.
#include <iostream>

#include "argraph/error.h"
#include "argraph/load.h"
#include "cli/db.h"

namespace argraph::cli {
namespace {

struct ImportOptions : DbOptions {
  std::vector<std::string> files;
};

struct ShowOptions : DbOptions {
  std::string argument;
  int version = 0;  ///< 0 = the latest
  std::string output;
  bool force = false;
};

std::optional<int> VersionOption(int version) {
  return version > 0 ? std::optional<int>(version) : std::nullopt;
}

nlohmann::json VersionJson(const VersionInfo& v) {
  return {{"argument", v.argument_id}, {"version", v.version},         {"title", v.title},
          {"conclusion", v.conclusion}, {"content_hash", v.content_hash}, {"path", v.path},
          {"imported_at", v.imported_at}, {"claims", v.claim_count}};
}

int RunImport(const ImportOptions& options) {
  // Load everything first: a file with errors means nothing is imported.
  std::vector<LoadResult> loaded;
  bool errors = false;
  for (const std::string& file : options.files) {
    loaded.push_back(LoadArgumentFile(file));
    const LoadResult& result = loaded.back();
    PrintDiagnostics(result.diagnostics, result.sources, OutputFormat::kText, std::cerr);
    errors = errors || result.diagnostics.HasErrors();
  }
  if (errors) {
    std::cerr << "argraph: error: nothing was imported; fix the errors above and import again\n";
    return static_cast<int>(ExitCode::kInputErrors);
  }
  std::vector<ImportRequest> requests;
  for (size_t i = 0; i < loaded.size(); ++i) {
    requests.push_back({&loaded[i].argument, options.files[i],
                        CollectFiles(options.files[i], loaded[i].sources)});
  }
  Store store = OpenStore(options);
  const std::vector<ImportResult> results = store.Import(requests);
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    nlohmann::json row = VersionJson(results[i].version);
    row["status"] = results[i].created ? "new" : "unchanged";
    row["file"] = options.files[i];
    row["files"] = requests[i].files.size();
    rows.push_back(std::move(row));
  }
  PrintRows(rows,
            {{"file", "file"}, {"argument", "argument"}, {"version", "version"}, {"status", "status"},
             {"claims", "claims"}, {"files", "files"}, {"content_hash", "content hash", 16}},
            ParseOutputFormat(options.format), std::cout);
  return 0;
}

int RunList(const DbOptions& options) {
  Store store = OpenStore(options);
  nlohmann::json rows = nlohmann::json::array();
  for (const VersionInfo& v : store.ListArguments()) {
    nlohmann::json row = VersionJson(v);
    row["versions"] = v.version_count;
    rows.push_back(std::move(row));
  }
  PrintRows(rows,
            {{"argument", "argument"}, {"version", "latest"}, {"versions", "versions"},
             {"claims", "claims"}, {"imported_at", "imported at"}, {"title", "title", 60}},
            ParseOutputFormat(options.format), std::cout);
  return 0;
}

int RunShow(const ShowOptions& options) {
  Store store = OpenStore(options);
  const VersionInfo version = store.FindVersion(options.argument, VersionOption(options.version));
  const int count = static_cast<int>(store.Versions(options.argument).size());
  nlohmann::json files = nlohmann::json::array();
  for (const StoredFile& f : store.Files(version)) {
    files.push_back({{"path", f.path}, {"root", f.is_root}, {"bytes", f.text.size()}});
  }
  nlohmann::json claims = nlohmann::json::array();
  for (const StoredClaim& c : store.Claims(version)) {
    claims.push_back({{"id", c.id},
                      {"rule", c.is_root ? "root" : c.rule},
                      {"credence", c.credence ? nlohmann::json(*c.credence) : nlohmann::json()},
                      {"text", c.text},
                      {"file", c.file}});
  }
  nlohmann::json parameters = nlohmann::json::array();
  for (const StoredParameter& p : store.Parameters(version)) {
    parameters.push_back({{"name", p.name}, {"kind", p.kind}, {"value", p.value}});
  }
  const OutputFormat format = ParseOutputFormat(options.format);
  const std::vector<Column> claim_columns = {
      {"id", "claim"}, {"rule", "rule"}, {"credence", "credence"}, {"text", "text", 70}};
  if (format == OutputFormat::kJson) {
    nlohmann::json out = VersionJson(version);
    out["versions"] = count;
    out["files"] = files;
    out["claims"] = claims;
    out["parameters"] = parameters;
    WriteJson(out, std::cout);
    return 0;
  }
  if (format == OutputFormat::kCsv) {
    PrintRows(claims, claim_columns, format, std::cout);
    return 0;
  }
  std::cout << version.argument_id << " version " << version.version << " of " << count << ": "
            << version.title << '\n'
            << "conclusion: " << version.conclusion << '\n'
            << "imported " << version.imported_at << " from " << version.path << '\n'
            << "content hash: " << version.content_hash << '\n'
            << "files:";
  for (const nlohmann::json& f : files) {
    std::cout << ' ' << f["path"].get<std::string>() << (f["root"].get<bool>() ? " (root)" : "");
  }
  std::cout << "\n\n";
  PrintRows(claims, claim_columns, format, std::cout);
  std::cout << '\n';
  PrintRows(parameters, {{"name", "parameter"}, {"kind", "kind"}, {"value", "value"}}, format, std::cout);
  return 0;
}

int RunExport(const ShowOptions& options) {
  Store store = OpenStore(options);
  const VersionInfo version = store.FindVersion(options.argument, VersionOption(options.version));
  const std::vector<std::string> written = WriteFiles(store.Files(version), options.output, options.force);
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < written.size(); ++i) {
    rows.push_back({{"argument", version.argument_id}, {"version", version.version},
                    {"file", written[i]}, {"root", i == 0}});
  }
  PrintRows(rows, {{"file", "wrote"}, {"argument", "argument"}, {"version", "version"}},
            ParseOutputFormat(options.format), std::cout);
  return 0;
}

void AddArgumentOptions(CLI::App& command, ShowOptions& options) {
  command.add_option("id", options.argument, "The argument's id (as `argraph db list` shows it)")
      ->required();
  command.add_option("--version", options.version, "A version number (default: the latest)")
      ->check(CLI::PositiveNumber);
}

}  // namespace

void AddDbVersionCommands(CLI::App& db, int& exit_code) {
  auto import = std::make_shared<ImportOptions>();
  CLI::App* command = db.add_subcommand(
      "import", "Store argument files (and the files they import) as new versions when they changed");
  command->add_option("files", import->files, "Argument files (YAML, format argraph/1)")->required();
  AddDbOptions(*command, *import);
  command->callback([import, &exit_code] { exit_code = RunImport(*import); });

  auto list = std::make_shared<DbOptions>();
  command = db.add_subcommand("list", "List the stored arguments with their latest version");
  AddDbOptions(*command, *list);
  command->callback([list, &exit_code] { exit_code = RunList(*list); });

  auto show = std::make_shared<ShowOptions>();
  command = db.add_subcommand("show", "Show a stored version: its files, claims and parameters");
  AddArgumentOptions(*command, *show);
  AddDbOptions(*command, *show);
  command->callback([show, &exit_code] { exit_code = RunShow(*show); });

  auto exported = std::make_shared<ShowOptions>();
  command = db.add_subcommand(
      "export", "Write a stored version back to files: the root file and its imports beside it");
  AddArgumentOptions(*command, *exported);
  command->add_option("-o,--output", exported->output, "The root file to write")->required();
  command->add_flag("--force", exported->force,
                    "Replace imported files that exist beside the output and differ");
  AddDbOptions(*command, *exported);
  command->callback([exported, &exit_code] { exit_code = RunExport(*exported); });
}

}  // namespace argraph::cli
