// A Boost.Graph view of an argument: one vertex per claim (vertex i is Argument::claims[i]) and one
// edge per link, from the parent to the claim whose `from` holds it, carrying the relation and the
// link's number. Algorithms that need the structure (cycles, reachability, order) run on it.
//
// Invariants: the view is built once from a model and not updated; links whose parent is unknown or
// unresolved are left out (the validator reports them). Every algorithm here is iterative (Boost's
// depth-first search is non-recursive), so 100,000-claim chains are fine.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "argraph/model.h"

namespace argraph {

/// What an edge carries: the link's relation and its number.
struct LinkEdge {
  Relation relation = Relation::kSupports;
  /// Probability (strength, default 1) for links of all/any claims and for undercuts; log-odds (weight)
  /// for supporting or attacking links of logistic claims; 0 for links of table claims.
  double weight = 1;
  bool log_odds = false;  ///< true when `weight` is a log-odds weight
  int claim = -1;         ///< index of the claim that owns the link (the edge's target)
  int link = -1;          ///< index into that claim's `from`
};

using ClaimGraphType = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                             boost::no_property, LinkEdge>;

class ClaimGraph {
 public:
  /// Builds the view of `argument` (which must outlive nothing: ids are copied).
  explicit ClaimGraph(const Argument& argument);
  // The index holds views of ids_: a copy would point into the original's ids, so none is made.
  ClaimGraph(const ClaimGraph&) = delete;
  ClaimGraph& operator=(const ClaimGraph&) = delete;
  ClaimGraph(ClaimGraph&&) = default;  // moving ids_ moves its buffer: the views stay valid
  ClaimGraph& operator=(ClaimGraph&&) = default;

  const ClaimGraphType& graph() const { return graph_; }
  size_t size() const { return ids_.size(); }
  /// The vertex of the claim `id`, or -1.
  int Vertex(std::string_view id) const;
  const std::string& Id(int vertex) const { return ids_[static_cast<size_t>(vertex)]; }

  /// One cycle per strongly connected component that has one, as the vertex path v0, v1, ..., v0
  /// following the edges (parent to child), starting at the component's first claim in model order.
  /// Components are listed in the order of their first claims. Empty when the graph is acyclic.
  std::vector<std::vector<int>> Cycles() const;

  /// Every claim in an order where parents come before their children; nullopt when there is a cycle.
  std::optional<std::vector<int>> TopologicalOrder() const;

  /// marks[v] is true when `vertex` depends on v (v is `vertex` or one of its ancestors): the claims
  /// reachable from the conclusion going up its links.
  std::vector<bool> Ancestors(int vertex) const;
  /// marks[v] is true when v depends on `vertex` (v is `vertex` or one of its descendants).
  std::vector<bool> Descendants(int vertex) const;

 private:
  ClaimGraphType graph_;
  std::vector<std::string> ids_;
  std::unordered_map<std::string_view, int> index_;  ///< views of ids_
};

}  // namespace argraph
