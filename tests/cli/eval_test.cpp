// `argraph eval`: the hand example's exact table, JSON shape and values against brute-force enumeration
// of the compiled bundled arguments (profiles and --set applied independently through parameters.h),
// the published asia posterior for BIF files, impossible evidence, usage errors, and --approximate.
//
//   tests/data/eval/hand.yaml:  a (0.8) --1--> c (all, reliability 0.9) <--0.5-- b (0.6);  P(c) = 0.576
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "argraph/compile.h"
#include "argraph/inference.h"
#include "argraph/load.h"
#include "argraph/parameters.h"
#include "cli/run_cli.h"

using argraph::testing::RunArgraph;
using namespace argraph;

TEST_CASE("eval prints the hand example's table, conclusion first", "[eval]") {
  auto result = RunArgraph("eval tests/data/eval/hand.yaml");
  CHECK(result.status == 0);
  CHECK(result.out ==
        "hand: P(c) = 0.5760\n"
        "\n"
        "claim  credence  prior/stated\n"
        "c      0.5760    0.5000 stated\n"
        "a      0.8000    0.8000 prior\n"
        "b      0.6000    0.6000 prior\n");
  // Given b false: P(c | ¬b) = 0.9 · 0.8 · 0.5 = 0.36, moved by 0.36 − 0.576.
  result = RunArgraph("eval tests/data/eval/hand.yaml --given b=false");
  CHECK(result.status == 0);
  CHECK(result.out ==
        "hand: P(c | b=false) = 0.3600\n"
        "\n"
        "claim  credence  prior/stated   moved by evidence\n"
        "c      0.3600    0.5000 stated  -0.2160\n"
        "a      0.8000    0.8000 prior   +0.0000\n"
        "b      0.0000    0.6000 prior   -0.6000\n");
}

TEST_CASE("eval --format json has the contract's shape and enumeration's values", "[eval]") {
  struct Case {
    std::string file, flags;
    std::vector<std::pair<std::string, double>> set;
    std::string profile;
    std::vector<std::pair<std::string, bool>> given;
  };
  const std::vector<Case> cases = {
      {"tests/data/eval/hand.yaml", "", {}, "", {}},
      {"tests/data/eval/hand.yaml", "--profile doubter --set b=0.25", {{"b", 0.25}}, "doubter", {}},
      {"tests/data/valid/rules.yaml", "--given umbrella=true", {}, "", {{"umbrella", true}}},
      {"tests/data/valid/rules.yaml", "--profile sunny-optimist --given wind=false", {}, "sunny-optimist",
       {{"wind", false}}},
      {"tests/data/valid/diamond.yaml", "", {}, "", {}},
  };
  for (const Case& c : cases) {
    INFO(c.file + " " + c.flags);
    auto result = RunArgraph("eval " + c.file + " --format json " + c.flags);
    REQUIRE(result.status == 0);
    const nlohmann::ordered_json out = nlohmann::ordered_json::parse(result.out);
    LoadResult loaded = LoadArgumentFile(std::string(ARGRAPH_SOURCE_DIR) + "/" + c.file);
    REQUIRE_FALSE(loaded.diagnostics.HasErrors());
    Diagnostics ds;
    if (!c.profile.empty()) REQUIRE(ApplyProfile(loaded.argument, c.profile, ds));
    for (const auto& [name, value] : c.set) REQUIRE(SetParameter(loaded.argument, name, value, ds));
    CompiledArgument compiled = CompileArgument(loaded.argument, ds);
    Evidence e;
    for (const auto& [id, value] : c.given) e.push_back({compiled.ClaimVariable(id), value ? 0 : 1});
    Posterior exact = EnumerateExact(compiled.network, e, false);

    CHECK(out["argument"] == loaded.argument.id);
    CHECK(out["target"] == loaded.argument.conclusion);
    CHECK(out["method"] == "exact");
    CHECK(out["evidence"].size() == c.given.size());
    for (const auto& [id, value] : c.given) CHECK(out["evidence"][id] == (value ? "true" : "false"));
    CHECK(out["marginals"].size() == loaded.argument.claims.size());  // no hidden variables
    CHECK(out["marginals"].begin().key() == loaded.argument.conclusion);
    for (size_t i = 0; i < loaded.argument.claims.size(); ++i) {
      const std::string& id = loaded.argument.claims[i].id;
      const auto& m = out["marginals"][id];
      REQUIRE(m.size() == 2);
      CHECK(m["true"].get<double>() == Approx(exact.marginals[i][0]).margin(1e-12));
      CHECK(m["false"].get<double>() == Approx(exact.marginals[i][1]).margin(1e-12));
    }
  }
}

