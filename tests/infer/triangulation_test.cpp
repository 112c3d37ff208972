// EliminateMinFill against a naive min-fill that recounts every remaining vertex's fill and weight at
// every step: the incremental scores (re-scoring only affected vertices, O(degree) updates after
// simplicial eliminations, compact or full priorities) must give the very same order and neighbourhoods.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <span>
#include <tuple>

#include "infer/triangulation.h"

namespace argraph {
namespace {

struct NaiveElimination {
  std::vector<int> order;
  std::vector<std::vector<int>> neighbours;  ///< per variable: its neighbours when eliminated, sorted
};

NaiveElimination NaiveMinFill(std::vector<std::set<int>> graph, const std::vector<size_t>& states) {
  const size_t n = graph.size();
  std::vector<char> gone(n, 0);
  NaiveElimination out;
  out.neighbours.resize(n);
  for (size_t step = 0; step < n; ++step) {
    std::tuple<long, double, int> best{0, 0, -1};
    for (size_t v = 0; v < n; ++v) {
      if (gone[v]) continue;
      const std::vector<int> nb(graph[v].begin(), graph[v].end());
      long fill = 0;
      for (size_t i = 0; i < nb.size(); ++i) {
        for (size_t j = i + 1; j < nb.size(); ++j) fill += graph[static_cast<size_t>(nb[i])].count(nb[j]) ? 0 : 1;
      }
      double weight = std::log(static_cast<double>(states[v]));
      for (int x : nb) weight += std::log(static_cast<double>(states[static_cast<size_t>(x)]));
      const std::tuple<long, double, int> key{fill, weight, static_cast<int>(v)};
      if (std::get<2>(best) < 0 || key < best) best = key;
    }
    const int v = std::get<2>(best);
    gone[static_cast<size_t>(v)] = 1;
    out.order.push_back(v);
    const std::vector<int> nb(graph[static_cast<size_t>(v)].begin(), graph[static_cast<size_t>(v)].end());
    out.neighbours[static_cast<size_t>(v)] = nb;
    for (int a : nb) {
      graph[static_cast<size_t>(a)].erase(v);
      for (int b : nb) {
        if (a != b) graph[static_cast<size_t>(a)].insert(b);
      }
    }
    graph[static_cast<size_t>(v)].clear();
  }
  return out;
}

TEST_CASE("min-fill: the incremental elimination equals a naive recount on random graphs", "[triangulation]") {
  std::mt19937 random(20261127);
  for (int trial = 0; trial < 200; ++trial) {
    const size_t n = 2 + random() % 40;
    std::vector<std::set<int>> sets(n);
    std::vector<size_t> states(n);
    // Half the trials have one state count throughout (the weight then depends on the degree only).
    const bool uniform = trial % 2 == 0;
    for (size_t v = 0; v < n; ++v) states[v] = uniform ? 2 : 2 + random() % 3;
    // Tree-like families (a child with a few parents) plus random extra edges.
    for (size_t v = 1; v < n; ++v) {
      std::vector<int> family{static_cast<int>(v)};
      const size_t parents = 1 + random() % 4;
      for (size_t k = 0; k < parents; ++k) family.push_back(static_cast<int>(random() % v));
      for (int a : family) {
        for (int b : family) {
          if (a != b) sets[static_cast<size_t>(a)].insert(b);
        }
      }
    }
    const size_t extra = random() % 6;
    for (size_t k = 0; k < extra; ++k) {
      const int a = static_cast<int>(random() % n), b = static_cast<int>(random() % n);
      if (a != b) sets[static_cast<size_t>(a)].insert(b), sets[static_cast<size_t>(b)].insert(a);
    }
    AdjacencyLists graph;
    for (size_t v = 0; v < n; ++v) {
      graph.list.insert(graph.list.end(), sets[v].begin(), sets[v].end());
      graph.begin.push_back(graph.list.size());
    }
    const NaiveElimination expected = NaiveMinFill(sets, states);
    INFO("trial " << trial);
    // Uniform state counts use compact priorities while the degrees stay below a limit, then go on
    // with full ones: low limits make that switch happen at the start or midway.
    for (size_t limit : {size_t{1} << 12, size_t{2}, size_t{4}, size_t{7}}) {
      INFO("narrow degree limit " << limit);
      const Elimination got = EliminateMinFill(graph, states, limit);
      REQUIRE(got.order == expected.order);
      for (size_t v = 0; v < n; ++v) {
        const std::span<const int> nb = got.neighbours(static_cast<int>(v));
        CHECK(std::vector<int>(nb.begin(), nb.end()) == expected.neighbours[v]);
      }
    }
  }
}

TEST_CASE("min-fill: compact priorities give the same elimination as full ones on large graphs", "[triangulation]") {
  // With one state count throughout, priorities are kept in per-(fill, degree) vertex sets and a heap
  // (several summary levels past 64 and 4096 vertices); a narrow degree limit of 1 forces full
  // priorities in one heap from the start (checked against the naive recount above).
  std::mt19937 random(20261129);
  for (size_t n : {size_t{300}, size_t{5000}, size_t{70000}}) {
    std::vector<std::set<int>> sets(n);
    for (size_t v = 1; v < n; ++v) {
      // Parents among the few variables before v (a narrow band: the treewidth stays small).
      std::vector<int> family{static_cast<int>(v)};
      const size_t parents = 1 + random() % 4;
      for (size_t k = 0; k < parents; ++k) family.push_back(static_cast<int>(v - 1 - random() % std::min<size_t>(v, 10)));
      for (int a : family) {
        for (int b : family) {
          if (a != b) sets[static_cast<size_t>(a)].insert(b);
        }
      }
    }
    AdjacencyLists graph;
    for (size_t v = 0; v < n; ++v) {
      graph.list.insert(graph.list.end(), sets[v].begin(), sets[v].end());
      graph.begin.push_back(graph.list.size());
    }
    const std::vector<size_t> states(n, 2);
    const Elimination full = EliminateMinFill(graph, states, 1);
    const Elimination compact = EliminateMinFill(graph, states);
    INFO("vertices " << n);
    REQUIRE(compact.order == full.order);
    CHECK(compact.neighbour_begin == full.neighbour_begin);
    CHECK(compact.neighbour_list == full.neighbour_list);
  }
}

TEST_CASE("moral graph: each family's members joined pairwise, as sets", "[triangulation]") {
  std::mt19937 random(20261128);
  for (int trial = 0; trial < 100; ++trial) {
    const size_t n = 1 + random() % 30;
    Network network;
    network.variables.resize(n);
    network.families.resize(n);
    std::vector<std::set<int>> expected(n);
    for (size_t v = 0; v < n; ++v) {
      Family& f = network.families[v];
      f.child = static_cast<int>(v);
      // Parents among the earlier variables, a repeated pair across families now and then.
      const size_t parents = v == 0 ? 0 : random() % std::min<size_t>(v + 1, 6);
      for (size_t k = 0; k < parents; ++k) {
        const int p = static_cast<int>(random() % v);
        if (std::find(f.parents.begin(), f.parents.end(), p) == f.parents.end()) f.parents.push_back(p);
      }
      std::vector<int> members = f.parents;
      members.push_back(f.child);
      for (int a : members) {
        for (int b : members) {
          if (a != b) expected[static_cast<size_t>(a)].insert(b);
        }
      }
    }
    const AdjacencyLists graph = MoralGraph(network);
    INFO("trial " << trial);
    REQUIRE(graph.size() == n);
    REQUIRE(graph.list.size() == graph.begin.back());
    for (size_t v = 0; v < n; ++v) {
      const std::span<const int> got = graph[v];
      CHECK(std::vector<int>(got.begin(), got.end()) == std::vector<int>(expected[v].begin(), expected[v].end()));
    }
  }
}

}  // namespace
}  // namespace argraph
