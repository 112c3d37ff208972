// Parameter spaces, the enumeration propagator, and the Evaluator that keeps them in step (evaluator.h).
#include "argraph/evaluator.h"

#include <cmath>
#include <limits>

#include "argraph/sensitivity.h"

namespace argraph {
namespace {

// Every table entry of a plain network as a parameter, co-varying its column.
class NetworkEntrySpace final : public ParameterSpace {
 public:
  explicit NetworkEntrySpace(Network network) : network_(std::move(network)) {
    by_family_.resize(network_.variables.size());
    for (size_t v = 0; v < network_.variables.size(); ++v) {
      const Variable& var = network_.variables[v];
      const argraph::Family& family = network_.families[v];
      const size_t states = var.states.size();
      const size_t named_states = states == 2 ? 1 : states;  // a binary column has one free entry
      std::vector<size_t> assignment(family.parents.size(), 0);
      for (size_t c = 0; c < network_.ColumnCount(static_cast<int>(v)); ++c) {
        // Column c's parent states: the last parent varies fastest (network.h invariant (2)).
        size_t rest = c;
        for (size_t k = family.parents.size(); k-- > 0;) {
          const size_t n = network_.variables[static_cast<size_t>(family.parents[k])].states.size();
          assignment[k] = rest % n;
          rest /= n;
        }
        std::string condition;
        for (size_t k = 0; k < family.parents.size(); ++k) {
          const Variable& parent = network_.variables[static_cast<size_t>(family.parents[k])];
          condition += (k ? "," : "|") + parent.name + "=" + parent.states[assignment[k]];
        }
        for (size_t x = 0; x < named_states; ++x) {
          Parameter p;
          p.name = var.name + "=" + var.states[x] + condition;
          p.kind = ParameterKind::kTableRow;
          p.claim = var.name;
          p.row = static_cast<int>(c * states + x);  // the entry's index in the table
          p.value = family.table[c * states + x];
          by_family_[v].push_back(parameters_.size());
          parameters_.push_back(std::move(p));
          family_.push_back(static_cast<int>(v));
        }
      }
    }
  }

  std::unique_ptr<ParameterSpace> Clone() const override {
    return std::make_unique<NetworkEntrySpace>(*this);
  }
  const Network& network() const override { return network_; }
  const std::vector<Parameter>& parameters() const override { return parameters_; }
  int Family(size_t p) const override { return family_[p]; }

  void TableAt(size_t p, double value, std::vector<double>& table) const override {
    const int v = family_[p];
    const size_t i = static_cast<size_t>(parameters_[p].row);
    const std::vector<double>& now = network_.families[static_cast<size_t>(v)].table;
    const std::vector<double> direction = CovariedDirection(network_, v, i);
    table = now;
    for (size_t k = 0; k < table.size(); ++k) {
      if (direction[k] == 0) continue;
      double entry = now[k] + (value - now[i]) * direction[k];
      table[k] = entry < 0 ? 0 : (entry > 1 ? 1 : entry);
    }
    table[i] = value;  // exactly the value asked for, whatever the rounding of the others
  }

  void Move(size_t p, TableMove& move) const override {
    // The column of entry i co-varies (CovariedDirection): D_i = 1, D_k = −θ_k / (1 − θ_i) for the
    // column's other entries (1/(states − 1) each when θ_i = 1).
    move.Clear(TableMove::Kind::kAffine);
    const int v = family_[p];
    const size_t i = static_cast<size_t>(parameters_[p].row);
    const std::vector<double>& theta = network_.families[static_cast<size_t>(v)].table;
    const size_t states = network_.variables[static_cast<size_t>(v)].states.size();
    if (states < 2) return;
    const size_t first = i - i % states;
    const double rest = 1 - theta[i];
    for (size_t k = first; k < first + states; ++k) {
      const double slope = k == i ? 1 : (rest > 0 ? -theta[k] / rest : -1.0 / static_cast<double>(states - 1));
      if (slope == 0) continue;
      move.index.push_back(static_cast<uint32_t>(k));
      move.slope.push_back(slope);
    }
  }

  void Set(size_t p, double value) override {
    std::vector<double> table;
    TableAt(p, value, table);
    const int v = family_[p];
    network_.families[static_cast<size_t>(v)].table = std::move(table);
    // Entries of the same column are parameters too: their values moved with it.
    for (size_t q : by_family_[static_cast<size_t>(v)]) {
      parameters_[q].value =
          network_.families[static_cast<size_t>(v)].table[static_cast<size_t>(parameters_[q].row)];
    }
  }

