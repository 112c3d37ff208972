// What every analysis (cruxes, sweep, compare, uncertainty) evaluates: a network whose named
// parameters each move ONE family's table (ParameterSpace), kept in step with an inference engine
// compiled once (Propagator), so that a new parameter value costs one propagation, never a recompile.
//
// Invariants: after Evaluator::Set, the propagator's table of the parameter's family equals the
// space's; parameter p only ever changes table Family(p). Values are probabilities except parameters of
// kind kWeight (natural log-odds).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "argraph/compile.h"
#include "argraph/inference.h"
#include "argraph/junction_tree.h"
#include "argraph/network.h"
#include "argraph/parameters.h"

namespace argraph {

/// The event whose probability the analyses follow: variable `variable` in state `state`.
struct Target {
  int variable = -1;
  int state = 0;
};

/// Named parameters bound to families of a network.
class ParameterSpace {
 public:
  virtual ~ParameterSpace() = default;
  virtual std::unique_ptr<ParameterSpace> Clone() const = 0;
  /// The network with every parameter at its current value.
  virtual const Network& network() const = 0;
  /// The parameters with their current values (and intervals, where given).
  virtual const std::vector<Parameter>& parameters() const = 0;
  /// The variable whose table parameter p moves.
  virtual int Family(size_t p) const = 0;
  /// Writes into `table` the table Family(p) would have with p at `value`, all else as now.
  virtual void TableAt(size_t p, double value, std::vector<double>& table) const = 0;
  /// Sets p to `value`: its value and its family's table change, nothing else.
  virtual void Set(size_t p, double value) = 0;
  /// How p moves Family(p)'s table, in closed form where known (TableMove). The default finds affine
  /// moves by evaluating TableAt at 0, 1/2 and 1 (probabilities only), and says kUnknown otherwise.
  virtual void Move(size_t p, TableMove& move) const;
  /// Every parameter's Move, in order, into `moves`. By default one Move per parameter.
  virtual void Moves(TableMoves& moves) const;

  /// The index of the parameter called `name`, or -1.
  int Find(std::string_view name) const;
  /// Every parameter's name, in order (for "did you mean" suggestions).
  std::vector<std::string> Names() const;
};

/// The parameters of a plain network (BIF, XMLBIF): every entry of every table, moved with the other
/// states of its column scaled proportionally (CovariedDirection). A binary variable contributes only
/// its first state's entries (the second is determined). Names: "var=state|parent=state,..." and
/// "var=state" for a root.
std::unique_ptr<ParameterSpace> MakeNetworkEntrySpace(Network network);

/// The parameters of a compiled argument (parameters.h names), each moving the one family that
/// CompiledArgument::parameter_family binds it to.
std::unique_ptr<ParameterSpace> MakeArgumentSpace(CompiledArgument compiled);

/// An inference engine compiled once for a network, propagated many times with tables replaced.
class Propagator {
 public:
  virtual ~Propagator() = default;
  virtual std::unique_ptr<Propagator> Clone() const = 0;
  /// Replaces variable v's table (same layout as the network's).
  virtual void SetTable(int v, const std::vector<double>& table) = 0;
  /// Every marginal and, with `families`, every family marginal, into `out`.
  virtual void Propagate(const Evidence& evidence, bool families, Posterior& out) = 0;
  /// Every marginal, family marginal and derivative ∂P(e)/∂θ (Posterior::derivatives) into `out`;
  /// with `families`, at least those families' derivatives and family marginals (others may be 0).
  virtual void PropagateDerivatives(const Evidence& evidence, Posterior& out,
                                    const std::vector<int>* families) = 0;
  /// Every marginal and family marginal, and every derivative ∂P(e)/∂θ exact for the families in
  /// `exact` and for every entry θ ≥ kQuotientFloor of the others (JunctionTree::
  /// PropagateWithDerivatives). By default every derivative exactly (PropagateDerivatives).
  virtual void PropagateWithDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>& /*exact*/) {
    PropagateDerivatives(evidence, out, nullptr);
  }
  /// `evidence` into `given_e` (PropagateWithDerivatives when `derivatives`, else Propagate without
  /// family marginals) and evidence ∧ target into `given_ey` (PropagateWithDerivatives), sharing what
  /// they can (JunctionTree::PropagatePair). By default two separate propagations. `given_ey` is
  /// unspecified when `given_e` is impossible. With `e_marginals` (may be null) and without
  /// `derivatives`, only those variables' marginals in `given_e` need be filled.
  virtual void PropagatePair(const Evidence& evidence, int target, int state, bool derivatives,
                             const std::vector<int>& exact, Posterior& given_e, Posterior& given_ey,
                             const std::vector<int>* /*e_marginals*/) {
    if (derivatives) {
      PropagateWithDerivatives(evidence, given_e, exact);
    } else {
      Propagate(evidence, false, given_e);
    }
    if (!given_e.possible) return;
    Evidence with_target = evidence;
    with_target.push_back({target, state});
    PropagateWithDerivatives(with_target, given_ey, exact);
  }
  /// ln P(e) and the family marginals of `families` (JunctionTree::PropagateFamilies); other fields
  /// of `out` unspecified. By default a full propagation with family marginals.
  virtual void PropagateFamilies(const Evidence& evidence, const std::vector<int>& /*families*/, Posterior& out) {
    Propagate(evidence, true, out);
  }
  /// P(X_target | e) into `marginal`; returns ln P(e), or -infinity when e is impossible.
  virtual double Query(int target, const Evidence& evidence, std::vector<double>& marginal) = 0;
};

