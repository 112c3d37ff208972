// `argraph report FILE -o report.html`: the self-contained HTML report. Evaluates the argument once,
// ranks its cruxes (cruxes.h), sweeps the top ones (sweep.h), runs the Monte Carlo analysis over the
// parameters' intervals (uncertainty.h), evaluates each profile (the file's and, with --db, the
// store's), runs the critique, draws the diagram, and hands all of it to RenderReport.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>

#include "argraph/critique.h"
#include "argraph/parameters.h"
#include "argraph/render.h"
#include "argraph/report.h"
#include "argraph/sweep.h"
#include "argraph/uncertainty.h"
#include "cli/commands.h"
#include "cli/critique.h"
#include "cli/evaluator_input.h"
#include "cli/output.h"
#include "cli/presentation.h"

namespace argraph::cli {
namespace {

struct ReportCliOptions {
  AnalysisOptions input;
  std::string output;
  int cruxes = 3;
  double threshold = 0.5;
  uint64_t samples = 5000;  // the essay: about half a second on one core
  uint64_t seed = 1;
  int curve_points = 41;
};

/// P(target | e) with every parameter at its value as loaded, then `values` applied (names the
/// argument lacks, or values out of range, are skipped). nullopt when e is impossible.
std::optional<double> CredenceUnder(const Presentation& p, const std::vector<std::pair<std::string, double>>& values) {
  Evaluator evaluator = p.evaluator.Clone();
  auto set = [&](const std::string& name, double value) {
    const int i = evaluator.space().Find(name);
    if (i < 0 || !std::isfinite(value)) return;
    if (evaluator.parameters()[static_cast<size_t>(i)].IsProbability() && (value < 0 || value > 1)) return;
    evaluator.Set(static_cast<size_t>(i), value);
  };
  for (const Parameter& parameter : ListParameters(p.input.loaded)) set(parameter.name, parameter.value);
  for (const auto& [name, value] : values) set(name, value);
  return evaluator.Probability(TargetOf(p.input), p.input.evidence);
}

/// P(target | e) under each of the argument's profiles and, with --db, each profile kept in the store.
std::vector<ReportProfile> ProfileCredences(const Presentation& p) {
  std::vector<ReportProfile> out;
  for (const Profile& profile : p.input.loaded.profiles) {
    out.push_back({profile.name, profile.description, CredenceUnder(p, profile.set)});
  }
  if (p.input.stored) {
    Store store = Store::Open(p.input.db_path);
    for (const ProfileInfo& info : store.Profiles(p.input.stored->argument_id)) {
      std::vector<std::pair<std::string, double>> values;
      for (const ProfileValue& v : store.ProfileValues(info.argument_id, info.name)) {
        values.emplace_back(v.parameter, v.value);
      }
      std::string description = "kept in the store";
      if (!info.author.empty()) description += " by " + info.author;
      if (!info.description.empty()) description += ": " + info.description;
      out.push_back({info.name, description, CredenceUnder(p, values)});
    }
  }
  return out;
}

/// The critique's findings, as the report lists them.
std::vector<ReportFinding> CritiqueFindings(const Argument& argument) {
  std::vector<ReportFinding> out;
  for (const Finding& finding : CritiqueFromDisk(argument)) {
    const Diagnostic& d = finding.diagnostic;
    std::string where = d.location.file;
    if (d.location.line > 0) where += ":" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column);
    out.push_back({SeverityName(d.severity), d.rule, d.message, where});
  }
  return out;
}

/// The tornado rows, the sweep curves of the top `curves` parameters and the Monte Carlo histogram.
void AddAnalyses(const Presentation& p, const ReportCliOptions& options, ReportInputs& report) {
  if (!p.cruxes) return;
  const Target target = TargetOf(p.input);
  for (const ParameterCrux& c : p.cruxes->parameters) {
    report.cruxes.push_back({std::string(c.name), c.value, c.low, c.high, c.at_low, c.at_high, c.flip_at});
  }
  const size_t curves = std::min(static_cast<size_t>(std::max(options.cruxes, 0)), p.cruxes->parameters.size());
  for (size_t k = 0; k < curves; ++k) {
    const ParameterCrux& crux = p.cruxes->parameters[k];
    if (crux.swing() <= 0) break;  // the rest move nothing: no curve worth drawing
    const int index = p.evaluator.space().Find(crux.name);
    const Parameter& parameter = p.evaluator.parameters()[static_cast<size_t>(index)];
    const auto [from, to] = SweepRange(parameter);
    const SweepResult sweep = Sweep(p.evaluator, target, p.input.evidence,
                                    {SweepAxis{static_cast<size_t>(index), from, to, options.curve_points}});
    report.curves.push_back({std::string(crux.name), parameter.value, sweep.values[0], sweep.probability});
  }
  const auto& parameters = p.evaluator.parameters();
  if (std::none_of(parameters.begin(), parameters.end(), [](const Parameter& x) { return x.interval.has_value(); })) {
    return;  // nothing varies: the page says so
  }
  UncertaintyOptions run;
  run.samples = options.samples;
  run.seed = options.seed;
  const UncertaintyReport u = Uncertainty(p.evaluator, target, p.input.evidence, run);
  if (u.varied.empty() || u.impossible == u.samples) return;  // nothing varies: the page says so
  ReportUncertainty shown{u.samples - u.impossible, u.mean, u.sd, u.q05, u.q50, u.q95, {}};
  for (const HistogramBin& bin : u.histogram) shown.histogram.push_back({bin.low, bin.high, bin.count});
  report.uncertainty = std::move(shown);
}

int RunReport(ReportCliOptions options) {
  if (!(options.threshold >= 0 && options.threshold <= 1)) {
    return UsageError("--threshold must be a probability in [0,1]");
  }
  options.input.keep_loaded = true;
  int exit_code = 0;
  std::optional<Presentation> presentation = Present(options.input, options.threshold, exit_code);
  if (!presentation) return exit_code;
  const Presentation& p = *presentation;
  if (p.credence) RecordEvaluation(p.input, "exact", *p.credence);

  const DiagramInputs diagram_inputs = DiagramInputsOf(p);
  ReportInputs report;
  report.target = diagram_inputs.target;
  report.credence = p.credence;
  report.credences = p.credences;
  report.settings = p.input.setting_texts;
  report.threshold = options.threshold;
  AddAnalyses(p, options, report);
  report.profiles = ProfileCredences(p);
  report.findings = CritiqueFindings(p.input.argument);
  report.generator = std::string("argraph ") + ARGRAPH_VERSION;

  DiagramOptions diagram_options;
  diagram_options.cruxes = options.cruxes;
  Diagnostics diagnostics;
  const Diagram diagram = BuildDiagram(p.input.argument, diagram_inputs, diagram_options, diagnostics);
  report.diagram_svg = RenderInlineSvg(diagram);

  WriteOutput(options.output, RenderReport(p.input.argument, report));
  return 0;
}

}  // namespace

void AddReportCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReportCliOptions>();
  CLI::App* command = app.add_subcommand("report", "Write a self-contained HTML report of the argument");
  AddPresentationOptions(command, options->input);
  command->add_option("-o,--output", options->output, "The HTML file to write ('-': standard output)")->required();
  command->add_option("--cruxes", options->cruxes, "How many top cruxes to mark in the diagram and draw curves of")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  command->add_option("--threshold", options->threshold, "The credence whose crossing counts as a flip")
      ->capture_default_str();
  command->add_option("--samples", options->samples, "Monte Carlo evaluations for the uncertainty histogram")
      ->check(CLI::Range(uint64_t{1}, uint64_t{100000000}))
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed of the Monte Carlo analysis")->capture_default_str();
  command->callback([options, &exit_code] { exit_code = RunReport(*options); });
}

}  // namespace argraph::cli
