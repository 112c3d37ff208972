// Model-level checks on models built in code (as a store or importer would build them), independent of
// the YAML loader: each check with its exact message and location.
#include <catch2/catch.hpp>

#include <random>

#include "argraph/validate.h"

using namespace argraph;

namespace {

Claim Root(const std::string& id, int line) {
  Claim claim;
  claim.id = id;
  claim.credence = 0.5;
  claim.location = {"m.yaml", line, 3};
  return claim;
}

Link To(const std::string& from, int line, Relation relation = Relation::kSupports) {
  Link link;
  link.from = from;
  link.relation = relation;
  link.location = {"m.yaml", line, 16};
  return link;
}

std::string Messages(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) {
    out += std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " + d.message + " [" +
           d.rule + "]\n";
  }
  return out;
}

}  // namespace

TEST_CASE("a valid model gives no diagnostics", "[validate]") {
  Argument argument;
  Claim c = Root("c", 3);
  c.credence.reset();
  c.from = {To("a", 4), To("b", 5, Relation::kAttacks)};
  argument.claims = {Root("a", 1), Root("b", 2), c};
  argument.conclusion = "c";
  Diagnostics diagnostics;
  ValidateArgument(argument, diagnostics);
  CHECK(diagnostics.empty());
}

TEST_CASE("duplicate ids, unknown parents, duplicate links and missing credences", "[validate]") {
  Argument argument;
  Claim c = Root("c", 3);
  c.from = {To("a", 4), To("aa", 5), To("a", 6), To("", 7)};  // "" is unresolved, already reported
  Claim orphan = Root("orphan", 9);
  orphan.credence.reset();
  argument.claims = {Root("a", 1), Root("a", 2), c, orphan};
  argument.conclusion = "concl";
  argument.conclusion_location = {"m.yaml", 10, 13};
  Diagnostics diagnostics;
  ValidateArgument(argument, diagnostics);
  CHECK(Messages(diagnostics) ==
        "2:3 claim 'a' is declared twice (first in m.yaml line 1) [duplicate-id]\n"
        "5:16 unknown claim 'aa'; did you mean 'a' or 'c'? [unknown-claim]\n"
        "6:16 claim 'c' is linked twice to 'a' (first on line 4); merge the two links [duplicate-link]\n"
        "9:3 root claim 'orphan' has no credence; give 'credence' (its prior probability) or 'from' (its "
        "reasons) [missing-credence]\n"
        "10:13 the conclusion is an unknown claim 'concl' [unknown-claim]\n");
}

TEST_CASE("undercuts of any and logistic claims name a parent's link", "[validate]") {
  Argument argument;
  Claim any = Root("any", 3);
  any.rule = Rule::kAny;
  any.from = {To("a", 4), To("b", 5, Relation::kUndercuts)};
  Claim logistic = Root("logit", 6);
  logistic.rule = Rule::kLogistic;
  logistic.from = {To("a", 7), To("b", 8, Relation::kUndercuts)};
  logistic.from[0].weight = 1;
  logistic.from[1].link = "b";
  logistic.from[1].link_location = {"m.yaml", 8, 40};
  Claim all = Root("all", 9);
  all.from = {To("a", 10), To("b", 11, Relation::kUndercuts)};  // weakens the reliability: no link
  argument.claims = {Root("a", 1), Root("b", 2), any, logistic, all};
  Diagnostics diagnostics;
  ValidateArgument(argument, diagnostics);
  CHECK(Messages(diagnostics) ==
        "5:16 an undercut of an 'any' claim must name the link it weakens: add 'link:' with one of the parents "
        "of 'any' [undercut-link]\n"
        "8:40 'b' is not a supporting or attacking parent of 'logit'; 'link' names the parent whose link the "
        "undercut weakens [undercut-link]\n");
}

TEST_CASE("table rows must cover every assignment once, in from order", "[validate]") {
  Argument argument;
  Claim t = Root("t", 3);
  t.rule = Rule::kTable;
  t.from = {To("a", 4), To("b", 5)};
  auto row = [](bool a, bool b, int line) {
    TableRow r;
    r.when = {{"a", a}, {"b", b}};
    r.probability = 0.5;
    r.location = {"m.yaml", line, 9};
    return r;
  };
  t.table = {row(true, true, 6), row(false, true, 7), row(true, true, 8)};
  TableRow swapped;
  swapped.when = {{"b", true}, {"a", false}};
  swapped.location = {"m.yaml", 9, 9};
  t.table.push_back(swapped);
  argument.claims = {Root("a", 1), Root("b", 2), t};
  Diagnostics diagnostics;
  ValidateArgument(argument, diagnostics);
  CHECK(Messages(diagnostics) ==
        "8:9 a second row for {a: true, b: true} (first on line 6) [table-row]\n"
        "9:9 a row of table claim 't' does not name its parents in 'from' order [table-row]\n"
        "3:3 the table of 't' has no row for {a: false, b: false}, {a: true, b: false}; it needs one row for "
        "each of the 4 assignments of its parents [table-incomplete]\n");
}

