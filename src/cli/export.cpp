// `argraph export FILE -o OUT.bif|OUT.xmlbif`: writes a Bayesian network (read from BIF or XMLBIF) in
// either interchange format, so it opens in GeNIe, SamIam, pgmpy or bnlearn.
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "argraph/bif.h"
#include "argraph/error.h"
#include "cli/commands.h"

namespace argraph::cli {
namespace {

struct ExportOptions {
  std::string input;
  std::string output;
  std::string format;  ///< "bif", "xmlbif" or "" (from the output's extension)
};

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
  if (!IsNetworkFile(options.input)) {
    throw Error("export reads .bif, .xmlbif and .xml files; '" + options.input + "' is none of these");
  }
  NetworkLoadResult loaded = LoadNetworkFile(options.input);
  const bool color = isatty(STDERR_FILENO);
  for (const Diagnostic& d : loaded.diagnostics.items()) std::cerr << FormatDiagnostic(d, loaded.sources, color);
  if (loaded.diagnostics.HasErrors()) return static_cast<int>(ExitCode::kInputErrors);
  std::string text = format == "bif" ? WriteBif(loaded.network) : WriteXmlBif(loaded.network);
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
  CLI::App* cmd = app.add_subcommand("export", "Write a network as BIF or XMLBIF (for GeNIe, SamIam, pgmpy)");
  cmd->add_option("file", options->input, "The network file (.bif, .xmlbif)")->required();
  cmd->add_option("-o,--output", options->output, "The file to write (.bif or .xmlbif; '-' for standard output)")
      ->required();
  cmd->add_option("--format", options->format, "bif or xmlbif (default: from the output's extension)")
      ->check(CLI::IsMember({"bif", "xmlbif"}));
  cmd->callback([options, &exit_code] { exit_code = RunExport(*options); });
}

}  // namespace argraph::cli
