// Junction tree compilation and Hugin propagation (junction_tree.h).
//
// Every loop over a clique table walks it once in memory order with the matching index of a smaller
// table (a separator, a family, one variable) computed incrementally from fused strides, or read from a
// precomputed index map; nothing in a propagation allocates or looks anything up by name.
#include "argraph/junction_tree.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <sstream>

#include <sys/mman.h>

#include "infer/triangulation.h"

namespace argraph {
namespace {

/// `x` as n zeros: written in place when it has n entries already (a reused posterior's small
/// vectors), without a call to assign.
void ZeroSized(std::vector<double>& x, size_t n) {
  if (x.size() != n) {
    x.assign(n, 0.0);
    return;
  }
  for (double& entry : x) entry = 0;
}

/// Calls f(i, j, count, stride) for runs of a table walked in memory order: entries i .. i+count-1
/// match entries j, j+stride, ... of the target table described by the plan's strides.
template <class Plan, class F>
inline void ForEachRun(const Plan& plan, F&& f) {
  const size_t n = plan.count;
  if (n == 0) {
    f(size_t{0}, uint64_t{0}, uint32_t{1}, uint64_t{0});
    return;
  }
  const uint32_t* dims = plan.dims;
  const uint64_t* strides = plan.strides;
  const uint32_t inner = dims[n - 1];
  const uint64_t inner_stride = strides[n - 1];
  if (n == 1) {
    f(size_t{0}, uint64_t{0}, inner, inner_stride);
    return;
  }
  std::array<uint32_t, 64> counter;
  std::fill_n(counter.begin(), n, 0u);
  size_t i = 0;
  uint64_t j = 0;
  for (;;) {
    f(i, j, inner, inner_stride);
    i += inner;
    size_t a = n - 1;
    for (;;) {
      if (a == 0) return;
      --a;
      if (++counter[a] < dims[a]) {
        j += strides[a];
        break;
      }
      j -= strides[a] * (dims[a] - 1);
      counter[a] = 0;
    }
  }
}

/// Calls f(i, j) for every entry i and its matching target entry j.
template <class Plan, class F>
inline void ForEachEntry(const Plan& plan, F&& f) {
  ForEachRun(plan, [&](size_t i, uint64_t j, uint32_t count, uint64_t stride) {
    for (uint32_t k = 0; k < count; ++k) f(i + k, j + k * stride);
  });
}

/// target[j] += source[i] over the plan (a marginalisation).
template <class Plan>
inline void SumInto(const Plan& plan, const double* source, double* target) {
  ForEachRun(plan, [&](size_t i, uint64_t j, uint32_t count, uint64_t stride) {
    if (stride == 0) {
      double sum = 0;
      for (uint32_t k = 0; k < count; ++k) sum += source[i + k];
      target[j] += sum;
    } else {
      for (uint32_t k = 0; k < count; ++k) target[j + k * stride] += source[i + k];
    }
  });
}

/// table[i] *= factor[j] over the plan.
template <class Plan>
inline void MultiplyBy(const Plan& plan, double* table, const double* factor) {
  ForEachRun(plan, [&](size_t i, uint64_t j, uint32_t count, uint64_t stride) {
    if (stride == 0) {
      const double f = factor[j];
      for (uint32_t k = 0; k < count; ++k) table[i + k] *= f;
    } else {
      for (uint32_t k = 0; k < count; ++k) table[i + k] *= factor[j + k * stride];
    }
  });
}

/// table[i] = factor[j] over the plan (a factor expanded to the table's variables).
template <class Plan>
inline void ExpandInto(const Plan& plan, double* table, const double* factor) {
  ForEachRun(plan, [&](size_t i, uint64_t j, uint32_t count, uint64_t stride) {
    if (stride == 0) {
      std::fill_n(table + i, count, factor[j]);
    } else {
      for (uint32_t k = 0; k < count; ++k) table[i + k] = factor[j + k * stride];
    }
  });
}

/// table[i] = source[i] * factor[j] over the plan (MultiplyBy into another table).
template <class Plan>
inline void MultiplyInto(const Plan& plan, const double* source, const double* factor, double* table) {
  ForEachRun(plan, [&](size_t i, uint64_t j, uint32_t count, uint64_t stride) {
    if (stride == 0) {
      const double f = factor[j];
      for (uint32_t k = 0; k < count; ++k) table[i + k] = source[i + k] * f;
    } else {
      for (uint32_t k = 0; k < count; ++k) table[i + k] = source[i + k] * factor[j + k * stride];
    }
  });
}

/// A distribute step's separator ratio: the parent's posterior summed onto the separator (through the
/// edge's index map when it has one, else its plan), divided by the separator's collected message
/// `old` and by the edge's scale; 0 where `old` is 0.
template <class Plan>
void SeparatorRatio(const uint32_t* parent_map, const Plan& parent_plan, size_t parent_entries, const double* parent,
                    const double* old, double inverse_scale, size_t entries, double* ratio) {
  std::fill(ratio, ratio + entries, 0.0);
  if (parent_map != nullptr) {
    for (size_t i = 0; i < parent_entries; ++i) ratio[parent_map[i]] += parent[i];
  } else {
    SumInto(parent_plan, parent, ratio);
  }
  for (size_t j = 0; j < entries; ++j) ratio[j] = old[j] > 0 ? ratio[j] / old[j] * inverse_scale : 0.0;
}

std::string FormatBytes(double bytes) {
  std::ostringstream out;
  out.precision(3);
  if (bytes >= double(1u << 30)) {
    out << bytes / double(1u << 30) << " GiB";
  } else {
    out << bytes / double(1u << 20) << " MiB";
  }
  return out.str();
}

}  // namespace

namespace junction_tree_detail {

void* MapHugePages(size_t bytes) {
  // Mapped with one huge page of slack, then trimmed to a 2 MiB-aligned span of whole huge pages.
  const size_t length = (bytes + kHugeBlock - 1) / kHugeBlock * kHugeBlock;
  void* const mapped = mmap(nullptr, length + kHugeBlock, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  char* const first = static_cast<char*>(mapped);
  const uintptr_t address = reinterpret_cast<uintptr_t>(first);
  char* const start = first + ((kHugeBlock - address % kHugeBlock) % kHugeBlock);
  if (start > first) munmap(first, static_cast<size_t>(start - first));
  char* const end = start + length;
  if (first + length + kHugeBlock > end) munmap(end, static_cast<size_t>(first + length + kHugeBlock - end));
  madvise(start, length, MADV_HUGEPAGE);  // advice only: without huge pages the block still works
  return start;
}

void UnmapHugePages(void* block, size_t bytes) {
  munmap(block, (bytes + kHugeBlock - 1) / kHugeBlock * kHugeBlock);
}

}  // namespace junction_tree_detail

std::vector<int> MinFillOrder(const Network& network) {
  std::vector<size_t> states;
  for (const Variable& v : network.variables) states.push_back(v.states.size());
  return EliminateMinFill(MoralGraph(network), states).order;
}

namespace {

JunctionTreeSize SizeOf(const CliqueForest& forest, const std::vector<size_t>& states) {
  JunctionTreeSize size;
  size.cliques = forest.size();
  for (size_t c = 0; c < forest.size(); ++c) {
    const std::span<const int> clique = forest.clique(c);
    double entries = 1;
    for (int v : clique) entries *= static_cast<double>(states[static_cast<size_t>(v)]);
    size.total_clique_entries += entries;
    if (entries > size.largest_clique_entries) {
      size.largest_clique_entries = entries;
      size.largest_clique_variables = clique.size();
    }
  }
  return size;
}

}  // namespace

JunctionTreeSize EstimateJunctionTree(const Network& network) {
  std::vector<size_t> states;
  for (const Variable& v : network.variables) states.push_back(v.states.size());
  return SizeOf(BuildCliqueForest(EliminateMinFill(MoralGraph(network), states)), states);
}

JunctionTree::Plan JunctionTree::MakePlan(const Clique& clique, const int* target_vars, const uint64_t* target_strides,
                                          size_t target_count) {
  Plan plan;
  plan.offset = static_cast<uint32_t>(plan_dims_.size());
  // Each clique variable's stride in the target (a variable listed twice takes its last stride; one
  // not in the target walks with stride 0), by search: k clique variables cost k·target_count
  // comparisons for k variables of two or more states: nothing next to the 2^k entries the plan walks.
  const int* vars = Vars(clique);
  for (size_t k = 0; k < clique.var_count; ++k) {
    const uint32_t dim = clique_dims_[clique.vars + k];
    if (dim == 1) continue;
    uint64_t stride = 0;
    for (size_t t = target_count; t-- > 0;) {
      if (target_vars[t] == vars[k]) {
        stride = target_strides[t];
        break;
      }
    }
    // Fuse with the previous (slower) dimension when the target walks them as one.
    if (plan.count > 0 && plan_strides_.back() == stride * dim) {
      plan_dims_.back() *= dim;
      plan_strides_.back() = stride;
      continue;
    }
    plan_dims_.push_back(dim);
    plan_strides_.push_back(stride);
    ++plan.count;
  }
  return plan;
}

JunctionTree::JunctionTree(const Network& network, const JunctionTreeOptions& options) {
  const size_t n = network.variables.size();
  states_.resize(n);
  family_begin_.resize(n + 1);
  size_t family_total = 0;
  tables_.begin.resize(n + 1);
  for (size_t v = 0; v < n; ++v) {
    states_[v] = network.variables[v].states.size();
    family_total += network.families[v].parents.size() + 1;
    tables_.begin[v + 1] = tables_.begin[v] + network.families[v].table.size();
  }
  family_vars_.reserve(family_total);
  tables_.data.reserve(tables_.begin[n]);  // filled by appending: no pass writing zeros first
  // Each family's parents and table are separate allocations: they are fetched a few families ahead.
  constexpr size_t kAhead = 4;
  for (size_t v = 0; v < n; ++v) {
    if (v + kAhead < n) {
      __builtin_prefetch(network.families[v + kAhead].parents.data());
      __builtin_prefetch(network.families[v + kAhead].table.data());
    }
    family_begin_[v] = static_cast<uint32_t>(family_vars_.size());
    const std::vector<int>& parents = network.families[v].parents;
    family_vars_.insert(family_vars_.end(), parents.begin(), parents.end());
    family_vars_.push_back(static_cast<int>(v));
    tables_.data.insert(tables_.data.end(), network.families[v].table.begin(), network.families[v].table.end());
  }
  family_begin_[n] = static_cast<uint32_t>(family_vars_.size());
  CliqueForest forest;
  {
    // The elimination's neighbour lists go before the tree's arrays are allocated: they reuse its memory.
    Elimination elimination = EliminateMinFill(MoralGraph(n, family_begin_, family_vars_), states_);
    forest = BuildCliqueForest(elimination);
    order_ = std::move(elimination.order);
  }
  size_ = SizeOf(forest, states_);
  {
    std::vector<double> entries(forest.size(), 1.0);
    for (size_t c = 0; c < entries.size(); ++c) {
      for (int v : forest.clique(c)) entries[c] *= static_cast<double>(states_[static_cast<size_t>(v)]);
    }
    RehangChildren(forest, entries);
  }
  const double largest_bytes = size_.largest_clique_entries * sizeof(double);
  if (largest_bytes > options.max_clique_bytes ||
      size_.total_clique_entries > double(std::numeric_limits<uint32_t>::max())) {
    throw MemoryLimitError("exact inference on '" + network.name + "' needs a clique of " +
                           std::to_string(size_.largest_clique_variables) + " variables (" +
                           FormatBytes(largest_bytes) + "), over the memory limit of " +
                           FormatBytes(options.max_clique_bytes) +
                           "; raise --memory-limit or use --approximate");
  }

  // Cliques are stored in collect order: a depth-first post-order of each component (children before
  // parents), one component after another. A propagation then walks the tables, the edges and their
  // index maps forwards. `sequence` lists the forest's cliques in that order; rank[c] is c's place.
  // Everything else (edge order around a clique, homes, which edges get index maps) follows the
  // forest's numbering, so results do not depend on the storage order.
  const size_t c_count = forest.size();
  std::vector<int> sequence;
  std::vector<int> rank(c_count, -1);
  std::vector<int> forest_roots;
  component_.assign(c_count, -1);
  {
    std::vector<uint32_t> child_begin(c_count + 1, 0);
    for (size_t c = 0; c < c_count; ++c) {
      if (forest.parent[c] >= 0) ++child_begin[static_cast<size_t>(forest.parent[c]) + 1];
    }
    for (size_t c = 0; c < c_count; ++c) child_begin[c + 1] += child_begin[c];
    std::vector<int> children(child_begin[c_count]);
    std::vector<uint32_t> fill(child_begin.begin(), child_begin.end() - 1);
    for (size_t c = 0; c < c_count; ++c) {
      if (forest.parent[c] < 0) {
        forest_roots.push_back(static_cast<int>(c));
      } else {
        children[fill[static_cast<size_t>(forest.parent[c])]++] = static_cast<int>(c);
      }
    }
    sequence.reserve(c_count);
    std::vector<int> visit;
    std::vector<int> preorder;
    for (size_t r = 0; r < forest_roots.size(); ++r) {
      visit.assign(1, forest_roots[r]);
      preorder.clear();
      while (!visit.empty()) {
        const int c = visit.back();
        visit.pop_back();
        preorder.push_back(c);
        visit.insert(visit.end(), children.begin() + child_begin[static_cast<size_t>(c)],
                     children.begin() + child_begin[static_cast<size_t>(c) + 1]);
      }
      for (size_t k = preorder.size(); k-- > 0;) {
        rank[static_cast<size_t>(preorder[k])] = static_cast<int>(sequence.size());
        component_[sequence.size()] = static_cast<int>(r);
        sequence.push_back(preorder[k]);
      }
    }
  }
  for (int r : forest_roots) roots_.push_back(rank[static_cast<size_t>(r)]);

  // Cliques.
  cliques_.resize(c_count);
  {
    clique_vars_.reserve(forest.members.size());
    clique_dims_.reserve(forest.members.size());
  }
  size_t offset = 0;
  for (size_t c = 0; c < c_count; ++c) {
    Clique& clique = cliques_[c];
    const size_t old = static_cast<size_t>(sequence[c]);
    // The separator towards the parent varies slowest: collecting from this clique then sums
    // contiguous blocks, and distributing into it scales contiguous blocks.
    const std::span<const int> separator = forest.separator(old);
    clique.vars = static_cast<uint32_t>(clique_vars_.size());
    clique_vars_.insert(clique_vars_.end(), separator.begin(), separator.end());
    for (int v : forest.clique(old)) {
      if (!std::binary_search(separator.begin(), separator.end(), v)) clique_vars_.push_back(v);
    }
    clique.var_count = static_cast<uint32_t>(clique_vars_.size() - clique.vars);
    clique.entries = 1;
    for (size_t k = clique.vars; k < clique_vars_.size(); ++k) {
      const size_t states = states_[static_cast<size_t>(clique_vars_[k])];
      clique_dims_.push_back(static_cast<uint32_t>(states));
      clique.entries *= states;
    }
    clique.offset = offset;
    offset += clique.entries;
  }
  potentials_.assign(offset, 0.0);

  // Families: each goes to the clique of its first-eliminated member; a clique's families are listed
  // in increasing variable order.
  {
    std::vector<uint32_t> position(n);
    for (size_t i = 0; i < n; ++i) position[static_cast<size_t>(order_[i])] = static_cast<uint32_t>(i);
    family_clique_.resize(n);
    std::vector<uint32_t> count(c_count + 1, 0);
    for (size_t v = 0; v < n; ++v) {
      int first = static_cast<int>(v);
      for (size_t k = family_begin_[v]; k < family_begin_[v + 1]; ++k) {
        const int p = family_vars_[k];
        if (position[static_cast<size_t>(p)] < position[static_cast<size_t>(first)]) first = p;
      }
      family_clique_[v] = rank[static_cast<size_t>(forest.clique_of[static_cast<size_t>(first)])];
      ++count[static_cast<size_t>(family_clique_[v])];
    }
    uint32_t start = 0;
    for (size_t c = 0; c < c_count; ++c) {
      cliques_[c].families = start;
      start += count[c];
    }
    clique_families_.resize(n);
    for (size_t v = 0; v < n; ++v) {
      Clique& clique = cliques_[static_cast<size_t>(family_clique_[v])];
      clique_families_[clique.families + clique.family_count++] = static_cast<int>(v);
    }
  }
  std::vector<uint64_t> strides;
  // Plans: about (family or separator variables) per family, home and edge side. The loops below
  // walk the cliques in storage order.
  plan_dims_.reserve(2 * family_total + 2 * clique_vars_.size() + n);
  plan_strides_.reserve(plan_dims_.capacity());
  family_plans_.resize(n);
  for (size_t c = 0; c < c_count; ++c) {
    const Clique& clique = cliques_[c];
    for (const int* f = Families(clique); f != Families(clique) + clique.family_count; ++f) {
      const size_t v = static_cast<size_t>(*f);
      const size_t size = family_begin_[v + 1] - family_begin_[v];
      strides.resize(size);
      uint64_t stride = 1;
      for (size_t k = size; k-- > 0;) {
        strides[k] = stride;
        stride *= states_[static_cast<size_t>(family_vars_[family_begin_[v] + k])];
      }
      family_plans_[v] = MakePlan(clique, family_vars_.data() + family_begin_[v], strides.data(), size);
    }
  }

  // Each variable's home: the smallest clique holding it (the first in the forest's order on ties).
  home_.assign(n, -1);
  for (size_t c = 0; c < c_count; ++c) {
    const Clique& clique = cliques_[c];
    for (const int* v = Vars(clique); v != Vars(clique) + clique.var_count; ++v) {
      int& h = home_[static_cast<size_t>(*v)];
      if (h < 0) {
        h = static_cast<int>(c);
        continue;
      }
      const size_t other = cliques_[static_cast<size_t>(h)].entries;
      if (clique.entries < other || (clique.entries == other && sequence[c] < sequence[static_cast<size_t>(h)])) {
        h = static_cast<int>(c);
      }
    }
  }
  // Home plans in variable order: reading every marginal (ReadMarginals) then walks them forwards.
  home_plans_.resize(n);
  {
    constexpr size_t kHomeAhead = 8;
    for (size_t v = 0; v < n; ++v) {
      if (v + 2 * kHomeAhead < n) __builtin_prefetch(&cliques_[static_cast<size_t>(home_[v + 2 * kHomeAhead])]);
      if (v + kHomeAhead < n) {
        const Clique& ahead = cliques_[static_cast<size_t>(home_[v + kHomeAhead])];
        __builtin_prefetch(Vars(ahead));
        __builtin_prefetch(Dims(ahead));
      }
      const int variable = static_cast<int>(v);
      const uint64_t one = 1;
      home_plans_[v] = MakePlan(cliques_[static_cast<size_t>(home_[v])], &variable, &one, 1);
    }
  }

  // Edges: one per non-root clique, in storage order (so the collect schedule is the edge order).
  edges_.reserve(c_count);
  edge_vars_.reserve(clique_vars_.size());
  size_t sep_offset = 0;
  for (size_t c = 0; c < c_count; ++c) {
    const size_t old = static_cast<size_t>(sequence[c]);
    if (forest.parent[old] < 0) continue;
    Edge e;
    e.child = static_cast<int>(c);
    e.parent = rank[static_cast<size_t>(forest.parent[old])];
    const std::span<const int> separator = forest.separator(old);
    e.vars = static_cast<uint32_t>(edge_vars_.size());
    e.var_count = static_cast<uint32_t>(separator.size());
    edge_vars_.insert(edge_vars_.end(), separator.begin(), separator.end());
    strides.resize(separator.size());
    uint64_t stride = 1;
    for (size_t k = separator.size(); k-- > 0;) {
      strides[k] = stride;
      stride *= states_[static_cast<size_t>(separator[k])];
    }
    e.entries = stride;
    e.offset = sep_offset;
    sep_offset += e.entries;
    e.child_plan = MakePlan(cliques_[c], separator.data(), strides.data(), separator.size());
    e.parent_plan = MakePlan(cliques_[static_cast<size_t>(e.parent)], separator.data(), strides.data(),
                             separator.size());
    full_schedule_.push_back({static_cast<int>(edges_.size()), true});
    edges_.push_back(e);
  }
  separators_.assign(sep_offset, 0.0);
  scratch_.assign(sep_offset, 0.0);
  edge_scale_.assign(edges_.size(), 1.0);
  // Index maps where the strided runs would be short, while they fit (JunctionTreeOptions), laid out
  // in edge order. When they do not all fit, they go to the edges in the forest's order.
  {
    std::vector<char> wants(2 * edges_.size(), 0);  // child side, parent side
    size_t wanted = 0;
    auto short_runs = [&](Plan plan) {
      const size_t run = plan.count == 0 ? 1 : plan_dims_[plan.offset + plan.count - 1];
      return run < options.min_strided_run;
    };
    for (size_t e = 0; e < edges_.size(); ++e) {
      const Edge& edge = edges_[e];
      if (short_runs(edge.child_plan)) {
        wants[2 * e] = 1;
        wanted += cliques_[static_cast<size_t>(edge.child)].entries;
      }
      if (short_runs(edge.parent_plan)) {
        wants[2 * e + 1] = 1;
        wanted += cliques_[static_cast<size_t>(edge.parent)].entries;
      }
    }
    if (wanted > options.max_map_entries) {
      std::vector<int> parent_edge(c_count, -1);
      for (size_t e = 0; e < edges_.size(); ++e) parent_edge[static_cast<size_t>(edges_[e].child)] = static_cast<int>(e);
      size_t map_entries = 0;
      auto choose = [&](size_t entries, char& flag) {
        if (!flag) return;
        if (map_entries + entries > options.max_map_entries) {
          flag = 0;
        } else {
          map_entries += entries;
        }
      };
      for (size_t old = 0; old < c_count; ++old) {
        const int e = parent_edge[static_cast<size_t>(rank[old])];
        if (e < 0) continue;
        const Edge& edge = edges_[static_cast<size_t>(e)];
        choose(cliques_[static_cast<size_t>(edge.child)].entries, wants[2 * static_cast<size_t>(e)]);
        choose(cliques_[static_cast<size_t>(edge.parent)].entries, wants[2 * static_cast<size_t>(e) + 1]);
      }
      wanted = map_entries;
    }
    maps_.reserve(wanted);
    auto materialise = [&](const Clique& clique, Plan plan) {
      const size_t start = maps_.size();
      maps_.resize(start + clique.entries);
      uint32_t* map = maps_.data() + start;
      ForEachEntry(View(plan), [&](size_t i, uint64_t j) { map[i] = static_cast<uint32_t>(j); });
      return start;
    };
    for (size_t e = 0; e < edges_.size(); ++e) {
      Edge& edge = edges_[e];
      if (wants[2 * e]) edge.child_map = materialise(cliques_[static_cast<size_t>(edge.child)], edge.child_plan);
      if (wants[2 * e + 1]) edge.parent_map = materialise(cliques_[static_cast<size_t>(edge.parent)], edge.parent_plan);
    }
  }
  // Incident edges of each clique, in the forest's order of their child cliques.
  {
    std::vector<uint32_t> count(c_count, 0);
    for (const Edge& e : edges_) {
      ++count[static_cast<size_t>(e.child)];
      ++count[static_cast<size_t>(e.parent)];
    }
    uint32_t start = 0;
    for (size_t c = 0; c < c_count; ++c) {
      cliques_[c].edges = start;
      start += count[c];
    }
    clique_edges_.resize(start);
    for (size_t e = 0; e < edges_.size(); ++e) {
      for (int c : {edges_[e].child, edges_[e].parent}) {
        Clique& clique = cliques_[static_cast<size_t>(c)];
        clique_edges_[clique.edges + clique.edge_count++] = static_cast<int>(e);
      }
    }
    auto by_forest_order = [&](int a, int b) {
      return sequence[static_cast<size_t>(edges_[static_cast<size_t>(a)].child)] <
             sequence[static_cast<size_t>(edges_[static_cast<size_t>(b)].child)];
    };
    for (const Clique& clique : cliques_) {
      int* list = clique_edges_.data() + clique.edges;
      std::sort(list, list + clique.edge_count, by_forest_order);
    }
  }
  evidence_state_.assign(n, -1);
}

void JunctionTree::SetTable(int v, const std::vector<double>& table) {
  assert(table.size() == tables_[static_cast<size_t>(v)].size());
  SetTable(v, table.data());
}

void JunctionTree::SetTable(int v, const double* table) {
  const std::span<double> mine = tables_[static_cast<size_t>(v)];
  std::memcpy(mine.data(), table, mine.size() * sizeof(double));
  const size_t c = static_cast<size_t>(family_clique_[static_cast<size_t>(v)]);
  cliques_[c].stale = true;
  if (volatile_.empty()) {
    volatile_.assign(tables_.size(), 0);
    volatile_products_.assign(cliques_.size(), {});
  }
  if (!volatile_[static_cast<size_t>(v)]) {
    volatile_[static_cast<size_t>(v)] = 1;
    volatile_products_[c].ready = false;
  }
}

namespace {

/// For every entry of a table over `vars` (layout order, last fastest), the matching entry of a table
/// over `target` (layout order; every target variable among `vars`).
std::vector<uint32_t> IndexMap(const std::vector<int>& vars, const std::vector<size_t>& states,
                               const std::vector<int>& target) {
  std::vector<uint64_t> strides(vars.size(), 0);
  uint64_t stride = 1;
  for (size_t t = target.size(); t-- > 0;) {
    for (size_t k = 0; k < vars.size(); ++k) {
      if (vars[k] == target[t]) strides[k] = stride;
    }
    stride *= states[static_cast<size_t>(target[t])];
  }
  size_t entries = 1;
  for (int v : vars) entries *= states[static_cast<size_t>(v)];
  std::vector<uint32_t> map(entries);
  std::vector<size_t> counter(vars.size(), 0);
  uint64_t j = 0;
  for (size_t i = 0; i < entries; ++i) {
    map[i] = static_cast<uint32_t>(j);
    for (size_t k = vars.size(); k-- > 0;) {
      if (++counter[k] < states[static_cast<size_t>(vars[k])]) {
        j += strides[k];
        break;
      }
      j -= strides[k] * (counter[k] - 1);
      counter[k] = 0;
    }
  }
  return map;
}

}  // namespace

// Cliques above this many entries are rebuilt from all their tables (no second copy kept).
constexpr size_t kLargestCachedClique = size_t{1} << 20;

void JunctionTree::PrepareVolatile(size_t c) {
  const Clique& clique = cliques_[c];
  VolatileProduct& vp = volatile_products_[c];
  vp.fixed.assign(clique.entries, 1.0);
  vp.families.clear();
  std::vector<int> vars;
  const std::vector<int> clique_vars(Vars(clique), Vars(clique) + clique.var_count);
  for (const int* family = Families(clique); family != Families(clique) + clique.family_count; ++family) {
    const int f = *family;
    if (!volatile_[static_cast<size_t>(f)]) {
      MultiplyBy(View(family_plans_[static_cast<size_t>(f)]), vp.fixed.data(), tables_[static_cast<size_t>(f)].data());
      continue;
    }
    vp.families.push_back(f);
    vars.insert(vars.end(), family_vars_.begin() + family_begin_[static_cast<size_t>(f)],
                family_vars_.begin() + family_begin_[static_cast<size_t>(f) + 1]);
  }
  // The volatile tables' product over their variables (in clique order), when it is smaller than the
  // clique: then a rebuild is one pass over the clique.
  std::vector<int> scope;
  size_t product_entries = 1;
  for (int v : clique_vars) {
    if (std::find(vars.begin(), vars.end(), v) == vars.end()) continue;
    scope.push_back(v);
    product_entries *= states_[static_cast<size_t>(v)];
  }
  vp.map.clear();
  vp.family_maps.clear();
  if (!vp.families.empty() && (vp.families.size() > 1 || product_entries * 2 <= clique.entries)) {
    vp.map = IndexMap(clique_vars, states_, scope);
    for (int f : vp.families) {
      const std::vector<int> family(family_vars_.begin() + family_begin_[static_cast<size_t>(f)],
                                    family_vars_.begin() + family_begin_[static_cast<size_t>(f) + 1]);
      vp.family_maps.push_back(IndexMap(scope, states_, family));
    }
    vp.product.assign(product_entries, 1.0);
  }
  vp.ready = true;
}

void JunctionTree::MultiplyTables(const Clique& clique, double* table) const {
  // The first table is expanded into place (1 · x is x: the same product as multiplying into ones).
  const int* f = Families(clique);
  const int* const end = f + clique.family_count;
  if (f == end) {
    std::fill(table, table + clique.entries, 1.0);
    return;
  }
  ExpandInto(View(family_plans_[static_cast<size_t>(*f)]), table, tables_[static_cast<size_t>(*f)].data());
  for (++f; f != end; ++f) {
    MultiplyBy(View(family_plans_[static_cast<size_t>(*f)]), table, tables_[static_cast<size_t>(*f)].data());
  }
}

void JunctionTree::RebuildStale() {
  if (initial_.size() != potentials_.size()) {
    // Not kept yet (the first propagation multiplied the tables straight into the potentials).
    initial_.resize(potentials_.size());
    for (Clique& clique : cliques_) clique.stale = true;
  }
  for (size_t c = 0; c < cliques_.size(); ++c) {
    Clique& clique = cliques_[c];
    if (!clique.stale) continue;
    clique.stale = false;
    double* init = initial_.data() + clique.offset;
    if (volatile_.empty() || clique.entries > kLargestCachedClique) {
      MultiplyTables(clique, init);
      continue;
    }
    // Tables that changed before will likely change again: the product of the others is kept.
    VolatileProduct& vp = volatile_products_[c];
    if (!vp.ready) PrepareVolatile(c);
    const double* fixed = vp.fixed.data();
    if (vp.map.empty()) {
      std::memcpy(init, fixed, clique.entries * sizeof(double));
      for (int f : vp.families) MultiplyBy(View(family_plans_[static_cast<size_t>(f)]), init, tables_[static_cast<size_t>(f)].data());
      continue;
    }
    double* product = vp.product.data();
    const size_t product_entries = vp.product.size();
    for (size_t k = 0; k < vp.families.size(); ++k) {
      const double* table = tables_[static_cast<size_t>(vp.families[k])].data();
      const uint32_t* map = vp.family_maps[k].data();
      if (k == 0) {
        for (size_t j = 0; j < product_entries; ++j) product[j] = table[map[j]];
      } else {
        for (size_t j = 0; j < product_entries; ++j) product[j] *= table[map[j]];
      }
    }
    const uint32_t* map = vp.map.data();
    for (size_t i = 0; i < clique.entries; ++i) init[i] = fixed[i] * product[map[i]];
  }
}

namespace {

/// Zeroes the entries of a table laid out as `vars`/`dims` (last fastest) where variable v is not in
/// `state`: the evidence indicator of v = state multiplied in.
void KeepState(const int* vars, const uint32_t* dims, size_t var_count, size_t entries, int v, int state,
               double* table) {
  // The table as [outer][states of v][inner]: zero the slices of other states.
  size_t inner = 1, k = var_count;
  while (vars[--k] != v) inner *= dims[k];
  const size_t dim = dims[k];
  const size_t outer = entries / (inner * dim);
  for (size_t o = 0; o < outer; ++o) {
    for (size_t x = 0; x < dim; ++x) {
      if (static_cast<int>(x) == state) continue;
      std::fill(table + (o * dim + x) * inner, table + (o * dim + x + 1) * inner, 0.0);
    }
  }
}

}  // namespace

void JunctionTree::LoadPotentials(const Evidence& evidence) {
  if (!loaded_ && volatile_.empty()) {
    // The first propagation: the products go straight into the potentials; the copy kept for the next
    // propagations (initial_) is made by the second, so a tree propagated once never holds it.
    for (const Clique& clique : cliques_) MultiplyTables(clique, potentials_.data() + clique.offset);
  } else {
    RebuildStale();
    std::memcpy(potentials_.data(), initial_.data(), initial_.size() * sizeof(double));
  }
  loaded_ = true;
  for (auto [v, state] : evidence) {
    const Clique& clique = cliques_[static_cast<size_t>(home_[static_cast<size_t>(v)])];
    KeepState(Vars(clique), Dims(clique), clique.var_count, clique.entries, v, state,
              potentials_.data() + clique.offset);
  }
}

bool JunctionTree::Collect(int e_index, bool upward, double& log_scale) {
  Edge& e = edges_[static_cast<size_t>(e_index)];
  const Clique& from = cliques_[static_cast<size_t>(upward ? e.child : e.parent)];
  const Clique& to = cliques_[static_cast<size_t>(upward ? e.parent : e.child)];
  const uint32_t* from_map = Map(upward ? e.child_map : e.parent_map);
  const uint32_t* to_map = Map(upward ? e.parent_map : e.child_map);
  double* msg = separators_.data() + e.offset;
  const double* src = potentials_.data() + from.offset;
  double* dst = potentials_.data() + to.offset;
  std::fill(msg, msg + e.entries, 0.0);
  if (from_map != nullptr) {
    for (size_t i = 0; i < from.entries; ++i) msg[from_map[i]] += src[i];
  } else {
    SumInto(View(upward ? e.child_plan : e.parent_plan), src, msg);
  }
  double sum = 0;
  for (size_t j = 0; j < e.entries; ++j) sum += msg[j];
  if (!(sum > 0)) return false;
  const double inverse = 1 / sum;
  for (size_t j = 0; j < e.entries; ++j) msg[j] *= inverse;
  log_scale += std::log(sum);
  edge_scale_[static_cast<size_t>(e_index)] = sum;
  if (to_map != nullptr) {
    for (size_t i = 0; i < to.entries; ++i) dst[i] *= msg[to_map[i]];
  } else {
    MultiplyBy(View(upward ? e.parent_plan : e.child_plan), dst, msg);
  }
  return true;
}

void JunctionTree::Distribute(int e_index) {
  Edge& e = edges_[static_cast<size_t>(e_index)];
  const Clique& parent = cliques_[static_cast<size_t>(e.parent)];
  const Clique& child = cliques_[static_cast<size_t>(e.child)];
  double* ratio = scratch_.data() + e.offset;
  double* dst = potentials_.data() + child.offset;
  // The child holds scale * P(child | its subtree's evidence) against the normalised message.
  SeparatorRatio(Map(e.parent_map), View(e.parent_plan), parent.entries, potentials_.data() + parent.offset,
                 separators_.data() + e.offset, 1 / edge_scale_[static_cast<size_t>(e_index)], e.entries, ratio);
  if (const uint32_t* map = Map(e.child_map)) {
    for (size_t i = 0; i < child.entries; ++i) dst[i] *= ratio[map[i]];
  } else {
    MultiplyBy(View(e.child_plan), dst, ratio);
  }
}

bool JunctionTree::CollectToRoots(const Evidence& evidence, double& log_scale) {
  LoadPotentials(evidence);
  for (const Step& step : full_schedule_) {
    if (!Collect(step.edge, true, log_scale)) return false;
  }
  for (int r : roots_) {
    const Clique& root = cliques_[static_cast<size_t>(r)];
    double* pot = potentials_.data() + root.offset;
    double sum = 0;
    for (size_t i = 0; i < root.entries; ++i) sum += pot[i];
    if (!(sum > 0)) return false;
    log_scale += std::log(sum);
    const double inverse = 1 / sum;
    for (size_t i = 0; i < root.entries; ++i) pot[i] *= inverse;
  }
  return true;
}

Posterior JunctionTree::Propagate(const Evidence& evidence, bool families) {
  Posterior out;
  Propagate(evidence, families, out);
  return out;
}

void JunctionTree::Propagate(const Evidence& evidence, bool families, Posterior& out) {
  const size_t n = states_.size();
  out.marginals.resize(n);
  if (families) {
    out.family_marginals.resize(n);
  } else {
    out.family_marginals.clear();
  }
  out.possible = false;
  out.log_evidence = -std::numeric_limits<double>::infinity();
  // Impossible evidence: every marginal is all zeros.
  auto impossible = [&] {
    for (size_t v = 0; v < n; ++v) out.marginals[v].assign(states_[v], 0.0);
    if (families) {
      for (size_t v = 0; v < n; ++v) out.family_marginals[v].assign(tables_[v].size(), 0.0);
    }
  };

  double log_scale = 0;
  if (!CollectToRoots(evidence, log_scale)) return impossible();
  for (size_t k = full_schedule_.size(); k-- > 0;) Distribute(full_schedule_[k].edge);
  out.possible = true;
  out.log_evidence = log_scale;
  ReadMarginals(families, potentials_.data(), out);
}

void JunctionTree::ReadMarginals(bool families, const double* potentials, Posterior& out, const std::vector<int>* only) {
  const size_t n = states_.size();
  // Variables are not in clique order: their home cliques (and then those cliques' tables) are
  // fetched ahead of use.
  constexpr size_t kAhead = 8;
  const size_t count = only ? only->size() : n;
  auto variable = [&](size_t k) { return only ? static_cast<size_t>((*only)[k]) : k; };
  for (size_t k = 0; k < count; ++k) {
    if (k + 2 * kAhead < count) __builtin_prefetch(&cliques_[static_cast<size_t>(home_[variable(k + 2 * kAhead)])]);
    if (k + kAhead < count) {
      __builtin_prefetch(potentials + cliques_[static_cast<size_t>(home_[variable(k + kAhead)])].offset);
    }
    const size_t v = variable(k);
    const double* pot = potentials + cliques_[static_cast<size_t>(home_[v])].offset;
    ZeroSized(out.marginals[v], states_[v]);
    SumInto(View(home_plans_[v]), pot, out.marginals[v].data());
  }
  if (families) {
    for (size_t v = 0; v < n; ++v) {
      const double* pot = potentials + cliques_[static_cast<size_t>(family_clique_[v])].offset;
      out.family_marginals[v].assign(tables_[v].size(), 0.0);
      SumInto(View(family_plans_[v]), pot, out.family_marginals[v].data());
    }
  }
}

void JunctionTree::PropagateFamilies(const Evidence& evidence, const std::vector<int>& families, Posterior& out) {
  const size_t n = states_.size();
  out.family_marginals.resize(n);
  for (int v : families) out.family_marginals[static_cast<size_t>(v)].assign(tables_[static_cast<size_t>(v)].size(), 0.0);
  out.possible = false;
  out.log_evidence = -std::numeric_limits<double>::infinity();
  // A one-variable family (a root) is read from the smallest clique holding it, any other from the
  // clique it was multiplied into. The cliques to distribute into: those, and their ancestors.
  auto single = [&](size_t f) { return family_begin_[f + 1] - family_begin_[f] == 1; };
  auto source = [&](size_t f) { return single(f) ? home_[f] : family_clique_[f]; };
  needed_.assign(cliques_.size(), 0);
  for (int v : families) needed_[static_cast<size_t>(source(static_cast<size_t>(v)))] = 1;
  for (const Step& step : full_schedule_) {
    const Edge& e = edges_[static_cast<size_t>(step.edge)];
    if (needed_[static_cast<size_t>(e.child)]) needed_[static_cast<size_t>(e.parent)] = 1;
  }

  double log_scale = 0;
  if (!CollectToRoots(evidence, log_scale)) return;
  for (size_t k = full_schedule_.size(); k-- > 0;) {
    const int e = full_schedule_[k].edge;
    if (needed_[static_cast<size_t>(edges_[static_cast<size_t>(e)].child)]) Distribute(e);
  }
  out.possible = true;
  out.log_evidence = log_scale;
  for (int v : families) {
    const size_t f = static_cast<size_t>(v);
    const double* pot = potentials_.data() + cliques_[static_cast<size_t>(source(f))].offset;
    SumInto(View(single(f) ? home_plans_[f] : family_plans_[f]), pot, out.family_marginals[f].data());
  }
}

double* JunctionTree::Level(size_t level, size_t entries) {
  if (levels_.size() <= level) levels_.resize(level + 1);
  if (levels_[level].size() < entries) levels_[level].resize(entries);
  return levels_[level].data();
}

void JunctionTree::MultiplyFactor(int c, size_t k, double* table) const {
  const Clique& clique = cliques_[static_cast<size_t>(c)];
  const std::vector<int>& children = child_edges_[static_cast<size_t>(c)];
  if (k < children.size()) {
    const Edge& e = edges_[static_cast<size_t>(children[k])];
    const double* msg = separators_.data() + e.offset;
    if (const uint32_t* map = Map(e.parent_map)) {
      for (size_t i = 0; i < clique.entries; ++i) table[i] *= msg[map[i]];
    } else {
      MultiplyBy(View(e.parent_plan), table, msg);
    }
  } else {
    const size_t f = static_cast<size_t>(Families(clique)[k - children.size()]);
    MultiplyBy(View(family_plans_[f]), table, tables_[f].data());
  }
}

void JunctionTree::OutputFactor(int c, size_t k, const double* table, Posterior& out) {
  const Clique& clique = cliques_[static_cast<size_t>(c)];
  const std::vector<int>& children = child_edges_[static_cast<size_t>(c)];
  if (k < children.size()) {
    // The message to a child: everything in this clique but the child's own message.
    const int e_index = children[k];
    const Edge& e = edges_[static_cast<size_t>(e_index)];
    double* msg = down_.data() + e.offset;
    std::fill(msg, msg + e.entries, 0.0);
    if (const uint32_t* map = Map(e.parent_map)) {
      for (size_t i = 0; i < clique.entries; ++i) msg[map[i]] += table[i];
    } else {
      SumInto(View(e.parent_plan), table, msg);
    }
    double largest = 0;
    for (size_t j = 0; j < e.entries; ++j) largest = std::max(largest, msg[j]);
    double log_scale = 0;
    if (largest > 0) {
      const double inverse = 1 / largest;
      for (size_t j = 0; j < e.entries; ++j) msg[j] *= inverse;
      log_scale = std::log(largest);
    }
    const size_t child = static_cast<size_t>(e.child);
    down_log_[static_cast<size_t>(e_index)] = clique_log_[static_cast<size_t>(c)] - subtree_log_[child] -
                                              up_log_[static_cast<size_t>(e_index)] + log_scale;
  } else {
    // A family's derivative table: everything in this clique but the family's own table.
    const size_t f = static_cast<size_t>(Families(clique)[k - children.size()]);
    double* h = out.derivatives[f].data();
    std::fill(h, h + out.derivatives[f].size(), 0.0);
    SumInto(View(family_plans_[f]), table, h);
  }
}

bool JunctionTree::Wanted(int c, size_t lo, size_t hi) const {
  const std::vector<int>& children = child_edges_[static_cast<size_t>(c)];
  const Clique& clique = cliques_[static_cast<size_t>(c)];
  for (size_t k = lo; k < hi; ++k) {
    const bool wanted = k < children.size()
                            ? needed_[static_cast<size_t>(edges_[static_cast<size_t>(children[k])].child)] != 0
                            : wanted_[static_cast<size_t>(Families(clique)[k - children.size()])] != 0;
    if (wanted) return true;
  }
  return false;
}

void JunctionTree::AllButOne(int c, size_t lo, size_t hi, size_t level, Posterior& out) {
  const Clique& clique = cliques_[static_cast<size_t>(c)];
  if (hi - lo == 1) {
    OutputFactor(c, lo, levels_[level].data(), out);
    return;
  }
  const size_t mid = lo + (hi - lo) / 2;
  if (Wanted(c, lo, mid)) {
    double* next = Level(level + 1, clique.entries);
    const double* table = levels_[level].data();
    std::memcpy(next, table, clique.entries * sizeof(double));
    for (size_t k = mid; k < hi; ++k) MultiplyFactor(c, k, next);
    AllButOne(c, lo, mid, level + 1, out);
  }
  if (Wanted(c, mid, hi)) {
    // The right half needs this level's table no more: it continues in place.
    double* table = levels_[level].data();
    for (size_t k = lo; k < mid; ++k) MultiplyFactor(c, k, table);
    AllButOne(c, mid, hi, level, out);
  }
}

void JunctionTree::BeginDerivatives(Posterior& out, bool zero_derivatives) {
  const size_t n = states_.size();
  const size_t c_count = cliques_.size();
  out.marginals.resize(n);
  out.family_marginals.resize(n);
  out.derivatives.resize(n);
  for (size_t v = 0; v < n; ++v) {
    ZeroSized(out.marginals[v], states_[v]);
    ZeroSized(out.family_marginals[v], tables_[v].size());
    if (zero_derivatives) {
      ZeroSized(out.derivatives[v], tables_[v].size());
    } else {
      out.derivatives[v].resize(tables_[v].size());
    }
  }
  out.possible = false;
  out.log_evidence = -std::numeric_limits<double>::infinity();
  out.derivative_log_scale = 0;
  if (child_edges_.size() != c_count) {
    child_edges_.assign(c_count, {});
    for (size_t c = 0; c < c_count; ++c) {
      const Clique& clique = cliques_[c];
      for (const int* e = Edges(clique); e != Edges(clique) + clique.edge_count; ++e) {
        if (edges_[static_cast<size_t>(*e)].parent == static_cast<int>(c)) child_edges_[c].push_back(*e);
      }
    }
  }
  down_.resize(separators_.size());
}

void JunctionTree::MarkWanted(const std::vector<int>* families) {
  // The cliques to visit: those holding a wanted family, and their ancestors.
  wanted_.assign(states_.size(), families ? 0 : 1);
  needed_.assign(cliques_.size(), families ? 0 : 1);
  if (families) {
    for (int v : *families) {
      wanted_[static_cast<size_t>(v)] = 1;
      needed_[static_cast<size_t>(family_clique_[static_cast<size_t>(v)])] = 1;
    }
    for (const Step& step : full_schedule_) {
      const Edge& e = edges_[static_cast<size_t>(step.edge)];
      if (needed_[static_cast<size_t>(e.child)]) needed_[static_cast<size_t>(e.parent)] = 1;
    }
  }
}

void JunctionTree::CollectKeepingZeros(const Evidence& evidence, Posterior& out) {
  down_log_.assign(edges_.size(), 0.0);
  up_log_.assign(edges_.size(), 0.0);
  subtree_log_.assign(cliques_.size(), 0.0);
  clique_log_.assign(cliques_.size(), 0.0);
  LoadPotentials(evidence);
  // Collect without stopping at an all-zero message: derivatives are wanted even where P(e) = 0.
  for (const Step& step : full_schedule_) {
    const Edge& e = edges_[static_cast<size_t>(step.edge)];
    double local = 0;
    if (!Collect(step.edge, true, local)) {
      const Clique& parent = cliques_[static_cast<size_t>(e.parent)];
      std::fill(potentials_.data() + parent.offset, potentials_.data() + parent.offset + parent.entries, 0.0);
    }
    up_log_[static_cast<size_t>(step.edge)] = local;
    subtree_log_[static_cast<size_t>(e.parent)] += subtree_log_[static_cast<size_t>(e.child)] + local;
  }
  FinishCollect(out);
}

void JunctionTree::FinishCollect(Posterior& out) {
  const double impossible = -std::numeric_limits<double>::infinity();
  // ln P(e) per component, and for each component the ln P(e) of all the others.
  std::vector<double>& others = others_log_;
  others.assign(roots_.size(), 0.0);
  root_sum_.assign(roots_.size(), 0.0);
  double finite_sum = 0;
  size_t zero_components = 0;
  for (size_t r = 0; r < roots_.size(); ++r) {
    const Clique& root = cliques_[static_cast<size_t>(roots_[r])];
    const double* pot = potentials_.data() + root.offset;
    double sum = 0;
    for (size_t i = 0; i < root.entries; ++i) sum += pot[i];
    root_sum_[r] = sum;
    others[r] = sum > 0 ? subtree_log_[static_cast<size_t>(roots_[r])] + std::log(sum) : impossible;
    if (sum > 0) {
      finite_sum += others[r];
    } else {
      ++zero_components;
    }
  }
  for (size_t r = 0; r < roots_.size(); ++r) {
    const bool zero = !std::isfinite(others[r]);
    others[r] = zero_components > (zero ? 1u : 0u) ? impossible : finite_sum - (zero ? 0 : others[r]);
  }
  out.possible = zero_components == 0;
  if (out.possible) out.log_evidence = finite_sum;
}

void JunctionTree::DistributeDerivatives(const Evidence& evidence, Posterior& out) {
  // Distribute top-down: roots, then every clique after its parent (the collect order reversed).
  constexpr int kContradicted = -2;  // two different states observed for one variable
  for (auto [v, state] : evidence) {
    int& mine = evidence_state_[static_cast<size_t>(v)];
    mine = mine >= 0 && mine != state ? kContradicted : (mine == kContradicted ? mine : state);
  }
  auto visit = [&](int c, int parent_edge) {
    const Clique& clique = cliques_[static_cast<size_t>(c)];
    clique_log_[static_cast<size_t>(c)] =
        (parent_edge >= 0 ? down_log_[static_cast<size_t>(parent_edge)] : 0) + subtree_log_[static_cast<size_t>(c)];
    const size_t factors = child_edges_[static_cast<size_t>(c)].size() + clique.family_count;
    if (factors == 0 || !needed_[static_cast<size_t>(c)]) return;
    double* table = Level(0, clique.entries);
    std::fill(table, table + clique.entries, 1.0);
    if (parent_edge >= 0) {
      const Edge& e = edges_[static_cast<size_t>(parent_edge)];
      const double* msg = down_.data() + e.offset;
      if (const uint32_t* map = Map(e.child_map)) {
        for (size_t i = 0; i < clique.entries; ++i) table[i] = msg[map[i]];
      } else {
        MultiplyBy(View(e.child_plan), table, msg);
      }
    }
    for (const int* var = Vars(clique); var != Vars(clique) + clique.var_count; ++var) {
      const int v = *var;
      const int state = evidence_state_[static_cast<size_t>(v)];
      if (state == -1 || home_[static_cast<size_t>(v)] != c) continue;
      if (state == kContradicted) {
        std::fill(table, table + clique.entries, 0.0);
      } else {
        KeepState(Vars(clique), Dims(clique), clique.var_count, clique.entries, v, state, table);
      }
    }
    AllButOne(c, 0, factors, 0, out);
  };
  for (int r : roots_) visit(r, -1);
  for (size_t k = full_schedule_.size(); k-- > 0;) {
    visit(edges_[static_cast<size_t>(full_schedule_[k].edge)].child, full_schedule_[k].edge);
  }
  for (auto [v, state] : evidence) evidence_state_[static_cast<size_t>(v)] = -1;
}

void JunctionTree::ScaleDerivatives(Posterior& out, bool family_marginals, bool marginals) {
  // Scale: h·exp(clique_log_ + others) = ∂P(e)/∂θ. When P(e) > 0, dividing by Σ θ·h (the clique's
  // own P(e)) gives derivatives and family marginals scaled by P(e) without leaving the clique's scale.
  const size_t n = states_.size();
  const std::vector<double>& others = others_log_;
  const double impossible = -std::numeric_limits<double>::infinity();
  double common = out.possible ? out.log_evidence : impossible;
  if (!out.possible) {
    for (size_t v = 0; v < n; ++v) {
      const size_t c = static_cast<size_t>(family_clique_[v]);
      if (wanted_[v]) common = std::max(common, clique_log_[c] + others[static_cast<size_t>(component_[c])]);
    }
    if (!std::isfinite(common)) common = 0;
  }
  out.derivative_log_scale = common;
  for (size_t v = 0; v < n; ++v) {
    if (!wanted_[v]) continue;
    std::vector<double>& h = out.derivatives[v];
    const std::span<const double> theta = tables_[v];
    double z = 0;
    for (size_t i = 0; i < h.size(); ++i) z += theta[i] * h[i];
    if (out.possible && z > 0) {
      const double inverse = 1 / z;
      for (size_t i = 0; i < h.size(); ++i) h[i] *= inverse;
    } else {
      const size_t c = static_cast<size_t>(family_clique_[v]);
      const double factor = std::exp(clique_log_[c] + others[static_cast<size_t>(component_[c])] - common);
      for (double& x : h) x *= factor;
    }
    if (out.possible && family_marginals) {
      for (size_t i = 0; i < h.size(); ++i) out.family_marginals[v][i] = theta[i] * h[i];
    }
    if (out.possible && marginals) {
      const size_t states = states_[v];
      for (size_t i = 0; i < h.size(); ++i) out.marginals[v][i % states] += out.family_marginals[v][i];
    }
  }
}

void JunctionTree::PropagateDerivatives(const Evidence& evidence, Posterior& out,
                                        const std::vector<int>* families) {
  BeginDerivatives(out);
  MarkWanted(families);
  CollectKeepingZeros(evidence, out);
  DistributeDerivatives(evidence, out);
  ScaleDerivatives(out, true, families == nullptr);
}

void JunctionTree::PropagateWithDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>& exact) {
  BeginDerivatives(out, false);
  CollectKeepingZeros(evidence, out);
  DistributeWithDerivatives(evidence, out, exact);
}

void JunctionTree::PropagatePair(const Evidence& evidence, int target, int state, bool derivatives,
                                 const std::vector<int>& exact, Posterior& given_e, Posterior& given_ey,
                                 const std::vector<int>* e_marginals) {
  const size_t t = static_cast<size_t>(target);
  for (auto [v, observed] : evidence) {
    if (v != target) continue;
    // The target observed: e ∧ y is e, or impossible. Nothing to share.
    if (derivatives) {
      PropagateWithDerivatives(evidence, given_e, exact);
    } else {
      Propagate(evidence, false, given_e);
    }
    Evidence with_target = evidence;
    with_target.push_back({target, state});
    PropagateWithDerivatives(with_target, given_ey, exact);
    return;
  }
  // e: the collect, kept in potentials_ (the distribute writes posterior_), then the rest of e.
  if (derivatives) {
    BeginDerivatives(given_e, false);
  } else {
    given_e.marginals.resize(states_.size());
    given_e.family_marginals.clear();
    given_e.derivatives.clear();
    given_e.possible = false;
    given_e.log_evidence = -std::numeric_limits<double>::infinity();
    given_e.derivative_log_scale = 0;
  }
  CollectKeepingZeros(evidence, given_e);
  if (!given_e.possible) {
    if (!derivatives) {
      for (size_t v = 0; v < states_.size(); ++v) given_e.marginals[v].assign(states_[v], 0.0);
    }
    return;
  }
  if (derivatives) {
    DistributeWithDerivatives(evidence, given_e, exact);
  } else {
    DistributeIntoPosterior();
    ReadMarginals(false, posterior_.data(), given_e, e_marginals);
  }

  // e ∧ y: the indicator of y enters the home clique H of the target only, so only the messages on the
  // way from H to its root change; every other clique keeps its collected potential.
  if (parent_edge_.size() != cliques_.size()) {
    parent_edge_.assign(cliques_.size(), -1);
    for (size_t e = 0; e < edges_.size(); ++e) parent_edge_[static_cast<size_t>(edges_[e].child)] = static_cast<int>(e);
  }
  BeginDerivatives(given_ey, false);
  RebuildStale();  // initial_ is read below
  int c = home_[t];
  double change = 0;  // of ln of the scale below the current path clique
  {
    const Clique& home = cliques_[static_cast<size_t>(c)];
    KeepState(Vars(home), Dims(home), home.var_count, home.entries, target, state, potentials_.data() + home.offset);
  }
  for (int e = parent_edge_[static_cast<size_t>(c)]; e >= 0; e = parent_edge_[static_cast<size_t>(c)]) {
    const Edge& edge = edges_[static_cast<size_t>(e)];
    const int parent = edge.parent;
    const Clique& clique = cliques_[static_cast<size_t>(parent)];
    double* pot = potentials_.data() + clique.offset;
    // The parent again from its tables, its evidence and its other children's (unchanged) messages.
    std::memcpy(pot, initial_.data() + clique.offset, clique.entries * sizeof(double));
    for (auto [v, observed] : evidence) {
      if (home_[static_cast<size_t>(v)] == parent) {
        KeepState(Vars(clique), Dims(clique), clique.var_count, clique.entries, v, observed, pot);
      }
    }
    for (int other : child_edges_[static_cast<size_t>(parent)]) {
      if (other == e) continue;
      const Edge& o = edges_[static_cast<size_t>(other)];
      const double* msg = separators_.data() + o.offset;
      if (const uint32_t* map = Map(o.parent_map)) {
        for (size_t i = 0; i < clique.entries; ++i) pot[i] *= msg[map[i]];
      } else {
        MultiplyBy(View(o.parent_plan), pot, msg);
      }
    }
    double local = 0;
    if (!Collect(e, true, local)) std::fill(pot, pot + clique.entries, 0.0);
    change += local - up_log_[static_cast<size_t>(e)];
    subtree_log_[static_cast<size_t>(parent)] += change;
    up_log_[static_cast<size_t>(e)] = local;
    c = parent;
  }
  FinishCollect(given_ey);
  Evidence with_target = evidence;
  with_target.push_back({target, state});
  DistributeWithDerivatives(with_target, given_ey, exact);
}

void JunctionTree::DistributeIntoPosterior() {
  posterior_.resize(potentials_.size());
  for (size_t r = 0; r < roots_.size(); ++r) {
    const Clique& root = cliques_[static_cast<size_t>(roots_[r])];
    const double* pot = potentials_.data() + root.offset;
    double* post = posterior_.data() + root.offset;
    const double inverse = 1 / root_sum_[r];
    for (size_t i = 0; i < root.entries; ++i) post[i] = pot[i] * inverse;
  }
  // As Distribute, with the child's collected potential read from potentials_ and its posterior written
  // to posterior_.
  for (size_t k = full_schedule_.size(); k-- > 0;) {
    const int e_index = full_schedule_[k].edge;
    const Edge& e = edges_[static_cast<size_t>(e_index)];
    const Clique& parent = cliques_[static_cast<size_t>(e.parent)];
    const Clique& child = cliques_[static_cast<size_t>(e.child)];
    double* ratio = scratch_.data() + e.offset;
    SeparatorRatio(Map(e.parent_map), View(e.parent_plan), parent.entries, posterior_.data() + parent.offset,
                   separators_.data() + e.offset, 1 / edge_scale_[static_cast<size_t>(e_index)], e.entries, ratio);
    const double* collected = potentials_.data() + child.offset;
    double* dst = posterior_.data() + child.offset;
    if (const uint32_t* map = Map(e.child_map)) {
      for (size_t i = 0; i < child.entries; ++i) dst[i] = collected[i] * ratio[map[i]];
    } else {
      MultiplyInto(View(e.child_plan), collected, ratio, dst);
    }
  }
}

void JunctionTree::DistributeWithDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>& exact) {
  if (!out.possible) {
    // The family marginals are all 0 and say nothing: every derivative comes from the second pass.
    MarkWanted(nullptr);
    DistributeDerivatives(evidence, out);
    ScaleDerivatives(out, false, false);
    return;
  }
  // Hugin: the roots normalised, one distribute (into posterior_), the marginals read off the cliques.
  DistributeIntoPosterior();
  MarkWanted(&exact);
  // The family marginals off the cliques, each variable's marginal summed from its family's (a small
  // table in memory order, not another pass over a clique), and for every family not in `exact`
  // ∂P(e)/∂θ / P(e) = P(x,u|e)/θ where θ is a normal number, while the family marginal is at hand.
  const size_t n = states_.size();
  for (size_t v = 0; v < n; ++v) {
    const double* pot = posterior_.data() + cliques_[static_cast<size_t>(family_clique_[v])].offset;
    double* family = out.family_marginals[v].data();
    SumInto(View(family_plans_[v]), pot, family);
    double* marginal = out.marginals[v].data();
    const size_t states = states_[v], size = out.family_marginals[v].size();
    for (size_t i = 0; i < size; i += states) {
      for (size_t x = 0; x < states; ++x) marginal[x] += family[i + x];
    }
    if (wanted_[v]) continue;
    const double* theta = tables_[v].data();
    double* g = out.derivatives[v].data();
    for (size_t i = 0; i < size; ++i) g[i] = theta[i] >= kQuotientFloor ? family[i] / theta[i] : 0.0;
  }
  if (!exact.empty()) DistributeDerivatives(evidence, out);
  ScaleDerivatives(out, false, false);
}