/// The junction tree (junction_tree.h) behind the Propagator interface. Throws MemoryLimitError when
/// the tree is over its limit.
std::unique_ptr<Propagator> MakeJunctionTreePropagator(const Network& network,
                                                       const JunctionTreeOptions& options = {});

/// Brute-force enumeration behind the Propagator interface: the oracle for tests (small networks only).
std::unique_ptr<Propagator> MakeEnumerationPropagator(const Network& network);

/// A parameter space and a propagator kept in step.
class Evaluator {
 public:
  Evaluator(std::unique_ptr<ParameterSpace> space, std::unique_ptr<Propagator> propagator);
  /// An independent copy (one per thread).
  Evaluator Clone() const;

  const ParameterSpace& space() const { return *space_; }
  const Network& network() const { return space_->network(); }
  const std::vector<Parameter>& parameters() const { return space_->parameters(); }

  /// Sets parameter p and hands its family's new table to the propagator.
  void Set(size_t p, double value);
  /// Tells the propagator to use `table` for variable v (a temporary change, not a parameter).
  void SetTable(int v, const std::vector<double>& table) { propagator_->SetTable(v, table); }
  /// Restores variable v's table from the space (undoes SetTable).
  void RestoreTable(int v);
  /// P(target | evidence); nullopt when the evidence is impossible.
  std::optional<double> Probability(const Target& target, const Evidence& evidence);
  /// A full propagation (marginals, and family marginals on request); false when e is impossible.
  bool Propagate(const Evidence& evidence, bool families, Posterior& out);
  /// ln P(e) and the family marginals of `families` only (Propagator::PropagateFamilies); false when
  /// e is impossible.
  bool PropagateFamilies(const Evidence& evidence, const std::vector<int>& families, Posterior& out);
  /// A full propagation with family marginals and every derivative of P(e); false when e is impossible
  /// (the derivatives are filled even then).
  bool PropagateDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>* families = nullptr);
  /// Every marginal and family marginal with the derivatives of P(e), exact for the families in `exact`
  /// and wherever θ ≥ kQuotientFloor (Propagator::PropagateWithDerivatives); false when e is impossible
  /// (then every derivative is filled exactly).
  bool PropagateWithDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>& exact);
  /// Propagator::PropagatePair into Workspace(0) (e) and Workspace(1) (e ∧ target); false when e is
  /// impossible. With `e_marginals`, Workspace(0)'s marginals may be filled for those variables only.
  bool PropagatePair(const Evidence& evidence, const Target& target, bool derivatives, const std::vector<int>& exact,
                     const std::vector<int>* e_marginals = nullptr);
  /// The variables not hidden (Variable::hidden), in order: the ones an analysis reports.
  const std::vector<int>& Shown();
  /// Posteriors an analysis may propagate into and drop (cruxes): their buffers are kept from one
  /// analysis to the next, so a repeated analysis allocates nothing for them.
  Posterior& Workspace(size_t i) { return workspace_[i]; }
  /// Every parameter's TableMove at the current values (ParameterSpace::Moves). Computed on first use
  /// and then kept in step with the parameters like the tables are: Set marks its family, and the next
  /// call recomputes the moves of that family's parameters only (all of them when a move's number of
  /// entries changed, or when more than an eighth as many families as parameters changed).
  const TableMoves& Moves();

 private:
  std::unique_ptr<ParameterSpace> space_;
  std::unique_ptr<Propagator> propagator_;
  std::vector<double> marginal_;  ///< scratch of Probability
  std::array<Posterior, 2> workspace_;
  TableMoves moves_;
  bool moves_ready_ = false;         ///< moves_ holds every parameter's move but those of stale_ families
  std::vector<int> stale_;           ///< families Set since moves_ was last brought up to date
  std::vector<char> is_stale_;       ///< per variable: listed in stale_
  std::vector<uint32_t> family_begin_, family_parameters_;  ///< the parameters of each family, grouped
  std::vector<int> shown_;  ///< Shown(), once asked for
  bool shown_ready_ = false;
};

}  // namespace argraph
