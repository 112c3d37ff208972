// `argraph uncertainty FILE --samples N --seed S [--threads T]`: Monte Carlo over every parameter with an
// interval (uncertainty.h): mean, sd, quantiles, histogram and Sobol indices. A progress bar on stderr
// when it is a terminal and the run takes more than a second. JSON: {"samples", "seed", "mean", "sd",
// "quantiles": {"0.05", "0.5", "0.95"}, "histogram", "sobol": [{"name", "first_order", "total"}]}.
#include "argraph/uncertainty.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "cli/analysis.h"
#include "cli/commands.h"
#include "cli/evaluator_input.h"

namespace argraph::cli {
namespace {

struct UncertaintyCommandOptions {
  AnalysisOptions analysis;
  double samples = 100000;  ///< a double so that 1e6 can be written as such; checked to be an integer
  uint64_t seed = 1;
  int threads = 1;
  int bins = 20;
};

std::string Fixed(double x, int digits) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, x);
  return buffer;
}

// Draws "[#####.....]  52%" on stderr, from the first call made after a second has passed.
class ProgressBar {
 public:
  ProgressBar() : start_(std::chrono::steady_clock::now()), enabled_(isatty(STDERR_FILENO)) {}
  void operator()(double fraction) {
    if (!enabled_ || std::chrono::steady_clock::now() - start_ < std::chrono::seconds(1)) return;
    const int filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 40);
    std::cerr << "\r[" << std::string(static_cast<size_t>(filled), '#')
              << std::string(static_cast<size_t>(40 - filled), '.') << "] "
              << static_cast<int>(fraction * 100) << "%" << std::flush;
    shown_ = true;
  }
  ~ProgressBar() {
    if (shown_) std::cerr << "\r" << std::string(48, ' ') << "\r" << std::flush;
  }

 private:
  std::chrono::steady_clock::time_point start_;
  bool enabled_;
  bool shown_ = false;
};

void PrintNames(const std::string& lead, const std::vector<std::string>& names) {
  std::cerr << lead;
  for (size_t i = 0; i < names.size() && i < 8; ++i) std::cerr << (i ? ", " : "") << names[i];
  if (names.size() > 8) std::cerr << " and " << names.size() - 8 << " more";
  std::cerr << '\n';
}

