// The loader builds the model the files describe: claims, links, tables, profiles, objections, with
// qualified ids across imports (diamonds loaded once) and source locations.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "argraph/error.h"
#include "argraph/load.h"

using namespace argraph;

namespace {

std::string Fixture(const std::string& name) { return std::string(ARGRAPH_SOURCE_DIR) + "/" + name; }

/// The diagnostics as "line:column rule" lines, for compact expectations.
std::string Brief(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items()) {
    out += std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " + d.rule + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the bundled example loads into the model it describes", "[load]") {
  LoadResult r = LoadArgumentFile(Fixture("arguments/example.yaml"));
  REQUIRE(r.diagnostics.empty());
  const Argument& a = r.argument;
  CHECK(a.format == "argraph/1");
  CHECK(a.id == "bridge");
  CHECK(a.title == "The old bridge is safe to cross");
  CHECK(a.conclusion == "safe");
  CHECK(a.conclusion_location.line == 8);
  CHECK(a.conclusion_location.column == 13);
  REQUIRE(a.claims.size() == 5);
  const Claim* design = a.FindClaim("sound-design");
  REQUIRE(design != nullptr);
  CHECK(design->IsRoot());
  CHECK(design->text == "The bridge's design is sound.");
  CHECK(design->source == "survey");
  CHECK(design->quote == "the design meets the standard of its time");
  CHECK(*design->credence == Approx(0.9));
  CHECK(design->interval->first == Approx(0.75));
  CHECK(design->interval->second == Approx(0.97));
  CHECK(design->location.line == 10);
  CHECK(design->location.column == 3);
  const Claim* safe = a.FindClaim("safe");
  REQUIRE(safe != nullptr);
  CHECK(safe->rule == Rule::kAll);
  CHECK(*safe->reliability == Approx(0.98));
  REQUIRE(safe->from.size() == 4);
  CHECK(safe->from[0].from == "sound-design");
  CHECK(safe->from[0].relation == Relation::kSupports);
  CHECK(*safe->from[0].strength == Approx(0.9));
  CHECK(safe->from[2].relation == Relation::kAttacks);
  CHECK(safe->from[3].relation == Relation::kUndercuts);
  CHECK(*safe->from[3].strength == Approx(0.2));
  CHECK(safe->from[3].location.line == 45);
  CHECK(safe->from[3].location.column == 16);
  CHECK(*safe->credence == Approx(0.6));
  REQUIRE(a.sources.size() == 1);
  CHECK(a.sources[0].key == "survey");
  CHECK(a.sources[0].author == "County engineers");
  CHECK(a.sources[0].year == 2024);
  REQUIRE(a.profiles.size() == 1);
  CHECK(a.profiles[0].name == "cautious");
  REQUIRE(a.profiles[0].set.size() == 2);
  CHECK(a.profiles[0].set[0].first == "maintained");
  CHECK(a.profiles[0].set[0].second == Approx(0.4));
  REQUIRE(a.objections.size() == 1);
  CHECK(a.objections[0].target == "corrosion");
  CHECK(a.objections[0].by == "A resident");
}

TEST_CASE("rules, likelihood ratios, undercut links and tables load", "[load]") {
  LoadResult r = LoadArgumentFile(Fixture("tests/data/valid/rules.yaml"));
  REQUIRE(r.diagnostics.empty());
  const Argument& a = r.argument;
  const Claim* any = a.FindClaim("rain-any");
  REQUIRE(any != nullptr);
  CHECK(any->rule == Rule::kAny);
  CHECK(*any->leak == Approx(0.05));
  CHECK(any->from[2].link == "clouds");
  const Claim* logit = a.FindClaim("rain-logit");
  REQUIRE(logit != nullptr);
  CHECK(logit->rule == Rule::kLogistic);
  CHECK(*logit->base == Approx(0.2));
  CHECK(*logit->from[0].lr == Approx(4));
  CHECK(*logit->from[0].weight == Approx(std::log(4.0)));  // lr: k is weight ln k
  CHECK_FALSE(logit->from[1].lr.has_value());
  CHECK(*logit->from[1].weight == Approx(0.5));
  const Claim* umbrella = a.FindClaim("umbrella");
  REQUIRE(umbrella != nullptr);
  CHECK(umbrella->rule == Rule::kTable);
  REQUIRE(umbrella->table.size() == 4);
  // `when` is stored in `from` order whatever order the file wrote it in.
  CHECK(umbrella->table[1].when == std::vector<std::pair<std::string, bool>>{{"rain-any", true}, {"wind", false}});
  CHECK(umbrella->table[1].probability == Approx(0.95));
  REQUIRE(a.profiles.size() == 1);
  CHECK(a.profiles[0].set[3].first == "umbrella[rain-any=1,wind=0]");
  REQUIRE(a.objections.size() == 2);
  CHECK(a.objections[1].target == "wind->rain-any");
}

TEST_CASE("a file imported twice is one set of claims under its first alias", "[load]") {
  LoadResult r = LoadArgumentFile(Fixture("tests/data/valid/diamond.yaml"));
  REQUIRE(r.diagnostics.empty());
  const Argument& a = r.argument;
  std::vector<std::string> ids;
  for (const Claim& c : a.claims) ids.push_back(c.id);
  // Imports first (post-order), then the root's claims.
  CHECK(ids == std::vector<std::string>{"left.base.ground", "left.mid", "right.mid", "top"});
  CHECK(a.FindClaim("right.mid")->from[0].from == "left.base.ground");
  const Claim* top = a.FindClaim("top");
  CHECK(top->from[2].from == "left.base.ground");
  CHECK(a.FindClaim("left.base.ground")->import_alias == "left.base");
  CHECK(a.FindClaim("left.base.ground")->file == Fixture("tests/data/valid/diamond/base.yaml"));
  REQUIRE(a.imports.size() == 2);
  CHECK(a.imports[0].alias == "left");
  CHECK(a.imports[0].resolved_path == Fixture("tests/data/valid/diamond/left.yaml"));
  // An imported file's profiles and objections are qualified like its claims.
  REQUIRE(a.profiles.size() == 1);
  CHECK(a.profiles[0].name == "right.doubter");
  CHECK(a.profiles[0].set ==
        std::vector<std::pair<std::string, double>>{{"left.base.ground", 0.5}, {"left.base.ground->right.mid", 0.3}});
  REQUIRE(a.objections.size() == 1);
  CHECK(a.objections[0].target == "left.base.ground");
}

TEST_CASE("every problem of a file is reported in one run, in file order", "[load]") {
  LoadResult r = LoadArgumentFile(Fixture("tests/data/invalid/probability-range.yaml"));
  CHECK(Brief(r.diagnostics) ==
        "7:15 probability-range\n10:15 probability-range\n13:18 probability-range\n16:19 probability-range\n");
}

TEST_CASE("a file that cannot be read throws; text is loaded as if from its path", "[load]") {
  CHECK_THROWS_AS(LoadArgumentFile(Fixture("tests/data/no-such.yaml")), Error);
  LoadResult r = LoadArgumentText(Fixture("tests/data/valid/virtual.yaml"),
                                  "format: argraph/1\nid: v\nconclusion: x\nimports: {base: diamond/base.yaml}\n"
                                  "claims:\n  x: {text: X, from: [{claim: base.ground}]}\n");
  CHECK(r.diagnostics.empty());
  CHECK(r.argument.FindClaim("base.ground") != nullptr);
}

TEST_CASE("numbers are read as YAML 1.2 does", "[load]") {
  auto credence = [](const std::string& value) {
    LoadResult r = LoadArgumentText("n.yaml", "format: argraph/1\nid: n\nconclusion: x\nclaims:\n  x: {text: X, credence: " +
                                                  value + "}\n");
    return r.diagnostics.empty() ? r.argument.claims[0].credence.value_or(-1) : -2.0;
  };
  CHECK(credence("0.25") == Approx(0.25));
  CHECK(credence("1") == Approx(1));
  CHECK(credence("0") == Approx(0));
  CHECK(credence("2.5e-1") == Approx(0.25));
  CHECK(credence(".5") == Approx(0.5));
  CHECK(credence("+0.5") == Approx(0.5));
  CHECK(credence("'0.5'") == -2.0);   // quoted: a string
  CHECK(credence("1e400") == -2.0);   // overflows to infinity
  CHECK(credence("0x1") == -2.0);     // not a decimal number
  CHECK(credence("true") == -2.0);
  CHECK(credence("~") == -2.0);
}