 private:
  Network network_;
  std::vector<Parameter> parameters_;
  std::vector<int> family_;
  std::vector<std::vector<size_t>> by_family_;  ///< variable -> its parameters
};

class EnumerationPropagator final : public Propagator {
 public:
  explicit EnumerationPropagator(const Network& network) : network_(network) {}
  std::unique_ptr<Propagator> Clone() const override {
    return std::make_unique<EnumerationPropagator>(*this);
  }
  void SetTable(int v, const std::vector<double>& table) override {
    network_.families[static_cast<size_t>(v)].table = table;
  }
  void Propagate(const Evidence& evidence, bool families, Posterior& out) override {
    out = EnumerateExact(network_, evidence, families);
  }
  void PropagateDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>*) override {
    out = EnumerateExact(network_, evidence, true, true);
  }
  double Query(int target, const Evidence& evidence, std::vector<double>& marginal) override {
    Posterior p = EnumerateExact(network_, evidence, false);
    marginal = p.marginals[static_cast<size_t>(target)];
    if (!p.possible) {
      std::fill(marginal.begin(), marginal.end(), 0.0);
      return -std::numeric_limits<double>::infinity();
    }
    return p.log_evidence;
  }

 private:
  Network network_;
};

class ArgumentSpace final : public ParameterSpace {
 public:
  explicit ArgumentSpace(CompiledArgument compiled) : compiled_(std::move(compiled)) {}
  std::unique_ptr<ParameterSpace> Clone() const override { return std::make_unique<ArgumentSpace>(*this); }
  const Network& network() const override { return compiled_.network; }
  const std::vector<Parameter>& parameters() const override { return compiled_.parameters(); }
  int Family(size_t p) const override { return compiled_.parameter_family[p]; }
  void TableAt(size_t p, double value, std::vector<double>& table) const override {
    compiled_.FamilyTable(p, value, table, scratch_);
  }
  void Set(size_t p, double value) override { compiled_.SetParameterValue(p, value); }
  void Move(size_t p, TableMove& move) const override { compiled_.Move(p, move); }
  void Moves(TableMoves& moves) const override { compiled_.Moves(moves); }

 private:
  CompiledArgument compiled_;
  mutable CompiledArgument::Recipe scratch_;  ///< TableAt's recipe copy (one space per thread)
};

class JunctionTreePropagator final : public Propagator {
 public:
  JunctionTreePropagator(const Network& network, const JunctionTreeOptions& options)
      : tree_(network, options) {}
  std::unique_ptr<Propagator> Clone() const override {
    return std::make_unique<JunctionTreePropagator>(*this);
  }
  void SetTable(int v, const std::vector<double>& table) override { tree_.SetTable(v, table); }
  void Propagate(const Evidence& evidence, bool families, Posterior& out) override {
    tree_.Propagate(evidence, families, out);
  }
  void PropagateDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>* families) override {
    tree_.PropagateDerivatives(evidence, out, families);
  }
  void PropagateWithDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>& exact) override {
    tree_.PropagateWithDerivatives(evidence, out, exact);
  }
  void PropagatePair(const Evidence& evidence, int target, int state, bool derivatives, const std::vector<int>& exact,
                     Posterior& given_e, Posterior& given_ey, const std::vector<int>* e_marginals) override {
    tree_.PropagatePair(evidence, target, state, derivatives, exact, given_e, given_ey, e_marginals);
  }
  void PropagateFamilies(const Evidence& evidence, const std::vector<int>& families, Posterior& out) override {
    tree_.PropagateFamilies(evidence, families, out);
  }
  double Query(int target, const Evidence& evidence, std::vector<double>& marginal) override {
    return tree_.Query(target, evidence, marginal);
  }

 private:
  JunctionTree tree_;
};

}  // namespace

int ParameterSpace::Find(std::string_view name) const {
  const std::vector<Parameter>& all = parameters();
  for (size_t p = 0; p < all.size(); ++p) {
    if (all[p].name == name) return static_cast<int>(p);
  }
  return -1;
}

void ParameterSpace::Move(size_t p, TableMove& move) const {
  move.Clear(TableMove::Kind::kUnknown);
  if (!parameters()[p].IsProbability()) return;
  std::vector<double> t0, t1, half;
  TableAt(p, 0, t0);
  TableAt(p, 1, t1);
  TableAt(p, 0.5, half);
  for (size_t i = 0; i < t0.size(); ++i) {
    if (std::fabs(half[i] - 0.5 * (t0[i] + t1[i])) > 1e-12) return;
  }
  move.kind = TableMove::Kind::kAffine;
  for (size_t i = 0; i < t0.size(); ++i) {
    if (t1[i] == t0[i]) continue;
    move.index.push_back(static_cast<uint32_t>(i));
    move.slope.push_back(t1[i] - t0[i]);
  }
}

void ParameterSpace::Moves(TableMoves& moves) const {
  moves.Clear();
  TableMove move;
  for (size_t p = 0; p < parameters().size(); ++p) {
    Move(p, move);
    const int v = Family(p);
    moves.Add(move, v >= 0 ? std::span<const double>(network().families[static_cast<size_t>(v)].table)
                           : std::span<const double>());
  }
}

std::vector<std::string> ParameterSpace::Names() const {
  std::vector<std::string> names;
  for (const Parameter& p : parameters()) names.push_back(p.name);
  return names;
}

std::unique_ptr<ParameterSpace> MakeNetworkEntrySpace(Network network) {
  return std::make_unique<NetworkEntrySpace>(std::move(network));
}

std::unique_ptr<ParameterSpace> MakeArgumentSpace(CompiledArgument compiled) {
  return std::make_unique<ArgumentSpace>(std::move(compiled));
}

