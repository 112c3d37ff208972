// Moral graph, min-fill elimination and the clique forest of the junction tree (triangulation.h).
//
// Min-fill keeps every remaining vertex in a heap keyed by (fill, weight, vertex). Eliminating v changes the fill of v's
// neighbours and of the common neighbours of each fill edge it adds; only those are re-scored, so a
// sparse graph (an argument, a tree-like debate) costs near-linear time. Most eliminations in such a
// graph are of simplicial vertices (fill 0: a premise inside one family), whose neighbours' fills are
// updated in O(degree) each instead of being recounted in O(degree^2).
#include "infer/triangulation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <utility>

namespace argraph {
namespace {

bool Adjacent(const std::vector<std::vector<int>>& graph, int a, int b) {
  const auto& list = graph[static_cast<size_t>(a)];
  return std::binary_search(list.begin(), list.end(), b);
}

void InsertSorted(std::vector<int>& list, int value) {
  auto it = std::lower_bound(list.begin(), list.end(), value);
  if (it == list.end() || *it != value) list.insert(it, value);
}

void EraseSorted(std::vector<int>& list, int value) {
  auto it = std::lower_bound(list.begin(), list.end(), value);
  if (it != list.end() && *it == value) list.erase(it);
}

__extension__ using Uint128 = unsigned __int128;

/// How many of the increasing values [first, last) are in the sorted list: a merge, or binary
/// searches when the values are few against a long list (a hub's neighbourhood).
size_t CountIn(const std::vector<int>& list, const int* first, const int* last) {
  size_t count = 0;
  auto it = list.begin();
  const auto end = list.end();
  if (static_cast<size_t>(last - first) * 8 < list.size()) {
    for (; first != last; ++first) {
      it = std::lower_bound(it, end, *first);
      if (it == end) break;
      if (*it == *first) ++count;
    }
    return count;
  }
  while (first != last && it != end) {
    if (*it < *first) {
      ++it;
    } else {
      if (*it == *first) ++count;
      ++first;
    }
  }
  return count;
}

/// A vertex's min-fill priority: smaller fill first, then smaller weight, then smaller index, packed
/// into one 128-bit integer (fill | weight's bits | vertex) that compares in that order: a weight is
/// a sum of logarithms of state counts, never negative, and the bits of non-negative doubles order
/// as the doubles do. Fills above 2^32 - 1 (never reached by a graph whose cliques fit in memory)
/// compare as equal.
struct Key {
  Uint128 packed;
  int vertex() const { return static_cast<int>(static_cast<uint32_t>(packed)); }
};

inline Key MakeKey(uint32_t fill, double weight, int vertex) {
  uint64_t bits;
  std::memcpy(&bits, &weight, sizeof bits);
  return Key{(Uint128{fill} << 96) | (Uint128{bits} << 32) | static_cast<uint32_t>(vertex)};
}

inline bool Before(const Key& a, const Key& b) { return a.packed < b.packed; }

/// A 4-ary min-heap holding one key per vertex, with each vertex's position so that a re-scored
/// vertex moves in place (the heap never holds more than the remaining vertices).
class KeyHeap {
 public:
  /// Takes one key per vertex (keys[v].vertex() == v) and arranges them in linear time.
  explicit KeyHeap(std::vector<Key> keys) : heap_(std::move(keys)), position_(heap_.size()) {
    for (size_t i = 0; i < heap_.size(); ++i) position_[static_cast<size_t>(heap_[i].vertex())] = static_cast<uint32_t>(i);
    for (size_t i = heap_.size() / 4 + 1; i-- > 0;) {
      if (i < heap_.size()) SiftDown(i, heap_[i]);
    }
  }
  bool empty() const { return heap_.empty(); }
  /// Replaces the key of a vertex still in the heap.
  void Update(const Key& key) {
    const size_t i = position_[static_cast<size_t>(key.vertex())];
    if (Before(key, heap_[i])) {
      SiftUp(i, key);
    } else {
      SiftDown(i, key);
    }
  }
  Key Pop() {
    const Key top = heap_.front();
    const Key last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return top;
    // The last key mostly belongs near the bottom: walk the hole down the smallest children to a
    // leaf without comparing against it, then sift it up from there (Floyd).
    size_t i = 0;
    for (size_t best; (best = SmallestChild(i)) != 0; i = best) Place(i, heap_[best]);
    SiftUp(i, last);
    return top;
  }

