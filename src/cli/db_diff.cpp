// `argraph db diff ID --from N --to M`: what changed between two stored versions of an argument —
// claims and parameters added, removed or changed — and the conclusion's credence in each (exact, by
// junction tree, with the file's own values).
#include <cmath>
#include <iostream>
#include <map>

#include "argraph/compile.h"
#include "argraph/error.h"
#include "argraph/junction_tree.h"
#include "cli/db.h"

namespace argraph::cli {
namespace {

struct DiffOptions : DbOptions {
  std::string argument;
  int from = 0;
  int to = 0;
};

// A claim's links, as one comparable line: "supports r0 0.9; attacks r1 0.3".
std::map<std::string, std::string> LinksByClaim(const std::vector<StoredLink>& links) {
  std::map<std::string, std::string> out;
  for (const StoredLink& l : links) {
    std::string& text = out[l.to];
    if (!text.empty()) text += "; ";
    text += l.relation + " " + l.from;
  }
  return out;
}

nlohmann::json Change(const std::string& kind, const std::string& name, const std::string& change,
                      nlohmann::json before, nlohmann::json after, const std::string& field = "") {
  return {{"kind", kind},     {"name", name},          {"change", change},
          {"field", field},   {"before", std::move(before)}, {"after", std::move(after)}};
}

nlohmann::json OptionalNumber(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

/// The changes from version `a` to version `b`: claims first (in b's order, removed ones last),
/// then parameters likewise.
nlohmann::json Changes(Store& store, const VersionInfo& a, const VersionInfo& b) {
  nlohmann::json changes = nlohmann::json::array();
  const auto claims_a = store.Claims(a), claims_b = store.Claims(b);
  const auto links_a = LinksByClaim(store.Links(a)), links_b = LinksByClaim(store.Links(b));
  std::map<std::string, const StoredClaim*> old_claims;
  for (const StoredClaim& c : claims_a) old_claims[c.id] = &c;
  for (const StoredClaim& c : claims_b) {
    const auto found = old_claims.find(c.id);
    if (found == old_claims.end()) {
      changes.push_back(Change("claim", c.id, "added", nullptr, c.text));
      continue;
    }
    const StoredClaim& o = *found->second;
    if (o.text != c.text) changes.push_back(Change("claim", c.id, "changed", o.text, c.text, "text"));
    if (o.rule != c.rule) changes.push_back(Change("claim", c.id, "changed", o.rule, c.rule, "rule"));
    const std::string old_links = links_a.count(c.id) ? links_a.at(c.id) : "";
    const std::string new_links = links_b.count(c.id) ? links_b.at(c.id) : "";
    if (old_links != new_links) {
      changes.push_back(Change("claim", c.id, "changed", old_links, new_links, "links"));
    }
    if (!c.is_root && o.credence != c.credence) {  // a derived claim's stated credence
      changes.push_back(Change("claim", c.id, "changed", OptionalNumber(o.credence),
                               OptionalNumber(c.credence), "stated credence"));
    }
    old_claims.erase(found);
  }
  for (const StoredClaim& c : claims_a) {
    if (old_claims.count(c.id)) changes.push_back(Change("claim", c.id, "removed", c.text, nullptr));
  }

  const auto parameters_a = store.Parameters(a), parameters_b = store.Parameters(b);
  std::map<std::string, double> old_values;
  for (const StoredParameter& p : parameters_a) old_values[p.name] = p.value;
  for (const StoredParameter& p : parameters_b) {
    const auto found = old_values.find(p.name);
    if (found == old_values.end()) {
      changes.push_back(Change("parameter", p.name, "added", nullptr, p.value));
      continue;
    }
    if (std::fabs(found->second - p.value) > 1e-12) {
      changes.push_back(Change("parameter", p.name, "changed", found->second, p.value, "value"));
    }
    old_values.erase(found);
  }
  for (const StoredParameter& p : parameters_a) {
    if (old_values.count(p.name)) changes.push_back(Change("parameter", p.name, "removed", p.value, nullptr));
  }
  return changes;
}

/// P(conclusion = true) of a stored version with the file's own values; null when it cannot be
/// computed (the message says why on stderr).
nlohmann::json ConclusionCredence(Store& store, const VersionInfo& version) {
  try {
    const LoadResult loaded = store.Load(version);
    Diagnostics diagnostics = loaded.diagnostics;
    const CompiledArgument compiled = CompileArgument(loaded.argument, diagnostics);
    if (diagnostics.HasErrors() || compiled.conclusion < 0) {
      std::cerr << "argraph: warning: version " << version.version
                << " does not compile any more; its credence is left out\n";
      return nullptr;
    }
    JunctionTree tree(compiled.network);
    const Posterior posterior = tree.Propagate({});
    return posterior.marginals[static_cast<size_t>(compiled.conclusion)][0];
  } catch (const Error& e) {
    std::cerr << "argraph: warning: the credence of version " << version.version
              << " is left out: " << e.what() << '\n';
    return nullptr;
  }
}

int RunDiff(const DiffOptions& options) {
  Store store = OpenStore(options);
  const VersionInfo a = store.FindVersion(options.argument, options.from);
  const VersionInfo b = store.FindVersion(options.argument, options.to);
  const nlohmann::json changes = Changes(store, a, b);
  const nlohmann::json credence_a = ConclusionCredence(store, a), credence_b = ConclusionCredence(store, b);
  const OutputFormat format = ParseOutputFormat(options.format);
  const std::vector<Column> columns = {{"kind", "kind"},       {"name", "name"},
                                       {"change", "change"},   {"field", "field"},
                                       {"before", "before", 40}, {"after", "after", 40}};
  if (format == OutputFormat::kJson) {
    WriteJson({{"argument", options.argument},
               {"from", a.version},
               {"to", b.version},
               {"conclusion",
                {{"from", a.conclusion}, {"to", b.conclusion}, {"credence_from", credence_a},
                 {"credence_to", credence_b}}},
               {"changes", changes}},
              std::cout);
    return 0;
  }
  if (format == OutputFormat::kText) {
    std::cout << options.argument << ": version " << a.version << " -> " << b.version << ", "
              << changes.size() << (changes.size() == 1 ? " change" : " changes") << '\n';
    std::cout << "conclusion: " << a.conclusion;
    if (a.conclusion != b.conclusion) std::cout << " -> " << b.conclusion;
    std::cout << ", P(true) " << (credence_a.is_null() ? "?" : CellText(credence_a)) << " -> "
              << (credence_b.is_null() ? "?" : CellText(credence_b)) << '\n';
    if (changes.empty()) return 0;
    std::cout << '\n';
  }
  PrintRows(changes, columns, format, std::cout);
  return 0;
}

}  // namespace

void AddDbDiffCommand(CLI::App& db, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* command = db.add_subcommand(
      "diff", "What changed between two versions: claims and parameters added, removed or changed");
  command->add_option("id", options->argument, "The argument's id")->required();
  command->add_option("--from", options->from, "The older version")->required()->check(CLI::PositiveNumber);
  command->add_option("--to", options->to, "The newer version")->required()->check(CLI::PositiveNumber);
  AddDbOptions(*command, *options);
  command->callback([options, &exit_code] { exit_code = RunDiff(*options); });
}

}  // namespace argraph::cli
