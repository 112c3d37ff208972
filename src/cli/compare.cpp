// `argraph compare FILE --profile A --profile B` (or `compare FILE_A FILE_B`, or `compare FILE --profile B`
// against the file's own values): both credences of the target, their difference, and its Shapley
// attribution to the parameters that differ (compare.h), plus the claims that moved most.
// JSON: {"a": {"profile", "credence"}, "b": {...}, "difference", "method", "attribution": [{"name", "a",
// "b", "shapley"}]} (DESIGN.md section 6), with standard errors and the per-claim view added.
#include "argraph/compare.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "cli/analysis.h"
#include "cli/commands.h"
#include "cli/evaluator_input.h"

namespace argraph::cli {
namespace {

struct CompareCommandOptions {
  AnalysisOptions analysis;
  std::vector<std::string> files;
  std::vector<std::string> profiles;
  CompareOptions compare;
  size_t top = 0;
};

std::string Fixed(double x, int digits) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%+.*f", digits, std::fabs(x) < 0.5 * std::pow(10, -digits) ? 0.0 : x);
  return buffer;
}

int Run(const CompareCommandOptions& options) {
  if (options.files.size() > 2 || options.profiles.size() > 2) {
    std::cerr << "argraph: error: compare takes one or two files and at most two --profile\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (options.files.size() == 1 && options.profiles.empty()) {
    std::cerr
        << "argraph: error: compare needs two settings: --profile A --profile B, --profile B (against the "
           "file's own values), or two files\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  // Side A and side B: (file, profile). One file and one profile: the file's values against the profile.
  const std::string file_a = options.files[0], file_b = options.files.size() == 2 ? options.files[1] : file_a;
  std::string profile_a, profile_b;
  if (options.profiles.size() == 2) {
    profile_a = options.profiles[0];
    profile_b = options.profiles[1];
  } else if (options.profiles.size() == 1) {
    profile_b = options.profiles[0];
    if (options.files.size() == 2) profile_a = profile_b;  // two files under the same profile
  }
  int exit_code = 0;
  AnalysisInput a, b;
  AnalysisOptions side = options.analysis;
  side.file = file_a;
  side.profile = profile_a;
  if (!LoadAnalysisInput(side, a, exit_code)) return exit_code;
  side.file = file_b;
  side.profile = profile_b;
  if (!LoadAnalysisInput(side, b, exit_code)) return exit_code;
  if (a.target < 0) {
    std::cerr << "argraph: error: compare needs a target: give --target VARIABLE\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  Evaluator evaluator = EvaluatorFor(a);
  const Evaluator other = EvaluatorFor(b);
  // B's value of each of A's parameters, by name; the two must have the same parameters.
  std::vector<double> b_values;
  std::vector<std::string> missing;
  for (const Parameter& p : evaluator.parameters()) {
    const int q = other.space().Find(p.name);
    if (q < 0) missing.push_back(p.name);
    b_values.push_back(q < 0 ? p.value : other.parameters()[static_cast<size_t>(q)].value);
  }
  if (!missing.empty() || other.parameters().size() != evaluator.parameters().size()) {
    std::cerr << "argraph: error: '" << file_a << "' and '" << file_b
              << "' do not have the same parameters (compare needs the same claims and links)";
    if (!missing.empty()) std::cerr << "; '" << missing[0] << "' is only in '" << file_a << "'";
    std::cerr << '\n';
    return static_cast<int>(ExitCode::kInputErrors);
  }
  const Comparison c = Compare(evaluator, b_values, TargetOf(a), a.evidence, options.compare);
  if (!c.possible) {
    std::cerr << "argraph: error: " << ImpossibleEvidenceMessage(a) << " (under A, B or a mixture of them)\n";
    return static_cast<int>(ExitCode::kInputErrors);
  }
  const std::string target = a.network().variables[static_cast<size_t>(a.target)].name;
  auto label = [](const std::string& file, const std::string& profile) {
    return profile.empty() ? file : file + " --profile " + profile;
  };
  const size_t top = options.top
                         ? options.top
                         : (a.format == OutputFormat::kText ? 20 : c.attribution.size() + c.claims.size());
  if (a.format == OutputFormat::kJson) {
    nlohmann::ordered_json out;
    out["target"] = target;
    out["a"] = {
        {"file", file_a},
        {"profile", profile_a.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(profile_a)},
        {"credence", c.credence_a}};
    out["b"] = {
        {"file", file_b},
        {"profile", profile_b.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(profile_b)},
        {"credence", c.credence_b}};
    out["difference"] = c.difference;
    out["method"] = c.method;
    if (c.method == "sampled") {
      out["permutations"] = c.permutations;
      out["seed"] = options.compare.seed;
    }
    out["attribution"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < std::min(top, c.attribution.size()); ++i) {
      const Attribution& x = c.attribution[i];
      out["attribution"].push_back({{"name", x.name},
                                    {"a", x.a},
                                    {"b", x.b},
                                    {"shapley", x.shapley},
                                    {"standard_error", x.standard_error}});
    }
    out["claims"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < std::min(top, c.claims.size()); ++i) {
      const ClaimDifference& x = c.claims[i];
      out["claims"].push_back({{"id", x.id}, {"a", x.a}, {"b", x.b}, {"difference", x.b - x.a}});
    }
    WriteJson(out, std::cout);
    return 0;
  }
  if (a.format == OutputFormat::kCsv) {
    std::cout << "name,a,b,shapley,standard_error\n";
    for (const Attribution& x : c.attribution) {
      std::cout << '"' << x.name << "\"," << nlohmann::json(x.a).dump() << ',' << nlohmann::json(x.b).dump()
                << ',' << nlohmann::json(x.shapley).dump() << ',' << nlohmann::json(x.standard_error).dump()
                << '\n';
    }
    return 0;
  }
  std::cout << "P(" << target << ")  A = " << Fixed(c.credence_a, 4).substr(1) << "  ("
            << label(file_a, profile_a) << ")\n"
            << std::string(target.size() + 5, ' ') << "B = " << Fixed(c.credence_b, 4).substr(1) << "  ("
            << label(file_b, profile_b) << ")\n"
            << std::string(target.size() + 1, ' ') << "B - A = " << Fixed(c.difference, 4) << "\n\n";
  if (c.attribution.empty()) {
    std::cout << "No parameter differs.\n";
    return 0;
  }
  std::cout << "Shapley attribution (" << c.method;
  if (c.method == "sampled") std::cout << ", " << c.permutations << " orders, seed " << options.compare.seed;
  std::cout << "):\n";
  size_t width = 9;
  for (const Attribution& x : c.attribution) width = std::max(width, x.name.size());
  for (size_t i = 0; i < std::min(top, c.attribution.size()); ++i) {
    const Attribution& x = c.attribution[i];
    std::string name = x.name;
    name.resize(width, ' ');
    std::cout << "  " << name << "  " << Fixed(x.a, 3).substr(1) << " -> " << Fixed(x.b, 3).substr(1) << "  "
              << Fixed(x.shapley, 4);
    if (x.standard_error > 0) std::cout << " ± " << Fixed(x.standard_error, 4).substr(1);
    std::cout << "  "
              << std::string(static_cast<size_t>(std::lround(std::fabs(x.shapley) /
                                                             std::max(1e-12, std::fabs(c.difference)) * 20)),
                             x.shapley >= 0 ? '+' : '-')
              << '\n';
  }
  // Claims that did not move at the printed precision are left out; the JSON output keeps them all.
  std::vector<const ClaimDifference*> moved;
  for (const ClaimDifference& x : c.claims) {
    if (moved.size() < top && std::fabs(x.b - x.a) >= 0.00005) moved.push_back(&x);
  }
  if (moved.empty()) return 0;
  size_t id_width = 0;
  for (const ClaimDifference* x : moved) id_width = std::max(id_width, x->id.size());
  std::cout << "\nClaims that moved most:\n";
  for (const ClaimDifference* x : moved) {
    std::string id = x->id;
    id.resize(id_width, ' ');
    std::cout << "  " << id << "  " << Fixed(x->a, 4).substr(1) << " -> " << Fixed(x->b, 4).substr(1) << "  "
              << Fixed(x->b - x->a, 4) << '\n';
  }
  return 0;
}

}  // namespace

void AddCompareCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CompareCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "compare",
      "Compare two profiles (or two files): both credences and the Shapley attribution of the gap");
  AddAnalysisOptions(command, options->analysis);
  // compare reads one or two files and up to two profiles instead of the front end's single ones.
  command->remove_option(command->get_option("file"));
  command->remove_option(command->get_option("--profile"));
  command
      ->add_option("files", options->files,
                   "One argument file (with profiles) or two files with the same claims")
      ->required()
      ->expected(1, 2);
  command->add_option("--profile", options->profiles,
                      "A profile: give two (A then B), or one (B, against the file's own values)");
  command
      ->add_option("--exact-limit", options->compare.max_exact,
                   "Exact Shapley values up to this many differing parameters; sampled beyond")
      ->check(CLI::Range(0, 20))
      ->capture_default_str();
  command->add_option("--permutations", options->compare.permutations, "Random orders when sampling")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  command->add_option("--seed", options->compare.seed, "Seed of the sampled orders")->capture_default_str();
  command->add_option("--top", options->top, "Show only the N largest (text default: 20)");
  command->callback([options, &exit_code] { exit_code = Run(*options); });
}

}  // namespace argraph::cli
