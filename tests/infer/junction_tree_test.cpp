// The junction tree against brute-force enumeration (EnumerateExact) on hundreds of random networks:
// random DAGs with shared parents, multi-state variables, zeros in tables, random evidence; every
// marginal, every family marginal and ln P(e) to 1e-12. Plus re-parameterisation without recompiling,
// the one-target fast path, extreme parameters and impossible evidence.
//
//   A typical random network:   v3   v0        (variables in random topological order,
//                               | \ / |         up to 3 parents, 1-4 states)
//                               v1  v4 -- v2
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "argraph/inference.h"
#include "argraph/junction_tree.h"

using namespace argraph;

namespace {

std::vector<double> RandomTable(std::mt19937_64& rng, size_t states, size_t columns, bool zeros) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> table(states * columns);
  for (size_t c = 0; c < columns; ++c) {
    double sum = 0;
    for (size_t x = 0; x < states; ++x) {
      double p = u(rng);
      if (zeros && u(rng) < 0.15) p = 0;
      table[c * states + x] = p;
      sum += p;
    }
    if (sum == 0) {
      table[c * states] = 1;
      sum = 1;
    }
    for (size_t x = 0; x < states; ++x) table[c * states + x] /= sum;
  }
  return table;
}

Network RandomNetwork(std::mt19937_64& rng, size_t n, size_t max_parents, bool zeros) {
  Network net;
  net.name = "random";
  std::vector<int> topo(n);
  for (size_t i = 0; i < n; ++i) topo[i] = static_cast<int>(i);
  std::shuffle(topo.begin(), topo.end(), rng);
  std::uniform_int_distribution<int> states_dist(1, 4);
  for (size_t i = 0; i < n; ++i) {
    int s = states_dist(rng);
    if (s == 1 && rng() % 3 != 0) s = 2;  // one-state variables, but rarely
    Variable v;
    v.name = std::to_string(i);
    v.name.insert(v.name.begin(), 'v');
    for (int k = 0; k < s; ++k) v.states.push_back(std::string(1, static_cast<char>('a' + k)));
    net.variables.push_back(v);
  }
  net.families.resize(n);
  for (size_t k = 0; k < n; ++k) {
    const int v = topo[k];
    Family& f = net.families[static_cast<size_t>(v)];
    f.child = v;
    std::vector<int> earlier(topo.begin(), topo.begin() + static_cast<long>(k));
    std::shuffle(earlier.begin(), earlier.end(), rng);
    const size_t count = std::min<size_t>(earlier.size(), rng() % (max_parents + 1));
    f.parents.assign(earlier.begin(), earlier.begin() + static_cast<long>(count));
    f.table = RandomTable(rng, net.variables[static_cast<size_t>(v)].states.size(),
                          net.ColumnCount(v), zeros);
  }
  return net;
}

Evidence RandomEvidence(std::mt19937_64& rng, const Network& net, size_t max_count) {
  Evidence e;
  const size_t count = rng() % (max_count + 1);
  std::vector<int> vars(net.variables.size());
  for (size_t i = 0; i < vars.size(); ++i) vars[i] = static_cast<int>(i);
  std::shuffle(vars.begin(), vars.end(), rng);
  for (size_t i = 0; i < count && i < vars.size(); ++i) {
    const int s = static_cast<int>(rng() % net.variables[static_cast<size_t>(vars[i])].states.size());
    e.push_back({vars[i], s});
  }
  return e;
}

// A fair root with 400 children, each observed true with likelihood 1e-5 (root t) or 2e-5 (root f):
// P(e) = 0.5·1e-2000 + 0.5·2^400·1e-2000 underflows any double. Fills `e` with the observations.
Network ObservedStar(Evidence& e) {
  Network chain;
  chain.variables.push_back({"root", {"t", "f"}, false, {}});
  chain.families.push_back({0, {}, {0.5, 0.5}, {}});
  for (int i = 1; i <= 400; ++i) {
    chain.variables.push_back({std::to_string(i), {"t", "f"}, false, {}});
    chain.families.push_back({i, {0}, {1e-5, 1 - 1e-5, 2e-5, 1 - 2e-5}, {}});
    e.push_back({i, 0});
  }
  return chain;
}

