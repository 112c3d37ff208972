// Exact inference by junction tree (Hugin propagation), compiled once and propagated many times.
//
// Construction (the "compile"): moralise, eliminate by min-fill (ties: min-weight), take the
// elimination cliques, drop the non-maximal ones; the elimination tree of the cliques is a junction
// tree (running intersection holds; each separator is the eliminated variable's neighbourhood, which
// makes it a maximum-weight spanning tree of the clique graph). Each family goes to one clique that holds
// it. Index maps from every clique to each of its separators are precomputed.
//
// Propagation: clique potentials are copied from a cached product of their families' tables (the
// first propagation multiplies the tables in directly; the second keeps the product), evidence
// zeroes entries, one collect and one distribute pass (Hugin) give every clique's posterior; every
// separator message is normalised and its scale kept as a logarithm, so tiny probabilities (1e-15
// parameters, unlikely evidence) keep full relative accuracy and ln P(e) is exact to rounding.
//
// Derivatives (PropagateDerivatives): ∂P(e)/∂θ for every entry of every family table, zeros included,
// from one collect and one division-free distribute (Shafer-Shenoy). A family's derivative table is
// the sum onto its variables of everything in its clique except its own table: the incoming messages,
// the evidence and the clique's other tables. Each clique forms all of its "all factors but one"
// products (one per child message and one per family) by halving its factor list, so no entry is ever
// divided by a probability that may be 0, at O(k log k) table passes for k factors. Every message is
// normalised with its scale kept as a logarithm, as in propagation.
//
// States of the object: tables changed by SetTable mark their cliques stale; the next propagation
// re-multiplies only those cliques. A JunctionTree is not safe to use from two threads at once; copy it
// (one per thread).
// Invariants: every family's variables lie in its clique; separators are the intersections of
// adjacent cliques; after a propagation every clique potential sums to 1 (when the evidence is possible).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "argraph/error.h"
#include "argraph/inference.h"
#include "argraph/network.h"

namespace argraph {

namespace junction_tree_detail {
/// Blocks of at least kHugeBlock bytes are mapped on their own, 2 MiB-aligned and marked for
/// transparent huge pages: a fresh 2 MiB page is one page fault where 4 KiB pages are 512.
inline constexpr size_t kHugeBlock = size_t{1} << 21;
void* MapHugePages(size_t bytes);
void UnmapHugePages(void* block, size_t bytes);

/// The allocator of the junction tree's large arrays (operator new below kHugeBlock bytes).
template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(size_t n) {
    if (n * sizeof(T) >= kHugeBlock) return static_cast<T*>(MapHugePages(n * sizeof(T)));
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) >= kHugeBlock) {
      UnmapHugePages(p, n * sizeof(T));
    } else {
      std::allocator<T>().deallocate(p, n);
    }
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};
template <class T>
using LargeVector = std::vector<T, HugePageAllocator<T>>;
}  // namespace junction_tree_detail

struct JunctionTreeOptions {
  /// Refuse (MemoryLimitError) when the largest clique table would take more bytes than this.
  double max_clique_bytes = double(1u << 30);
  /// Messages walk a clique table in runs of consecutive entries; where the runs would be shorter
  /// than min_strided_run, an index map (clique entry -> separator entry, 4 bytes each) is
  /// materialised instead, while the maps' total stays under max_map_entries. Same results.
  size_t min_strided_run = 8;
  size_t max_map_entries = size_t{1} << 24;
};

/// Raised when the junction tree would exceed JunctionTreeOptions::max_clique_bytes.
class MemoryLimitError : public Error {
 public:
  explicit MemoryLimitError(const std::string& message) : Error(message, ExitCode::kInputErrors) {}
};

/// The shape of a junction tree; entries are numbers of doubles.
struct JunctionTreeSize {
  size_t cliques = 0;
  size_t largest_clique_variables = 0;
  double largest_clique_entries = 0;
  double total_clique_entries = 0;
};

