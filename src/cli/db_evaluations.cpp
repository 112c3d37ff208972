// `argraph db evaluations ID`: the evaluation history of a stored argument — every result that eval,
// cruxes, compare, render and report recorded when run with --db — oldest first.
#include <iostream>

#include "cli/db.h"

namespace argraph::cli {
namespace {

struct EvaluationsOptions : DbOptions {
  std::string argument;
};

int RunEvaluations(const EvaluationsOptions& options) {
  Store store = OpenStore(options);
  nlohmann::json rows = nlohmann::json::array();
  for (const EvaluationRecord& e : store.Evaluations(options.argument)) {
    rows.push_back({{"evaluated_at", e.evaluated_at},
                    {"version", e.version},
                    {"profile", e.profile},
                    {"target", e.target},
                    {"method", e.method},
                    {"credence", e.credence},
                    {"evidence", nlohmann::json::parse(e.evidence, nullptr, false)},
                    {"settings", nlohmann::json::parse(e.settings, nullptr, false)}});
  }
  PrintRows(rows,
            {{"evaluated_at", "evaluated at"}, {"version", "version"}, {"profile", "profile"},
             {"target", "target"}, {"method", "method"}, {"credence", "credence"},
             {"evidence", "evidence", 40}, {"settings", "settings", 40}},
            ParseOutputFormat(options.format), std::cout);
  return 0;
}

}  // namespace

void AddDbEvaluationsCommand(CLI::App& db, int& exit_code) {
  auto options = std::make_shared<EvaluationsOptions>();
  CLI::App* command = db.add_subcommand(
      "evaluations", "The evaluation history of an argument: what analyses run with --db recorded");
  command->add_option("id", options->argument, "The argument's id")->required();
  AddDbOptions(*command, *options);
  command->callback([options, &exit_code] { exit_code = RunEvaluations(*options); });
}

}  // namespace argraph::cli