void RequireSame(const Posterior& jt, const Posterior& exact, bool families) {
  REQUIRE(jt.possible == exact.possible);
  if (!exact.possible) return;
  CHECK(jt.log_evidence == Approx(exact.log_evidence).margin(1e-12));
  for (size_t v = 0; v < exact.marginals.size(); ++v) {
    for (size_t x = 0; x < exact.marginals[v].size(); ++x) {
      CHECK(jt.marginals[v][x] == Approx(exact.marginals[v][x]).margin(1e-12));
    }
  }
  if (!families) return;
  REQUIRE(jt.family_marginals.size() == exact.family_marginals.size());
  for (size_t v = 0; v < exact.family_marginals.size(); ++v) {
    REQUIRE(jt.family_marginals[v].size() == exact.family_marginals[v].size());
    for (size_t i = 0; i < exact.family_marginals[v].size(); ++i) {
      CHECK(jt.family_marginals[v][i] == Approx(exact.family_marginals[v][i]).margin(1e-12));
    }
  }
}

}  // namespace

TEST_CASE("junction tree equals enumeration on random networks", "[junction_tree]") {
  std::mt19937_64 rng(20261127);
  int impossible = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const size_t n = 1 + rng() % 11;
    Network net = RandomNetwork(rng, n, 1 + trial % 4, trial % 3 == 0);
    JunctionTree jt(net);
    for (int k = 0; k < 3; ++k) {
      Evidence e = RandomEvidence(rng, net, 4);
      Posterior exact = EnumerateExact(net, e, true);
      if (!exact.possible) ++impossible;
      RequireSame(jt.Propagate(e, true), exact, true);
    }
  }
  CHECK(impossible > 5);  // the zeros do produce impossible evidence, and it is reported
}

TEST_CASE("junction tree handles disconnected networks and no-evidence cases", "[junction_tree]") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    Network net = RandomNetwork(rng, 2 + rng() % 9, 0 + trial % 2, false);  // few or no edges
    JunctionTree jt(net);
    Evidence e = RandomEvidence(rng, net, 3);
    RequireSame(jt.Propagate(e, true), EnumerateExact(net, e, true), true);
  }
}

TEST_CASE("a new table needs only a new propagation", "[junction_tree]") {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 100; ++trial) {
    Network net = RandomNetwork(rng, 3 + rng() % 8, 3, false);
    JunctionTree jt(net);
    Evidence e = RandomEvidence(rng, net, 2);
    (void)jt.Propagate(e, true);
    for (int k = 0; k < 3; ++k) {
      const int v = static_cast<int>(rng() % net.variables.size());
      net.families[static_cast<size_t>(v)].table =
          RandomTable(rng, net.variables[static_cast<size_t>(v)].states.size(), net.ColumnCount(v), false);
      jt.SetTable(v, net.families[static_cast<size_t>(v)].table);
    }
    RequireSame(jt.Propagate(e, true), EnumerateExact(net, e, true), true);
  }
}

TEST_CASE("tables changed again and again keep the propagation exact", "[junction_tree]") {
  // Replaced tables are multiplied into a kept product of their clique's other tables: rounds of
  // changes, to families new and old (zeros included), each checked against enumeration.
  std::mt19937_64 rng(123);
  for (int trial = 0; trial < 60; ++trial) {
    Network net = RandomNetwork(rng, 3 + rng() % 8, 1 + trial % 3, trial % 2 == 0);
    JunctionTree jt(net);
    Evidence e = RandomEvidence(rng, net, 2);
    std::vector<int> changing;
    for (int round = 0; round < 6; ++round) {
      if (round % 2 == 0) changing.push_back(static_cast<int>(rng() % net.variables.size()));
      for (int v : changing) {
        net.families[static_cast<size_t>(v)].table = RandomTable(
            rng, net.variables[static_cast<size_t>(v)].states.size(), net.ColumnCount(v), trial % 2 == 0);
        jt.SetTable(v, net.families[static_cast<size_t>(v)].table);
      }
      RequireSame(jt.Propagate(e, true), EnumerateExact(net, e, true), true);
    }
  }
}

TEST_CASE("the one-target query equals the full propagation", "[junction_tree]") {
  std::mt19937_64 rng(5);
  std::vector<double> marginal;
  for (int trial = 0; trial < 150; ++trial) {
    Network net = RandomNetwork(rng, 1 + rng() % 10, 3, trial % 2 == 0);
    JunctionTree jt(net);
    Evidence e = RandomEvidence(rng, net, 3);
    Posterior exact = EnumerateExact(net, e, false);
    for (size_t v = 0; v < net.variables.size(); ++v) {
      const double log_e = jt.Query(static_cast<int>(v), e, marginal);
      if (!exact.possible) {
        CHECK(std::isinf(log_e));
        continue;
      }
      CHECK(log_e == Approx(exact.log_evidence).margin(1e-12));
      for (size_t x = 0; x < marginal.size(); ++x) CHECK(marginal[x] == Approx(exact.marginals[v][x]).margin(1e-12));
    }
  }
}