/// The shape the junction tree of `network` would have (runs the triangulation only).
JunctionTreeSize EstimateJunctionTree(const Network& network);

/// An elimination order by min-fill on the moral graph, ties broken by min-weight (log table size).
std::vector<int> MinFillOrder(const Network& network);

/// Below this, a table entry's derivative is not read from P(x,u|e)/θ (JunctionTree::
/// PropagateWithDerivatives): 0 has no quotient, and under it the family marginal may have lost precision
/// to underflow. Above it, an underflowed marginal (< 2.2e-308) means a derivative below 1e-27·P(e).
inline constexpr double kQuotientFloor = 1e-280;

class JunctionTree {
 public:
  /// Compiles the tree of a valid network (network.h invariants). Throws MemoryLimitError when the
  /// largest clique is over the limit.
  explicit JunctionTree(const Network& network, const JunctionTreeOptions& options = {});

  /// Replaces variable v's table (same size and layout as network.families[v].table). The next
  /// propagation uses it; no recompilation.
  void SetTable(int v, const std::vector<double>& table);
  void SetTable(int v, const double* table);
  /// The table currently used for variable v.
  std::span<const double> Table(int v) const { return tables_[static_cast<size_t>(v)]; }

  /// All marginals P(X_v | e), ln P(e), and, with `families`, every family marginal P(x, u | e).
  Posterior Propagate(const Evidence& evidence, bool families = false);
  /// As above into `out`, reusing its buffers (no allocation once they have their sizes).
  void Propagate(const Evidence& evidence, bool families, Posterior& out);

