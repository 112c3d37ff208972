// `argraph render FILE -o OUT [--format svg|png|pdf|dot]`: draws the argument with Graphviz, its top
// cruxes (by swing, from the crux analysis) outlined and numbered. Maps flags to DiagramOptions; the
// format follows OUT's extension unless --format says otherwise; `-o -` writes to standard output
// (SVG unless --format). With --db the evaluation is recorded in the store.
#include <iostream>

#include "argraph/error.h"
#include "argraph/render.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/presentation.h"

namespace argraph::cli {
namespace {

struct RenderCliOptions {
  AnalysisOptions input;
  std::string output;
  std::string format;
  DiagramOptions diagram;
  bool no_objections = false;
  std::string layout = "dot";
};

int RunRender(const RenderCliOptions& options) {
  std::optional<DiagramFormat> format;
  if (!options.format.empty()) {
    format = ParseDiagramFormat(options.format);
  } else if (options.output == "-") {
    format = DiagramFormat::kSvg;
  } else {
    format = DiagramFormatFromPath(options.output);
    if (!format) {
      throw Error("cannot tell the format of '" + options.output +
                  "' from its extension; name it .svg, .png, .pdf or .dot, or give --format");
    }
  }
  int exit_code = 0;
  std::optional<Presentation> presentation = Present(options.input, 0.5, exit_code);
  if (!presentation) return exit_code;
  if (presentation->credence) RecordEvaluation(presentation->input, "exact", *presentation->credence);

  const DiagramInputs inputs = DiagramInputsOf(*presentation);
  DiagramOptions diagram_options = options.diagram;
  diagram_options.objections = !options.no_objections;
  diagram_options.layout = options.layout == "sfdp" ? DiagramLayout::kSfdp : DiagramLayout::kDot;
  Diagnostics diagnostics;
  const Diagram diagram = BuildDiagram(presentation->input.argument, inputs, diagram_options, diagnostics);
  if (diagnostics.HasErrors()) {
    for (const Diagnostic& d : diagnostics.items()) std::cerr << "argraph: error: " << d.message << '\n';
    return static_cast<int>(ExitCode::kUsage);
  }
  WriteOutput(options.output, RenderDiagram(diagram, *format));
  return 0;
}

}  // namespace

void AddRenderCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RenderCliOptions>();
  CLI::App* command = app.add_subcommand("render", "Draw the argument with Graphviz (SVG, PNG, PDF or DOT)");
  AddPresentationOptions(command, options->input);
  command->add_option("-o,--output", options->output, "The file to write ('-': standard output)")->required();
  command->add_option("--format", options->format, "svg, png, pdf or dot (default: from the output's extension)")
      ->check(CLI::IsMember({"svg", "png", "pdf", "dot", "gv"}));
  command->add_option("--cruxes", options->diagram.cruxes, "How many top cruxes to outline and number")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  command->add_flag("--no-objections", options->no_objections, "Do not draw objections");
  command->add_option("--focus", options->diagram.focus, "Draw only the neighbourhood of this claim");
  command->add_option("--depth", options->diagram.depth, "Radius of the --focus neighbourhood, in links")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  command->add_option("--top", options->diagram.top, "Keep only the K claims that matter most to the target")
      ->check(CLI::Range(0, 10000000));
  command->add_option("--layout", options->layout, "dot (layered) or sfdp (force-directed, for big graphs)")
      ->check(CLI::IsMember({"dot", "sfdp"}))
      ->capture_default_str();
  command->callback([options, &exit_code] { exit_code = RunRender(*options); });
}

}  // namespace argraph::cli