TEST_CASE("extreme parameters keep full relative accuracy", "[junction_tree]") {
  // A -> B: P(A) = 1e-15, P(B|A) = 1, P(B|¬A) = 1e-15.  Given B: P(A|B) = 1e-15 / (1e-15 + (1-1e-15)·1e-15).
  Network net;
  net.variables = {{"A", {"t", "f"}, false, {}}, {"B", {"t", "f"}, false, {}}};
  net.families = {{0, {}, {1e-15, 1 - 1e-15}, {}}, {1, {0}, {1, 0, 1e-15, 1 - 1e-15}, {}}};
  JunctionTree jt(net);
  Posterior post = jt.Propagate({{1, 0}});
  REQUIRE(post.possible);
  const double pe = 1e-15 + (1 - 1e-15) * 1e-15;
  CHECK(post.marginals[0][0] == Approx(1e-15 / pe).epsilon(1e-14));
  CHECK(post.log_evidence == Approx(std::log(pe)).epsilon(1e-14));
  CHECK(jt.Propagate({}).marginals[0][0] == Approx(1e-15).epsilon(1e-14));

  // A chain of 400 observations each of likelihood 1e-5: P(e) = 1e-2000 underflows any double, its
  // log does not, and the root's posterior stays exact.
  Evidence e;
  const Network chain = ObservedStar(e);
  JunctionTree big(chain);
  Posterior p = big.Propagate(e);
  REQUIRE(p.possible);
  // P(root=t | e) = 1 / (1 + 2^400)
  CHECK(p.marginals[0][0] == Approx(1 / (1 + std::pow(2.0, 400))).epsilon(1e-12));
  const double expected = std::log(0.5) + 400 * std::log(1e-5) + std::log1p(std::pow(2.0, 400));
  CHECK(p.log_evidence == Approx(expected).epsilon(1e-13));
  for (const auto& m : p.marginals) {
    for (double x : m) CHECK(std::isfinite(x));
  }
}

TEST_CASE("impossible evidence is reported, never NaN", "[junction_tree]") {
  Network net;
  net.variables = {{"A", {"t", "f"}, false, {}}, {"B", {"t", "f"}, false, {}}};
  net.families = {{0, {}, {0.3, 0.7}, {}}, {1, {0}, {1, 0, 1, 0}, {}}};  // B always true
  JunctionTree jt(net);
  Posterior p = jt.Propagate({{1, 1}}, true);
  CHECK_FALSE(p.possible);
  for (const auto& m : p.marginals) {
    for (double x : m) CHECK(x == 0.0);
  }
  std::vector<double> marginal;
  CHECK(std::isinf(jt.Query(0, {{1, 1}}, marginal)));
  CHECK(jt.Propagate({{0, 0}, {0, 1}}).possible == false);  // contradictory evidence on one variable
  CHECK(jt.Propagate({{1, 0}}).possible);
}

TEST_CASE("over the memory limit the tree refuses with a clear message", "[junction_tree]") {
  std::mt19937_64 rng(3);
  Network net = RandomNetwork(rng, 10, 4, false);
  JunctionTreeOptions options;
  options.max_clique_bytes = 16;
  CHECK_THROWS_AS(JunctionTree(net, options), MemoryLimitError);
  try {
    JunctionTree jt(net, options);
  } catch (const MemoryLimitError& e) {
    CHECK(std::string(e.what()).find("over the memory limit") != std::string::npos);
  }
}

TEST_CASE("index maps and strided loops give the same results", "[junction_tree]") {
  std::mt19937_64 rng(11);
  JunctionTreeOptions no_maps;
  no_maps.max_map_entries = 0;
  for (int trial = 0; trial < 60; ++trial) {
    Network net = RandomNetwork(rng, 2 + rng() % 9, 3, trial % 2 == 0);
    JunctionTree jt(net, no_maps);
    Evidence e = RandomEvidence(rng, net, 3);
    RequireSame(jt.Propagate(e, true), EnumerateExact(net, e, true), true);
  }
}

namespace {

// ∂P(e)/∂θ of both engines agree: scaled by P(e) when possible, unscaled (times the scale) when not.
void RequireSameDerivatives(const Posterior& jt, const Posterior& exact) {
  REQUIRE(jt.possible == exact.possible);
  REQUIRE(jt.derivatives.size() == exact.derivatives.size());
  for (size_t v = 0; v < exact.derivatives.size(); ++v) {
    REQUIRE(jt.derivatives[v].size() == exact.derivatives[v].size());
    for (size_t i = 0; i < exact.derivatives[v].size(); ++i) {
      const double mine = jt.derivatives[v][i] * std::exp(jt.derivative_log_scale - exact.derivative_log_scale);
      CHECK(mine == Approx(exact.derivatives[v][i]).epsilon(1e-11).margin(1e-12));
    }
  }
}

}  // namespace

