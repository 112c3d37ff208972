// `argraph export FILE -o OUT.bif|OUT.xmlbif`: writes a Bayesian network in either interchange format,
// so it opens in GeNIe, SamIam, pgmpy or bnlearn. FILE is a network (.bif, .xmlbif, .xml) or an
// argument (YAML), which is compiled first (compile.h).
//
// An argument exports as one binary node per claim (states "true", "false") holding the claim's full
// table P(claim | its parents) as the rules define it: exact, so those tools give the same credences
// as `argraph eval`. A claim with more than kMaxExportedParents links would need a table of 2^k
// columns; for it the export keeps argraph's auxiliary chain variables (named CLAIM~1, CLAIM~2, ...;
// in BIF CLAIM_1, ...), which are exact too, and says so in a warning. In BIF, characters a variable
// name may not hold ('.' of imported ids among them) become '_'; XMLBIF keeps every name.
#include <fstream>
#include <iostream>

#include "argraph/bif.h"
#include "argraph/compile.h"
#include "argraph/error.h"
#include "argraph/load.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace argraph::cli {
namespace {

struct ExportOptions {
  std::string input;
  std::string output;
  std::string format;  ///< "bif", "xmlbif" or "" (from the output's extension)
};

/// Claims with more links than this keep their auxiliary chain variables (a full table has 2^k columns).
constexpr size_t kMaxExportedParents = 12;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int RunExport(const ExportOptions& options) {
  std::string format = options.format;
  if (format.empty()) {
    if (EndsWith(options.output, ".bif")) format = "bif";
    else if (EndsWith(options.output, ".xmlbif") || EndsWith(options.output, ".xml")) format = "xmlbif";
    else if (options.output == "-") format = "bif";
    else throw Error("cannot tell the format of '" + options.output + "': name a .bif or .xmlbif file or give --format");
  }
  Network network;
  if (IsNetworkFile(options.input)) {
    NetworkLoadResult loaded = LoadNetworkFile(options.input);
    PrintDiagnostics(loaded.diagnostics, loaded.sources, OutputFormat::kText, std::cerr);
    if (loaded.diagnostics.HasErrors()) return static_cast<int>(ExitCode::kInputErrors);
    network = std::move(loaded.network);
  } else {
    LoadResult loaded = LoadArgumentFile(options.input);
    CompileOptions compile_options;
    compile_options.decompose_above = kMaxExportedParents;
    if (!loaded.diagnostics.HasErrors()) {
      CompiledArgument compiled = CompileArgument(loaded.argument, loaded.diagnostics, compile_options);
      network = std::move(compiled.network);
    }
    size_t hidden = 0;
    for (const Variable& v : network.variables) hidden += v.hidden;
    if (hidden > 0 && !loaded.diagnostics.HasErrors()) {
      loaded.diagnostics.Warning({options.input, 0, 0},
                                 "claims with more than " + std::to_string(kMaxExportedParents) +
                                     " links are exported with " + std::to_string(hidden) +
                                     " auxiliary chain variables (named CLAIM~1, ...), not as one table",
                                 "export-auxiliary");
    }
    PrintDiagnostics(loaded.diagnostics, loaded.sources, OutputFormat::kText, std::cerr);
    if (loaded.diagnostics.HasErrors()) return static_cast<int>(ExitCode::kInputErrors);
  }
  std::string text = format == "bif" ? WriteBif(network) : WriteXmlBif(network);
  if (options.output == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream out(options.output, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw Error("cannot write '" + options.output + "'");
  return 0;
}

}  // namespace

void AddExportCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand("export", "Write an argument or a network as BIF or XMLBIF (GeNIe, SamIam, pgmpy)");
  cmd->footer(
      "An argument exports one node per claim with its exact table P(claim | parents); claims with more than 12\n"
      "links keep argraph's auxiliary chain variables (CLAIM~1, ...), with a warning. BIF names hold letters,\n"
      "digits, '_' and '-' only: other characters (the '.' of imported ids) become '_'.");
  cmd->add_option("file", options->input, "The argument (.yaml) or network (.bif, .xmlbif) file")->required();
  cmd->add_option("-o,--output", options->output, "The file to write (.bif or .xmlbif; '-' for standard output)")
      ->required();
  cmd->add_option("--format", options->format, "bif or xmlbif (default: from the output's extension)")
      ->check(CLI::IsMember({"bif", "xmlbif"}));
  cmd->callback([options, &exit_code] { exit_code = RunExport(*options); });
}

}  // namespace argraph::cli
