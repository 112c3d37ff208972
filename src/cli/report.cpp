// `argraph report FILE -o report.html`: the self-contained HTML report. Evaluates the argument (and
// each of its profiles), draws the diagram, and hands the numbers to RenderReport.
#include <fstream>
#include <iostream>
#include <sstream>

#include "argraph/critique.h"
#include "argraph/parameters.h"
#include "argraph/render.h"
#include "argraph/report.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/presentation.h"

namespace argraph::cli {
namespace {

struct ReportCliOptions {
  PresentationOptions input;
  std::string output;
  int cruxes = 3;
};

/// P(target | givens) under each of the argument's profiles (applied to the argument as loaded).
std::vector<ReportProfile> ProfileCredences(const Presentation& p) {
  std::vector<ReportProfile> out;
  const int target = p.loaded.ClaimIndex(p.target);
  for (const Profile& profile : p.loaded.profiles) {
    ReportProfile entry{profile.name, profile.description, std::nullopt};
    Argument argument = p.loaded;
    Diagnostics diagnostics;
    if (ApplyProfile(argument, profile.name, diagnostics)) {
      const std::vector<double> credences = EvaluateClaims(argument, p.givens, diagnostics);
      if (!credences.empty()) entry.credence = credences[target];
    }
    out.push_back(std::move(entry));
  }
  return out;
}

/// The critique's findings, as the report lists them.
std::vector<ReportFinding> CritiqueFindings(const Argument& argument) {
  CritiqueOptions options;
  options.read_file = [](const std::string& path) -> std::optional<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  std::vector<ReportFinding> out;
  for (const Finding& finding : CritiqueArgument(argument, options)) {
    const Diagnostic& d = finding.diagnostic;
    std::string where = d.location.file;
    if (d.location.line > 0) where += ":" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column);
    out.push_back({SeverityName(d.severity), d.rule, d.message, where});
  }
  return out;
}

int RunReport(const ReportCliOptions& options) {
  int exit_code = 0;
  std::optional<Presentation> presentation = Present(options.input, exit_code);
  if (!presentation) return exit_code;
  const Presentation& p = *presentation;

  ReportInputs report;
  report.target = p.target;
  report.credence = p.credence;
  report.credences = p.credences;
  report.settings = p.settings;
  report.profiles = ProfileCredences(p);
  report.findings = CritiqueFindings(p.argument);
  report.generator = std::string("argraph ") + ARGRAPH_VERSION;

  DiagramInputs diagram_inputs;
  diagram_inputs.credences = p.credences;
  diagram_inputs.target = p.target;
  DiagramOptions diagram_options;
  diagram_options.cruxes = options.cruxes;
  Diagnostics diagnostics;
  const Diagram diagram = BuildDiagram(p.argument, diagram_inputs, diagram_options, diagnostics);
  report.diagram_svg = RenderInlineSvg(diagram);

  WriteOutput(options.output, RenderReport(p.argument, report));
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReportCliOptions>();
  CLI::App* command = app.add_subcommand("report", "Write a self-contained HTML report of the argument");
  AddPresentationOptions(command, options->input);
  command->add_option("-o,--output", options->output, "The HTML file to write ('-': standard output)")->required();
  command->add_option("--cruxes", options->cruxes, "How many top cruxes to mark in the diagram")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  command->callback([options, &exit_code] { exit_code = RunReport(*options); });
}

}  // namespace argraph::cli