TEST_CASE("every derivative of P(e) equals brute force, zero entries and impossible evidence included",
          "[junction_tree][derivatives]") {
  std::mt19937_64 rng(4242);
  JunctionTreeOptions no_maps;
  no_maps.max_map_entries = 0;
  int impossible = 0, zero_entries = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const size_t n = 1 + rng() % 9;
    Network net = RandomNetwork(rng, n, trial % 5, trial % 3 != 2);  // trial % 5 == 0: no edges at all
    for (const Family& f : net.families) {
      for (double t : f.table) zero_entries += t == 0;
    }
    JunctionTree jt(net, trial % 2 ? no_maps : JunctionTreeOptions{});
    Posterior mine;
    for (int k = 0; k < 2; ++k) {
      Evidence e = RandomEvidence(rng, net, 3);
      Posterior exact = EnumerateExact(net, e, true, true);
      if (!exact.possible) ++impossible;
      jt.PropagateDerivatives(e, mine);
      RequireSame(mine, exact, true);
      RequireSameDerivatives(mine, exact);
    }
  }
  CHECK(impossible > 5);
  CHECK(zero_entries > 100);
}

TEST_CASE("derivatives equal differences of P(e) from ordinary propagation", "[junction_tree][derivatives]") {
  // P(e) is linear in each single entry, so a forward difference is exact up to rounding; the
  // re-propagation (Hugin, with division) is independent of the derivative pass (no division).
  std::mt19937_64 rng(77);
  Posterior mine;
  int checked = 0;
  for (int trial = 0; trial < 60; ++trial) {
    Network net = RandomNetwork(rng, 2 + rng() % 8, 3, true);
    JunctionTree jt(net);
    Evidence e = RandomEvidence(rng, net, 2);
    jt.PropagateDerivatives(e, mine);
    if (!mine.possible) continue;
    const double pe = std::exp(mine.log_evidence);
    for (int k = 0; k < 5; ++k) {
      const size_t v = rng() % net.variables.size();
      const size_t i = rng() % net.families[v].table.size();
      std::vector<double> moved = net.families[v].table;
      const double h = 1e-3;
      moved[i] += h;
      jt.SetTable(static_cast<int>(v), moved);
      const Posterior up = jt.Propagate(e);
      jt.SetTable(static_cast<int>(v), net.families[v].table);
      const double difference = (std::exp(up.log_evidence) - pe) / h;
      CHECK(mine.derivatives[v][i] * pe == Approx(difference).epsilon(1e-9).margin(1e-12));
      ++checked;
    }
  }
  CHECK(checked > 150);
}