 private:
  void Place(size_t i, const Key& key) {
    heap_[i] = key;
    position_[static_cast<size_t>(key.vertex())] = static_cast<uint32_t>(i);
  }
  void SiftUp(size_t i, const Key key) {
    while (i > 0) {
      const size_t parent = (i - 1) / 4;
      if (!Before(key, heap_[parent])) break;
      Place(i, heap_[parent]);
      i = parent;
    }
    Place(i, key);
  }
  /// The position of i's smallest child, or 0 when i is a leaf.
  size_t SmallestChild(size_t i) const {
    const size_t first = 4 * i + 1;
    const size_t n = heap_.size();
    if (first >= n) return 0;
    size_t best = first;
    const size_t end = std::min(first + 4, n);
    for (size_t c = first + 1; c < end; ++c) {
      if (Before(heap_[c], heap_[best])) best = c;
    }
    return best;
  }
  void SiftDown(size_t i, const Key key) {
    for (size_t best; (best = SmallestChild(i)) != 0 && Before(heap_[best], key); i = best) Place(i, heap_[best]);
    Place(i, key);
  }
  std::vector<Key> heap_;
  std::vector<uint32_t> position_;  ///< vertex -> index in heap_ (stale once popped)
};

/// The children of every node of a forest (parent[c], -1 for roots) in increasing order:
/// list[begin[c] .. begin[c + 1]).
void ChildLists(const std::vector<int>& parent, std::vector<size_t>& begin, std::vector<int>& list) {
  const size_t n = parent.size();
  begin.assign(n + 1, 0);
  for (size_t c = 0; c < n; ++c) {
    if (parent[c] >= 0) ++begin[static_cast<size_t>(parent[c]) + 1];
  }
  for (size_t c = 0; c < n; ++c) begin[c + 1] += begin[c];
  list.resize(begin[n]);
  std::vector<size_t> next(begin.begin(), begin.end() - 1);
  for (size_t c = 0; c < n; ++c) {
    if (parent[c] >= 0) list[next[static_cast<size_t>(parent[c])]++] = static_cast<int>(c);
  }
}

}  // namespace

std::vector<std::vector<int>> MoralGraph(const Network& network) {
  const size_t n = network.variables.size();
  std::vector<std::vector<int>> graph(n);
  // Each family {parents, child} is a clique of the moral graph; room is made first, so that no list
  // grows by copying.
  std::vector<size_t> degree(n, 0);
  for (const Family& f : network.families) {
    const size_t size = f.parents.size() + 1;
    for (int p : f.parents) degree[static_cast<size_t>(p)] += size - 1;
    degree[static_cast<size_t>(f.child)] += size - 1;
  }
  for (size_t v = 0; v < n; ++v) graph[v].reserve(degree[v]);
  std::vector<int> members;
  for (const Family& f : network.families) {
    members.assign(f.parents.begin(), f.parents.end());
    members.push_back(f.child);
    for (size_t i = 0; i < members.size(); ++i) {
      for (size_t j = i + 1; j < members.size(); ++j) {
        if (members[i] == members[j]) continue;
        graph[static_cast<size_t>(members[i])].push_back(members[j]);
        graph[static_cast<size_t>(members[j])].push_back(members[i]);
      }
    }
  }
  for (auto& list : graph) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return graph;
}

Elimination EliminateMinFill(std::vector<std::vector<int>> graph, const std::vector<size_t>& states) {
  const size_t n = graph.size();
  std::vector<double> log_states(n);
  for (size_t v = 0; v < n; ++v) log_states[v] = std::log(static_cast<double>(std::max<size_t>(states[v], 1)));
  auto fill_of = [&](int v) {
    const auto& nb = graph[static_cast<size_t>(v)];
    long fill = 0;
    // Pairs (nb[i], nb[j]), j > i, missing an edge: nb[i + 1 ..] less those in nb[i]'s (sorted) list.
    // The last neighbour has no later partner, so its list is never read.
    for (size_t i = 0; i + 1 < nb.size(); ++i) {
      fill += static_cast<long>(nb.size() - i - 1) -
              static_cast<long>(CountIn(graph[static_cast<size_t>(nb[i])], nb.data() + i + 1, nb.data() + nb.size()));
    }
    return fill;
  };
  auto weight_of = [&](int v) {
    double w = log_states[static_cast<size_t>(v)];
    for (int x : graph[static_cast<size_t>(v)]) w += log_states[static_cast<size_t>(x)];
    return w;
  };

  // Every remaining vertex in a heap by its key; re-scoring moves it in place.
  std::vector<long> fill(n);
  auto make_key = [&](int x, long f) {
    fill[static_cast<size_t>(x)] = f;
    const uint32_t capped = static_cast<uint32_t>(std::min<long>(f, std::numeric_limits<uint32_t>::max()));
    return MakeKey(capped, weight_of(x), x);
  };
  std::vector<Key> keys(n);
  for (size_t v = 0; v < n; ++v) keys[v] = make_key(static_cast<int>(v), fill_of(static_cast<int>(v)));
  KeyHeap queue(std::move(keys));
  auto rescore = [&](int x, long f) { queue.Update(make_key(x, f)); };

  Elimination out;
  out.order.reserve(n);
  out.neighbours.resize(n);
  std::vector<char> affected_flag(n, 0);
  std::vector<int> affected;
  std::vector<int> common;
  while (!queue.empty()) {
    const int v = queue.Pop().vertex();
    const long v_fill = fill[static_cast<size_t>(v)];
    out.order.push_back(v);
    out.neighbours[static_cast<size_t>(v)] = std::move(graph[static_cast<size_t>(v)]);
    graph[static_cast<size_t>(v)].clear();
    const std::vector<int>& nb = out.neighbours[static_cast<size_t>(v)];
    if (v_fill == 0) {
      // v is simplicial: no fill edges, and only its neighbours' scores change. A neighbour a loses
      // the missing pairs (v, x), x ∈ N(a) \ N[v]: |N(a)| - |N(v)| of them, as N(v) \ {a} ⊆ N(a).
      for (int a : nb) {
        auto& list = graph[static_cast<size_t>(a)];
        const long lost = static_cast<long>(list.size()) - static_cast<long>(nb.size());
        EraseSorted(list, v);
        rescore(a, fill[static_cast<size_t>(a)] - lost);
      }
      continue;
    }
    affected.clear();
    auto mark = [&](int x) {
      if (!affected_flag[static_cast<size_t>(x)]) {
        affected_flag[static_cast<size_t>(x)] = 1;
        affected.push_back(x);
      }
    };
    for (int a : nb) {
      EraseSorted(graph[static_cast<size_t>(a)], v);
      mark(a);
    }
    for (size_t i = 0; i < nb.size(); ++i) {
      for (size_t j = i + 1; j < nb.size(); ++j) {
        const int a = nb[i], b = nb[j];
        if (Adjacent(graph, a, b)) continue;
        // The common neighbours of a and b lose one missing pair each.
        const auto& la = graph[static_cast<size_t>(a)];
        const auto& lb = graph[static_cast<size_t>(b)];
        common.clear();
        std::set_intersection(la.begin(), la.end(), lb.begin(), lb.end(), std::back_inserter(common));
        for (int x : common) mark(x);
        InsertSorted(graph[static_cast<size_t>(a)], b);
        InsertSorted(graph[static_cast<size_t>(b)], a);
      }
    }
    for (int x : affected) {
      affected_flag[static_cast<size_t>(x)] = 0;
      rescore(x, fill_of(x));
    }
  }
  return out;
}

CliqueForest BuildCliqueForest(const Elimination& elimination) {
  const size_t n = elimination.order.size();
  std::vector<size_t> position(n);
  for (size_t i = 0; i < n; ++i) position[static_cast<size_t>(elimination.order[i])] = i;
  // Elimination tree: v's parent is its first-eliminated neighbour.
  std::vector<int> tree_parent(n, -1);
  for (size_t v = 0; v < n; ++v) {
    const auto& nb = elimination.neighbours[v];
    if (nb.empty()) continue;
    int first = nb[0];
    for (int x : nb) {
      if (position[static_cast<size_t>(x)] < position[static_cast<size_t>(first)]) first = x;
    }
    tree_parent[v] = first;
  }
  std::vector<size_t> child_begin;
  std::vector<int> child_list;
  ChildLists(tree_parent, child_begin, child_list);
  CliqueForest out;
  out.clique_of.assign(n, -1);
  out.clique_begin.reserve(n + 1);
  out.parent.reserve(n);
  std::vector<int> separator_vertex;  // per clique: the vertex whose neighbours are its separator
  separator_vertex.reserve(n);
  for (int v : elimination.order) {
    const auto& nb = elimination.neighbours[static_cast<size_t>(v)];
    const size_t size = nb.size() + 1;
    int absorbing_child = -1;
    const size_t kids_begin = child_begin[static_cast<size_t>(v)], kids_end = child_begin[static_cast<size_t>(v) + 1];
    for (size_t k = kids_begin; k < kids_end; ++k) {
      const int w = child_list[k];
      // N(w) ⊆ {v} ∪ N(v) always; equal sizes mean the clique of v is inside w's.
      if (elimination.neighbours[static_cast<size_t>(w)].size() == size) {
        absorbing_child = w;
        break;
      }
    }
    int clique;
    if (absorbing_child >= 0) {
      clique = out.clique_of[static_cast<size_t>(absorbing_child)];
    } else {
      clique = static_cast<int>(out.parent.size());
      // nb with v inserted in order.
      const auto at = std::lower_bound(nb.begin(), nb.end(), v);
      out.members.insert(out.members.end(), nb.begin(), at);
      out.members.push_back(v);
      out.members.insert(out.members.end(), at, nb.end());
      out.clique_begin.push_back(out.members.size());
      out.parent.push_back(-1);
      separator_vertex.push_back(-1);
    }
    out.clique_of[static_cast<size_t>(v)] = clique;
    for (size_t k = kids_begin; k < kids_end; ++k) {
      const int w = child_list[k];
      if (w == absorbing_child) continue;
      const int child_clique = out.clique_of[static_cast<size_t>(w)];
      out.parent[static_cast<size_t>(child_clique)] = clique;
      separator_vertex[static_cast<size_t>(child_clique)] = w;
    }
  }
  out.separator_begin.reserve(out.parent.size() + 1);
  for (int w : separator_vertex) {
    if (w >= 0) {
      const auto& nb = elimination.neighbours[static_cast<size_t>(w)];
      out.separators.insert(out.separators.end(), nb.begin(), nb.end());
    }
    out.separator_begin.push_back(out.separators.size());
  }
  return out;
}

void RehangChildren(CliqueForest& forest, const std::vector<double>& entries) {
  const size_t count = forest.size();
  std::vector<size_t> child_begin;
  std::vector<int> child_list;
  ChildLists(forest.parent, child_begin, child_list);
  for (size_t p = 0; p < count; ++p) {
    if (child_begin[p + 1] - child_begin[p] < 2) continue;
    const std::span<int> kids(child_list.data() + child_begin[p], child_begin[p + 1] - child_begin[p]);
    std::stable_sort(kids.begin(), kids.end(), [&](int a, int b) {
      return entries[static_cast<size_t>(a)] < entries[static_cast<size_t>(b)];
    });
    // Each child looks back over the (smaller) siblings before it for the nearest that holds its
    // separator: chains form, so no clique is swept once per sibling.
    constexpr size_t kLookBack = 32;
    for (size_t k = 1; k < kids.size(); ++k) {
      const size_t c = static_cast<size_t>(kids[k]);
      const std::span<const int> sep = forest.separator(c);
      for (size_t back = 1; back <= std::min(k, kLookBack); ++back) {
        const size_t d = static_cast<size_t>(kids[k - back]);
        if (!(entries[d] < entries[p])) continue;
        const std::span<const int> members = forest.clique(d);
        if (std::includes(members.begin(), members.end(), sep.begin(), sep.end())) {
          forest.parent[c] = static_cast<int>(d);
          break;
        }
      }
    }
  }
}

}  // namespace argraph