TEST_CASE("cycles are reported at the link that closes them", "[validate]") {
  Argument argument;
  Claim a = Root("a", 1);
  a.from = {To("c", 2)};
  Claim b = Root("b", 3);
  b.from = {To("a", 4)};
  Claim c = Root("c", 5);
  c.from = {To("b", 6)};
  argument.claims = {a, b, c};
  Diagnostics diagnostics;
  ValidateArgument(argument, diagnostics);
  CHECK(Messages(diagnostics) == "2:16 cycle: a -> b -> c -> a; a claim cannot depend on itself [cycle]\n");
}

// The validator decides acyclicity by peeling (and only then looks for the cycles to report): on random
// graphs, some with cycles, some with self-links, unknown parents and duplicate ids, it reports a cycle
// exactly when brute-force reachability finds a claim that reaches itself.
TEST_CASE("a cycle is reported exactly when some claim reaches itself", "[validate]") {
  std::mt19937 rng(7);
  auto name = [](int i) {  // not "c" + std::to_string(i): GCC 12 warns falsely (-Wrestrict) on that
    std::string id = "c";
    id += std::to_string(i);
    return id;
  };
  int cyclic_cases = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 9);
    Argument argument;
    for (int i = 0; i < n; ++i) argument.claims.push_back(Root(name(i), i + 1));
    if (rng() % 5 == 0) argument.claims.push_back(Root("c0", 50));  // a duplicate id: links resolve to the first
    for (Claim& claim : argument.claims) {
      const int links = static_cast<int>(rng() % 3);
      for (int l = 0; l < links; ++l) {
        // Mostly parents earlier in the list (acyclic), sometimes later (a back edge), or unknown.
        const int from = rng() % 6 == 0 ? static_cast<int>(rng() % (n + 1)) : static_cast<int>(rng() % (n));
        claim.from.push_back(To(from == n ? "nowhere" : name(from), 60));
      }
    }
    // Brute force: reach[i][j] when claim j depends on claim i (through the first of duplicate ids).
    const size_t m = argument.claims.size();
    std::vector<std::vector<bool>> reach(m, std::vector<bool>(m, false));
    auto first_of = [&](const std::string& id) -> int {
      for (size_t i = 0; i < m; ++i) {
        if (argument.claims[i].id == id) return static_cast<int>(i);
      }
      return -1;
    };
    for (size_t c = 0; c < m; ++c) {
      for (const Link& link : argument.claims[c].from) {
        const int p = first_of(link.from);
        if (p >= 0) reach[static_cast<size_t>(p)][c] = true;
      }
    }
    for (size_t k = 0; k < m; ++k) {
      for (size_t i = 0; i < m; ++i) {
        for (size_t j = 0; j < m; ++j) {
          if (reach[i][k] && reach[k][j]) reach[i][j] = true;
        }
      }
    }
    bool cyclic = false;
    for (size_t i = 0; i < m; ++i) cyclic = cyclic || reach[i][i];
    cyclic_cases += cyclic;
    Diagnostics diagnostics;
    ValidateArgument(argument, diagnostics);
    bool reported = false;
    for (const Diagnostic& d : diagnostics.items()) reported = reported || d.rule == "cycle";
    INFO("trial " << trial);
    CHECK(reported == cyclic);
  }
  CHECK(cyclic_cases > 30);  // both verdicts are exercised
  CHECK(cyclic_cases < 270);
}

TEST_CASE("profiles and objections name existing parameters and claims", "[validate]") {
  Argument argument;
  Claim c = Root("c", 3);
  c.from = {To("a", 4)};
  argument.claims = {Root("a", 1), c};
  Profile profile;
  profile.name = "p";
  profile.set = {{"a", 0.2}, {"a->c", 1.5}, {"c.leak", 0.1}};
  profile.set_locations = {{"m.yaml", 7, 11}, {"m.yaml", 7, 20}, {"m.yaml", 7, 30}};
  argument.profiles = {profile};
  Objection objection;
  objection.target = "a->cc";
  objection.location = {"m.yaml", 9, 14};
  Objection fine;
  fine.target = "c.reliability";
  argument.objections = {objection, fine};
  Diagnostics diagnostics;
  ValidateArgument(argument, diagnostics);
  CHECK(Messages(diagnostics) ==
        "7:20 value 1.5 for 'a->c' is outside [0,1] [parameter-range]\n"
        "7:30 unknown parameter 'c.leak' [unknown-parameter]\n"
        "9:14 an objection to 'a->cc', which is neither a claim nor a parameter; did you mean 'a->c'? "
        "[unknown-target]\n");
}