TEST_CASE("derivatives keep full relative accuracy at extreme parameters", "[junction_tree][derivatives]") {
  // A -> B: P(A) = 1e-15, P(B|A) = 1, P(B|¬A) = 1e-15 (table laid out [A=t: B=t, B=f][A=f: B=t, B=f]).
  Network net;
  net.variables = {{"A", {"t", "f"}, false, {}}, {"B", {"t", "f"}, false, {}}};
  net.families = {{0, {}, {1e-15, 1 - 1e-15}, {}}, {1, {0}, {1, 0, 1e-15, 1 - 1e-15}, {}}};
  JunctionTree jt(net);
  Posterior p;
  // No evidence: P(e) = 1, ∂/∂θ_{B=f|A=t} = P(A=t) = 1e-15 although θ_{B=f|A=t} = 0.
  jt.PropagateDerivatives({}, p);
  CHECK(p.derivatives[1][1] == Approx(1e-15).epsilon(1e-14));
  CHECK(p.derivatives[1][2] == Approx(1 - 1e-15).epsilon(1e-14));
  // Given B = t: P(e) = 1e-15 + (1 − 1e-15)·1e-15; ∂P(e)/∂θ_{A=t} = P(B=t|A=t) = 1, ∂/∂θ_{A=f} = 1e-15,
  // and the zero entry θ_{B=f|A=t} has derivative 0 (B = f is ruled out).
  jt.PropagateDerivatives({{1, 0}}, p);
  REQUIRE(p.possible);
  const double pe = 1e-15 + (1 - 1e-15) * 1e-15;
  CHECK(p.derivatives[0][0] == Approx(1 / pe).epsilon(1e-14));
  CHECK(p.derivatives[0][1] == Approx(1e-15 / pe).epsilon(1e-14));
  CHECK(p.derivatives[1][1] == 0.0);
  CHECK(p.derivatives[1][0] == Approx(1e-15 / pe).epsilon(1e-14));
  // Given B = f with P(B=f|A=t) = 0: ∂P(e)/∂θ_{B=f|A=t} = P(A=t) = 1e-15.
  jt.PropagateDerivatives({{1, 1}}, p);
  REQUIRE(p.possible);
  CHECK(p.derivatives[1][1] * std::exp(p.derivative_log_scale) == Approx(1e-15).epsilon(1e-14));

  // 400 observations of likelihood 1e-5 or 2e-5 below a fair root: P(e) underflows, the derivative
  // with respect to P(root = t), P(e | root = t)/P(e) = 2/(1 + 2^400), does not.
  Evidence e;
  const Network chain = ObservedStar(e);
  JunctionTree big(chain);
  big.PropagateDerivatives(e, p);
  REQUIRE(p.possible);
  CHECK(p.derivatives[0][0] == Approx(2 / (1 + std::pow(2.0, 400))).epsilon(1e-12));
  CHECK(p.derivatives[0][1] == Approx(2 / (1 + std::pow(2.0, -400))).epsilon(1e-12));
  // ∂P(e)/∂θ_{1=t|root=f}: P(e)/θ for the observed entry, 0 for the unobserved one.
  CHECK(p.derivatives[1][2] == Approx(p.family_marginals[1][2] / 2e-5).epsilon(1e-12));
  CHECK(p.derivatives[1][3] == 0.0);
}

TEST_CASE("derivatives where P(e) = 0 are still the derivatives", "[junction_tree][derivatives]") {
  // A -> B with B always true; evidence B = f is impossible, yet moving θ_{B=f|A} off 0 makes it
  // possible: ∂P(B=f)/∂θ_{B=f|A=a} = P(A=a) = 0.3, 0.7.
  Network net;
  net.variables = {{"A", {"t", "f"}, false, {}}, {"B", {"t", "f"}, false, {}}};
  net.families = {{0, {}, {0.3, 0.7}, {}}, {1, {0}, {1, 0, 1, 0}, {}}};
  JunctionTree jt(net);
  Posterior p;
  jt.PropagateDerivatives({{1, 1}}, p);
  CHECK_FALSE(p.possible);
  const double scale = std::exp(p.derivative_log_scale);
  CHECK(p.derivatives[1][1] * scale == Approx(0.3).epsilon(1e-14));
  CHECK(p.derivatives[1][3] * scale == Approx(0.7).epsilon(1e-14));
  CHECK(p.derivatives[0][0] * scale == 0.0);
  // Contradictory evidence on one variable: every derivative is 0.
  jt.PropagateDerivatives({{0, 0}, {0, 1}}, p);
  CHECK_FALSE(p.possible);
  for (const auto& d : p.derivatives) {
    for (double x : d) CHECK(x == 0.0);
  }
}

TEST_CASE("derivatives of chosen families equal those of the full pass", "[junction_tree][derivatives]") {
  std::mt19937_64 rng(31);
  Posterior all, some;
  for (int trial = 0; trial < 100; ++trial) {
    Network net = RandomNetwork(rng, 2 + rng() % 9, 1 + trial % 3, trial % 2 == 0);
    JunctionTree jt(net);
    const Evidence e = RandomEvidence(rng, net, 3);
    std::vector<int> families;
    for (size_t v = 0; v < net.variables.size(); ++v) {
      if (rng() % 3 == 0) families.push_back(static_cast<int>(v));
    }
    jt.PropagateDerivatives(e, all);
    jt.PropagateDerivatives(e, some, &families);
    REQUIRE(some.possible == all.possible);
    if (all.possible) CHECK(some.log_evidence == Approx(all.log_evidence).margin(1e-12));
    for (int v : families) {
      const size_t f = static_cast<size_t>(v);
      for (size_t i = 0; i < all.derivatives[f].size(); ++i) {
        CHECK(some.derivatives[f][i] * std::exp(some.derivative_log_scale - all.derivative_log_scale) ==
              Approx(all.derivatives[f][i]).epsilon(1e-12).margin(1e-13));
        CHECK(some.family_marginals[f][i] == Approx(all.family_marginals[f][i]).margin(1e-13));
      }
    }
  }
}

