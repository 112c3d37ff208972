// Moral graph, min-fill elimination and the clique forest of the junction tree (triangulation.h).
//
// Min-fill keeps every remaining vertex in a priority queue keyed by (fill, weight, vertex): a heap, or,
// when every vertex has the same state count, per-(fill, degree) vertex sets for the small keys (most
// of a sparse graph's) beside a heap for the others. Eliminating v changes the fill of v's
// neighbours and of the common neighbours of each fill edge it adds; only those are re-scored, so a
// sparse graph (an argument, a tree-like debate) costs near-linear time. Most eliminations in such a
// graph are of simplicial vertices (fill 0: a premise inside one family), whose neighbours' fills are
// updated in O(degree) each instead of being recounted in O(degree^2). The remaining graph's lists
// live in one pool (no allocation per vertex).
#include "infer/triangulation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>

namespace argraph {
namespace {

__extension__ using Uint128 = unsigned __int128;

/// How many of the increasing values [first, last) are in the sorted list [list, list_end): a merge,
/// or binary searches when the values are few against a long list (a hub's neighbourhood).
size_t CountIn(const int* list, const int* list_end, const int* first, const int* last) {
  size_t count = 0;
  const int* it = list;
  if (static_cast<size_t>(last - first) * 8 < static_cast<size_t>(list_end - list)) {
    for (; first != last; ++first) {
      it = std::lower_bound(it, list_end, *first);
      if (it == list_end) break;
      if (*it == *first) ++count;
    }
    return count;
  }
  while (first != last && it != list_end) {
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
struct WideKey {
  Uint128 packed;
  int vertex() const { return static_cast<int>(static_cast<uint32_t>(packed)); }
  bool operator<(const WideKey& other) const { return packed < other.packed; }
};

inline WideKey MakeWideKey(uint32_t fill, double weight, int vertex) {
  uint64_t bits;
  std::memcpy(&bits, &weight, sizeof bits);
  return WideKey{(Uint128{fill} << 96) | (Uint128{bits} << 32) | static_cast<uint32_t>(vertex)};
}

/// The same priority in 64 bits (fill | degree | vertex, 24 + 16 + 24 bits) when every vertex has the
/// same state count c ≥ 2: a weight is then (degree + 1)·ln c, summed the same way for every vertex, so
/// it orders (and ties) as the degree does. Valid while the vertex fits in 24 bits, the degree in 16
/// and the fill in 24: EliminateMinFill keeps every degree below narrow_degree_limit (≤ 2^12, so a
/// fill, at most degree·(degree − 1)/2, stays below 2^23) or goes on with wide keys.
struct NarrowKey {
  uint64_t packed;
  int vertex() const { return static_cast<int>(packed & 0xffffff); }
  bool operator<(const NarrowKey& other) const { return packed < other.packed; }
};

inline NarrowKey MakeNarrowKey(uint64_t fill, uint64_t degree, int vertex) {
  return NarrowKey{(fill << 40) | (degree << 24) | static_cast<uint64_t>(vertex)};
}

/// A 4-ary min-heap holding one key per vertex, with each vertex's position so that a re-scored
/// vertex moves in place (the heap never holds more than the remaining vertices).
template <class Key>
class KeyHeap {
 public:
  /// Takes the keys of distinct vertices below `vertex_count` and arranges them in linear time.
  KeyHeap(std::vector<Key> keys, size_t vertex_count) : heap_(std::move(keys)), position_(vertex_count) {
    for (size_t i = 0; i < heap_.size(); ++i) position_[static_cast<size_t>(heap_[i].vertex())] = static_cast<uint32_t>(i);
    for (size_t i = heap_.size() / 4 + 1; i-- > 0;) {
      if (i < heap_.size()) SiftDown(i, heap_[i]);
    }
  }
  bool empty() const { return heap_.empty(); }
  const Key& top() const { return heap_.front(); }
  /// The keys of the vertices still in the heap, in no particular order.
  const std::vector<Key>& keys() const { return heap_; }
  /// Replaces the key of a vertex still in the heap.
  void Update(const Key& key) {
    const size_t i = position_[static_cast<size_t>(key.vertex())];
    if (key < heap_[i]) {
      SiftUp(i, key);
    } else {
      SiftDown(i, key);
    }
  }
  /// Adds the key of a vertex not in the heap.
  void Insert(const Key& key) {
    heap_.push_back(key);
    SiftUp(heap_.size() - 1, key);
  }
  /// Removes the key of a vertex in the heap.
  void Erase(int vertex) {
    const size_t i = position_[static_cast<size_t>(vertex)];
    const Key last = heap_.back();
    heap_.pop_back();
    if (i == heap_.size()) return;
    if (last < heap_[i]) {
      SiftUp(i, last);
    } else {
      SiftDown(i, last);
    }
  }
  Key Pop() {
    const Key first = heap_.front();
    const Key last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return first;
    // The last key mostly belongs near the bottom: walk the hole down the smallest children to a
    // leaf without comparing against it, then sift it up from there (Floyd).
    size_t i = 0;
    for (size_t best; (best = SmallestChild(i)) != 0; i = best) Place(i, heap_[best]);
    SiftUp(i, last);
    return first;
  }

 private:
  void Place(size_t i, const Key& key) {
    heap_[i] = key;
    position_[static_cast<size_t>(key.vertex())] = static_cast<uint32_t>(i);
  }
  void SiftUp(size_t i, const Key key) {
    while (i > 0) {
      const size_t parent = (i - 1) / 4;
      if (!(key < heap_[parent])) break;
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
      if (heap_[c] < heap_[best]) best = c;
    }
    return best;
  }
  void SiftDown(size_t i, const Key key) {
    for (size_t best; (best = SmallestChild(i)) != 0 && heap_[best] < key; i = best) Place(i, heap_[best]);
    Place(i, key);
  }
  std::vector<Key> heap_;
  std::vector<uint32_t> position_;  ///< vertex -> index in heap_ (stale once popped)
};

/// Vertex sets, one per bucket, as bitsets with summary levels (bit i of a word of level k + 1: word i
/// of level k is not zero; the top level is one word): the smallest member is found by one count of
/// trailing zeros per level, and a member is added or removed in constant time.
class BucketSets {
 public:
  BucketSets(size_t buckets, size_t vertex_count) {
    size_t words = std::max<size_t>(1, (vertex_count + 63) / 64);
    for (;;) {
      levels_.push_back(Level{words, std::vector<uint64_t>(buckets * words, 0)});
      if (words <= 1) break;
      words = (words + 63) / 64;
    }
  }
  bool Empty(size_t b) const { return levels_.back().bits[b] == 0; }
  void Insert(size_t b, uint32_t x) {
    size_t i = x;
    for (Level& level : levels_) {
      uint64_t& word = level.bits[b * level.words + i / 64];
      const bool was_empty = word == 0;
      word |= uint64_t{1} << (i % 64);
      if (!was_empty) return;
      i /= 64;
    }
  }
  void Erase(size_t b, uint32_t x) {
    size_t i = x;
    for (Level& level : levels_) {
      uint64_t& word = level.bits[b * level.words + i / 64];
      word &= ~(uint64_t{1} << (i % 64));
      if (word != 0) return;
      i /= 64;
    }
  }
  /// The smallest member of a non-empty bucket.
  uint32_t Min(size_t b) const {
    size_t i = 0;
    for (size_t k = levels_.size(); k-- > 0;) {
      const Level& level = levels_[k];
      i = i * 64 + static_cast<size_t>(__builtin_ctzll(level.bits[b * level.words + i]));
    }
    return static_cast<uint32_t>(i);
  }

 private:
  struct Level {
    size_t words;                ///< per bucket
    std::vector<uint64_t> bits;  ///< bucket b's words at [b * words, (b + 1) * words)
  };
  std::vector<Level> levels_;  ///< the full bitsets first
};

/// The min-fill queue of narrow keys. Most keys of a sparse graph have a small fill and degree (a
/// simplicial vertex has fill 0): those with fill and degree below kSmall sit in one vertex set per
/// (fill, degree), the bucket fill·kSmall + degree (buckets order as their keys do, and within one the
/// vertex decides); the others in a KeyHeap. The smallest key is the smaller of the first non-empty
/// bucket's smallest vertex and the heap's top: the same order as one heap of every key.
class NarrowQueue {
 public:
  static constexpr uint64_t kSmall = 8;
  explicit NarrowQueue(const std::vector<NarrowKey>& keys)
      : sets_(kSmall * kSmall, keys.size()), heap_(Large(keys), keys.size()), where_(keys.size()), size_(keys.size()) {
    for (const NarrowKey& key : keys) {
      const uint8_t b = Bucket(key);
      where_[static_cast<size_t>(key.vertex())] = b;
      if (b != kHeap) Add(b, key.vertex());
    }
  }
  bool empty() const { return size_ == 0; }
  NarrowKey top() const {
    NarrowKey best{~uint64_t{0}};
    if (!heap_.empty()) best = heap_.top();
    if (nonempty_ != 0) {
      const uint64_t b = static_cast<uint64_t>(__builtin_ctzll(nonempty_));
      const NarrowKey key = MakeNarrowKey(b / kSmall, b % kSmall, static_cast<int>(sets_.Min(b)));
      if (key < best) best = key;
    }
    return best;
  }
  void Update(const NarrowKey& key) {
    const size_t v = static_cast<size_t>(key.vertex());
    const uint8_t from = where_[v], to = Bucket(key);
    if (from == to) {
      if (to == kHeap) heap_.Update(key);
      return;
    }
    if (from == kHeap) {
      heap_.Erase(key.vertex());
    } else {
      Remove(from, key.vertex());
    }
    if (to == kHeap) {
      heap_.Insert(key);
    } else {
      Add(to, key.vertex());
    }
    where_[v] = to;
  }
  NarrowKey Pop() {
    const NarrowKey key = top();
    const size_t v = static_cast<size_t>(key.vertex());
    if (where_[v] == kHeap) {
      heap_.Pop();
    } else {
      Remove(where_[v], key.vertex());
    }
    where_[v] = kGone;
    --size_;
    return key;
  }

 private:
  static constexpr uint8_t kHeap = kSmall * kSmall, kGone = kHeap + 1;
  static std::vector<NarrowKey> Large(const std::vector<NarrowKey>& keys) {
    std::vector<NarrowKey> large;
    for (const NarrowKey& key : keys) {
      if (Bucket(key) == kHeap) large.push_back(key);
    }
    return large;
  }
  static uint8_t Bucket(const NarrowKey& key) {
    const uint64_t fill = key.packed >> 40, degree = (key.packed >> 24) & 0xffff;
    return fill < kSmall && degree < kSmall ? static_cast<uint8_t>(fill * kSmall + degree) : kHeap;
  }
  void Add(uint8_t b, int v) {
    sets_.Insert(b, static_cast<uint32_t>(v));
    nonempty_ |= uint64_t{1} << b;
  }
  void Remove(uint8_t b, int v) {
    sets_.Erase(b, static_cast<uint32_t>(v));
    if (sets_.Empty(b)) nonempty_ &= ~(uint64_t{1} << b);
  }
  BucketSets sets_;
  KeyHeap<NarrowKey> heap_;
  std::vector<uint8_t> where_;  ///< vertex -> its bucket, kHeap or kGone (popped)
  uint64_t nonempty_ = 0;       ///< bit b: bucket b has a member
  size_t size_ = 0;
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

AdjacencyLists MoralGraph(const Network& network) {
  std::vector<uint32_t> family_begin{0};
  std::vector<int> family_vars;
  family_begin.reserve(network.families.size() + 1);
  for (const Family& f : network.families) {
    family_vars.insert(family_vars.end(), f.parents.begin(), f.parents.end());
    family_vars.push_back(f.child);
    family_begin.push_back(static_cast<uint32_t>(family_vars.size()));
  }
  return MoralGraph(network.variables.size(), family_begin, family_vars);
}

AdjacencyLists MoralGraph(size_t n, std::span<const uint32_t> family_begin, std::span<const int> family_vars) {
  // Each family is a clique of the moral graph. Every vertex gets room for the other members of all
  // its families; the lists are then sorted, deduplicated and packed in place.
  AdjacencyLists out;
  out.begin.assign(n + 1, 0);
  const size_t families = family_begin.size() - 1;
  for (size_t f = 0; f < families; ++f) {
    const size_t others = family_begin[f + 1] - family_begin[f] - 1;
    for (size_t k = family_begin[f]; k < family_begin[f + 1]; ++k) out.begin[static_cast<size_t>(family_vars[k]) + 1] += others;
  }
  for (size_t v = 0; v < n; ++v) out.begin[v + 1] += out.begin[v];
  out.list.resize(out.begin[n]);
  std::vector<size_t> end(out.begin.begin(), out.begin.end() - 1);
  for (size_t f = 0; f < families; ++f) {
    const int* const members = family_vars.data() + family_begin[f];
    const size_t size = family_begin[f + 1] - family_begin[f];
    for (size_t i = 0; i < size; ++i) {
      for (size_t j = i + 1; j < size; ++j) {
        const int a = members[i], b = members[j];
        if (a == b) continue;
        out.list[end[static_cast<size_t>(a)]++] = b;
        out.list[end[static_cast<size_t>(b)]++] = a;
      }
    }
  }
  size_t packed = 0;
  for (size_t v = 0; v < n; ++v) {
    int* const first = out.list.data() + out.begin[v];
    int* const last = out.list.data() + end[v];
    std::sort(first, last);
    int* const unique_end = std::unique(first, last);
    out.begin[v] = packed;
    packed = static_cast<size_t>(std::copy(first, unique_end, out.list.data() + packed) - out.list.data());
  }
  out.begin[n] = packed;
  out.list.resize(packed);
  return out;
}

namespace {

/// EliminateMinFill with priorities stored as Key. With NarrowKey (uniform state counts of at least 2,
/// fewer than 2^24 vertices) it gives up (false) before a step that could raise a degree to
/// narrow_degree_limit; otherwise it eliminates every vertex into `out` (true).
template <class Key>
bool EliminateWith(const std::vector<size_t>& begin, std::vector<int> pool, const std::vector<size_t>& states,
                   size_t narrow_degree_limit, Elimination& out) {
  constexpr bool kNarrow = std::is_same_v<Key, NarrowKey>;
  const size_t n = begin.size() - 1;
  // The remaining graph: vertex v's sorted list is pool[start .. start + count) of vertex[v], with room
  // for `room` entries there. A list that outgrows its room (fill edges) moves to the pool's end with
  // twice the room; eliminated vertices are erased from their neighbours' lists.
  // A vertex's list bounds and its current fill side by side: a neighbour's are one cache line.
  struct Vertex {
    size_t start = 0;
    uint32_t count = 0, room = 0;
    long fill = 0;
  };
  std::vector<Vertex> vertex(n);
  size_t max_degree = 0;  // a bound on every degree in the remaining graph (narrow keys)
  for (size_t v = 0; v < n; ++v) {
    vertex[v].start = begin[v];
    vertex[v].count = vertex[v].room = static_cast<uint32_t>(begin[v + 1] - begin[v]);
    max_degree = std::max<size_t>(max_degree, vertex[v].count);
  }
  if (kNarrow && max_degree >= narrow_degree_limit) return false;
  auto first_of = [&](int v) { return pool.data() + vertex[static_cast<size_t>(v)].start; };
  auto last_of = [&](int v) {
    return pool.data() + vertex[static_cast<size_t>(v)].start + vertex[static_cast<size_t>(v)].count;
  };
  auto adjacent = [&](int a, int b) { return std::binary_search(first_of(a), last_of(a), b); };
  auto erase = [&](int a, int v) {
    int* const last = last_of(a);
    int* const it = std::lower_bound(first_of(a), last, v);
    if (it == last || *it != v) return;
    std::copy(it + 1, last, it);
    --vertex[static_cast<size_t>(a)].count;
  };
  auto insert = [&](int a, int b) {
    const size_t ua = static_cast<size_t>(a);
    if (vertex[ua].count == vertex[ua].room) {
      const size_t moved = pool.size();
      vertex[ua].room = std::max<uint32_t>(4, 2 * vertex[ua].room);
      pool.resize(moved + vertex[ua].room);
      std::copy_n(pool.data() + vertex[ua].start, vertex[ua].count, pool.data() + moved);
      vertex[ua].start = moved;
    }
    int* const last = last_of(a);
    int* const it = std::lower_bound(first_of(a), last, b);
    if (it != last && *it == b) return;
    std::copy_backward(it, last, last + 1);
    *it = b;
    ++vertex[ua].count;
  };

  std::vector<double> log_states(n);
  for (size_t v = 0; v < n; ++v) log_states[v] = std::log(static_cast<double>(std::max<size_t>(states[v], 1)));
  // When every vertex has the same state count, a weight depends on the degree only: the same
  // additions in the same order, so the same double. weight_by_degree[d] holds it, filled as needed.
  const bool uniform = std::all_of(log_states.begin(), log_states.end(), [&](double w) { return w == log_states[0]; });
  std::vector<double> weight_by_degree;
  if (n > 0) weight_by_degree.push_back(log_states[0]);
  auto weight_of = [&](int v) {
    if (uniform) {
      const size_t degree = vertex[static_cast<size_t>(v)].count;
      while (weight_by_degree.size() <= degree) weight_by_degree.push_back(weight_by_degree.back() + log_states[0]);
      return weight_by_degree[degree];
    }
    double w = log_states[static_cast<size_t>(v)];
    for (const int* x = first_of(v); x != last_of(v); ++x) w += log_states[static_cast<size_t>(*x)];
    return w;
  };
  auto fill_of = [&](int v) {
    const int* const nb = first_of(v);
    const size_t size = vertex[static_cast<size_t>(v)].count;
    long fill = 0;
    // Pairs (nb[i], nb[j]), j > i, missing an edge: nb[i + 1 ..] less those in nb[i]'s (sorted) list.
    // The last neighbour has no later partner, so its list is never read.
    for (size_t i = 0; i + 1 < size; ++i) {
      fill += static_cast<long>(size - i - 1) -
              static_cast<long>(CountIn(first_of(nb[i]), last_of(nb[i]), nb + i + 1, nb + size));
    }
    return fill;
  };

  // Every remaining vertex in a heap by its key; re-scoring moves it in place.
  auto make_key = [&](int x, long f) {
    vertex[static_cast<size_t>(x)].fill = f;
    if constexpr (kNarrow) {
      return MakeNarrowKey(static_cast<uint64_t>(f), vertex[static_cast<size_t>(x)].count, x);
    } else {
      const uint32_t capped = static_cast<uint32_t>(std::min<long>(f, std::numeric_limits<uint32_t>::max()));
      return MakeWideKey(capped, weight_of(x), x);
    }
  };
  std::vector<Key> keys(n);
  for (size_t v = 0; v < n; ++v) keys[v] = make_key(static_cast<int>(v), fill_of(static_cast<int>(v)));
  using Queue = std::conditional_t<kNarrow, NarrowQueue, KeyHeap<Key>>;
  Queue queue = [&] {
    if constexpr (kNarrow) {
      return NarrowQueue(keys);
    } else {
      return KeyHeap<Key>(std::move(keys), n);
    }
  }();
  auto rescore = [&](int x, long f) { queue.Update(make_key(x, f)); };

  out.order.reserve(n);
  out.step.resize(n);
  out.neighbour_begin.reserve(n + 1);
  out.neighbour_list.reserve(pool.size() / 2 + n);
  std::vector<char> affected_flag(n, 0);
  std::vector<int> affected;
  std::vector<int> common;
  while (!queue.empty()) {
    // Eliminating v adds at most |N(v)| - 1 neighbours to any vertex.
    if (kNarrow &&
        max_degree + vertex[static_cast<size_t>(queue.top().vertex())].count >= narrow_degree_limit)
      return false;
    const int v = queue.Pop().vertex();
    const long v_fill = vertex[static_cast<size_t>(v)].fill;
    out.step[static_cast<size_t>(v)] = out.order.size();
    out.order.push_back(v);
    const size_t nb_begin = out.neighbour_list.size();
    out.neighbour_list.insert(out.neighbour_list.end(), first_of(v), last_of(v));
    out.neighbour_begin.push_back(out.neighbour_list.size());
    vertex[static_cast<size_t>(v)].count = 0;
    // No list is appended to out.neighbour_list before the next vertex: nb stays valid.
    const std::span<const int> nb(out.neighbour_list.data() + nb_begin, out.neighbour_list.size() - nb_begin);
    // The neighbours' records are scattered: fetched all at once, then their lists.
    for (int a : nb) __builtin_prefetch(&vertex[static_cast<size_t>(a)]);
    for (int a : nb) __builtin_prefetch(first_of(a));
    if (v_fill == 0) {
      // v is simplicial: no fill edges, and only its neighbours' scores change. A neighbour a loses
      // the missing pairs (v, x), x ∈ N(a) \ N[v]: |N(a)| - |N(v)| of them, as N(v) \ {a} ⊆ N(a).
      for (int a : nb) {
        const long lost = static_cast<long>(vertex[static_cast<size_t>(a)].count) - static_cast<long>(nb.size());
        erase(a, v);
        rescore(a, vertex[static_cast<size_t>(a)].fill - lost);
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
      erase(a, v);
      mark(a);
    }
    for (size_t i = 0; i < nb.size(); ++i) {
      for (size_t j = i + 1; j < nb.size(); ++j) {
        const int a = nb[i], b = nb[j];
        if (adjacent(a, b)) continue;
        // The common neighbours of a and b lose one missing pair each.
        common.clear();
        std::set_intersection(first_of(a), last_of(a), first_of(b), last_of(b), std::back_inserter(common));
        for (int x : common) mark(x);
        insert(a, b);
        insert(b, a);
        max_degree = std::max<size_t>(
            max_degree, std::max(vertex[static_cast<size_t>(a)].count, vertex[static_cast<size_t>(b)].count));
      }
    }
    for (int x : affected) {
      affected_flag[static_cast<size_t>(x)] = 0;
      rescore(x, fill_of(x));
    }
  }
  return true;
}

}  // namespace

Elimination EliminateMinFill(AdjacencyLists graph, const std::vector<size_t>& states, size_t narrow_degree_limit) {
  const size_t n = graph.size();
  narrow_degree_limit = std::min<size_t>(narrow_degree_limit, size_t{1} << 12);
  // Compact priorities when every vertex has the same state count (of at least 2): the same order.
  if (n > 0 && n <= (size_t{1} << 24) && states[0] >= 2 &&
      std::all_of(states.begin(), states.end(), [&](size_t s) { return s == states[0]; })) {
    Elimination out;
    if (EliminateWith<NarrowKey>(graph.begin, graph.list, states, narrow_degree_limit, out)) return out;
  }
  Elimination out;
  EliminateWith<WideKey>(graph.begin, std::move(graph.list), states, narrow_degree_limit, out);
  return out;
}

CliqueForest BuildCliqueForest(const Elimination& elimination) {
  const size_t n = elimination.order.size();
  const std::vector<size_t>& position = elimination.step;
  // Elimination tree: v's parent is its first-eliminated neighbour.
  std::vector<int> tree_parent(n, -1);
  for (size_t v = 0; v < n; ++v) {
    const std::span<const int> nb = elimination.neighbours(static_cast<int>(v));
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
    const std::span<const int> nb = elimination.neighbours(v);
    const size_t size = nb.size() + 1;
    int absorbing_child = -1;
    const size_t kids_begin = child_begin[static_cast<size_t>(v)], kids_end = child_begin[static_cast<size_t>(v) + 1];
    for (size_t k = kids_begin; k < kids_end; ++k) {
      const int w = child_list[k];
      // N(w) ⊆ {v} ∪ N(v) always; equal sizes mean the clique of v is inside w's.
      if (elimination.neighbours(w).size() == size) {
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
      const std::span<const int> nb = elimination.neighbours(w);
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
    const auto smaller = [&](int a, int b) { return entries[static_cast<size_t>(a)] < entries[static_cast<size_t>(b)]; };
    if (kids.size() <= 32) {
      // A few children (the usual case): a stable insertion sort, where std::stable_sort would
      // allocate a buffer for every parent.
      for (size_t k = 1; k < kids.size(); ++k) {
        const int kid = kids[k];
        size_t j = k;
        for (; j > 0 && smaller(kid, kids[j - 1]); --j) kids[j] = kids[j - 1];
        kids[j] = kid;
      }
    } else {
      std::stable_sort(kids.begin(), kids.end(), smaller);
    }
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