int Run(const UncertaintyCommandOptions& options) {
  if (!(options.samples >= 1 && options.samples <= 1e9) || options.samples != std::floor(options.samples)) {
    std::cerr << "argraph: error: --samples must be a whole number from 1 to 1000000000\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (options.threads < 1 || options.threads > 256) {
    std::cerr << "argraph: error: --threads must be from 1 to 256\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  int exit_code = 0;
  AnalysisInput input;
  if (!LoadAnalysisInput(options.analysis, input, exit_code)) return exit_code;
  if (input.target < 0) {
    std::cerr << "argraph: error: uncertainty needs a target: give --target VARIABLE\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  Evaluator evaluator = EvaluatorFor(input);
  if (!evaluator.Probability(TargetOf(input), input.evidence)) {
    std::cerr << "argraph: error: " << ImpossibleEvidenceMessage(input) << '\n';
    return static_cast<int>(ExitCode::kInputErrors);
  }
  UncertaintyOptions run;
  run.samples = static_cast<uint64_t>(options.samples);
  run.seed = options.seed;
  run.threads = options.threads;
  run.bins = options.bins;
  ProgressBar bar;
  std::mutex mutex;
  run.progress = [&](double fraction) {
    std::lock_guard<std::mutex> lock(mutex);
    bar(fraction);
  };
  const UncertaintyReport r = Uncertainty(evaluator, TargetOf(input), input.evidence, run);
  if (!r.fixed.empty()) {
    PrintNames("argraph: note: " + std::to_string(r.fixed.size()) + " parameter" +
                   (r.fixed.size() == 1 ? "" : "s") + " without an interval held fixed: ",
               r.fixed);
  }
  if (r.varied.empty()) std::cerr << "argraph: note: no parameter has an interval, so nothing varies\n";
  if (r.impossible) {
    std::cerr << "argraph: warning: the evidence was impossible in " << r.impossible << " of " << r.samples
              << " samples; they are left out\n";
  }
  const std::string target = input.network().variables[static_cast<size_t>(input.target)].name;
  if (input.format == OutputFormat::kJson) {
    nlohmann::ordered_json out;
    out["argument"] = input.Name();
    out["target"] = target;
    out["samples"] = r.samples;
    out["seed"] = r.seed;
    out["threads"] = options.threads;
    out["mean"] = r.mean;
    out["sd"] = r.sd;
    out["quantiles"] = {{"0.05", r.q05}, {"0.5", r.q50}, {"0.95", r.q95}};
    out["histogram"] = nlohmann::ordered_json::array();
    for (const HistogramBin& b : r.histogram)
      out["histogram"].push_back({{"low", b.low}, {"high", b.high}, {"count", b.count}});
    out["sobol"] = nlohmann::ordered_json::array();
    for (const SobolIndex& s : r.sobol) {
      out["sobol"].push_back({{"name", s.name},
                              {"first_order", s.first_order},
                              {"total", s.total},
                              {"first_order_se", s.first_order_se},
                              {"total_se", s.total_se}});
    }
    out["varied"] = r.varied;
    out["fixed"] = r.fixed;
    out["seconds"] = r.seconds;
    WriteJson(out, std::cout);
    return 0;
  }
  if (input.format == OutputFormat::kCsv) {
    std::cout << "low,high,count\n";
    for (const HistogramBin& b : r.histogram) {
      std::cout << nlohmann::json(b.low).dump() << ',' << nlohmann::json(b.high).dump() << ',' << b.count
                << '\n';
    }
    return 0;
  }
  std::cout << "P(" << target << ") over " << r.samples << " samples (seed " << r.seed << ", "
            << options.threads << " thread" << (options.threads == 1 ? "" : "s") << ", "
            << Fixed(r.seconds, 2) << " s)\n"
            << "  mean " << Fixed(r.mean, 4) << "  sd " << Fixed(r.sd, 4) << "  5% " << Fixed(r.q05, 4)
            << "  50% " << Fixed(r.q50, 4) << "  95% " << Fixed(r.q95, 4) << "\n\n";
  uint64_t most = 1;
  for (const HistogramBin& b : r.histogram) most = std::max(most, b.count);
  for (const HistogramBin& b : r.histogram) {
    std::cout << "  " << Fixed(b.low, 3) << "-" << Fixed(b.high, 3) << "  "
              << std::string(static_cast<size_t>(std::lround(40.0 * static_cast<double>(b.count) /
                                                             static_cast<double>(most))),
                             '#')
              << '\n';
  }
  if (!r.sobol.empty()) {
    size_t width = 9;
    for (const SobolIndex& s : r.sobol) width = std::max(width, s.name.size());
    std::cout << "\nSobol indices (Jansen; ± standard error)\n  " << std::string(width, ' ')
              << "  first order       total\n";
    for (const SobolIndex& s : r.sobol) {
      std::string name = s.name;
      name.resize(width, ' ');
      std::cout << "  " << name << "  " << Fixed(s.first_order, 3) << " ± " << Fixed(s.first_order_se, 3)
                << "   " << Fixed(s.total, 3) << " ± " << Fixed(s.total_se, 3) << '\n';
    }
  }
  return 0;
}

}  // namespace

void AddUncertaintyCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<UncertaintyCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "uncertainty",
      "Monte Carlo over every interval: mean, quantiles, histogram and Sobol indices of the target");
  AddAnalysisOptions(command, options->analysis);
  command->add_option("--samples", options->samples, "Evaluations in all (1 to 1e9)")->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed (same seed and threads: same result)")
      ->capture_default_str();
  command->add_option("--threads", options->threads, "Threads")->capture_default_str();
  command->add_option("--bins", options->bins, "Histogram bins")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  command->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace argraph::cli