TEST_CASE("family marginals of chosen families equal those of the full propagation", "[junction_tree]") {
  std::mt19937_64 rng(47);
  Posterior all, some;
  for (int trial = 0; trial < 200; ++trial) {
    // trial % 4 == 0: no edges, so several components.
    Network net = RandomNetwork(rng, 1 + rng() % 10, trial % 4, trial % 2 == 0);
    JunctionTree jt(net);
    const Evidence e = RandomEvidence(rng, net, 3);
    std::vector<int> families;
    for (size_t v = 0; v < net.variables.size(); ++v) {
      if (rng() % 3 == 0) families.push_back(static_cast<int>(v));
    }
    // A second round with a changed table: the stale clique is rebuilt first.
    for (int round = 0; round < 2; ++round) {
      if (round == 1) {
        const int v = static_cast<int>(rng() % net.variables.size());
        jt.SetTable(v, RandomTable(rng, net.variables[static_cast<size_t>(v)].states.size(), net.ColumnCount(v),
                                   false));
      }
      jt.Propagate(e, true, all);
      jt.PropagateFamilies(e, families, some);
      REQUIRE(some.possible == all.possible);
      if (!all.possible) continue;
      CHECK(some.log_evidence == Approx(all.log_evidence).margin(1e-12));
      for (int v : families) {
        const size_t f = static_cast<size_t>(v);
        REQUIRE(some.family_marginals[f].size() == all.family_marginals[f].size());
        for (size_t i = 0; i < all.family_marginals[f].size(); ++i) {
          CHECK(some.family_marginals[f][i] == Approx(all.family_marginals[f][i]).margin(1e-13));
        }
      }
    }
  }
}

TEST_CASE("derivatives from family marginals equal those of the derivative pass", "[junction_tree][derivatives]") {
  // PropagateWithDerivatives reads ∂P(e)/∂θ as P(x,u|e)/θ for every family not listed as exact, and
  // PropagatePair shares one collect between e and e ∧ (target = state): both against
  // PropagateDerivatives (every entry by the Shafer-Shenoy pass) and Propagate (the marginals).
  std::mt19937_64 rng(53);
  Posterior exact_pass, quotient, plain, pair_e, pair_ey, reference_ey, some_e, some_ey;
  int compared = 0, zero_entries = 0, subsets = 0;
  for (int trial = 0; trial < 150; ++trial) {
    Network net = RandomNetwork(rng, 2 + rng() % 9, 1 + trial % 3, trial % 2 == 0);
    JunctionTree jt(net);
    const Evidence e = trial % 3 == 0 ? Evidence{} : RandomEvidence(rng, net, 3);
    // Zero entries on even trials; the families holding them are listed as exact when trial % 4 == 0,
    // not when trial % 4 == 2.
    std::vector<int> exact;
    std::vector<char> listed(net.variables.size(), 0);
    for (size_t v = 0; v < net.variables.size(); ++v) {
      const std::vector<double>& t = net.families[v].table;
      if (trial % 4 == 0 && std::find(t.begin(), t.end(), 0.0) != t.end()) {
        exact.push_back(static_cast<int>(v));
        listed[v] = 1;
      }
    }
    jt.PropagateDerivatives(e, exact_pass);
    jt.PropagateWithDerivatives(e, quotient, exact);
    jt.Propagate(e, true, plain);
    REQUIRE(quotient.possible == exact_pass.possible);
    auto same_derivatives = [&](const Posterior& mine, const Posterior& reference) {
      for (size_t v = 0; v < net.variables.size(); ++v) {
        for (size_t i = 0; i < reference.derivatives[v].size(); ++i) {
          if (!listed[v] && reference.possible && !(net.families[v].table[i] >= kQuotientFloor)) {
            ++zero_entries;
            continue;  // no quotient: not asked for
          }
          ++compared;
          CHECK(mine.derivatives[v][i] * std::exp(mine.derivative_log_scale - reference.derivative_log_scale) ==
                Approx(reference.derivatives[v][i]).epsilon(1e-9).margin(1e-300));
        }
      }
    };
    // ln P(e), the marginals and (with `families`) the family marginals of `mine` are plain's.
    auto same_as_plain = [&](const Posterior& mine, bool families) {
      CHECK(mine.log_evidence == Approx(plain.log_evidence).margin(1e-12));
      for (size_t v = 0; v < net.variables.size(); ++v) {
        for (size_t x = 0; x < plain.marginals[v].size(); ++x) {
          CHECK(mine.marginals[v][x] == Approx(plain.marginals[v][x]).margin(1e-13));
        }
        for (size_t i = 0; families && i < plain.family_marginals[v].size(); ++i) {
          CHECK(mine.family_marginals[v][i] == Approx(plain.family_marginals[v][i]).margin(1e-13));
        }
      }
    };
    same_derivatives(quotient, exact_pass);
    if (quotient.possible) same_as_plain(quotient, true);
    // The pair, for a target not in the evidence.
    const int target = static_cast<int>(rng() % net.variables.size());
    if (std::any_of(e.begin(), e.end(), [&](const auto& o) { return o.first == target; })) continue;
    const int state = static_cast<int>(rng() % net.variables[static_cast<size_t>(target)].states.size());
    const bool derivatives = trial % 3 != 1;
    jt.PropagatePair(e, target, state, derivatives, exact, pair_e, pair_ey);
    REQUIRE(pair_e.possible == plain.possible);
    if (!plain.possible) continue;
    same_as_plain(pair_e, false);
    if (derivatives) same_derivatives(pair_e, exact_pass);
    if (!derivatives) {
      // e's marginals for some variables only: those are the same numbers; so is all of e ∧ y.
      std::vector<int> some;
      for (size_t v = 0; v < net.variables.size(); ++v) {
        if (rng() % 2) some.push_back(static_cast<int>(v));
      }
      jt.PropagatePair(e, target, state, false, exact, some_e, some_ey, &some);
      for (int v : some) CHECK(some_e.marginals[static_cast<size_t>(v)] == pair_e.marginals[static_cast<size_t>(v)]);
      CHECK(some_ey.derivatives == pair_ey.derivatives);
      CHECK(some_ey.marginals == pair_ey.marginals);
      ++subsets;
    }
    Evidence with_target = e;
    with_target.push_back({target, state});
    jt.PropagateDerivatives(with_target, reference_ey);
    jt.Propagate(with_target, true, plain);
    REQUIRE(pair_ey.possible == reference_ey.possible);
    same_derivatives(pair_ey, reference_ey);
    if (!plain.possible) continue;
    same_as_plain(pair_ey, true);
  }
  CHECK(compared > 1000);
  CHECK(zero_entries > 10);  // trials with zero entries left out of `exact` do occur
  CHECK(subsets > 20);
}

