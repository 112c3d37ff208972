// `argraph db profile set | list | history`: people's credences kept in the store. Values are checked
// against the parameters of the argument's latest version before anything is written.
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>

#include "argraph/error.h"
#include "argraph/parameters.h"
#include "cli/db.h"

namespace argraph::cli {
namespace {

struct ProfileOptions : DbOptions {
  std::string argument;
  std::string profile;
  std::vector<std::string> assignments;  ///< set: PARAM=VALUE; history: at most one PARAM
  std::string author;
  std::string note;
  std::string description;
};

/// Parses PARAM=VALUE assignments and checks them against `parameters`; every problem is appended to
/// `problems` (a table row's name holds '=' itself, so the value follows the last one).
std::vector<std::pair<std::string, double>> CheckAssignments(
    const std::vector<std::string>& assignments, const std::vector<StoredParameter>& parameters,
    std::vector<std::string>& problems) {
  std::map<std::string, const StoredParameter*> by_name;
  std::vector<std::string> names;
  for (const StoredParameter& p : parameters) {
    by_name[p.name] = &p;
    names.push_back(p.name);
  }
  std::vector<std::pair<std::string, double>> values;
  for (const std::string& assignment : assignments) {
    const size_t equals = assignment.rfind('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == assignment.size()) {
      problems.push_back("'" + assignment + "' is not PARAM=VALUE, e.g. sound-design=0.8");
      continue;
    }
    const std::string name = assignment.substr(0, equals);
    const std::string text = assignment.substr(equals + 1);
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value)) {
      problems.push_back("'" + text + "' in '" + assignment + "' is not a finite number");
      continue;
    }
    const auto found = by_name.find(name);
    if (found == by_name.end()) {
      problems.push_back("unknown parameter '" + name + "'" + DidYouMean(name, names));
      continue;
    }
    if (found->second->kind != "weight" && (value < 0 || value > 1)) {
      problems.push_back("value " + text + " for '" + name + "' is outside [0,1]");
      continue;
    }
    values.emplace_back(name, value);
  }
  return values;
}

int RunSet(const ProfileOptions& options) {
  Store store = OpenStore(options);
  const VersionInfo latest = store.FindVersion(options.argument);
  std::vector<std::string> problems;
  const auto values = CheckAssignments(options.assignments, store.Parameters(latest), problems);
  if (!problems.empty()) {
    for (const std::string& problem : problems) std::cerr << "argraph: error: " << problem << '\n';
    std::cerr << "argraph: error: nothing was saved; `argraph db show " << options.argument
              << "` lists the parameters of version " << latest.version << '\n';
    return static_cast<int>(ExitCode::kUsage);
  }
  store.SetProfileValues(options.argument, options.profile, values, options.author, options.note,
                         options.description);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [name, value] : values) {
    rows.push_back({{"argument", options.argument}, {"profile", options.profile}, {"parameter", name},
                    {"value", value}, {"author", options.author}, {"note", options.note}});
  }
  PrintRows(rows, {{"profile", "profile"}, {"parameter", "parameter"}, {"value", "value"}},
            ParseOutputFormat(options.format), std::cout);
  return 0;
}

int RunList(const ProfileOptions& options) {
  Store store = OpenStore(options);
  nlohmann::json rows = nlohmann::json::array();
  for (const ProfileInfo& p : store.Profiles(options.argument)) {
    nlohmann::json values = nlohmann::json::object();
    for (const ProfileValue& v : store.ProfileValues(options.argument, p.name)) values[v.parameter] = v.value;
    rows.push_back({{"profile", p.name},
                    {"author", p.author},
                    {"description", p.description},
                    {"created_at", p.created_at},
                    {"updated_at", p.updated_at},
                    {"parameters", p.parameter_count},
                    {"values", values}});
  }
  PrintRows(rows,
            {{"profile", "profile"}, {"author", "author"}, {"parameters", "parameters"},
             {"updated_at", "updated at"}, {"description", "description", 50}},
            ParseOutputFormat(options.format), std::cout);
  return 0;
}

int RunHistory(const ProfileOptions& options) {
  if (options.assignments.size() > 1) {
    throw Error("`db profile history ID NAME [PARAM]` takes at most one parameter name");
  }
  Store store = OpenStore(options);
  const std::string parameter = options.assignments.empty() ? "" : options.assignments.front();
  nlohmann::json rows = nlohmann::json::array();
  for (const ProfileValue& v : store.ProfileHistory(options.argument, options.profile, parameter)) {
    rows.push_back({{"set_at", v.set_at}, {"parameter", v.parameter}, {"value", v.value},
                    {"author", v.author}, {"note", v.note}});
  }
  PrintRows(rows,
            {{"set_at", "set at"}, {"parameter", "parameter"}, {"value", "value"}, {"author", "author"},
             {"note", "note", 60}},
            ParseOutputFormat(options.format), std::cout);
  return 0;
}

}  // namespace

void AddDbProfileCommands(CLI::App& db, int& exit_code) {
  CLI::App* profile = db.add_subcommand("profile", "People's credences: named sets of parameter values");
  profile->require_subcommand(1);

  auto set = std::make_shared<ProfileOptions>();
  CLI::App* command = profile->add_subcommand(
      "set", "Set parameter values of a profile (created when new); every value is kept with its time");
  command->add_option("id", set->argument, "The argument's id")->required();
  command->add_option("name", set->profile, "The profile's name")->required();
  command->add_option("values", set->assignments, "PARAM=VALUE, e.g. sound-design=0.8 'a->b'=0.6")
      ->required();
  command->add_option("--author", set->author, "Who sets these values");
  command->add_option("--note", set->note, "Why (kept with each value)");
  command->add_option("--description", set->description, "What the profile stands for");
  AddDbOptions(*command, *set);
  command->callback([set, &exit_code] { exit_code = RunSet(*set); });

  auto list = std::make_shared<ProfileOptions>();
  command = profile->add_subcommand("list", "List an argument's profiles");
  command->add_option("id", list->argument, "The argument's id")->required();
  AddDbOptions(*command, *list);
  command->callback([list, &exit_code] { exit_code = RunList(*list); });

  auto history = std::make_shared<ProfileOptions>();
  command = profile->add_subcommand("history", "Every value a profile has had, oldest first");
  command->add_option("id", history->argument, "The argument's id")->required();
  command->add_option("name", history->profile, "The profile's name")->required();
  command->add_option("parameter", history->assignments, "Only this parameter");
  AddDbOptions(*command, *history);
  command->callback([history, &exit_code] { exit_code = RunHistory(*history); });
}

}  // namespace argraph::cli
