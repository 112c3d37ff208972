// `argraph db objection add | list | answer`: objections people raise against a claim or a parameter
// of a stored argument, and their answers.
#include <algorithm>
#include <iostream>

#include "argraph/error.h"
#include "argraph/parameters.h"
#include "cli/db.h"

namespace argraph::cli {
namespace {

struct ObjectionOptions : DbOptions {
  std::string argument;
  std::string target;
  std::string text;
  std::string author;
  bool open_only = false;
  std::int64_t number = 0;
};

nlohmann::json ObjectionJson(const ObjectionInfo& o) {
  return {{"id", o.id},         {"argument", o.argument_id}, {"target", o.target},
          {"author", o.author}, {"text", o.text},            {"created_at", o.created_at},
          {"status", o.status}, {"answer", o.answer},        {"answered_at", o.answered_at}};
}

const std::vector<Column>& ObjectionColumns() {
  static const std::vector<Column> columns = {{"id", "id"},         {"status", "status"},
                                              {"target", "target"}, {"author", "author"},
                                              {"text", "text", 50}, {"answer", "answer", 40}};
  return columns;
}

int RunAdd(const ObjectionOptions& options) {
  Store store = OpenStore(options);
  const VersionInfo latest = store.FindVersion(options.argument);
  std::vector<std::string> targets;
  for (const StoredClaim& c : store.Claims(latest)) targets.push_back(c.id);
  for (const StoredParameter& p : store.Parameters(latest)) {
    // A root claim's credence is named like the claim: list it once.
    if (std::find(targets.begin(), targets.end(), p.name) == targets.end()) targets.push_back(p.name);
  }
  if (std::find(targets.begin(), targets.end(), options.target) == targets.end()) {
    std::cerr << "argraph: error: '" << options.target << "' is neither a claim nor a parameter of '"
              << options.argument << "' version " << latest.version
              << DidYouMean(options.target, targets) << '\n';
    return static_cast<int>(ExitCode::kUsage);
  }
  const std::int64_t id = store.AddObjection(options.argument, options.target, options.author, options.text);
  nlohmann::json rows = nlohmann::json::array();
  for (const ObjectionInfo& o : store.Objections(options.argument, false)) {
    if (o.id == id) rows.push_back(ObjectionJson(o));
  }
  PrintRows(rows, ObjectionColumns(), ParseOutputFormat(options.format), std::cout);
  return 0;
}

int RunList(const ObjectionOptions& options) {
  Store store = OpenStore(options);
  nlohmann::json rows = nlohmann::json::array();
  for (const ObjectionInfo& o : store.Objections(options.argument, options.open_only)) {
    rows.push_back(ObjectionJson(o));
  }
  PrintRows(rows, ObjectionColumns(), ParseOutputFormat(options.format), std::cout);
  return 0;
}

int RunAnswer(const ObjectionOptions& options) {
  Store store = OpenStore(options);
  const ObjectionInfo answered = store.AnswerObjection(options.number, options.text);
  PrintRows(nlohmann::json::array({ObjectionJson(answered)}), ObjectionColumns(),
            ParseOutputFormat(options.format), std::cout);
  return 0;
}

}  // namespace

void AddDbObjectionCommands(CLI::App& db, int& exit_code) {
  CLI::App* objection = db.add_subcommand("objection", "Objections to claims and parameters");
  objection->require_subcommand(1);

  auto add = std::make_shared<ObjectionOptions>();
  CLI::App* command = objection->add_subcommand("add", "Raise an objection to a claim or a parameter");
  command->add_option("id", add->argument, "The argument's id")->required();
  command->add_option("target", add->target, "A claim id or a parameter name")->required();
  command->add_option("--text", add->text, "The objection")->required();
  command->add_option("--author", add->author, "Who raises it")->required();
  AddDbOptions(*command, *add);
  command->callback([add, &exit_code] { exit_code = RunAdd(*add); });

  auto list = std::make_shared<ObjectionOptions>();
  command = objection->add_subcommand("list", "List an argument's objections, numbered");
  command->add_option("id", list->argument, "The argument's id")->required();
  command->add_flag("--open", list->open_only, "Only those not answered yet");
  AddDbOptions(*command, *list);
  command->callback([list, &exit_code] { exit_code = RunList(*list); });

  auto answer = std::make_shared<ObjectionOptions>();
  command = objection->add_subcommand("answer", "Answer objection N (replacing an earlier answer)");
  command->add_option("number", answer->number, "The objection's number (objection list shows it)")
      ->required();
  command->add_option("--text", answer->text, "The answer")->required();
  AddDbOptions(*command, *answer);
  command->callback([answer, &exit_code] { exit_code = RunAnswer(*answer); });
}

}  // namespace argraph::cli
