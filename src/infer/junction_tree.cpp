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
#include <sstream>

#include "infer/triangulation.h"

namespace argraph {
namespace {

/// Calls f(i, j, count, stride) for runs of a table walked in memory order: entries i .. i+count-1
/// match entries j, j+stride, ... of the target table described by the plan's strides.
template <class Plan, class F>
inline void ForEachRun(const Plan& plan, F&& f) {
  const size_t n = plan.dims.size();
  if (n == 0) {
    f(size_t{0}, uint64_t{0}, uint32_t{1}, uint64_t{0});
    return;
  }
  const uint32_t inner = plan.dims[n - 1];
  const uint64_t inner_stride = plan.strides[n - 1];
  std::array<uint32_t, 64> counter{};
  size_t i = 0;
  uint64_t j = 0;
  for (;;) {
    f(i, j, inner, inner_stride);
    i += inner;
    size_t a = n - 1;
    for (;;) {
      if (a == 0) return;
      --a;
      if (++counter[a] < plan.dims[a]) {
        j += plan.strides[a];
        break;
      }
      j -= plan.strides[a] * (plan.dims[a] - 1);
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

std::vector<int> MinFillOrder(const Network& network) {
  std::vector<size_t> states;
  for (const Variable& v : network.variables) states.push_back(v.states.size());
  return EliminateMinFill(MoralGraph(network), states).order;
}

namespace {

JunctionTreeSize SizeOf(const CliqueForest& forest, const std::vector<size_t>& states) {
  JunctionTreeSize size;
  size.cliques = forest.cliques.size();
  for (const auto& clique : forest.cliques) {
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

JunctionTree::Plan JunctionTree::MakePlan(const Clique& clique, const std::vector<int>& target_vars,
                                          const std::vector<uint64_t>& target_strides) const {
  Plan plan;
  plan.dims.reserve(clique.vars.size());
  plan.strides.reserve(clique.vars.size());
  // A large target (a family of 50 parents) is searched by binary search, not once per clique variable.
  constexpr size_t kLinear = 8;
  std::vector<std::pair<int, uint64_t>> sorted;
  if (target_vars.size() > kLinear) {
    sorted.reserve(target_vars.size());
    for (size_t t = 0; t < target_vars.size(); ++t) sorted.emplace_back(target_vars[t], target_strides[t]);
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  for (size_t k = 0; k < clique.vars.size(); ++k) {
    const uint32_t dim = clique.dims[k];
    if (dim == 1) continue;
    uint64_t stride = 0;
    if (sorted.empty()) {
      for (size_t t = 0; t < target_vars.size(); ++t) {
        if (target_vars[t] == clique.vars[k]) stride = target_strides[t];
      }
    } else {
      auto it = std::lower_bound(sorted.begin(), sorted.end(), clique.vars[k],
                                 [](const auto& entry, int var) { return entry.first < var; });
      // A variable listed twice takes its last stride, as the linear search does (the sort is stable).
      while (it != sorted.end() && it->first == clique.vars[k]) stride = (it++)->second;
    }
    // Fuse with the previous (slower) dimension when the target walks them as one.
    if (!plan.dims.empty() && plan.strides.back() == stride * dim) {
      plan.dims.back() *= dim;
      plan.strides.back() = stride;
      continue;
    }
    plan.dims.push_back(dim);
    plan.strides.push_back(stride);
  }
  return plan;
}

JunctionTree::JunctionTree(const Network& network, const JunctionTreeOptions& options) {
  const size_t n = network.variables.size();
  states_.resize(n);
  for (size_t v = 0; v < n; ++v) states_[v] = network.variables[v].states.size();
  family_vars_.resize(n);
  tables_.resize(n);
  for (size_t v = 0; v < n; ++v) {
    family_vars_[v] = network.families[v].parents;
    family_vars_[v].push_back(static_cast<int>(v));
    tables_[v] = network.families[v].table;
  }
  Elimination elimination = EliminateMinFill(MoralGraph(network), states_);
  CliqueForest forest = BuildCliqueForest(elimination);
  order_ = elimination.order;
  size_ = SizeOf(forest, states_);
  {
    std::vector<double> entries(forest.cliques.size(), 1.0);
    for (size_t c = 0; c < entries.size(); ++c) {
      for (int v : forest.cliques[c]) entries[c] *= static_cast<double>(states_[static_cast<size_t>(v)]);
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

  // Cliques.
  const size_t c_count = forest.cliques.size();
  cliques_.resize(c_count);
  size_t offset = 0;
  for (size_t c = 0; c < c_count; ++c) {
    Clique& clique = cliques_[c];
    // The separator towards the parent varies slowest: collecting from this clique then sums
    // contiguous blocks, and distributing into it scales contiguous blocks.
    clique.vars = forest.separator[c];
    for (int v : forest.cliques[c]) {
      if (!std::binary_search(forest.separator[c].begin(), forest.separator[c].end(), v)) clique.vars.push_back(v);
    }
    clique.entries = 1;
    for (int v : clique.vars) {
      clique.dims.push_back(static_cast<uint32_t>(states_[static_cast<size_t>(v)]));
      clique.entries *= states_[static_cast<size_t>(v)];
    }
    clique.offset = offset;
    offset += clique.entries;
  }
  initial_.assign(offset, 1.0);
  potentials_.assign(offset, 0.0);

  // Families: each goes to the clique of its first-eliminated member.
  std::vector<size_t> position(n);
  for (size_t i = 0; i < n; ++i) position[static_cast<size_t>(order_[i])] = i;
  family_clique_.resize(n);
  family_plans_.resize(n);
  for (size_t v = 0; v < n; ++v) {
    int first = static_cast<int>(v);
    for (int p : family_vars_[v]) {
      if (position[static_cast<size_t>(p)] < position[static_cast<size_t>(first)]) first = p;
    }
    const int c = forest.clique_of[static_cast<size_t>(first)];
    family_clique_[v] = c;
    cliques_[static_cast<size_t>(c)].families.push_back(static_cast<int>(v));
    std::vector<uint64_t> strides(family_vars_[v].size());
    uint64_t stride = 1;
    for (size_t k = family_vars_[v].size(); k-- > 0;) {
      strides[k] = stride;
      stride *= states_[static_cast<size_t>(family_vars_[v][k])];
    }
    family_plans_[v] = MakePlan(cliques_[static_cast<size_t>(c)], family_vars_[v], strides);
  }

  // Each variable's home: the smallest clique holding it.
  home_.assign(n, -1);
  for (size_t c = 0; c < c_count; ++c) {
    for (int v : cliques_[c].vars) {
      int& h = home_[static_cast<size_t>(v)];
      if (h < 0 || cliques_[c].entries < cliques_[static_cast<size_t>(h)].entries) h = static_cast<int>(c);
    }
  }
  home_plans_.resize(n);
  for (size_t v = 0; v < n; ++v) {
    home_plans_[v] = MakePlan(cliques_[static_cast<size_t>(home_[v])], {static_cast<int>(v)}, {1});
  }

  // Edges, with index maps while they fit.
  size_t sep_offset = 0;
  size_t map_entries = 0;
  for (size_t c = 0; c < c_count; ++c) {
    if (forest.parent[c] < 0) {
      roots_.push_back(static_cast<int>(c));
      continue;
    }
    Edge e;
    e.child = static_cast<int>(c);
    e.parent = forest.parent[c];
    e.vars = forest.separator[c];
    std::vector<uint64_t> strides(e.vars.size());
    uint64_t stride = 1;
    for (size_t k = e.vars.size(); k-- > 0;) {
      strides[k] = stride;
      stride *= states_[static_cast<size_t>(e.vars[k])];
    }
    e.entries = stride;
    e.offset = sep_offset;
    sep_offset += e.entries;
    const Clique& child = cliques_[c];
    const Clique& parent = cliques_[static_cast<size_t>(e.parent)];
    e.child_plan = MakePlan(child, e.vars, strides);
    e.parent_plan = MakePlan(parent, e.vars, strides);
    // Where the strided runs would be short, an index map is faster.
    auto materialise = [&](const Clique& clique, const Plan& plan, std::vector<uint32_t>& map) {
      const size_t run = plan.dims.empty() ? 1 : plan.dims.back();
      if (run >= options.min_strided_run || map_entries + clique.entries > options.max_map_entries) return;
      map_entries += clique.entries;
      map.resize(clique.entries);
      ForEachEntry(plan, [&](size_t i, uint64_t j) { map[i] = static_cast<uint32_t>(j); });
    };
    materialise(child, e.child_plan, e.child_map);
    materialise(parent, e.parent_plan, e.parent_map);
    const int index = static_cast<int>(edges_.size());
    cliques_[c].edges.push_back(index);
    cliques_[static_cast<size_t>(e.parent)].edges.push_back(index);
    edges_.push_back(std::move(e));
  }
  separators_.assign(sep_offset, 0.0);
  scratch_.assign(sep_offset, 0.0);
  edge_scale_.assign(edges_.size(), 1.0);

  // Components and the default collect schedule (children before parents).
  component_.assign(c_count, -1);
  std::vector<int> edge_to_parent(c_count, -1);
  for (size_t e = 0; e < edges_.size(); ++e) edge_to_parent[static_cast<size_t>(edges_[e].child)] = static_cast<int>(e);
  for (size_t r = 0; r < roots_.size(); ++r) {
    std::vector<int> visit{roots_[r]};
    component_[static_cast<size_t>(roots_[r])] = static_cast<int>(r);
    std::vector<int> preorder;
    while (!visit.empty()) {
      int c = visit.back();
      visit.pop_back();
      preorder.push_back(c);
      for (int e : cliques_[static_cast<size_t>(c)].edges) {
        int other = edges_[static_cast<size_t>(e)].child;
        if (other == c) continue;
        component_[static_cast<size_t>(other)] = static_cast<int>(r);
        visit.push_back(other);
      }
    }
    for (size_t k = preorder.size(); k-- > 0;) {
      const int c = preorder[k];
      if (edge_to_parent[static_cast<size_t>(c)] >= 0) full_schedule_.push_back({edge_to_parent[static_cast<size_t>(c)], true});
    }
  }
  schedules_.resize(c_count);
  evidence_state_.assign(n, -1);
}

void JunctionTree::SetTable(int v, const std::vector<double>& table) {
  assert(table.size() == tables_[static_cast<size_t>(v)].size());
  SetTable(v, table.data());
}

void JunctionTree::SetTable(int v, const double* table) {
  std::vector<double>& mine = tables_[static_cast<size_t>(v)];
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
  for (int f : clique.families) {
    if (!volatile_[static_cast<size_t>(f)]) {
      MultiplyBy(family_plans_[static_cast<size_t>(f)], vp.fixed.data(), tables_[static_cast<size_t>(f)].data());
      continue;
    }
    vp.families.push_back(f);
    vars.insert(vars.end(), family_vars_[static_cast<size_t>(f)].begin(), family_vars_[static_cast<size_t>(f)].end());
  }
  // The volatile tables' product over their variables (in clique order), when it is smaller than the
  // clique: then a rebuild is one pass over the clique.
  std::vector<int> scope;
  size_t product_entries = 1;
  for (int v : clique.vars) {
    if (std::find(vars.begin(), vars.end(), v) == vars.end()) continue;
    scope.push_back(v);
    product_entries *= states_[static_cast<size_t>(v)];
  }
  vp.map.clear();
  vp.family_maps.clear();
  if (!vp.families.empty() && (vp.families.size() > 1 || product_entries * 2 <= clique.entries)) {
    vp.map = IndexMap(clique.vars, states_, scope);
    for (int f : vp.families) vp.family_maps.push_back(IndexMap(scope, states_, family_vars_[static_cast<size_t>(f)]));
    vp.product.assign(product_entries, 1.0);
  }
  vp.ready = true;
}

void JunctionTree::RebuildStale() {
  for (size_t c = 0; c < cliques_.size(); ++c) {
    Clique& clique = cliques_[c];
    if (!clique.stale) continue;
    clique.stale = false;
    double* init = initial_.data() + clique.offset;
    if (volatile_.empty() || clique.entries > kLargestCachedClique) {
      std::fill(init, init + clique.entries, 1.0);
      for (int f : clique.families) MultiplyBy(family_plans_[static_cast<size_t>(f)], init, tables_[static_cast<size_t>(f)].data());
      continue;
    }
    // Tables that changed before will likely change again: the product of the others is kept.
    VolatileProduct& vp = volatile_products_[c];
    if (!vp.ready) PrepareVolatile(c);
    const double* fixed = vp.fixed.data();
    if (vp.map.empty()) {
      std::memcpy(init, fixed, clique.entries * sizeof(double));
      for (int f : vp.families) MultiplyBy(family_plans_[static_cast<size_t>(f)], init, tables_[static_cast<size_t>(f)].data());
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
void KeepState(const std::vector<int>& vars, const std::vector<uint32_t>& dims, size_t entries, int v,
               int state, double* table) {
  // The table as [outer][states of v][inner]: zero the slices of other states.
  size_t inner = 1, k = vars.size();
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
  std::memcpy(potentials_.data(), initial_.data(), initial_.size() * sizeof(double));
  for (auto [v, state] : evidence) {
    const Clique& clique = cliques_[static_cast<size_t>(home_[static_cast<size_t>(v)])];
    KeepState(clique.vars, clique.dims, clique.entries, v, state, potentials_.data() + clique.offset);
  }
}

bool JunctionTree::Collect(int e_index, bool upward, double& log_scale) {
  Edge& e = edges_[static_cast<size_t>(e_index)];
  const Clique& from = cliques_[static_cast<size_t>(upward ? e.child : e.parent)];
  const Clique& to = cliques_[static_cast<size_t>(upward ? e.parent : e.child)];
  const std::vector<uint32_t>& from_map = upward ? e.child_map : e.parent_map;
  const std::vector<uint32_t>& to_map = upward ? e.parent_map : e.child_map;
  double* msg = separators_.data() + e.offset;
  const double* src = potentials_.data() + from.offset;
  double* dst = potentials_.data() + to.offset;
  std::fill(msg, msg + e.entries, 0.0);
  if (!from_map.empty()) {
    const uint32_t* map = from_map.data();
    for (size_t i = 0; i < from.entries; ++i) msg[map[i]] += src[i];
  } else {
    SumInto(upward ? e.child_plan : e.parent_plan, src, msg);
  }
  double sum = 0;
  for (size_t j = 0; j < e.entries; ++j) sum += msg[j];
  if (!(sum > 0)) return false;
  const double inverse = 1 / sum;
  for (size_t j = 0; j < e.entries; ++j) msg[j] *= inverse;
  log_scale += std::log(sum);
  edge_scale_[static_cast<size_t>(e_index)] = sum;
  if (!to_map.empty()) {
    const uint32_t* map = to_map.data();
    for (size_t i = 0; i < to.entries; ++i) dst[i] *= msg[map[i]];
  } else {
    MultiplyBy(upward ? e.parent_plan : e.child_plan, dst, msg);
  }
  return true;
}

void JunctionTree::Distribute(int e_index) {
  Edge& e = edges_[static_cast<size_t>(e_index)];
  const Clique& parent = cliques_[static_cast<size_t>(e.parent)];
  const Clique& child = cliques_[static_cast<size_t>(e.child)];
  double* ratio = scratch_.data() + e.offset;
  const double* old = separators_.data() + e.offset;
  const double* src = potentials_.data() + parent.offset;
  double* dst = potentials_.data() + child.offset;
  std::fill(ratio, ratio + e.entries, 0.0);
  if (!e.parent_map.empty()) {
    const uint32_t* map = e.parent_map.data();
    for (size_t i = 0; i < parent.entries; ++i) ratio[map[i]] += src[i];
  } else {
    SumInto(e.parent_plan, src, ratio);
  }
  // The child holds scale * P(child | its subtree's evidence) against the normalised message `old`.
  const double inverse_scale = 1 / edge_scale_[static_cast<size_t>(e_index)];
  for (size_t j = 0; j < e.entries; ++j) ratio[j] = old[j] > 0 ? ratio[j] / old[j] * inverse_scale : 0.0;
  if (!e.child_map.empty()) {
    const uint32_t* map = e.child_map.data();
    for (size_t i = 0; i < child.entries; ++i) dst[i] *= ratio[map[i]];
  } else {
    MultiplyBy(e.child_plan, dst, ratio);
  }
}

bool JunctionTree::CollectToRoots(const Evidence& evidence, double& log_scale) {
  RebuildStale();
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
  for (size_t v = 0; v < n; ++v) out.marginals[v].assign(states_[v], 0.0);
  if (families) {
    out.family_marginals.resize(n);
    for (size_t v = 0; v < n; ++v) out.family_marginals[v].assign(tables_[v].size(), 0.0);
  } else {
    out.family_marginals.clear();
  }
  out.possible = false;
  out.log_evidence = -std::numeric_limits<double>::infinity();

  double log_scale = 0;
  if (!CollectToRoots(evidence, log_scale)) return;
  for (size_t k = full_schedule_.size(); k-- > 0;) Distribute(full_schedule_[k].edge);
  out.possible = true;
  out.log_evidence = log_scale;
  for (size_t v = 0; v < n; ++v) {
    const double* pot = potentials_.data() + cliques_[static_cast<size_t>(home_[v])].offset;
    double* m = out.marginals[v].data();
    SumInto(home_plans_[v], pot, m);
  }
  if (families) {
    for (size_t v = 0; v < n; ++v) {
      const double* pot = potentials_.data() + cliques_[static_cast<size_t>(family_clique_[v])].offset;
      double* m = out.family_marginals[v].data();
      SumInto(family_plans_[v], pot, m);
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
  auto source = [&](size_t f) { return family_vars_[f].size() == 1 ? home_[f] : family_clique_[f]; };
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
    SumInto(family_vars_[f].size() == 1 ? home_plans_[f] : family_plans_[f], pot, out.family_marginals[f].data());
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
    if (!e.parent_map.empty()) {
      const uint32_t* map = e.parent_map.data();
      for (size_t i = 0; i < clique.entries; ++i) table[i] *= msg[map[i]];
    } else {
      MultiplyBy(e.parent_plan, table, msg);
    }
  } else {
    const size_t f = static_cast<size_t>(clique.families[k - children.size()]);
    MultiplyBy(family_plans_[f], table, tables_[f].data());
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
    if (!e.parent_map.empty()) {
      const uint32_t* map = e.parent_map.data();
      for (size_t i = 0; i < clique.entries; ++i) msg[map[i]] += table[i];
    } else {
      SumInto(e.parent_plan, table, msg);
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
    const size_t f = static_cast<size_t>(clique.families[k - children.size()]);
    double* h = out.derivatives[f].data();
    std::fill(h, h + out.derivatives[f].size(), 0.0);
    SumInto(family_plans_[f], table, h);
  }
}

bool JunctionTree::Wanted(int c, size_t lo, size_t hi) const {
  const std::vector<int>& children = child_edges_[static_cast<size_t>(c)];
  const Clique& clique = cliques_[static_cast<size_t>(c)];
  for (size_t k = lo; k < hi; ++k) {
    const bool wanted = k < children.size()
                            ? needed_[static_cast<size_t>(edges_[static_cast<size_t>(children[k])].child)] != 0
                            : wanted_[static_cast<size_t>(clique.families[k - children.size()])] != 0;
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

void JunctionTree::PropagateDerivatives(const Evidence& evidence, Posterior& out,
                                        const std::vector<int>* families) {
  const size_t n = states_.size();
  const size_t c_count = cliques_.size();
  out.marginals.resize(n);
  out.family_marginals.resize(n);
  out.derivatives.resize(n);
  for (size_t v = 0; v < n; ++v) {
    out.marginals[v].assign(states_[v], 0.0);
    out.family_marginals[v].assign(tables_[v].size(), 0.0);
    out.derivatives[v].assign(tables_[v].size(), 0.0);
  }
  const double impossible = -std::numeric_limits<double>::infinity();
  out.possible = false;
  out.log_evidence = impossible;
  out.derivative_log_scale = 0;
  if (child_edges_.size() != c_count) {
    child_edges_.assign(c_count, {});
    for (size_t e = 0; e < edges_.size(); ++e) {
      child_edges_[static_cast<size_t>(edges_[e].parent)].push_back(static_cast<int>(e));
    }
  }
  down_.resize(separators_.size());
  down_log_.assign(edges_.size(), 0.0);
  up_log_.assign(edges_.size(), 0.0);
  subtree_log_.assign(c_count, 0.0);
  clique_log_.assign(c_count, 0.0);
  // The cliques to visit: those holding a wanted family, and their ancestors.
  wanted_.assign(n, families ? 0 : 1);
  needed_.assign(c_count, families ? 0 : 1);
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

  RebuildStale();
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
  // ln P(e) per component, and for each component the ln P(e) of all the others.
  std::vector<double>& others = others_log_;
  others.assign(roots_.size(), 0.0);
  double finite_sum = 0;
  size_t zero_components = 0;
  for (size_t r = 0; r < roots_.size(); ++r) {
    const Clique& root = cliques_[static_cast<size_t>(roots_[r])];
    const double* pot = potentials_.data() + root.offset;
    double sum = 0;
    for (size_t i = 0; i < root.entries; ++i) sum += pot[i];
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
    const size_t factors = child_edges_[static_cast<size_t>(c)].size() + clique.families.size();
    if (factors == 0 || !needed_[static_cast<size_t>(c)]) return;
    double* table = Level(0, clique.entries);
    std::fill(table, table + clique.entries, 1.0);
    if (parent_edge >= 0) {
      const Edge& e = edges_[static_cast<size_t>(parent_edge)];
      const double* msg = down_.data() + e.offset;
      if (!e.child_map.empty()) {
        const uint32_t* map = e.child_map.data();
        for (size_t i = 0; i < clique.entries; ++i) table[i] = msg[map[i]];
      } else {
        MultiplyBy(e.child_plan, table, msg);
      }
    }
    for (int v : clique.vars) {
      const int state = evidence_state_[static_cast<size_t>(v)];
      if (state == -1 || home_[static_cast<size_t>(v)] != c) continue;
      if (state == kContradicted) {
        std::fill(table, table + clique.entries, 0.0);
      } else {
        KeepState(clique.vars, clique.dims, clique.entries, v, state, table);
      }
    }
    AllButOne(c, 0, factors, 0, out);
  };
  for (int r : roots_) visit(r, -1);
  for (size_t k = full_schedule_.size(); k-- > 0;) {
    visit(edges_[static_cast<size_t>(full_schedule_[k].edge)].child, full_schedule_[k].edge);
  }
  for (auto [v, state] : evidence) evidence_state_[static_cast<size_t>(v)] = -1;

  // Scale: h·exp(clique_log_ + others) = ∂P(e)/∂θ. When P(e) > 0, dividing by Σ θ·h (the clique's
  // own P(e)) gives derivatives and family marginals scaled by P(e) without leaving the clique's scale.
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
    const std::vector<double>& theta = tables_[v];
    double z = 0;
    for (size_t i = 0; i < h.size(); ++i) z += theta[i] * h[i];
    if (out.possible && z > 0) {
      const double inverse = 1 / z;
      for (size_t i = 0; i < h.size(); ++i) {
        h[i] *= inverse;
        out.family_marginals[v][i] = theta[i] * h[i];
      }
    } else {
      const size_t c = static_cast<size_t>(family_clique_[v]);
      const double factor = std::exp(clique_log_[c] + others[static_cast<size_t>(component_[c])] - common);
      for (double& x : h) x *= factor;
      if (out.possible) {
        for (size_t i = 0; i < h.size(); ++i) out.family_marginals[v][i] = theta[i] * h[i];
      }
    }
    if (out.possible && !families) {
      const size_t states = states_[v];
      for (size_t i = 0; i < h.size(); ++i) out.marginals[v][i % states] += out.family_marginals[v][i];
    }
  }
}

const std::vector<JunctionTree::Step>& JunctionTree::ScheduleTo(int root) {
  std::vector<Step>& schedule = schedules_[static_cast<size_t>(root)];
  if (!schedule.empty() || cliques_.size() == 1) return schedule;
  // Breadth-first from root within its component; reversed, it lists children before parents.
  std::vector<int> queue{root};
  std::vector<Step> reached;
  std::vector<char> seen(cliques_.size(), 0);
  seen[static_cast<size_t>(root)] = 1;
  for (size_t k = 0; k < queue.size(); ++k) {
    const int c = queue[k];
    for (int e : cliques_[static_cast<size_t>(c)].edges) {
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
  RebuildStale();
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
      SumInto(home_plans_[static_cast<size_t>(target)], pot, m);
      for (double& p : marginal) p /= sum;
    }
  }
  return log_scale;
}

}  // namespace argraph