TEST_CASE("pairs of propagations equal enumeration, the target observed and buffers reused", "[junction_tree][derivatives]") {
  // PropagatePair into the same two posteriors again and again (contradicted evidence, other targets
  // and other sizes in between): every call's marginals, family marginals and derivatives against
  // EnumerateExact, so nothing left by an earlier call survives into a later one. EnumerateExact takes
  // one observation per variable: a contradiction (two states of one variable) is checked by hand.
  std::mt19937_64 rng(61);
  Posterior pair_e, pair_ey;
  int compared = 0, observed = 0, contradicted = 0;
  for (int trial = 0; trial < 60; ++trial) {
    Network net = RandomNetwork(rng, 2 + rng() % 7, 1 + trial % 3, trial % 2 == 0);
    JunctionTree jt(net);
    const std::vector<int> exact = trial % 4 == 0 ? std::vector<int>{0} : std::vector<int>{};
    for (int round = 0; round < 4; ++round) {
      Evidence e = RandomEvidence(rng, net, 3);
      const int target = static_cast<int>(rng() % net.variables.size());
      const size_t target_states = net.variables[static_cast<size_t>(target)].states.size();
      const int state = static_cast<int>(rng() % target_states);
      // Round 1: the target observed (in its state or another); round 2: e contradicts itself.
      int target_seen = -1;
      for (auto& [v, s] : e) {
        if (v == target) target_seen = s;
      }
      if (round == 1 && target_seen < 0) e.push_back({target, target_seen = static_cast<int>(rng() % target_states)});
      const bool ey_contradicted = target_seen >= 0 && target_seen != state;
      const bool e_contradicted = round == 2 && net.variables[0].states.size() > 1;
      if (e_contradicted) {
        e.erase(std::remove_if(e.begin(), e.end(), [](const auto& o) { return o.first == 0; }), e.end());
        e.push_back({0, 0});
        e.push_back({0, 1});
      }
      const bool derivatives = (trial + round) % 2 == 0;
      jt.PropagatePair(e, target, state, derivatives, exact, pair_e, pair_ey);
      INFO("trial " << trial << " round " << round << " derivatives " << derivatives);
      observed += target_seen >= 0;
      if (e_contradicted) {
        ++contradicted;
        REQUIRE_FALSE(pair_e.possible);
        for (const std::vector<double>& m : pair_e.marginals) {
          for (double x : m) CHECK(x == 0.0);
        }
        continue;
      }
      const Posterior reference_e = EnumerateExact(net, e, true, true);
      Evidence with_target = e;
      with_target.push_back({target, state});
      const Posterior reference_ey = EnumerateExact(net, with_target, true, true);
      REQUIRE(pair_e.possible == reference_e.possible);
      if (!reference_e.possible) continue;
      RequireSame(pair_e, reference_e, false);
      auto same_derivatives = [&](const Posterior& mine, const Posterior& reference) {
        for (size_t v = 0; v < net.variables.size(); ++v) {
          const bool listed = std::find(exact.begin(), exact.end(), static_cast<int>(v)) != exact.end();
          for (size_t i = 0; i < reference.derivatives[v].size(); ++i) {
            if (!listed && reference.possible && !(net.families[v].table[i] >= kQuotientFloor)) continue;
            ++compared;
            CHECK(mine.derivatives[v][i] * std::exp(mine.derivative_log_scale - reference.derivative_log_scale) ==
                  Approx(reference.derivatives[v][i]).epsilon(1e-9).margin(1e-300));
          }
        }
      };
      if (derivatives) same_derivatives(pair_e, reference_e);
      if (ey_contradicted) {
        // y and the target's observation exclude each other whatever the tables: P(e ∧ y) ≡ 0.
        REQUIRE_FALSE(pair_ey.possible);
        for (const std::vector<double>& d : pair_ey.derivatives) {
          for (double x : d) CHECK(x == 0.0);
        }
        continue;
      }
      REQUIRE(pair_ey.possible == reference_ey.possible);
      RequireSame(pair_ey, reference_ey, true);
      same_derivatives(pair_ey, reference_ey);
    }
  }
  CHECK(compared > 1000);
  CHECK(observed > 60);
  CHECK(contradicted > 20);
}

