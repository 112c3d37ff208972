// EliminateMinFill against a naive min-fill that recounts every remaining vertex's fill and weight at
// every step: the incremental scores (re-scoring only affected vertices, O(degree) updates after
// simplicial eliminations) must give the very same order and neighbourhoods.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <tuple>

#include "infer/triangulation.h"

namespace argraph {
namespace {

Elimination NaiveMinFill(std::vector<std::set<int>> graph, const std::vector<size_t>& states) {
  const size_t n = graph.size();
  std::vector<char> gone(n, 0);
  Elimination out;
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
    for (size_t v = 0; v < n; ++v) states[v] = 2 + random() % 3;
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
    std::vector<std::vector<int>> graph(n);
    for (size_t v = 0; v < n; ++v) graph[v].assign(sets[v].begin(), sets[v].end());
    const Elimination expected = NaiveMinFill(sets, states);
    const Elimination got = EliminateMinFill(graph, states);
    INFO("trial " << trial);
    REQUIRE(got.order == expected.order);
    CHECK(got.neighbours == expected.neighbours);
  }
}

}  // namespace
}  // namespace argraph
