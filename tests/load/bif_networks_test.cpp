// The standard networks read from BIF, through both exact engines:
//  - the small ones (asia, cancer, earthquake, survey, sachs): junction tree == brute-force enumeration
//    (every marginal and family marginal, with and without evidence) to 1e-12;
//  - alarm, asia, child: junction tree == the reference marginals of pgmpy and libDAI to 1e-9,
//    including their evidence cases;
//  - every network in the shared data folder (when present, else a WARN) whose junction tree is small
//    enough for a unit test: marginals sum to 1, evidence variables get probability 1 for their state,
//    and ln P(e1, e2) = ln P(e1) + ln P(e2 | e1) across three propagations.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "argraph/bif.h"
#include "argraph/inference.h"
#include "argraph/junction_tree.h"

using namespace argraph;
namespace fs = std::filesystem;

namespace {

std::string DataDir() { return std::string(ARGRAPH_SOURCE_DIR) + "/tests/data"; }

Network Load(const std::string& path) {
  NetworkLoadResult r = LoadNetworkFile(path);
  REQUIRE_FALSE(r.diagnostics.HasErrors());
  return r.network;
}

Posterior ByJunctionTree(const Network& net, const Evidence& evidence) {
  return JunctionTree(net).Propagate(evidence, true);
}

}  // namespace

// Reference marginals: {"marginals": {VAR: {STATE: P}}, "evidence_cases": [{"evidence", "marginals"}]}.
void CheckAgainstReference(const std::string& name, const std::function<Posterior(const Network&, const Evidence&)>& infer,
                                  double tolerance) {
  const Network net = Load(DataDir() + "/bif/" + name + ".bif");
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

TEST_CASE("junction-tree marginals of alarm, asia and child equal the reference marginals", "[bif]") {
  for (const char* name : {"alarm", "asia", "child"}) {
    INFO(name);
    CheckAgainstReference(name, ByJunctionTree, 1e-9);
  }
}

TEST_CASE("junction tree equals enumeration on the small standard networks", "[bif]") {
  for (const char* name : {"asia", "cancer", "earthquake", "survey", "sachs"}) {
    const Network net = Load(DataDir() + "/bif/" + name + ".bif");
    // No evidence, then the last variable's last state, then also the first variable's first state.
    const int last = static_cast<int>(net.variables.size()) - 1;
    const int last_state = static_cast<int>(net.variables.back().states.size()) - 1;
    for (const Evidence& e : {Evidence{}, Evidence{{last, last_state}}, Evidence{{last, last_state}, {0, 0}}}) {
      INFO(name << " with " << e.size() << " evidence variables");
      Posterior exact = EnumerateExact(net, e, true);
      Posterior jt = ByJunctionTree(net, e);
      REQUIRE(exact.possible);
      REQUIRE(jt.possible);
      CHECK(std::fabs(exact.log_evidence - jt.log_evidence) <= 1e-12);
      for (size_t v = 0; v < net.variables.size(); ++v) {
        for (size_t x = 0; x < exact.marginals[v].size(); ++x) {
          CHECK(std::fabs(exact.marginals[v][x] - jt.marginals[v][x]) <= 1e-12);
        }
        for (size_t i = 0; i < exact.family_marginals[v].size(); ++i) {
          CHECK(std::fabs(exact.family_marginals[v][i] - jt.family_marginals[v][i]) <= 1e-12);
        }
      }
    }
  }
}

// The shared data folder, from the build's ARGRAPH_SHARED_DIR (the tests' own copies are a subset).
TEST_CASE("every shared standard network: marginals sum to 1 and evidence is consistent", "[bif][shared]") {
  const std::string dir = std::string(ARGRAPH_SHARED_DIR) + "/data/bif";
  if (!fs::is_directory(dir)) {
    WARN("no shared networks at " << dir << "; configure with -DARGRAPH_SHARED_DIR=... to check them");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".bif") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= 20);
  for (const fs::path& path : files) {
    INFO(path.string());
    const Network net = Load(path.string());
    const double entries = EstimateJunctionTree(net).total_clique_entries;
    if (entries > 4e6) {  // link, munin, barley, ...: measured by bench/inference_bench.cpp instead
      WARN("skipped " << path.filename().string() << ": " << entries << " clique entries is too large for a unit test");
      continue;
    }
    JunctionTree tree(net);
    Posterior prior = tree.Propagate({});
    REQUIRE(prior.possible);
    auto check_sums = [&](const Posterior& p) {
      for (const auto& m : p.marginals) {
        double sum = 0;
        for (double q : m) {
          CHECK(std::isfinite(q));
          sum += q;
        }
        CHECK(std::fabs(sum - 1) <= 1e-9);
      }
    };
    check_sums(prior);
    // Evidence: the first and last variables at their most likely states (so P(e) > 0).
    auto likeliest = [](const std::vector<double>& m) {
      return static_cast<int>(std::max_element(m.begin(), m.end()) - m.begin());
    };
    const int a = 0, b = static_cast<int>(net.variables.size()) - 1;
    const Evidence e1{{a, likeliest(prior.marginals[0])}};
    Posterior one = tree.Propagate(e1);
    REQUIRE(one.possible);
    const Evidence e2{{a, e1[0].second}, {b, likeliest(one.marginals[static_cast<size_t>(b)])}};
    Posterior two = tree.Propagate(e2);
    REQUIRE(two.possible);
    check_sums(one);
    check_sums(two);
    for (auto [v, s] : e2) CHECK(two.marginals[static_cast<size_t>(v)][static_cast<size_t>(s)] == Approx(1).margin(1e-12));
    CHECK(one.log_evidence == Approx(std::log(prior.marginals[0][static_cast<size_t>(e1[0].second)])).epsilon(1e-10));
    CHECK(two.log_evidence ==
          Approx(one.log_evidence + std::log(one.marginals[static_cast<size_t>(b)][static_cast<size_t>(e2[1].second)]))
              .epsilon(1e-10));
  }
}