std::unique_ptr<Propagator> MakeJunctionTreePropagator(const Network& network,
                                                       const JunctionTreeOptions& options) {
  return std::make_unique<JunctionTreePropagator>(network, options);
}

std::unique_ptr<Propagator> MakeEnumerationPropagator(const Network& network) {
  return std::make_unique<EnumerationPropagator>(network);
}

Evaluator::Evaluator(std::unique_ptr<ParameterSpace> space, std::unique_ptr<Propagator> propagator)
    : space_(std::move(space)), propagator_(std::move(propagator)) {}

Evaluator Evaluator::Clone() const {
  return Evaluator(space_->Clone(), propagator_->Clone());
}

void Evaluator::Set(size_t p, double value) {
  space_->Set(p, value);
  const int v = space_->Family(p);
  propagator_->SetTable(v, space_->network().families[static_cast<size_t>(v)].table);
  if (moves_ready_ && !is_stale_[static_cast<size_t>(v)]) {
    is_stale_[static_cast<size_t>(v)] = 1;
    stale_.push_back(v);
  }
}

const TableMoves& Evaluator::Moves() {
  const Network& network = space_->network();
  const size_t parameter_count = space_->parameters().size();
  auto rebuild = [&] {
    space_->Moves(moves_);
    moves_ready_ = true;
    is_stale_.assign(network.variables.size(), 0);
    stale_.clear();
  };
  if (!moves_ready_) {
    // The parameters of each family, grouped (counting sort by family).
    family_begin_.assign(network.variables.size() + 1, 0);
    for (size_t p = 0; p < parameter_count; ++p) {
      const int v = space_->Family(p);
      if (v >= 0) ++family_begin_[static_cast<size_t>(v) + 1];
    }
    for (size_t v = 0; v < network.variables.size(); ++v) family_begin_[v + 1] += family_begin_[v];
    family_parameters_.resize(family_begin_.back());
    std::vector<uint32_t> next(family_begin_.begin(), family_begin_.end() - 1);
    for (size_t p = 0; p < parameter_count; ++p) {
      const int v = space_->Family(p);
      if (v >= 0) family_parameters_[next[static_cast<size_t>(v)]++] = static_cast<uint32_t>(p);
    }
    rebuild();
    return moves_;
  }
  // Many families changed (a sampling loop Set every parameter): all at once is cheaper, sharing each
  // family's columns across its parameters (ParameterSpace::Moves).
  if (stale_.size() > parameter_count / 8) {
    rebuild();
    return moves_;
  }
  TableMove move;
  for (int v : stale_) {
    const std::vector<double>& table = network.families[static_cast<size_t>(v)].table;
    for (uint32_t k = family_begin_[static_cast<size_t>(v)]; k < family_begin_[static_cast<size_t>(v) + 1]; ++k) {
      space_->Move(family_parameters_[k], move);
      if (!moves_.Replace(family_parameters_[k], move, table)) {
        rebuild();  // a slope became 0 (or stopped being 0): the flat layout changes
        return moves_;
      }
    }
    is_stale_[static_cast<size_t>(v)] = 0;
  }
  stale_.clear();
  return moves_;
}

void Evaluator::RestoreTable(int v) {
  propagator_->SetTable(v, space_->network().families[static_cast<size_t>(v)].table);
}

std::optional<double> Evaluator::Probability(const Target& target, const Evidence& evidence) {
  const double log_evidence = propagator_->Query(target.variable, evidence, marginal_);
  if (!std::isfinite(log_evidence)) return std::nullopt;
  return marginal_[static_cast<size_t>(target.state)];
}

bool Evaluator::Propagate(const Evidence& evidence, bool families, Posterior& out) {
  propagator_->Propagate(evidence, families, out);
  return out.possible;
}

bool Evaluator::PropagateFamilies(const Evidence& evidence, const std::vector<int>& families, Posterior& out) {
  propagator_->PropagateFamilies(evidence, families, out);
  return out.possible;
}

bool Evaluator::PropagateDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>* families) {
  propagator_->PropagateDerivatives(evidence, out, families);
  return out.possible;
}

bool Evaluator::PropagateWithDerivatives(const Evidence& evidence, Posterior& out, const std::vector<int>& exact) {
  propagator_->PropagateWithDerivatives(evidence, out, exact);
  return out.possible;
}

bool Evaluator::PropagatePair(const Evidence& evidence, const Target& target, bool derivatives,
                              const std::vector<int>& exact, const std::vector<int>* e_marginals) {
  propagator_->PropagatePair(evidence, target.variable, target.state, derivatives, exact, workspace_[0],
                             workspace_[1], e_marginals);
  return workspace_[0].possible;
}

const std::vector<int>& Evaluator::Shown() {
  if (!shown_ready_) {
    const std::vector<Variable>& variables = network().variables;
    for (size_t v = 0; v < variables.size(); ++v) {
      if (!variables[v].hidden) shown_.push_back(static_cast<int>(v));
    }
    shown_ready_ = true;
  }
  return shown_;
}

}  // namespace argraph
