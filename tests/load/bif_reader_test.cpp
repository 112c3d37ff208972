// The BIF reader: every bundled standard network parses; table layouts (rows, `table` with the child's
// states slowest, `default`) match hand-written columns; marginals of the small networks equal the
// published reference marginals (pgmpy and libDAI) through the brute-force oracle; invalid files give
// exact diagnostics.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "argraph/bif.h"
#include "argraph/inference.h"

using namespace argraph;
namespace fs = std::filesystem;

namespace {

std::string DataDir() { return std::string(ARGRAPH_SOURCE_DIR) + "/tests/data"; }

std::string Formatted(const NetworkLoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics.items()) out += FormatDiagnostic(d, r.sources, false);
  return out;
}

std::vector<double> Table(const Network& net, const std::string& name) {
  int v = net.FindVariable(name);
  REQUIRE(v >= 0);
  return net.families[static_cast<size_t>(v)].table;
}

}  // namespace

TEST_CASE("every bundled BIF network parses without errors", "[bif]") {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(DataDir() + "/bif")) {
    if (entry.path().extension() != ".bif") continue;
    ++count;
    NetworkLoadResult r = LoadNetworkFile(entry.path().string());
    INFO(entry.path().string() << "\n" << Formatted(r));
    CHECK_FALSE(r.diagnostics.HasErrors());
    CHECK(r.network.variables.size() > 0);
    CHECK(r.network.families.size() == r.network.variables.size());
  }
  CHECK(count == 11);
}

TEST_CASE("asia reads with its declared states and row layout", "[bif]") {
  NetworkLoadResult r = LoadNetworkFile(DataDir() + "/bif/asia.bif");
  REQUIRE(r.diagnostics.empty());
  const Network& net = r.network;
  REQUIRE(net.variables.size() == 8);
  CHECK(net.name == "unknown");
  CHECK(net.variables[0].name == "asia");
  CHECK(net.variables[0].states == std::vector<std::string>{"yes", "no"});
  CHECK(net.variables[0].location.line == 3);
  CHECK(net.variables[0].location.column == 10);
  int dysp = net.FindVariable("dysp");
  const Family& f = net.families[static_cast<size_t>(dysp)];
  REQUIRE(f.parents.size() == 2);
  CHECK(net.variables[static_cast<size_t>(f.parents[0])].name == "bronc");
  CHECK(net.variables[static_cast<size_t>(f.parents[1])].name == "either");
  // Columns (bronc, either) = (yes,yes) (yes,no) (no,yes) (no,no), child fastest.
  CHECK(f.table == std::vector<double>{0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.1, 0.9});
}

TEST_CASE("a BIF table lists the child's states slowest; default fills missing rows", "[bif]") {
  const std::string text =
      "network n { property author = \"x; y\"; }\n"
      "variable a { type discrete [ 2 ] { a0, a1 }; property position = (1, 2); }\n"
      "variable b { type discrete [ 3 ] { b0 b1 b2 }; }\n"   // commas are optional
      "variable c { type discrete [ 2 ] { c0, c1 }; }\n"
      "/* a comment */ probability ( c | a, b ) {\n"
      "  table 0.1, 0.2, 0.3, 0.4, 0.5, 0.6,   // c = c0 for the six columns\n"
      "        0.9, 0.8, 0.7, 0.6, 0.5, 0.4;\n"
      "}\n"
      "probability ( a ) { table 0.25 0.75; }\n"
      "probability ( b | a ) { (a1) 0.2, 0.3, 0.5; default 0.1, 0.1, 0.8; }\n";
  NetworkLoadResult r = ReadBif("t.bif", text);
  INFO(Formatted(r));
  REQUIRE(r.diagnostics.empty());
  CHECK(r.network.name == "n");
  CHECK(Table(r.network, "c") ==
        std::vector<double>{0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5, 0.6, 0.4});
  CHECK(Table(r.network, "a") == std::vector<double>{0.25, 0.75});
  CHECK(Table(r.network, "b") == std::vector<double>{0.1, 0.1, 0.8, 0.2, 0.3, 0.5});
}

TEST_CASE("columns off by at most 1e-6 are renormalised with a note", "[bif]") {
  NetworkLoadResult r = ReadBif("t.bif",
                                "variable a { type discrete [ 2 ] { x, y }; }\n"
                                "probability ( a ) { table 0.3, 0.7000005; }\n");
  REQUIRE(r.diagnostics.items().size() == 1);
  CHECK(Formatted(r) == "t.bif: note: some table rows sum to 1 only within 5e-07; they were renormalised [row-normalized]\n");
  std::vector<double> t = Table(r.network, "a");
  CHECK(t[0] == Approx(0.3 / 1.0000005).epsilon(1e-15));
  CHECK(t[0] + t[1] == Approx(1).epsilon(1e-15));
}

// Reference marginals: {"marginals": {VAR: {STATE: P}}, "evidence_cases": [{"evidence", "marginals"}]}.
static void CheckAgainstReference(const std::string& name, const std::function<Posterior(const Network&, const Evidence&)>& infer,
                                  double tolerance) {
  NetworkLoadResult r = LoadNetworkFile(DataDir() + "/bif/" + name + ".bif");
  REQUIRE_FALSE(r.diagnostics.HasErrors());
  const Network& net = r.network;
  std::ifstream in(DataDir() + "/reference/" + name + ".json");
  REQUIRE(in);
  nlohmann::json ref = nlohmann::json::parse(in);
  std::vector<std::pair<Evidence, nlohmann::json>> cases{{{}, ref["marginals"]}};
  for (const auto& c : ref["evidence_cases"]) {
    Evidence e;
    for (const auto& [var, state] : c["evidence"].items()) {
      int v = net.FindVariable(var);
      REQUIRE(v >= 0);
      const auto& states = net.variables[static_cast<size_t>(v)].states;
      auto it = std::find(states.begin(), states.end(), state.get<std::string>());
      REQUIRE(it != states.end());
      e.push_back({v, static_cast<int>(it - states.begin())});
    }
    cases.push_back({e, c["marginals"]});
  }
  for (const auto& [evidence, marginals] : cases) {
    Posterior p = infer(net, evidence);
    REQUIRE(p.possible);
    int checked = 0;
    for (const auto& [var, dist] : marginals.items()) {
      int v = net.FindVariable(var);
      REQUIRE(v >= 0);
      for (const auto& [state, prob] : dist.items()) {
        const auto& states = net.variables[static_cast<size_t>(v)].states;
        size_t s = static_cast<size_t>(std::find(states.begin(), states.end(), state) - states.begin());
        REQUIRE(s < states.size());
        INFO(name << " " << var << "=" << state);
        CHECK(std::fabs(p.marginals[static_cast<size_t>(v)][s] - prob.get<double>()) <= tolerance);
        ++checked;
      }
    }
    CHECK(checked > 0);
  }
}

TEST_CASE("asia marginals by enumeration equal the reference marginals", "[bif]") {
  CheckAgainstReference("asia", [](const Network& n, const Evidence& e) { return EnumerateExact(n, e, false); }, 1e-9);
}
