// The Boost.Graph view of an argument and the structural algorithms on it.
#include "argraph/graph.h"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <deque>
#include <iterator>

namespace argraph {
namespace {

/// Marks every vertex discovered by a breadth-first search.
template <typename Graph>
std::vector<bool> Reachable(const Graph& graph, int start, size_t count) {
  std::vector<bool> marks(count, false);
  if (start < 0 || static_cast<size_t>(start) >= count) return marks;
  std::vector<boost::default_color_type> colors(count, boost::white_color);
  struct Recorder : boost::default_bfs_visitor {
    std::vector<bool>* marks;
    void discover_vertex(typename boost::graph_traits<Graph>::vertex_descriptor v, const Graph&) const {
      (*marks)[v] = true;
    }
  } recorder;
  recorder.marks = &marks;
  boost::breadth_first_search(
      graph, static_cast<typename boost::graph_traits<Graph>::vertex_descriptor>(start),
      boost::visitor(recorder).color_map(
          boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph))));
  return marks;
}

}  // namespace

ClaimGraph::ClaimGraph(const Argument& argument) : graph_(argument.claims.size()) {
  ids_.reserve(argument.claims.size());
  for (const Claim& claim : argument.claims) ids_.push_back(claim.id);
  index_.reserve(ids_.size());
  for (size_t i = 0; i < ids_.size(); ++i) index_.emplace(ids_[i], static_cast<int>(i));  // the first of duplicates wins
  for (size_t c = 0; c < argument.claims.size(); ++c) {
    const Claim& claim = argument.claims[c];
    for (size_t l = 0; l < claim.from.size(); ++l) {
      const Link& link = claim.from[l];
      const int parent = Vertex(link.from);
      if (parent < 0) continue;
      LinkEdge edge;
      edge.relation = link.relation;
      edge.claim = static_cast<int>(c);
      edge.link = static_cast<int>(l);
      if (claim.rule == Rule::kTable) {
        edge.weight = 0;
      } else if (claim.rule == Rule::kLogistic && link.relation != Relation::kUndercuts) {
        edge.weight = link.weight.value_or(0.0);
        edge.log_odds = true;
      } else {
        edge.weight = link.strength.value_or(1.0);
      }
      boost::add_edge(static_cast<size_t>(parent), c, edge, graph_);
    }
  }
}

int ClaimGraph::Vertex(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

std::vector<std::vector<int>> ClaimGraph::Cycles() const {
  const size_t n = size();
  std::vector<std::vector<int>> cycles;
  if (n == 0) return cycles;
  std::vector<int> component(n);
  const int count = boost::strong_components(
      graph_, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, graph_)));
  std::vector<int> size_of(static_cast<size_t>(count), 0);
  for (int c : component) ++size_of[static_cast<size_t>(c)];
  std::vector<bool> done(static_cast<size_t>(count), false);
  std::vector<int> previous(n, -1);
  for (size_t start = 0; start < n; ++start) {
    const int c = component[start];
    if (done[static_cast<size_t>(c)]) continue;
    done[static_cast<size_t>(c)] = true;
    bool self_loop = false;
    for (auto [e, end] = boost::out_edges(start, graph_); e != end; ++e) {
      self_loop = self_loop || boost::target(*e, graph_) == start;
    }
    if (self_loop) {
      cycles.push_back({static_cast<int>(start), static_cast<int>(start)});
      continue;
    }
    if (size_of[static_cast<size_t>(c)] < 2) continue;
    // Shortest way back to `start` inside its component, by breadth-first search.
    std::deque<size_t> queue{start};
    std::vector<size_t> touched{start};
    previous[start] = static_cast<int>(start);
    int closing = -1;  // the vertex whose edge returns to start
    while (!queue.empty() && closing < 0) {
      const size_t u = queue.front();
      queue.pop_front();
      for (auto [e, end] = boost::out_edges(u, graph_); e != end; ++e) {
        const size_t v = boost::target(*e, graph_);
        if (component[v] != c) continue;
        if (v == start) {
          closing = static_cast<int>(u);
          break;
        }
        if (previous[v] >= 0) continue;
        previous[v] = static_cast<int>(u);
        touched.push_back(v);
        queue.push_back(v);
      }
    }
    std::vector<int> path{static_cast<int>(start)};
    for (int v = closing; v != static_cast<int>(start); v = previous[static_cast<size_t>(v)]) path.push_back(v);
    path.push_back(static_cast<int>(start));
    std::reverse(path.begin() + 1, path.end() - 1);
    cycles.push_back(std::move(path));
    for (size_t v : touched) previous[v] = -1;
  }
  return cycles;
}

std::optional<std::vector<int>> ClaimGraph::TopologicalOrder() const {
  std::vector<size_t> reversed;
  reversed.reserve(size());
  try {
    boost::topological_sort(graph_, std::back_inserter(reversed));
  } catch (const boost::not_a_dag&) {
    return std::nullopt;
  }
  return std::vector<int>(reversed.rbegin(), reversed.rend());
}

std::vector<bool> ClaimGraph::Ancestors(int vertex) const {
  return Reachable(boost::make_reverse_graph(graph_), vertex, size());
}

std::vector<bool> ClaimGraph::Descendants(int vertex) const { return Reachable(graph_, vertex, size()); }

}  // namespace argraph