const std::vector<JunctionTree::Step>& JunctionTree::ScheduleTo(int root) {
  if (schedules_.size() != cliques_.size()) schedules_.resize(cliques_.size());
  std::vector<Step>& schedule = schedules_[static_cast<size_t>(root)];
  if (!schedule.empty() || cliques_.size() == 1) return schedule;
  // Breadth-first from root within its component; reversed, it lists children before parents.
  std::vector<int> queue{root};
  std::vector<Step> reached;
  std::vector<char> seen(cliques_.size(), 0);
  seen[static_cast<size_t>(root)] = 1;
  for (size_t k = 0; k < queue.size(); ++k) {
    const int c = queue[k];
    const Clique& clique = cliques_[static_cast<size_t>(c)];
    for (const int* edge_index = Edges(clique); edge_index != Edges(clique) + clique.edge_count; ++edge_index) {
      const int e = *edge_index;
      const Edge& edge = edges_[static_cast<size_t>(e)];
      const int other = edge.child == c ? edge.parent : edge.child;
      if (seen[static_cast<size_t>(other)]) continue;
      seen[static_cast<size_t>(other)] = 1;
      queue.push_back(other);
      reached.push_back({e, edge.child == other});  // the message flows from `other` towards c
    }
  }
  schedule.assign(reached.rbegin(), reached.rend());
  // Other components collect to their own roots.
  const int component = component_[static_cast<size_t>(root)];
  for (const Step& step : full_schedule_) {
    if (component_[static_cast<size_t>(edges_[static_cast<size_t>(step.edge)].child)] != component) {
      schedule.push_back(step);
    }
  }
  if (schedule.empty()) schedule.push_back({-1, true});  // marks "built" for a lone clique
  return schedule;
}

double JunctionTree::Query(int target, const Evidence& evidence, std::vector<double>& marginal) {
  const double impossible = -std::numeric_limits<double>::infinity();
  marginal.assign(states_[static_cast<size_t>(target)], 0.0);
  LoadPotentials(evidence);
  const int root = home_[static_cast<size_t>(target)];
  double log_scale = 0;
  for (const Step& step : ScheduleTo(root)) {
    if (step.edge < 0) continue;
    if (!Collect(step.edge, step.upward, log_scale)) return impossible;
  }
  const int component = component_[static_cast<size_t>(root)];
  for (size_t r = 0; r < roots_.size(); ++r) {
    const int c = static_cast<int>(r) == component ? root : roots_[r];
    const Clique& clique = cliques_[static_cast<size_t>(c)];
    const double* pot = potentials_.data() + clique.offset;
    double sum = 0;
    for (size_t i = 0; i < clique.entries; ++i) sum += pot[i];
    if (!(sum > 0)) return impossible;
    log_scale += std::log(sum);
    if (c == root) {
      double* m = marginal.data();
      SumInto(View(home_plans_[static_cast<size_t>(target)]), pot, m);
      for (double& p : marginal) p /= sum;
    }
  }
  return log_scale;
}

}  // namespace argraph