  /// As Propagate(evidence, true, out), and also every derivative ∂P(e)/∂θ in out.derivatives
  /// (inference.h), exact where θ = 0 and where P(e) = 0. One collect and one distribute pass.
  /// With `families`, only those families' derivatives and family marginals are computed (the rest,
  /// and the variable marginals, are left at 0), and the distribute visits only the cliques on the
  /// way to them.
  void PropagateDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>* families = nullptr);

  /// As Propagate(evidence, true, out) (every marginal and family marginal, one collect and one Hugin
  /// distribute), and also every derivative ∂P(e)/∂θ in out.derivatives, at the scale of
  /// PropagateDerivatives: for the families in `exact`, every entry as PropagateDerivatives computes it
  /// (zeros included), by a Shafer-Shenoy distribute that visits only the cliques on the way to them;
  /// for every other family, P(x,u|e)/θ (= ∂P(e)/∂θ / P(e), the network polynomial's quotient) wherever
  /// θ ≥ kQuotientFloor, and 0 where θ is below it (there the quotient says nothing: list the family in
  /// `exact` when such an entry matters). When e is impossible every family's derivatives are exact
  /// and the marginals are 0, as in PropagateDerivatives. No allocation once warm.
  void PropagateWithDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>& exact);

  /// Two propagations sharing one collect: `evidence` into `given_e` (as PropagateWithDerivatives when
  /// `derivatives`, else as Propagate(evidence, false)), and evidence ∧ (target = state) into `given_ey`
  /// (as PropagateWithDerivatives). Only the messages from the target's home clique to its root are
  /// collected again for the second. When given_e is impossible, given_ey is left unspecified. With
  /// `e_marginals` and without `derivatives`, given_e's marginals are read for those variables only
  /// (the others are left unspecified).
  void PropagatePair(const Evidence& evidence, int target, int state, bool derivatives, const std::vector<int>& exact,
                     Posterior& given_e, Posterior& given_ey, const std::vector<int>* e_marginals = nullptr);

  /// ln P(e) (out.log_evidence, out.possible) and the family marginals P(x, u | e) of `families` only
  /// (out.family_marginals[v] for v in families), by one collect and a Hugin distribute that visits
  /// only the cliques on the way to those families. Every other field of `out` is left unspecified.
  /// No allocation once warm. For Monte Carlo: ∂P(e)/∂θ = P(e)·P(x,u|e)/θ wherever θ > 0.
  void PropagateFamilies(const Evidence& evidence, const std::vector<int>& families, Posterior& out);

  /// P(X_target | e) by one collect pass to a clique holding target: writes the marginal into
  /// `marginal` (resized to the target's state count) and returns ln P(e), or -infinity when the
  /// evidence is impossible (then `marginal` is all zeros). No allocation once warm.
  double Query(int target, const Evidence& evidence, std::vector<double>& marginal);

  const JunctionTreeSize& size() const { return size_; }
  const std::vector<int>& elimination_order() const { return order_; }
  size_t variable_count() const { return states_.size(); }

 private:
  /// Iteration plan of a clique against a subset of its variables: `count` fused dimensions at
  /// plan_dims_[offset..] with the stride each has in the subset's table (0 when absent).
  struct Plan {
    uint32_t offset = 0, count = 0;
  };
  static constexpr size_t kNoMap = ~size_t{0};
  // Cliques and edges hold ranges into shared flat arrays (no per-clique allocation).
  struct Clique {
    uint32_t vars = 0, var_count = 0;  ///< clique_vars_/clique_dims_: increasing order within the
                                       ///< separator, then the rest; the last varies fastest
    uint32_t families = 0, family_count = 0;  ///< clique_families_: tables multiplied into it
    uint32_t edges = 0, edge_count = 0;        ///< clique_edges_: incident edges, increasing
    size_t entries = 0;
    size_t offset = 0;  ///< into potentials_ / initial_
    bool stale = true;
  };
  struct Edge {
    int child = -1, parent = -1;  ///< in the default rooting
    uint32_t vars = 0, var_count = 0;  ///< edge_vars_
    size_t entries = 0;
    size_t offset = 0;  ///< into separators_ / scratch_
    size_t child_map = kNoMap, parent_map = kNoMap;  ///< maps_: clique entry -> separator entry
    Plan child_plan, parent_plan;
  };
  struct Step {
    int edge;
    bool upward;  ///< true: child -> parent
  };
  /// A plan as pointers, for the loops.
  struct PlanView {
    const uint32_t* dims;
    const uint64_t* strides;
    size_t count;
  };
  PlanView View(Plan plan) const {
    return {plan_dims_.data() + plan.offset, plan_strides_.data() + plan.offset, plan.count};
  }
  const int* Vars(const Clique& c) const { return clique_vars_.data() + c.vars; }
  const uint32_t* Dims(const Clique& c) const { return clique_dims_.data() + c.vars; }
  const int* Families(const Clique& c) const { return clique_families_.data() + c.families; }
  const int* Edges(const Clique& c) const { return clique_edges_.data() + c.edges; }
  const uint32_t* Map(size_t offset) const { return offset == kNoMap ? nullptr : maps_.data() + offset; }

  /// Appends the plan of `clique` against the table of `target` (strides per target variable).
  Plan MakePlan(const Clique& clique, const int* target_vars, const uint64_t* target_strides, size_t target_count);
  /// The product of the clique's family tables into `table` (clique layout).
  void MultiplyTables(const Clique& clique, double* table) const;
  /// Brings initial_ up to date (allocating it, every clique stale, when it is not kept yet).
  void RebuildStale();
  /// Fills volatile_products_[c] from the current tables.
  void PrepareVolatile(size_t c);
  /// The potentials: initial_ with the evidence (the first propagation multiplies the tables in).
  void LoadPotentials(const Evidence& evidence);
  /// Rebuilds stale cliques, loads the potentials with the evidence, collects to the roots and
  /// normalises them: false when the evidence is impossible; else ln P(e) is added to `log_scale`.
  bool CollectToRoots(const Evidence& evidence, double& log_scale);
  /// Message from `from` to `to` across edge e (Hugin): false when the message is all zeros.
  bool Collect(int e, bool upward, double& log_scale);
  void Distribute(int e);
  const std::vector<Step>& ScheduleTo(int root);
  /// A scratch table of `entries` doubles for recursion depth `level` of the derivative pass.
  double* Level(size_t level, size_t entries);
  /// Multiplies factor k of clique c (child edges first, then families) into `table`.
  void MultiplyFactor(int c, size_t k, double* table) const;
  /// Given `table` = the product of every factor of clique c except those in [lo, hi), hands each
  /// factor k in [lo, hi) the product of all factors but k (OutputFactor).
  void AllButOne(int c, size_t lo, size_t hi, size_t level, Posterior& out);
  /// Whether any factor in [lo, hi) of clique c has an output that is wanted.
  bool Wanted(int c, size_t lo, size_t hi) const;
  void OutputFactor(int c, size_t k, const double* table, Posterior& out);
  /// After a distribute: every marginal (those of `only`, when given), and with `families` every family
  /// marginal, into `out` (sized), from the clique posteriors at `potentials` (potentials_ or posterior_).
  void ReadMarginals(bool families, const double* potentials, Posterior& out, const std::vector<int>* only = nullptr);
  // The steps of the derivative pass (PropagateDerivatives, PropagateWithDerivatives).
  /// Sizes `out` (all zeros, impossible; the derivatives left as they were unless `zero_derivatives`:
  /// DistributeWithDerivatives writes every one) and the pass's scratch.
  void BeginDerivatives(Posterior& out, bool zero_derivatives = true);
  /// wanted_: the families whose derivatives are computed (all when null); needed_: their cliques and
  /// those cliques' ancestors.
  void MarkWanted(const std::vector<int>* families);
  /// Loads the evidence and collects to the roots without stopping at an all-zero message; sets
  /// out.possible, out.log_evidence, others_log_, root_sum_ (the roots are left unnormalised).
  void CollectKeepingZeros(const Evidence& evidence, Posterior& out);
  /// The end of CollectKeepingZeros: the roots' sums, ln P(e) and out.possible.
  void FinishCollect(Posterior& out);
  /// After CollectKeepingZeros of possible evidence: the Hugin distribute (roots divided by their sums),
  /// written to posterior_ with potentials_ left as collected.
  void DistributeIntoPosterior();
  /// After CollectKeepingZeros: the rest of PropagateWithDerivatives.
  void DistributeWithDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>& exact);
  /// The Shafer-Shenoy distribute into the needed cliques: the unscaled derivative tables of the
  /// wanted families.
  void DistributeDerivatives(const Evidence& evidence, Posterior& out);
  /// Scales the wanted families' derivative tables (Posterior::derivatives); with `family_marginals`
  /// writes their family marginals θ·h, with `marginals` adds those into the variable marginals.
  void ScaleDerivatives(Posterior& out, bool family_marginals, bool marginals);

  std::vector<size_t> states_;
  std::vector<uint32_t> family_begin_;  ///< variable -> its family in family_vars_ (n + 1 entries)
  std::vector<int> family_vars_;        ///< each family's parents then child (table layout order)
  /// Every family's table in one array (no allocation per table): table v is
  /// data[begin[v] .. begin[v + 1]), layout as in network.h.
  struct Tables {
    junction_tree_detail::LargeVector<double> data;
    std::vector<size_t> begin{0};
    size_t size() const { return begin.size() - 1; }
    std::span<double> operator[](size_t v) { return {data.data() + begin[v], begin[v + 1] - begin[v]}; }
    std::span<const double> operator[](size_t v) const { return {data.data() + begin[v], begin[v + 1] - begin[v]}; }
  };
  Tables tables_;
  std::vector<int> order_;
  junction_tree_detail::LargeVector<Clique> cliques_;
  junction_tree_detail::LargeVector<Edge> edges_;
  std::vector<int> clique_vars_;
  std::vector<uint32_t> clique_dims_;
  std::vector<int> clique_families_;
  std::vector<int> clique_edges_;
  std::vector<int> edge_vars_;
  junction_tree_detail::LargeVector<uint32_t> maps_;         ///< materialised index maps of the edges
  junction_tree_detail::LargeVector<uint32_t> plan_dims_;    ///< every plan's fused dimensions
  junction_tree_detail::LargeVector<uint64_t> plan_strides_; ///< and their strides
  std::vector<int> roots_;           ///< one clique per connected component
  std::vector<int> home_;            ///< variable -> smallest clique holding it
  std::vector<int> family_clique_;   ///< variable -> clique its family was multiplied into
  std::vector<Plan> home_plans_;     ///< variable -> plan of its home clique against {v}
  std::vector<Plan> family_plans_;   ///< variable -> plan of family_clique_ against the family layout
  std::vector<Step> full_schedule_;  ///< collect steps in post-order for the default roots
  std::vector<std::vector<Step>> schedules_;  ///< per root clique, built on first use
  std::vector<int> component_;       ///< clique -> component index
  junction_tree_detail::LargeVector<double> initial_;     ///< product of each clique's family tables (from the second propagation on)
  bool loaded_ = false;              ///< a propagation has loaded the potentials
  // Tables replaced by SetTable are "volatile" (they will likely change again: sweeps, Monte Carlo).
  // Per clique, the product of its other families is kept (fixed_), so a rebuild multiplies only the
  // volatile tables into a copy of it. Empty until the first SetTable.
  struct VolatileProduct {
    bool ready = false;              ///< the fields below are up to date
    std::vector<double> fixed;       ///< product of the clique's non-volatile families (clique layout)
    std::vector<int> families;       ///< the clique's volatile families
    /// When the volatile families' variables span a table (`product`) smaller than the clique: clique
    /// entry -> product entry, and per volatile family, product entry -> family entry. Else empty.
    std::vector<uint32_t> map;
    std::vector<std::vector<uint32_t>> family_maps;
    std::vector<double> product;
  };
  std::vector<char> volatile_;                      ///< per variable
  std::vector<VolatileProduct> volatile_products_;  ///< per clique
  junction_tree_detail::LargeVector<double> potentials_;
  junction_tree_detail::LargeVector<double> separators_;  ///< the collect message of each edge (normalised)
  junction_tree_detail::LargeVector<double> scratch_;
  std::vector<double> edge_scale_;   ///< per edge: the normaliser of its collect message
  std::vector<int> evidence_state_;  ///< per variable, -1 when unobserved (scratch)
  // Scratch of the derivative pass.
  std::vector<std::vector<int>> child_edges_;  ///< per clique, edges to its children (built on first use)
  std::vector<double> down_;         ///< per edge: the distribute message into the child (max-normalised)
  std::vector<double> down_log_;     ///< per edge: ln of the scale of down_
  std::vector<double> up_log_;       ///< per edge: ln of the scale of its collect message (own normaliser)
  std::vector<double> subtree_log_;  ///< per clique: Σ up_log_ over the edges below it
  std::vector<double> clique_log_;   ///< per clique: ln of the scale of its derivative tables
  std::vector<double> others_log_;   ///< per component: ln P(e) of all the other components
  std::vector<double> root_sum_;     ///< per component: its root's potential's sum after the collect
  std::vector<int> parent_edge_;     ///< per clique: the edge to its parent, -1 for a root (built on first use)
  junction_tree_detail::LargeVector<double> posterior_;   ///< PropagateWithDerivatives, PropagatePair: clique posteriors
  std::vector<char> wanted_;         ///< per variable: its family's derivatives are wanted
  std::vector<char> needed_;         ///< per clique: it or a clique below holds a wanted family
  std::vector<std::vector<double>> levels_;
  JunctionTreeSize size_;
};

}  // namespace argraph
