// Triangulation for the junction tree: the moral graph, a min-fill elimination order, and the cliques
// of that elimination arranged as a forest (the elimination tree with non-maximal cliques merged).
// Internal to src/infer.
//
// Invariants of a CliqueForest: cliques[c] is sorted; separator[c] = cliques[c] ∩ cliques[parent[c]]
// (empty for roots, parent -1); clique_of[v] holds v, and for the first-eliminated member u of any
// moral clique (in particular any family), cliques[clique_of[u]] holds the whole moral clique.
#pragma once

#include <cstddef>
#include <vector>

#include "argraph/network.h"

namespace argraph {

struct Elimination {
  std::vector<int> order;                    ///< variables in elimination order
  std::vector<std::vector<int>> neighbours;  ///< per variable: its neighbours when eliminated, sorted
};

struct CliqueForest {
  std::vector<std::vector<int>> cliques;
  std::vector<int> parent;
  std::vector<std::vector<int>> separator;
  std::vector<int> clique_of;  ///< variable -> the clique created (or absorbed) when it was eliminated
};

/// The moral graph of `network` as sorted adjacency lists.
std::vector<std::vector<int>> MoralGraph(const Network& network);

/// Eliminates every vertex of `graph` (sorted adjacency lists) by min-fill, ties by min-weight
/// (sum of ln states over the vertex and its neighbours), then by index.
Elimination EliminateMinFill(std::vector<std::vector<int>> graph, const std::vector<size_t>& states);

/// The maximal cliques of an elimination as a forest of the elimination tree.
CliqueForest BuildCliqueForest(const Elimination& elimination);

/// Moves a child clique c of p under a sibling d that holds c's separator when d is smaller than p
/// (then c ∩ d = c ∩ p, so the tree stays a junction tree). A large clique with many small children
/// (pathfinder's 63-state hub) is then no longer swept once per child. `entries[c]` = table size.
void RehangChildren(CliqueForest& forest, const std::vector<double>& entries);

}  // namespace argraph