TEST_CASE("large arrays sit in 2 MiB-aligned huge-page blocks that hold their contents", "[junction_tree]") {
  using junction_tree_detail::kHugeBlock;
  junction_tree_detail::LargeVector<double> large;
  for (size_t n : {kHugeBlock / sizeof(double), kHugeBlock / sizeof(double) + 1, 3 * kHugeBlock / sizeof(double) + 7}) {
    large.assign(n, 0.0);
    REQUIRE(reinterpret_cast<uintptr_t>(large.data()) % kHugeBlock == 0);
    for (size_t i = 0; i < n; ++i) large[i] = static_cast<double>(i);
    large.push_back(-1.0);  // grows into a new block, the contents moved
    bool same = large.back() == -1.0;
    for (size_t i = 0; i < n; ++i) same = same && large[i] == static_cast<double>(i);
    CHECK(same);
  }
  junction_tree_detail::LargeVector<double> small(100, 2.0);  // below a block: operator new
  CHECK(small[99] == 2.0);
}

TEST_CASE("a long chain's marginals equal the forward recursion", "[junction_tree]") {
  // 200,000 variables: the tree's tables, potentials and plans are in huge-page blocks. Without
  // evidence P(X_i) = Σ_x P(X_i | X_{i-1} = x) P(X_{i-1} = x), computed here link by link.
  std::mt19937_64 rng(2026);
  const size_t n = 200000;
  Network net;
  net.name = "chain";
  net.variables.resize(n);
  net.families.resize(n);
  for (size_t v = 0; v < n; ++v) {
    net.variables[v].name = std::to_string(v);
    net.variables[v].name.insert(net.variables[v].name.begin(), 'v');
    net.variables[v].states = {"a", "b"};
    Family& f = net.families[v];
    f.child = static_cast<int>(v);
    if (v > 0) f.parents = {static_cast<int>(v - 1)};
    f.table = RandomTable(rng, 2, net.ColumnCount(static_cast<int>(v)), false);
  }
  JunctionTree tree(net);
  const Posterior posterior = tree.Propagate({});
  REQUIRE(posterior.possible);
  std::vector<double> p = net.families[0].table;
  size_t wrong = 0;
  for (size_t v = 0; v < n; ++v) {
    if (v > 0) {
      const std::vector<double>& t = net.families[v].table;  // rows: parent state; columns: child state
      p = {p[0] * t[0] + p[1] * t[2], p[0] * t[1] + p[1] * t[3]};
    }
    for (size_t x = 0; x < 2; ++x) wrong += std::abs(posterior.marginals[v][x] - p[x]) > 1e-9;
  }
  CHECK(wrong == 0);
  CHECK(posterior.log_evidence == Approx(0.0).margin(1e-9));
}
