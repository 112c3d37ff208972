// Triangulation for the junction tree: the moral graph, a min-fill elimination order, and the cliques
// of that elimination arranged as a forest (the elimination tree with non-maximal cliques merged).
// Internal to src/infer.
//
// Invariants of a CliqueForest: clique(c) is sorted; separator(c) = clique(c) ∩ clique(parent[c])
// (empty for roots, parent -1); clique_of[v] holds v, and for the first-eliminated member u of any
// moral clique (in particular any family), clique(clique_of[u]) holds the whole moral clique.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "argraph/network.h"

namespace argraph {

/// An undirected graph as compressed adjacency lists (one array for all of them): the neighbours of
/// vertex v are list[begin[v] .. begin[v + 1]), sorted, without v itself and without repeats.
struct AdjacencyLists {
  std::vector<size_t> begin{0};
  std::vector<int> list;

  size_t size() const { return begin.size() - 1; }
  std::span<const int> operator[](size_t v) const { return {list.data() + begin[v], begin[v + 1] - begin[v]}; }
};

struct Elimination {
  std::vector<int> order;             ///< variables in elimination order
  std::vector<size_t> step;           ///< variable -> its place in order
  std::vector<size_t> neighbour_begin{0};  ///< the neighbours of order[i] when eliminated are
  std::vector<int> neighbour_list;         ///< neighbour_list[neighbour_begin[i] .. neighbour_begin[i + 1]), sorted

  /// Variable v's neighbours when it was eliminated, sorted.
  std::span<const int> neighbours(int v) const {
    const size_t i = step[static_cast<size_t>(v)];
    return {neighbour_list.data() + neighbour_begin[i], neighbour_begin[i + 1] - neighbour_begin[i]};
  }
};

struct CliqueForest {
  std::vector<size_t> clique_begin{0};  ///< clique c is members[clique_begin[c] .. clique_begin[c + 1])
  std::vector<int> members;
  std::vector<int> parent;
  std::vector<size_t> separator_begin{0};  ///< likewise into separators
  std::vector<int> separators;
  std::vector<int> clique_of;  ///< variable -> the clique created (or absorbed) when it was eliminated

  size_t size() const { return parent.size(); }
  std::span<const int> clique(size_t c) const {
    return {members.data() + clique_begin[c], clique_begin[c + 1] - clique_begin[c]};
  }
  std::span<const int> separator(size_t c) const {
    return {separators.data() + separator_begin[c], separator_begin[c + 1] - separator_begin[c]};
  }
};

/// The moral graph of `network`.
AdjacencyLists MoralGraph(const Network& network);
/// The moral graph of n variables whose families (each a child with its parents, in any order) are
/// family_vars[family_begin[f] .. family_begin[f + 1]).
AdjacencyLists MoralGraph(size_t n, std::span<const uint32_t> family_begin, std::span<const int> family_vars);

/// Eliminates every vertex of `graph` by min-fill, ties by min-weight (sum of ln states over the
/// vertex and its neighbours, added in that order), then by index. `narrow_degree_limit` (at most
/// 2^12) only chooses how priorities are stored (compact ones while every degree stays below it):
/// the result is the same for every value; tests lower it.
Elimination EliminateMinFill(AdjacencyLists graph, const std::vector<size_t>& states,
                             size_t narrow_degree_limit = size_t{1} << 12);

/// The maximal cliques of an elimination as a forest of the elimination tree.
CliqueForest BuildCliqueForest(const Elimination& elimination);

/// Moves a child clique c of p under a sibling d that holds c's separator when d is smaller than p
/// (then c ∩ d = c ∩ p, so the tree stays a junction tree). A large clique with many small children
/// (pathfinder's 63-state hub) is then no longer swept once per child. `entries[c]` = table size.
void RehangChildren(CliqueForest& forest, const std::vector<double>& entries);

}  // namespace argraph
