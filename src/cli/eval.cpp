// `argraph eval FILE`: every claim's (or variable's) marginal, the target first, by junction tree;
// over --memory-limit, with --approximate, by likelihood weighting with standard errors.
// JSON: {"argument", "target", "method", "evidence", "marginals": {VAR: {STATE: P}}} (DESIGN.md 6).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "argraph/junction_tree.h"
#include "argraph/sampling.h"
#include "cli/analysis.h"
#include "cli/commands.h"
#include "cli/gradual_eval.h"
#include "cli/heap.h"

namespace argraph::cli {
namespace {

struct EvalOptions {
  AnalysisOptions analysis;
  bool approximate = false;
  GradualFlags gradual;
  size_t samples = 100000;
  uint64_t seed = 1;
};

/// Four decimals, or three significant digits for values below 1e-4 (so 1e-15 does not print as 0).
std::string Probability(double p) {
  char buffer[32];
  if (p == 0 || p >= 1e-4) {
    std::snprintf(buffer, sizeof buffer, "%.4f", p);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3g", p);
  }
  return buffer;
}

std::string Signed(double d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.4f", std::fabs(d) < 5e-5 ? 0.0 : d);
  return buffer;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

/// Visible variables, the target first, then in network order.
std::vector<int> OutputOrder(const AnalysisInput& input) {
  const Network& network = input.network();
  std::vector<int> order;
  if (input.target >= 0) order.push_back(input.target);
  for (size_t v = 0; v < network.variables.size(); ++v) {
    if (!network.variables[v].hidden && static_cast<int>(v) != input.target) order.push_back(static_cast<int>(v));
  }
  return order;
}

void PrintJson(const AnalysisInput& input, const std::vector<int>& order, const Posterior& posterior,
               const ApproximatePosterior* approximate, const EvalOptions& options) {
  // Written by hand rather than through an ordered JSON object, whose look-ups are linear: a
  // 100,000-claim debate must not cost quadratic time. Layout as nlohmann's dump(2).
  const Network& network = input.network();
  auto text = [](const auto& value) { return nlohmann::json(value).dump(); };
  std::string out = "{\n  \"argument\": " + text(input.Name()) + ",\n  \"target\": " +
                    (input.target >= 0 ? text(network.variables[static_cast<size_t>(input.target)].name) : "null") +
                    ",\n  \"method\": " + text(approximate ? std::string("approximate")
                                     : options.gradual.semantics == "bayes" ? std::string("exact")
                                                                            : options.gradual.semantics) + ",\n  \"evidence\": {";
  for (size_t k = 0; k < input.evidence_names.size(); ++k) {
    out += (k ? ",\n    " : "\n    ") + text(input.evidence_names[k].first) + ": " + text(input.evidence_names[k].second);
  }
  out += input.evidence_names.empty() ? "}" : "\n  }";
  auto table = [&](const char* key, const std::vector<std::vector<double>>& values) {
    out += ",\n  \"" + std::string(key) + "\": {";
    for (size_t k = 0; k < order.size(); ++k) {
      const Variable& var = network.variables[static_cast<size_t>(order[k])];
      out += (k ? ",\n    " : "\n    ") + text(var.name) + ": {";
      for (size_t s = 0; s < var.states.size(); ++s) {
        out += (s ? ",\n      " : "\n      ") + text(var.states[s]) + ": " +
               text(values[static_cast<size_t>(order[k])][s]);
      }
      out += "\n    }";
    }
    out += order.empty() ? "}" : "\n  }";
  };
  table("marginals", posterior.marginals);
  if (approximate) {
    table("standard_errors", approximate->standard_errors);
    out += ",\n  \"samples\": " + text(options.samples) + ",\n  \"seed\": " + text(options.seed);
  }
  std::cout << out << "\n}\n";
}

void PrintCsv(const AnalysisInput& input, const std::vector<int>& order, const Posterior& posterior,
              const ApproximatePosterior* approximate) {
  const Network& network = input.network();
  std::cout << "variable,state,probability" << (approximate ? ",standard_error" : "") << '\n';
  for (int v : order) {
    const Variable& var = network.variables[static_cast<size_t>(v)];
    for (size_t s = 0; s < var.states.size(); ++s) {
      std::cout << CsvField(var.name) << ',' << CsvField(var.states[s]) << ','
                << nlohmann::json(posterior.marginals[static_cast<size_t>(v)][s]).dump();
      if (approximate) std::cout << ',' << nlohmann::json(approximate->standard_errors[static_cast<size_t>(v)][s]).dump();
      std::cout << '\n';
    }
  }
}

/// The claim's prior (root) or stated (derived) credence, as a table cell.
std::string PriorCell(const AnalysisInput& input, int v) {
  const Claim& claim = input.argument.claims[static_cast<size_t>(v)];
  if (!claim.credence) return "";
  return Probability(*claim.credence) + (claim.IsRoot() ? " prior" : " stated");
}

void PrintText(const AnalysisInput& input, const std::vector<int>& order, const Posterior& posterior,
               const Posterior* without_evidence, const ApproximatePosterior* approximate, bool strength = false) {
  const Network& network = input.network();
  std::cout << input.Name();
  if (input.target >= 0) {
    std::cout << (strength ? ": strength(" : ": P(") << network.variables[static_cast<size_t>(input.target)].name;
    if (!input.is_argument) std::cout << " = " << network.variables[static_cast<size_t>(input.target)].states[0];
    std::cout << (input.evidence.empty() ? "" : " | " + EvidenceText(input)) << ") = "
              << Probability(posterior.marginals[static_cast<size_t>(input.target)][0]);
  } else if (!input.evidence.empty()) {
    std::cout << ", given " << EvidenceText(input);
  }
  std::cout << '\n';
  if (approximate) {
    std::cout << "approximate: likelihood weighting, " << approximate->samples << " samples ("
              << static_cast<size_t>(approximate->effective_samples) << " effective)\n";
  }
  std::cout << '\n';
  size_t width = input.is_argument ? 5 : 8;
  for (int v : order) width = std::max(width, network.variables[static_cast<size_t>(v)].name.size());
  width += 2;
  if (input.is_argument) {
    auto row = [&](std::string line) {
      line.erase(line.find_last_not_of(' ') + 1);
      std::cout << line << '\n';
    };
    row(Pad("claim", width) + Pad(strength ? "strength" : "credence", 10) + (approximate ? Pad("std err", 9) : "") + Pad("prior/stated", 15) +
        (without_evidence ? "moved by evidence" : ""));
    for (int v : order) {
      const double p = posterior.marginals[static_cast<size_t>(v)][0];
      std::string line = Pad(network.variables[static_cast<size_t>(v)].name, width) + Pad(Probability(p), 10);
      if (approximate) line += Pad(Probability(approximate->standard_errors[static_cast<size_t>(v)][0]), 9);
      line += Pad(PriorCell(input, v), 15);
      if (without_evidence) line += Signed(p - without_evidence->marginals[static_cast<size_t>(v)][0]);
      row(line);
    }
    return;
  }
  std::cout << Pad("variable", width) << "marginals" << (approximate ? " (± standard error)" : "") << '\n';
  for (int v : order) {
    const Variable& var = network.variables[static_cast<size_t>(v)];
    std::cout << Pad(var.name, width);
    for (size_t s = 0; s < var.states.size(); ++s) {
      std::cout << (s ? "  " : "") << var.states[s] << " " << Probability(posterior.marginals[static_cast<size_t>(v)][s]);
      if (approximate) std::cout << " ±" << Probability(approximate->standard_errors[static_cast<size_t>(v)][s]);
    }
    std::cout << '\n';
  }
}

int RunEval(const EvalOptions& options) {
  // Kept until the process exits: destroying a large argument would free its blocks one by one.
  auto kept = std::make_unique<AnalysisInput>();
  AnalysisInput& input = *kept;
  int exit_code = 0;
  if (!LoadAnalysisInput(options.analysis, input, exit_code)) return exit_code;
  if (!CheckGradualFlags(options.gradual, input, exit_code)) return exit_code;
  const Network& network = input.network();
  const std::vector<int> order = OutputOrder(input);
  Posterior posterior, without_evidence;
  ApproximatePosterior approximate;
  bool exact = true;
  if (options.gradual.semantics != "bayes") {
    if (!GradualMarginals(options.gradual, input, posterior, exit_code)) return exit_code;
  } else try {
    JunctionTree tree(network, input.tree_options);
    tree.Propagate(input.evidence, false, posterior);
    if (posterior.possible && !input.evidence.empty()) tree.Propagate({}, false, without_evidence);
  } catch (const MemoryLimitError& e) {
    if (!options.approximate) {
      std::cerr << "argraph: error: " << e.what() << '\n';
      return static_cast<int>(ExitCode::kInputErrors);
    }
    exact = false;
    approximate = LikelihoodWeighting(network, input.evidence, {options.samples, options.seed});
    posterior = approximate.posterior;
  }
  if (!posterior.possible) {
    std::cerr << "argraph: error: "
              << (exact ? ImpossibleEvidenceMessage(input)
                        : "no sample was consistent with the evidence " + EvidenceText(input) +
                              "; it is impossible or too unlikely for --samples " + std::to_string(options.samples))
              << '\n';
    return static_cast<int>(ExitCode::kInputErrors);
  }
  const ApproximatePosterior* sampled = exact ? nullptr : &approximate;
  if (input.target >= 0) {
    RecordEvaluation(input,
                     !exact ? "approximate" : options.gradual.semantics == "bayes" ? "exact" : options.gradual.semantics,
                     posterior.marginals[static_cast<size_t>(input.target)][0]);
  }
  switch (input.format) {
    case OutputFormat::kJson: PrintJson(input, order, posterior, sampled, options); break;
    case OutputFormat::kCsv: PrintCsv(input, order, posterior, sampled); break;
    case OutputFormat::kText:
      PrintText(input, order, posterior, exact && !input.evidence.empty() ? &without_evidence : nullptr, sampled,
                options.gradual.semantics != "bayes");
      break;
  }
  KeepUntilExit(std::move(kept));
  return static_cast<int>(ExitCode::kSuccess);
}

}  // namespace

void AddEvalCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand("eval", "Credence of every claim (or marginals of a network), exactly");
  AddAnalysisOptions(command, options->analysis);
  command->add_flag("--approximate", options->approximate,
                    "Over --memory-limit, estimate by likelihood weighting instead of failing");
  command->add_option("--samples", options->samples, "Samples for --approximate")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed for --approximate")->capture_default_str();
  command->add_option("--semantics", options->gradual.semantics,
                      "bayes, or a gradual argumentation semantics: dfquad, qe, eb, mlp, hcat (docs/semantics.md)")
      ->check(CLI::IsMember({"bayes", "dfquad", "qe", "eb", "mlp", "hcat"}))
      ->capture_default_str();
  command->add_flag("--allow-cycles", options->gradual.allow_cycles,
                    "Gradual semantics: evaluate arguments whose claims form cycles");
  command->add_flag("--discrete", options->gradual.discrete,
                    "Gradual semantics on cycles: iterate instead of integrating (may not converge)");
  command->callback([options, &exit_code] {
    options->analysis.allow_cycles = options->gradual.allow_cycles;
    exit_code = RunEval(*options);
  });
}

}  // namespace argraph::cli
