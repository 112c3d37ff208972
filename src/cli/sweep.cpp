// `argraph sweep FILE --param NAME [--param NAME2] [--from X --to Y --steps N]`: P(target) along one
// parameter or over a grid of two, each point exact (sweep.h). Text table, JSON
// ({"target", "parameters", "values", "points": [{NAME: x, ..., "credence": p}]}) or CSV for plotting.
#include "argraph/sweep.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/analysis.h"
#include "cli/commands.h"
#include "cli/evaluator_input.h"

namespace argraph::cli {
namespace {

struct SweepOptions {
  AnalysisOptions analysis;
  std::vector<std::string> params;
  std::vector<double> from, to;  ///< per parameter, in the order of --param; default SweepRange
  int steps = 11;
};

std::string Number(const std::optional<double>& x) {
  if (!x) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", *x);
  return buffer;
}

int Run(const SweepOptions& options) {
  int exit_code = 0;
  AnalysisInput input;
  if (!LoadAnalysisInput(options.analysis, input, exit_code)) return exit_code;
  if (input.target < 0) {
    std::cerr << "argraph: error: sweep needs a target: give --target VARIABLE\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (options.from.size() > options.params.size() || options.to.size() > options.params.size()) {
    std::cerr << "argraph: error: give at most one --from and one --to per --param\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (options.steps < 2 || options.steps > 100000) {
    std::cerr << "argraph: error: --steps must be between 2 and 100000\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  Evaluator evaluator = EvaluatorFor(input);
  std::vector<SweepAxis> axes;
  for (size_t i = 0; i < options.params.size(); ++i) {
    const int p = FindParameterOrSay(evaluator, options.params[i]);
    if (p < 0) return static_cast<int>(ExitCode::kUsage);
    const Parameter& parameter = evaluator.parameters()[static_cast<size_t>(p)];
    auto [lo, hi] = SweepRange(parameter);
    SweepAxis axis{static_cast<size_t>(p), i < options.from.size() ? options.from[i] : lo,
                   i < options.to.size() ? options.to[i] : hi, options.steps};
    const bool finite = std::isfinite(axis.from) && std::isfinite(axis.to);
    if (!finite || (parameter.IsProbability() &&
                    (std::min(axis.from, axis.to) < 0 || std::max(axis.from, axis.to) > 1))) {
      std::cerr << "argraph: error: the sweep of '" << parameter.name << "' must stay within "
                << (parameter.IsProbability() ? "[0,1]" : "finite log-odds") << '\n';
      return static_cast<int>(ExitCode::kUsage);
    }
    axes.push_back(axis);
  }
  const SweepResult result = Sweep(evaluator, TargetOf(input), input.evidence, axes);
  const std::string target = input.network().variables[static_cast<size_t>(input.target)].name;
  const size_t columns = axes.size() == 2 ? result.values[1].size() : 1;
  auto coordinates = [&](size_t k) {
    std::vector<double> x{result.values[0][axes.size() == 2 ? k / columns : k]};
    if (axes.size() == 2) x.push_back(result.values[1][k % columns]);
    return x;
  };
  switch (input.format) {
    case OutputFormat::kJson: {
      nlohmann::ordered_json out;
      out["argument"] = input.Name();
      out["target"] = target;
      out["parameters"] = result.names;
      out["values"] = result.values;
      out["points"] = nlohmann::ordered_json::array();
      for (size_t k = 0; k < result.probability.size(); ++k) {
        nlohmann::ordered_json point;
        const std::vector<double> x = coordinates(k);
        for (size_t i = 0; i < x.size(); ++i) point[result.names[i]] = x[i];
        point["credence"] = OptionalNumber(result.probability[k]);
        out["points"].push_back(point);
      }
      WriteJson(out, std::cout);
      break;
    }
    case OutputFormat::kCsv:
      for (const std::string& name : result.names) std::cout << '"' << name << "\",";
      std::cout << "credence\n";
      for (size_t k = 0; k < result.probability.size(); ++k) {
        for (double x : coordinates(k)) std::cout << Number(x) << ',';
        std::cout << Number(result.probability[k]) << '\n';
      }
      break;
    case OutputFormat::kText:
      std::cout << "P(" << target << ") in " << input.Name();
      if (!input.evidence.empty()) std::cout << " given " << EvidenceText(input);
      std::cout << '\n';
      if (axes.size() == 1) {
        std::cout << result.names[0] << "\tP(" << target << ")\n";
        for (size_t k = 0; k < result.probability.size(); ++k) {
          const double p = result.probability[k].value_or(0);
          std::cout << Number(result.values[0][k]) << '\t'
                    << (result.probability[k] ? Number(p) : "impossible") << '\t'
                    << std::string(static_cast<size_t>(std::lround(p * 40)), '#') << '\n';
        }
      } else {
        std::cout << result.names[0] << " (rows) x " << result.names[1] << " (columns)\n\t";
        for (double y : result.values[1]) std::cout << Number(y) << '\t';
        std::cout << '\n';
        for (size_t i = 0; i < result.values[0].size(); ++i) {
          std::cout << Number(result.values[0][i]) << '\t';
          for (size_t j = 0; j < columns; ++j) {
            const std::optional<double>& p = result.probability[i * columns + j];
            std::cout << (p ? Number(*p) : "-") << '\t';
          }
          std::cout << '\n';
        }
      }
      break;
  }
  return 0;
}

}  // namespace

void AddSweepCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* command =
      app.add_subcommand("sweep", "P(target) along one parameter or over a grid of two, exactly");
  AddAnalysisOptions(command, options->analysis);
  command->add_option("--param", options->params, "The parameter to sweep (give it twice for a grid)")
      ->required()
      ->expected(1, 2);
  command->add_option("--from", options->from,
                      "Start of the range, per --param (default: 0, or value - 3 for weights)");
  command->add_option("--to", options->to,
                      "End of the range, per --param (default: 1, or value + 3 for weights)");
  command->add_option("--steps", options->steps, "Points per parameter, ends included")
      ->capture_default_str();
  command->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace argraph::cli