TEST_CASE("eval reads BIF files: asia's published posterior", "[eval]") {
  const std::string asia = "tests/data/bif/asia.bif";
  auto result = RunArgraph("eval '" + asia + "' --given xray=yes --given dysp=yes --target lung --format json");
  REQUIRE(result.status == 0);
  const nlohmann::json out = nlohmann::json::parse(result.out);
  CHECK(out["argument"] == "asia");
  CHECK(out["target"] == "lung");
  CHECK(out["marginals"]["lung"]["yes"].get<double>() == Approx(0.6212527967).margin(1e-10));  // DESIGN.md 5
  result = RunArgraph("eval '" + asia + "' --format csv");
  CHECK(result.status == 0);
  CHECK(result.out.rfind("variable,state,probability\nasia,yes,0.01\nasia,no,0.99\n", 0) == 0);
  result = RunArgraph("eval '" + asia + "' --format json");
  CHECK(nlohmann::json::parse(result.out)["target"].is_null());
}

TEST_CASE("eval reports impossible evidence and bad flags", "[eval]") {
  auto result = RunArgraph("eval tests/data/eval/hand.yaml --given c=true --given a=false", true);
  CHECK(result.status == 1);
  CHECK(result.out ==
        "argraph: error: the evidence c=true, a=false is impossible in 'hand' (it has probability 0); drop or "
        "change one of the --given values\n");
  result = RunArgraph("eval tests/data/eval/hand.yaml --given d=true", true);
  CHECK(result.status == 2);
  CHECK(result.out == "argraph: error: --given d=true: no claim 'd' in 'hand'; did you mean 'a', 'b' or 'c'?\n");
  result = RunArgraph("eval tests/data/eval/hand.yaml --given a=maybe", true);
  CHECK(result.status == 2);
  CHECK(result.out == "argraph: error: --given a=maybe: 'a' has no state 'maybe' (its states: true, false)\n");
  result = RunArgraph("eval tests/data/eval/hand.yaml --set a=2", true);
  CHECK(result.status == 2);
  CHECK(result.out == "--set a=2: error: value 2 for 'a' is outside [0,1] [parameter-range]\n");
  result = RunArgraph("eval tests/data/eval/hand.yaml --target e", true);
  CHECK(result.status == 2);
  CHECK(result.out == "argraph: error: --target: no claim 'e' in 'hand'; did you mean 'a', 'b' or 'c'?\n");
  result = RunArgraph("eval tests/data/eval/missing.yaml", true);
  CHECK(result.status == 2);
}

TEST_CASE("eval over the memory limit fails clearly, or samples with --approximate", "[eval]") {
  auto result = RunArgraph("eval tests/data/eval/hand.yaml --memory-limit 0.00001", true);
  CHECK(result.status == 1);
  CHECK(result.out.find("over the memory limit") != std::string::npos);
  CHECK(result.out.find("--approximate") != std::string::npos);
  result = RunArgraph(
      "eval tests/data/eval/hand.yaml --memory-limit 0.00001 --approximate --samples 40000 --seed 9 --format json");
  REQUIRE(result.status == 0);
  const nlohmann::json out = nlohmann::json::parse(result.out);
  CHECK(out["method"] == "approximate");
  const double p = out["marginals"]["c"]["true"], se = out["standard_errors"]["c"]["true"];
  CHECK(se > 0);
  CHECK(std::fabs(p - 0.576) < 4 * se);
  // The same seed, the same estimate.
  CHECK(RunArgraph("eval tests/data/eval/hand.yaml --memory-limit 0.00001 --approximate --samples 40000 --seed 9 "
                   "--format json")
            .out == result.out);
}
