// `argraph cruxes FILE`: which parameters and claims the target hinges on (cruxes.h), as a tornado table,
// JSON ({"target", "credence", "threshold", "parameters": [...], "claims": [...]}, DESIGN.md section 6)
// or CSV (one row per parameter).
#include "argraph/cruxes.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <nlohmann/json.hpp>

#include "cli/analysis.h"
#include "cli/commands.h"
#include "cli/evaluator_input.h"
#include "cli/heap.h"

namespace argraph::cli {
namespace {

struct CruxesOptions {
  AnalysisOptions analysis;
  double threshold = 0.5;
  size_t top = 0;  ///< 0: all (JSON, CSV), 20 (text)
};

std::string Fixed(double x, int digits) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, std::fabs(x) < 0.5 * std::pow(10, -digits) ? 0.0 : x);
  return buffer;
}

std::string Cell(const std::optional<double>& x, int digits) {
  return x ? Fixed(*x, digits) : "-";
}

std::string Pad(std::string_view text, size_t width) {
  std::string s(text);
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

// A tornado bar over [lo, hi]: '-' from the target's value toward the parameter's low end, '+' toward its
// high end, '|' at the current value.
std::string Bar(const ParameterCrux& crux, double credence, double lo, double hi, int width) {
  std::string bar(static_cast<size_t>(width), ' ');
  auto column = [&](double x) {
    const double t = hi > lo ? (x - lo) / (hi - lo) : 0.5;
    return std::clamp(static_cast<int>(std::lround(t * (width - 1))), 0, width - 1);
  };
  const int centre = column(credence);
  auto fill = [&](const std::optional<double>& end, char c) {
    if (!end) return;
    const int to = column(*end);
    for (int k = std::min(centre, to); k <= std::max(centre, to); ++k) bar[static_cast<size_t>(k)] = c;
  };
  fill(crux.at_low, '-');
  fill(crux.at_high, '+');
  bar[static_cast<size_t>(centre)] = '|';
  return bar;
}

void PrintText(const AnalysisInput& input, const CruxReport& report, size_t top) {
  const std::string target = input.network().variables[static_cast<size_t>(input.target)].name;
  std::cout << "Cruxes of '" << target << "' in " << input.Name();
  if (!input.evidence.empty()) std::cout << " given " << EvidenceText(input);
  std::cout << ": P = " << Fixed(report.credence, 4) << ", threshold " << Fixed(report.threshold, 2)
            << "\n\n";
  const size_t rows = std::min(top, report.parameters.size());
  double lo = report.credence, hi = report.credence;
  size_t name_width = 9;
  for (size_t i = 0; i < rows; ++i) {
    const ParameterCrux& c = report.parameters[i];
    for (const auto& x : {c.at_low, c.at_high}) {
      if (x) lo = std::min(lo, *x), hi = std::max(hi, *x);
    }
    name_width = std::max(name_width, c.name.size());
  }
  constexpr int kWidth = 32;
  std::cout << Pad("parameter", name_width) << "  value   low     high    P(low)  P(high) d/dx      flip at  "
            << Fixed(lo, 3) << std::string(kWidth - 10, ' ') << Fixed(hi, 3) << '\n';
  for (size_t i = 0; i < rows; ++i) {
    const ParameterCrux& c = report.parameters[i];
    std::cout << Pad(c.name, name_width) << "  " << Pad(Fixed(c.value, 3), 7) << ' '
              << Pad(Fixed(c.low, 3), 7) << ' ' << Pad(Fixed(c.high, 3), 7) << ' '
              << Pad(Cell(c.at_low, 4), 7) << ' ' << Pad(Cell(c.at_high, 4), 7) << ' '
              << Pad((c.derivative >= 0 ? "+" : "") + Fixed(c.derivative, 4), 9) << ' '
              << Pad(Cell(c.flip_at, 3), 8) << ' ' << Bar(c, report.credence, lo, hi, kWidth) << '\n';
  }
  if (rows < report.parameters.size()) {
    std::cout << "(" << report.parameters.size() - rows << " more parameters; --top N shows more)\n";
  }
  std::cout
      << "\n- toward the low end, + toward the high end, | the current credence; ranges marked in the JSON\n"
         "  output as default_interval are [0.05, 0.95] (probabilities) or value ± 1 (weights)\n\n";
  const size_t claim_rows = std::min(top, report.claims.size());
  size_t id_width = 5;
  for (size_t i = 0; i < claim_rows; ++i) id_width = std::max(id_width, report.claims[i].id.size());
  std::cout << Pad("claim", id_width) << "  if true  if false  info (bits)  exp. shift  flips at credence\n";
  for (size_t i = 0; i < claim_rows; ++i) {
    const ClaimCrux& c = report.claims[i];
    std::cout << Pad(c.id, id_width) << "  " << Pad(Cell(c.if_true, 4), 7) << "  "
              << Pad(Cell(c.if_false, 4), 8) << "  " << Pad(Fixed(c.mutual_information, 4), 11) << "  "
              << Pad(Fixed(c.expected_shift, 4), 10) << "  " << Cell(c.jeffrey_flip, 3) << '\n';
  }
  if (claim_rows < report.claims.size()) {
    std::cout << "(" << report.claims.size() - claim_rows << " more claims; --top N shows more)\n";
  }
}

void PrintJson(const AnalysisInput& input, const CruxReport& report, size_t top) {
  nlohmann::ordered_json out;
  out["argument"] = input.Name();
  out["target"] = input.network().variables[static_cast<size_t>(input.target)].name;
  out["evidence"] = nlohmann::ordered_json::object();
  for (const auto& [var, state] : input.evidence_names) out["evidence"][var] = state;
  out["credence"] = report.credence;
  out["threshold"] = report.threshold;
  out["parameters"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < std::min(top, report.parameters.size()); ++i) {
    const ParameterCrux& c = report.parameters[i];
    out["parameters"].push_back({{"name", c.name},
                                 {"value", c.value},
                                 {"low", c.low},
                                 {"high", c.high},
                                 {"derivative", c.derivative},
                                 {"at_low", OptionalNumber(c.at_low)},
                                 {"at_high", OptionalNumber(c.at_high)},
                                 {"flip_at", OptionalNumber(c.flip_at)},
                                 {"default_interval", c.default_interval}});
  }
  out["claims"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < std::min(top, report.claims.size()); ++i) {
    const ClaimCrux& c = report.claims[i];
    out["claims"].push_back({{"id", c.id},
                             {"if_true", OptionalNumber(c.if_true)},
                             {"if_false", OptionalNumber(c.if_false)},
                             {"mutual_information", c.mutual_information},
                             {"expected_shift", c.expected_shift},
                             {"flip_at_credence", OptionalNumber(c.jeffrey_flip)}});
  }
  out["propagations"] = report.propagations;
  WriteJson(out, std::cout);
}

void PrintCsv(const CruxReport& report, size_t top) {
  std::cout << "name,value,low,high,derivative,at_low,at_high,flip_at\n";
  auto number = [](const std::optional<double>& x) { return x ? nlohmann::json(*x).dump() : std::string(); };
  for (size_t i = 0; i < std::min(top, report.parameters.size()); ++i) {
    const ParameterCrux& c = report.parameters[i];
    std::cout << '"' << c.name << "\"," << number(c.value) << ',' << number(c.low) << ',' << number(c.high)
              << ',' << number(c.derivative) << ',' << number(c.at_low) << ',' << number(c.at_high) << ','
              << number(c.flip_at) << '\n';
  }
}

int Run(const CruxesOptions& options) {
  int exit_code = 0;
  // Kept until the process exits (heap.h): destroying a large argument's evaluator and report would
  // free their blocks one by one.
  struct Kept {
    AnalysisInput input;
    std::optional<Evaluator> evaluator;
    CruxReport report;
  };
  auto kept = std::make_unique<Kept>();
  AnalysisInput& input = kept->input;
  if (!LoadAnalysisInput(options.analysis, input, exit_code)) return exit_code;
  if (input.target < 0) {
    std::cerr << "argraph: error: cruxes needs a target: give --target VARIABLE\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (!(options.threshold >= 0 && options.threshold <= 1)) {
    std::cerr << "argraph: error: --threshold must be a probability in [0,1]\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  Evaluator& evaluator = kept->evaluator.emplace(EvaluatorFor(input));
  kept->report = Cruxes(evaluator, TargetOf(input), input.evidence, options.threshold);
  const CruxReport& report = kept->report;
  if (!report.possible) {
    std::cerr << "argraph: error: " << ImpossibleEvidenceMessage(input) << '\n';
    return static_cast<int>(ExitCode::kInputErrors);
  }
  RecordEvaluation(input, "exact", report.credence);
  const size_t all = std::max(report.parameters.size(), report.claims.size());
  switch (input.format) {
    case OutputFormat::kJson: PrintJson(input, report, options.top ? options.top : all); break;
    case OutputFormat::kCsv: PrintCsv(report, options.top ? options.top : all); break;
    case OutputFormat::kText: PrintText(input, report, options.top ? options.top : 20); break;
  }
  KeepUntilExit(std::move(kept));
  return 0;
}

}  // namespace

void AddCruxesCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CruxesOptions>();
  CLI::App* command = app.add_subcommand(
      "cruxes", "Rank the parameters and claims the target hinges on: derivatives, tornado, flip points");
  AddAnalysisOptions(command, options->analysis);
  command->add_option("--threshold", options->threshold, "The credence whose crossing counts as a flip")
      ->capture_default_str();
  command->add_option("--top", options->top, "Show only the N largest of each list (text default: 20)");
  command->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace argraph::cli
