// Argument -> Network: each claim's rule becomes a table, computed from a Recipe that names where every
// parameter sits, so a parameter can be changed later without recompiling (compile.h).
//
// Tables are filled with both P(true) and P(false) computed as sums and products of non-negative
// terms (never 1 - x of a value near 1 when the other side is available), so parameters like 1e-15
// keep their full relative accuracy in either state.
#include "argraph/compile.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <string>
#include <string_view>

#include "argraph/claim_lookup.h"

namespace argraph {
namespace {

using Recipe = CompiledArgument::Recipe;
using RecipeKind = CompiledArgument::RecipeKind;
using Term = CompiledArgument::Term;
using Slot = CompiledArgument::Slot;
using SlotKind = CompiledArgument::SlotKind;

/// A number with its derivative with respect to one parameter (forward mode). Every recipe except
/// `logistic` is multilinear in its numbers, so an entry's derivative is its slope T(1) − T(0) in any one
/// of them: one evaluation with that number seeded (derivative 1) gives CompiledArgument::Move's slopes.
struct Dual {
  double v = 0, d = 0;
  Dual() = default;
  Dual(double value) : v(value) {}  // NOLINT: a constant (derivative 0) wherever a number is expected
  Dual(double value, double derivative) : v(value), d(derivative) {}
};
Dual operator+(Dual a, Dual b) { return {a.v + b.v, a.d + b.d}; }
Dual operator-(Dual a, Dual b) { return {a.v - b.v, a.d - b.d}; }
Dual operator*(Dual a, Dual b) { return {a.v * b.v, a.d * b.v + a.v * b.d}; }
Dual& operator+=(Dual& a, Dual b) { return a = a + b; }
Dual& operator*=(Dual& a, Dual b) { return a = a * b; }

/// A probability pair (P(true), P(false)) kept separately so that neither loses precision.
template <class T>
struct PairOf {
  T t = 1, f = 0;
};
using Pair = PairOf<double>;

/// The recipe's numbers as they are (tables).
struct Plain {
  double operator()(SlotKind, int /*term*/, int /*index*/, double x) const { return x; }
};
/// The recipe's numbers with the one in `slot` seeded (Move's slopes).
/// Whether the number a recipe asks for (kind, term, index) is the one in `slot`.
bool IsSlot(const Slot& slot, SlotKind kind, int term, int index) {
  return kind == slot.kind && (kind != SlotKind::kTerm || term == slot.term) &&
         (kind != SlotKind::kUndercut || (term == slot.term && index == slot.index)) &&
         (kind != SlotKind::kRow || index == slot.index);
}

struct Seeded {
  Slot slot;
  Dual operator()(SlotKind kind, int term, int index, double x) const {
    return {x, IsSlot(slot, kind, term, index) ? 1.0 : 0.0};
  }
};

/// Up to kLanes Duals at once: lane k is the derivative with respect to the k-th seeded number. Each
/// lane's arithmetic is exactly Dual's, so one evaluation gives, bit for bit, the slopes of kLanes
/// evaluations with one number seeded each (CompiledArgument::Moves for a family's parameters).
constexpr size_t kLanes = 8;
struct Lanes {
  double v = 0;
  std::array<double, kLanes> d{};
  Lanes() = default;
  Lanes(double value) : v(value) {}  // NOLINT: a constant (derivative 0) wherever a number is expected
};
Lanes operator+(Lanes a, const Lanes& b) {
  a.v = a.v + b.v;
  for (size_t k = 0; k < kLanes; ++k) a.d[k] = a.d[k] + b.d[k];
  return a;
}
Lanes operator-(Lanes a, const Lanes& b) {
  a.v = a.v - b.v;
  for (size_t k = 0; k < kLanes; ++k) a.d[k] = a.d[k] - b.d[k];
  return a;
}
Lanes operator*(const Lanes& a, const Lanes& b) {
  Lanes out(a.v * b.v);
  for (size_t k = 0; k < kLanes; ++k) out.d[k] = a.d[k] * b.v + a.v * b.d[k];
  return out;
}
Lanes& operator+=(Lanes& a, const Lanes& b) { return a = a + b; }
Lanes& operator*=(Lanes& a, const Lanes& b) { return a = a * b; }

/// The recipe's numbers with the numbers in `slots` seeded, slot k in lane k.
struct SeededLanes {
  const Slot* slots;
  size_t count;
  Lanes operator()(SlotKind kind, int term, int index, double x) const {
    Lanes out(x);
    for (size_t k = 0; k < count; ++k) {
      if (IsSlot(slots[k], kind, term, index)) out.d[k] = 1;
    }
    return out;
  }
};

/// A table entry as FillRecipeTable stores it: sums of products can land one rounding step above 1.
double Entry(double p) { return std::clamp(p, 0.0, 1.0); }

/// Noisy-AND factor: the claim survives with probability keep = 1 - drop.
template <class T>
void AndFactor(PairOf<T>& acc, T keep, T drop) {
  acc.f += acc.t * drop;
  acc.t *= keep;
}

/// Noisy-OR factor: the cause fires with probability fire.
template <class T>
void OrFactor(PairOf<T>& acc, T fire) {
  acc.t += acc.f * fire;
  acc.f *= T(1) - fire;
}

/// The effective strength or weight of term `k`, its undercutters applied.
template <class T = double, class Numbers = Plain>
T Effective(const Term& term, int k, const char* truth, const Numbers& number = {}) {
  T value = number(SlotKind::kTerm, k, -1, term.value);
  for (size_t u = 0; u < term.undercuts.size(); ++u) {
    const auto& [position, strength] = term.undercuts[u];
    if (truth[static_cast<size_t>(position)]) value *= T(1) - number(SlotKind::kUndercut, k, static_cast<int>(u), strength);
  }
  return value;
}

/// ln(base / (1 - base)): a logistic claim's log-odds with no parent true (base strictly inside (0, 1)).
double LogitOf(double base) { return std::log(base) - std::log1p(-base); }

/// (σ(z), σ(−z)) for z = logit_base + sum, logit_base = LogitOf(base) (computed once per table).
Pair Sigmoid(double base, double logit_base, double sum) {
  if (base <= 0) return {0, 1};
  if (base >= 1) return {1, 0};
  double z = logit_base + sum;
  // σ(z) and σ(-z), each computed where it does not cancel.
  if (z >= 0) {
    double e = std::exp(-z);
    return {1 / (1 + e), e / (1 + e)};
  }
  double e = std::exp(z);
  return {e / (1 + e), 1 / (1 + e)};
}

/// Σ_S w_s x_s − Σ_A w_a x_a of a logistic recipe in one column, undercuts applied.
double LogisticSum(const Recipe& r, const char* truth) {
  double sum = 0;
  for (size_t k = 0; k < r.terms.size(); ++k) {
    const Term& term = r.terms[k];
    if (!truth[static_cast<size_t>(term.parent)]) continue;
    const double w = Effective(term, static_cast<int>(k), truth);
    sum += term.relation == Relation::kAttacks ? -w : w;
  }
  return sum;
}

/// A noisy-AND term: a false premise of strength w lets the claim through with 1 - w (`all` only); a
/// true attack (or, for `all`, undercut) removes w.
template <class T, class Numbers>
void AndTerm(PairOf<T>& acc, Rule rule, const Term& term, int k, const char* truth,
             const Numbers& number) {
  const bool t = truth[static_cast<size_t>(term.parent)];
  if (term.relation == Relation::kSupports) {
    if (!t) {
      const T w = number(SlotKind::kTerm, k, -1, term.value);
      AndFactor<T>(acc, T(1) - w, w);
    }
  } else if (t) {
    const T w = rule == Rule::kAll ? number(SlotKind::kTerm, k, -1, term.value) : Effective<T>(term, k, truth, number);
    AndFactor<T>(acc, T(1) - w, w);
  }
}

/// The accumulator a chain step starts from: the previous step's value, or (first step) the leak if
/// this step holds it, else `neutral`.
template <class T, class Numbers>
PairOf<T> StepStart(const Recipe& r, const char* truth, PairOf<T> neutral, const Numbers& number) {
  if (r.previous >= 0) return truth[static_cast<size_t>(r.previous)] ? PairOf<T>{1, 0} : PairOf<T>{0, 1};
  if (!r.holds_leak) return neutral;
  const T leak = number(SlotKind::kLeak, -1, -1, r.leak);
  return {leak, T(1) - leak};
}

/// Column `column` of a recipe's table (its parents' truth in `truth`). With Seeded numbers (T = Dual),
/// the derivative of each entry with respect to the seeded number; `logistic` recipes only with doubles.
template <class T = double, class Numbers = Plain>
PairOf<T> Evaluate(const Recipe& r, const char* truth, size_t column, const Numbers& number = {}) {
  switch (r.kind) {
    case RecipeKind::kRoot: {
      const T credence = number(SlotKind::kCredence, -1, -1, r.credence);
      return {credence, T(1) - credence};
    }
    case RecipeKind::kFull: {
      if (r.rule == Rule::kTable) {
        const T p = number(SlotKind::kRow, -1, static_cast<int>(column), r.rows[column]);
        return {p, T(1) - p};
      }
      // FillRecipeTable computes logistic columns itself (the base's logit once per table); Move
      // describes them in closed form.
      if (r.rule == Rule::kLogistic) return {};
      PairOf<T> acc;
      if (r.rule == Rule::kAny) {
        const T leak = number(SlotKind::kLeak, -1, -1, r.leak);
        acc = {leak, T(1) - leak};
        for (size_t k = 0; k < r.terms.size(); ++k) {
          const Term& term = r.terms[k];
          if (term.relation == Relation::kSupports && truth[static_cast<size_t>(term.parent)]) {
            OrFactor<T>(acc, Effective<T>(term, static_cast<int>(k), truth, number));
          }
        }
      } else {
        const T reliability = number(SlotKind::kReliability, -1, -1, r.reliability);
        acc = {reliability, T(1) - reliability};
      }
      for (size_t k = 0; k < r.terms.size(); ++k) {
        const Term& term = r.terms[k];
        if (r.rule == Rule::kAll || term.relation != Relation::kSupports) {
          AndTerm<T>(acc, r.rule, term, static_cast<int>(k), truth, number);
        }
      }
      return acc;
    }
    case RecipeKind::kOrStep: {
      PairOf<T> acc = StepStart<T>(r, truth, PairOf<T>{0, 1}, number);
      for (size_t k = 0; k < r.terms.size(); ++k) {
        const Term& term = r.terms[k];
        if (truth[static_cast<size_t>(term.parent)]) OrFactor<T>(acc, Effective<T>(term, static_cast<int>(k), truth, number));
      }
      return acc;
    }
    case RecipeKind::kAndStep: {
      PairOf<T> acc = StepStart<T>(r, truth, PairOf<T>{1, 0}, number);
      if (r.holds_reliability) {
        const T reliability = number(SlotKind::kReliability, -1, -1, r.reliability);
        AndFactor<T>(acc, reliability, T(1) - reliability);
      }
      for (size_t k = 0; k < r.terms.size(); ++k) AndTerm<T>(acc, r.rule, r.terms[k], static_cast<int>(k), truth, number);
      return acc;
    }
  }
  return {};
}

/// Adds `variable` to `parents` unless present; returns its position.
int PositionOf(std::vector<int>& parents, int variable) {
  auto it = std::find(parents.begin(), parents.end(), variable);
  if (it != parents.end()) return static_cast<int>(it - parents.begin());
  parents.push_back(variable);
  return static_cast<int>(parents.size() - 1);
}

/// One link of a claim, resolved: its term (or the term it undercuts) and its variable.
struct LinkInfo {
  int variable = -1;
  int term = -1;      ///< index into the claim's term list
  int undercut = -1;  ///< index into that term's undercuts, when the link undercuts a named link
};

}  // namespace

void FillRecipeTable(const Recipe& recipe, size_t parent_count, std::vector<double>& table) {
  const size_t columns = size_t{1} << parent_count;
  table.resize(2 * columns);
  std::array<char, 64> truth{};  // a table of 2^64 columns could not be built anyway
  assert(parent_count < truth.size());
  const bool logistic = recipe.kind == RecipeKind::kFull && recipe.rule == Rule::kLogistic;
  const double logit_base = logistic && recipe.base > 0 && recipe.base < 1 ? LogitOf(recipe.base) : 0;
  for (size_t c = 0; c < columns; ++c) {
    // The first parent varies slowest; state 0 is "true".
    for (size_t i = 0; i < parent_count; ++i) truth[i] = ((c >> (parent_count - 1 - i)) & 1) == 0;
    const Pair p = logistic ? Sigmoid(recipe.base, logit_base, LogisticSum(recipe, truth.data()))
                            : Evaluate(recipe, truth.data(), c);
    table[2 * c] = Entry(p.t);
    table[2 * c + 1] = Entry(p.f);
  }
}

int CompiledArgument::ClaimVariable(std::string_view id) const {
  for (size_t i = 0; i < claim_variable.size(); ++i) {
    if (network.variables[static_cast<size_t>(claim_variable[i])].name == id) return claim_variable[i];
  }
  return -1;
}

int CompiledArgument::ParameterIndex(std::string_view name) const {
  const std::vector<Parameter>& list = parameters();
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

void CompiledArgument::AddParameter(ParameterKind kind, int claim, double value, int family, Slot slot, int from,
                                    int row, std::string spelled) {
  if (!spelled.empty()) spelled_.emplace_back(values_.size(), std::move(spelled));
  origins_.push_back({kind, claim, from, row});
  values_.push_back(value);
  parameter_family.push_back(family);
  slots.push_back(slot);
}

void CompiledArgument::ReserveParameters(size_t count) {
  origins_.reserve(count);
  values_.reserve(count);
  parameter_family.reserve(count);
  slots.reserve(count);
}

const std::vector<Parameter>& CompiledArgument::parameters() const {
  return listed_.Get([&](std::vector<Parameter>& list) {
    auto id = [&](int claim) -> const std::string& {
      return network.variables[static_cast<size_t>(claim_variable[static_cast<size_t>(claim)])].name;
    };
    list.resize(values_.size());
    size_t spelled = 0, interval = 0;
    for (size_t p = 0; p < list.size(); ++p) {
      const Origin& o = origins_[p];
      Parameter& q = list[p];
      const std::string* written = nullptr;
      if (spelled < spelled_.size() && spelled_[spelled].first == p) written = &spelled_[spelled++].second;
      q.kind = o.kind;
      q.claim = id(o.claim);
      q.row = o.row;
      q.value = values_[p];
      if (interval < intervals_.size() && intervals_[interval].first == p) q.interval = intervals_[interval++].second;
      if (o.kind == ParameterKind::kTableRow) {
        q.name = written ? *written : std::string();
        continue;
      }
      if (o.kind == ParameterKind::kStrength || o.kind == ParameterKind::kWeight) {
        q.from = o.from >= 0 ? id(o.from) : written ? *written : std::string();
      }
      q.name = ParameterName(o.kind, q.claim, q.from);
    }
  });
}

CompiledArgument::Listed::Listed(const Listed& other) {
  const std::lock_guard<std::mutex> lock(other.mutex_);
  list_ = other.list_;
  made_.store(other.made_.load());
}

CompiledArgument::Listed::Listed(Listed&& other) noexcept {
  const std::lock_guard<std::mutex> lock(other.mutex_);
  list_ = std::move(other.list_);
  made_.store(other.made_.load());
  other.list_.clear();
  other.made_.store(false);
}

CompiledArgument::Listed& CompiledArgument::Listed::operator=(const Listed& other) {
  if (this == &other) return *this;
  const std::scoped_lock lock(mutex_, other.mutex_);
  list_ = other.list_;
  made_.store(other.made_.load());
  return *this;
}

CompiledArgument::Listed& CompiledArgument::Listed::operator=(Listed&& other) noexcept {
  if (this == &other) return *this;
  const std::scoped_lock lock(mutex_, other.mutex_);
  list_ = std::move(other.list_);
  made_.store(other.made_.load());
  other.list_.clear();
  other.made_.store(false);
  return *this;
}

namespace {

void SetSlot(Recipe& recipe, const Slot& slot, double value) {
  switch (slot.kind) {
    case SlotKind::kCredence: recipe.credence = value; break;
    case SlotKind::kReliability: recipe.reliability = value; break;
    case SlotKind::kLeak: recipe.leak = value; break;
    case SlotKind::kBase: recipe.base = value; break;
    case SlotKind::kTerm: recipe.terms[static_cast<size_t>(slot.term)].value = value; break;
    case SlotKind::kUndercut:
      recipe.terms[static_cast<size_t>(slot.term)].undercuts[static_cast<size_t>(slot.index)].second = value;
      break;
    case SlotKind::kRow: recipe.rows[static_cast<size_t>(slot.index)] = value; break;
  }
}

}  // namespace

void CompiledArgument::FamilyTable(size_t p, double value, std::vector<double>& table) const {
  Recipe scratch;
  FamilyTable(p, value, table, scratch);
}

void CompiledArgument::FamilyTable(size_t p, double value, std::vector<double>& table, Recipe& scratch) const {
  const size_t v = static_cast<size_t>(parameter_family[p]);
  scratch = recipes[v];  // copy-assignment reuses the scratch's buffers
  SetSlot(scratch, slots[p], value);
  FillRecipeTable(scratch, network.families[v].parents.size(), table);
}

std::vector<double> CompiledArgument::FamilyTable(size_t p, double value) const {
  std::vector<double> table;
  FamilyTable(p, value, table);
  return table;
}

void CompiledArgument::SetParameterValue(size_t p, double value) {
  const size_t v = static_cast<size_t>(parameter_family[p]);
  SetSlot(recipes[v], slots[p], value);
  values_[p] = value;
  if (std::vector<Parameter>* list = listed_.IfMade()) (*list)[p].value = value;
  FillRecipeTable(recipes[v], network.families[v].parents.size(), network.families[v].table);
}

CompiledArgument CompileArgument(const Argument& argument, Diagnostics& diagnostics,
                                 const CompileOptions& options) {
  CompiledArgument out;
  Network& net = out.network;
  // Claim look-up by id in constant time: Argument::ClaimIndex is a linear scan.
  const ClaimLookup lookup(argument);
  auto claim_index = [&](std::string_view id) { return lookup.Index(id); };
  net.name = argument.id;
  const size_t n = argument.claims.size();
  // One pass over the claims for the sizes: room for every hidden chain variable a decomposition may
  // add (so that nothing is moved), where each claim's links start in the arrays of all links, and the
  // number of parameters (as ListParameters counts them).
  size_t capacity = n, parameter_count = 0;
  std::vector<size_t> link_begin(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    const Claim& claim = argument.claims[i];
    if (claim.rule != Rule::kLogistic && claim.rule != Rule::kTable && claim.from.size() > options.decompose_above) {
      capacity += claim.from.size();
    }
    link_begin[i + 1] = link_begin[i] + claim.from.size();
    parameter_count += claim.IsRoot() ? 1 : claim.rule == Rule::kTable ? claim.table.size() : 1 + claim.from.size();
  }
  net.variables.reserve(capacity);
  net.families.reserve(capacity);
  out.recipes.reserve(capacity);
  out.claim_variable.reserve(n);
  const StateNames binary_states = StateNames::Binary();
  for (size_t i = 0; i < n; ++i) {
    const Claim& claim = argument.claims[i];
    Variable& variable = net.variables.emplace_back();
    variable.name = claim.id;
    variable.states = binary_states;
    variable.location = claim.location;
    out.claim_variable.push_back(static_cast<int>(i));
  }
  net.families.resize(n);
  out.recipes.resize(n);
  for (size_t i = 0; i < n; ++i) net.families[i].child = static_cast<int>(i);

  // Where each claim's own parameters and each of its links landed: claim i's links are
  // link_slots[link_begin[i] ..] (one array for all claims; family -1 where a link landed nowhere).
  struct ClaimSlots {
    int own_family = -1;
    Slot own;
    int leak_family = -1, reliability_family = -1;
  };
  std::vector<ClaimSlots> claim_slots(n);
  std::vector<std::pair<int, Slot>> link_slots(link_begin[n], {-1, Slot{}});
  // The claim each link comes from (-1 for none), looked up in batches just ahead of the loop below
  // (which then finds the links still in cache).
  std::vector<int> link_target(link_begin[n], -1);
  std::vector<std::string_view> ahead;
  size_t looked_up = 0;  // claims [0, looked_up) have their links' targets
  auto look_up_from = [&](size_t ci) {
    constexpr size_t kBatch = 256;
    ahead.clear();
    size_t c = ci;
    for (; c < n && (c == ci || link_begin[c + 1] - link_begin[ci] <= kBatch); ++c) {
      for (const Link& link : argument.claims[c].from) ahead.push_back(link.from);
    }
    lookup.Indices(ahead, std::span<int>(link_target.data() + link_begin[ci], ahead.size()));
    looked_up = c;
  };
  // Scratch of the loop below, reused from claim to claim.
  std::vector<int> link_var;
  std::vector<Term> terms;
  std::vector<LinkInfo> info;
  std::vector<int> term_link;  // term -> link index
  std::vector<size_t> order;
  std::vector<int> term_family;    // term -> the step variable that holds it
  std::vector<int> term_position;  // term -> its index in that step's terms
  std::vector<size_t> step_begin;

  // Builds claim ci's family (or chain of families) and records where its parameters landed.
  auto build = [&](size_t ci) {
    const Claim& claim = argument.claims[ci];
    const int v = static_cast<int>(ci);
    ClaimSlots& cs = claim_slots[ci];
    Family& family = net.families[ci];
    family.location = claim.location;
    if (claim.IsRoot()) {
      Recipe& r = out.recipes[ci];
      r.kind = RecipeKind::kRoot;
      r.credence = claim.credence.value_or(0.5);
      cs.own_family = v;
      cs.own = {SlotKind::kCredence, -1, -1};
      FillRecipeTable(r, 0, family.table);
      return;
    }
    // Resolve link targets.
    link_var.assign(claim.from.size(), -1);
    bool ok = true;
    for (size_t li = 0; li < claim.from.size(); ++li) {
      link_var[li] = link_target[link_begin[ci] + li];
      if (link_var[li] < 0) {
        diagnostics.Error(claim.from[li].location,
                          "claim '" + claim.id + "' refers to unknown claim '" + claim.from[li].from + "'",
                          "unknown-claim");
        ok = false;
      }
    }
    if (!ok) return;

    if (claim.rule == Rule::kTable) {
      Recipe& r = out.recipes[ci];
      r.kind = RecipeKind::kFull;
      r.rule = Rule::kTable;
      for (int lv : link_var) PositionOf(family.parents, lv);
      if (family.parents.size() > options.max_table_parents) {
        diagnostics.Error(claim.location,
                          "claim '" + claim.id + "' has " + std::to_string(family.parents.size()) +
                              " parents; a table rule allows at most " +
                              std::to_string(options.max_table_parents),
                          "table-too-large");
        family.parents.clear();
        FillRecipeTable({}, 0, family.table);
        return;
      }
      const size_t k = family.parents.size();
      r.rows.assign(size_t{1} << k, 0.5);
      cs.own_family = v;
      for (size_t row = 0; row < claim.table.size(); ++row) {
        size_t column = 0;
        for (size_t pi = 0; pi < k; ++pi) {
          bool value = true;
          for (const auto& [name, truth] : claim.table[row].when) {
            if (claim_index(name) == family.parents[pi]) value = truth;
          }
          column = column * 2 + (value ? 0 : 1);
        }
        r.rows[column] = claim.table[row].probability;
      }
      FillRecipeTable(r, k, family.table);
      return;
    }

    // any / all / logistic: terms. For `all` every link (undercuts too) is its own term; for
    // any/logistic an undercut joins the term of the link it names.
    terms.clear();
    info.assign(claim.from.size(), LinkInfo{});
    term_link.clear();
    for (size_t li = 0; li < claim.from.size(); ++li) {
      const Link& link = claim.from[li];
      if (claim.rule != Rule::kAll && link.relation == Relation::kUndercuts) continue;
      Term t;
      t.parent = link_var[li];  // a variable for now; positions are assigned per family below
      t.relation = link.relation;
      t.value = claim.rule == Rule::kLogistic ? link.weight.value_or(0.0) : link.strength.value_or(1.0);
      info[li] = {link_var[li], static_cast<int>(terms.size()), -1};
      terms.push_back(t);
      term_link.push_back(static_cast<int>(li));
    }
    for (size_t li = 0; li < claim.from.size(); ++li) {
      const Link& link = claim.from[li];
      if (claim.rule == Rule::kAll || link.relation != Relation::kUndercuts) continue;
      int target = -1;
      for (size_t ti = 0; ti < terms.size(); ++ti) {
        if (claim.from[static_cast<size_t>(term_link[ti])].from == link.link) {
          target = static_cast<int>(ti);
          break;
        }
      }
      if (target < 0) {
        diagnostics.Error(link.location,
                          "undercut of '" + claim.id + "' by '" + link.from + "' must name one of its links (" +
                              (link.link.empty() ? std::string("no `link` given") : "'" + link.link + "' is not one") +
                              ")",
                          "undercut-link");
        ok = false;
        continue;
      }
      Term& t = terms[static_cast<size_t>(target)];
      info[li] = {link_var[li], target, static_cast<int>(t.undercuts.size())};
      t.undercuts.push_back({link_var[li], link.strength.value_or(1.0)});
    }
    if (!ok) return;

    const bool decompose = claim.rule != Rule::kLogistic && terms.size() > options.decompose_above;
    // Maps a term's variables to positions within `parents`, adding them as needed.
    auto place = [](Term t, std::vector<int>& parents) {
      t.parent = PositionOf(parents, t.parent);
      for (auto& u : t.undercuts) u.first = PositionOf(parents, u.first);
      return t;
    };
    if (!decompose) {
      Recipe& r = out.recipes[ci];
      r.kind = RecipeKind::kFull;
      r.rule = claim.rule;
      r.reliability = claim.reliability.value_or(1.0);
      r.leak = claim.leak.value_or(0.0);
      r.base = claim.base.value_or(0.5);
      family.parents.reserve(link_var.size());
      for (int lv : link_var) PositionOf(family.parents, lv);  // parents in `from` order
      r.terms.reserve(terms.size());
      for (const Term& t : terms) r.terms.push_back(place(t, family.parents));
      if (family.parents.size() > options.max_table_parents) {
        diagnostics.Error(claim.location,
                          "claim '" + claim.id + "' has " + std::to_string(family.parents.size()) +
                              " parents; a " + RuleName(claim.rule) + " rule allows at most " +
                              std::to_string(options.max_table_parents),
                          "table-too-large");
        family.parents.clear();
        r = Recipe{};
        FillRecipeTable(r, 0, family.table);
        return;
      }
      cs.own_family = v;
      cs.own = {claim.rule == Rule::kAll   ? SlotKind::kReliability
                : claim.rule == Rule::kAny ? SlotKind::kLeak
                                           : SlotKind::kBase,
                -1, -1};
      for (size_t li = 0; li < claim.from.size(); ++li) {
        const LinkInfo& l = info[li];
        link_slots[link_begin[ci] + li] = {v, l.undercut < 0 ? Slot{SlotKind::kTerm, l.term, -1}
                                                              : Slot{SlotKind::kUndercut, l.term, l.undercut}};
      }
      FillRecipeTable(r, family.parents.size(), family.table);
      return;
    }

    // Decomposed: supports of `any` first (noisy-OR steps), then the noisy-AND steps.
    order.clear();
    for (size_t ti = 0; ti < terms.size(); ++ti) {
      if (claim.rule == Rule::kAny && terms[ti].relation == Relation::kSupports) order.push_back(ti);
    }
    const size_t or_steps = order.size();
    for (size_t ti = 0; ti < terms.size(); ++ti) {
      if (!(claim.rule == Rule::kAny && terms[ti].relation == Relation::kSupports)) order.push_back(ti);
    }
    // Steps of up to links_per_step terms each, never mixing OR and AND terms: [step_begin[s], step_begin[s + 1])
    // of `order`.
    const size_t links_per_step = std::max<size_t>(options.links_per_step, 1);
    step_begin.clear();
    for (size_t t = 0; t < or_steps; t += links_per_step) step_begin.push_back(t);
    for (size_t t = or_steps; t < order.size(); t += links_per_step) step_begin.push_back(t);
    const size_t steps = step_begin.size();
    step_begin.push_back(order.size());
    term_family.assign(terms.size(), -1);
    term_position.assign(terms.size(), -1);
    int previous_var = -1;
    for (size_t step = 0; step < steps; ++step) {
      const bool last = step + 1 == steps;
      int var = v;
      if (!last) {
        var = static_cast<int>(net.variables.size());
        Variable& hidden = net.variables.emplace_back();
        hidden.name = claim.id;
        hidden.name += '~';
        hidden.name += std::to_string(step + 1);
        hidden.states = binary_states;
        hidden.hidden = true;
        hidden.location = claim.location;
        net.families.push_back({});
        out.recipes.push_back({});
        net.families.back().child = var;
        net.families.back().location = claim.location;
      }
      Family& f = net.families[static_cast<size_t>(var)];
      Recipe& r = out.recipes[static_cast<size_t>(var)];
      r.kind = step_begin[step] < or_steps ? RecipeKind::kOrStep : RecipeKind::kAndStep;
      r.rule = claim.rule;
      size_t parents = 1;
      for (size_t k = step_begin[step]; k < step_begin[step + 1]; ++k) parents += 1 + terms[order[k]].undercuts.size();
      f.parents.reserve(parents);
      if (previous_var >= 0) r.previous = PositionOf(f.parents, previous_var);
      r.terms.reserve(step_begin[step + 1] - step_begin[step]);
      for (size_t k = step_begin[step]; k < step_begin[step + 1]; ++k) {
        term_family[order[k]] = var;
        term_position[order[k]] = static_cast<int>(r.terms.size());
        r.terms.push_back(place(terms[order[k]], f.parents));
      }
      if (claim.rule == Rule::kAny && step == 0) {
        r.holds_leak = true;
        r.leak = claim.leak.value_or(0.0);
        cs.leak_family = var;
      }
      if (claim.rule == Rule::kAll && last) {
        r.holds_reliability = true;
        r.reliability = claim.reliability.value_or(1.0);
        cs.reliability_family = var;
      }
      FillRecipeTable(r, f.parents.size(), f.table);
      previous_var = var;
    }
    cs.own_family = claim.rule == Rule::kAny ? cs.leak_family : cs.reliability_family;
    cs.own = {claim.rule == Rule::kAny ? SlotKind::kLeak : SlotKind::kReliability, -1, -1};
    for (size_t li = 0; li < claim.from.size(); ++li) {
      const LinkInfo& l = info[li];
      const int position = term_position[static_cast<size_t>(l.term)];
      link_slots[link_begin[ci] + li] = {
          term_family[static_cast<size_t>(l.term)],
          l.undercut < 0 ? Slot{SlotKind::kTerm, position, -1} : Slot{SlotKind::kUndercut, position, l.undercut}};
    }
  };

  // Bind every parameter to the one family it enters, in ListParameters order: each claim's own
  // parameters, then one per link.
  out.ReserveParameters(parameter_count);
  auto bind = [&](size_t ci) {
    const Claim& claim = argument.claims[ci];
    const ClaimSlots& cs = claim_slots[ci];
    const int c = static_cast<int>(ci);
    if (claim.IsRoot()) {
      out.AddParameter(ParameterKind::kCredence, c, claim.credence.value_or(0.5), cs.own_family, cs.own);
      if (claim.interval) out.SetLastInterval(*claim.interval);
      return;
    }
    switch (claim.rule) {
      case Rule::kAll:
        out.AddParameter(ParameterKind::kReliability, c, claim.reliability.value_or(1.0), cs.own_family, cs.own);
        break;
      case Rule::kAny:
        out.AddParameter(ParameterKind::kLeak, c, claim.leak.value_or(0.0), cs.own_family, cs.own);
        break;
      case Rule::kLogistic:
        out.AddParameter(ParameterKind::kBase, c, claim.base.value_or(0.5), cs.own_family, cs.own);
        break;
      case Rule::kTable:
        for (size_t row = 0; row < claim.table.size(); ++row) {
          int family = -1;
          Slot slot;
          if (cs.own_family >= 0) {
            size_t column = 0;
            for (int parent : net.families[static_cast<size_t>(cs.own_family)].parents) {
              bool value = true;
              for (const auto& [name, truth] : claim.table[row].when) {
                if (claim_index(name) == parent) value = truth;
              }
              column = column * 2 + (value ? 0 : 1);
            }
            family = cs.own_family;
            slot = {SlotKind::kRow, -1, static_cast<int>(column)};
          }
          out.AddParameter(ParameterKind::kTableRow, c, claim.table[row].probability, family, slot, -1,
                           static_cast<int>(row), TableRowName(claim, row));
        }
        return;  // a table's links carry no numbers of their own
    }
    for (size_t li = 0; li < claim.from.size(); ++li) {
      const Link& link = claim.from[li];
      const bool weighted = claim.rule == Rule::kLogistic && link.relation != Relation::kUndercuts;
      const auto& [family, slot] = link_slots[link_begin[ci] + li];
      const int from = link_target[link_begin[ci] + li];
      out.AddParameter(weighted ? ParameterKind::kWeight : ParameterKind::kStrength, c,
                       weighted ? link.weight.value_or(0.0) : link.strength.value_or(1.0), family, slot, from, -1,
                       from < 0 ? link.from : std::string());
    }
  };

  // Claim by claim: its links' targets (a batch at a time), its families, its parameters.
  for (size_t ci = 0; ci < n; ++ci) {
    if (ci == looked_up) look_up_from(ci);
    build(ci);
    bind(ci);
  }
  out.conclusion = argument.conclusion.empty() ? -1 : claim_index(argument.conclusion);
  return out;
}

namespace {

/// What the moves of one family's parameters share, computed once per family: each column's parents'
/// truth (columns × parents, the first parent varying slowest; state 0 is "true") and, for a logistic
/// recipe, each column's Σ_S w_s x_s − Σ_A w_a x_a (undercuts applied).
struct FamilyColumns {
  int family = -1;  ///< the family prepared, -1 for none
  size_t parents = 0, columns = 0;
  const char* truth = nullptr;  ///< truths[parents]: it depends on the number of parents only
  std::vector<std::vector<char>> truths;
  std::vector<double> sums;

  const char* Truth(size_t c) const { return truth + c * parents; }

  void Prepare(const CompiledArgument& compiled, int v) {
    if (family == v) return;
    family = v;
    const Recipe& r = compiled.recipes[static_cast<size_t>(v)];
    parents = compiled.network.families[static_cast<size_t>(v)].parents.size();
    columns = size_t{1} << parents;
    if (truths.size() <= parents) truths.resize(parents + 1);
    std::vector<char>& table = truths[parents];
    if (table.size() != columns * parents) {
      table.resize(columns * parents);
      for (size_t c = 0; c < columns; ++c) {
        for (size_t i = 0; i < parents; ++i) table[c * parents + i] = ((c >> (parents - 1 - i)) & 1) == 0;
      }
    }
    truth = table.data();
    sums.clear();
    if (r.kind != RecipeKind::kFull || r.rule != Rule::kLogistic) return;
    sums.resize(columns);
    for (size_t c = 0; c < columns; ++c) sums[c] = LogisticSum(r, Truth(c));
  }
};

/// Parameter p's TableMove (CompiledArgument::Move) handed to `sink`: sink.Start(kind, logit, origin),
/// then sink.Add(index, slope, offset, entry) for each entry in increasing order (offset 0 for affine
/// moves; entry: the table's current value there, the smaller of a logistic column's two).
template <class Sink>
void MoveOf(const CompiledArgument& compiled, size_t p, FamilyColumns& columns, Sink& sink) {
  if (compiled.parameter_family[p] < 0) {  // bound to nothing (the argument did not compile): moves nothing
    sink.Start(TableMove::Kind::kAffine, false, 0);
    return;
  }
  const int v = compiled.parameter_family[p];
  const Recipe& r = compiled.recipes[static_cast<size_t>(v)];
  const Slot& slot = compiled.slots[p];
  if (slot.kind == SlotKind::kCredence || slot.kind == SlotKind::kRow) {
    const uint32_t column = slot.kind == SlotKind::kRow ? static_cast<uint32_t>(slot.index) : 0;
    const double p_true = slot.kind == SlotKind::kRow ? r.rows[column] : r.credence;
    sink.Start(TableMove::Kind::kAffine, false, 0);
    sink.Add(2 * column, 1.0, 0.0, Entry(p_true));  // as FillRecipeTable writes them
    sink.Add(2 * column + 1, -1.0, 0.0, Entry(1 - p_true));
    return;
  }
  if (r.kind == RecipeKind::kFull && r.rule == Rule::kLogistic) {
    const bool base = slot.kind == SlotKind::kBase;
    // At base 0 or 1 the table is constant in every weight: nothing moves.
    if (!base && !(r.base > 0 && r.base < 1)) {
      sink.Start(TableMove::Kind::kAffine, false, 0);
      return;
    }
    sink.Start(TableMove::Kind::kLogistic, base, base ? 0 : compiled.parameter_value(p));
    columns.Prepare(compiled, v);
    const double logit_base = base ? 0 : LogitOf(r.base);
    // A weight or undercut moves only the columns where its link's parent is true (bit clear).
    const size_t parent_bit =
        base ? 0
             : size_t{1} << (columns.parents - 1 - static_cast<size_t>(r.terms[static_cast<size_t>(slot.term)].parent));
    for (size_t c = 0; c < columns.columns; ++c) {
      if (c & parent_bit) continue;
      const char* truth = columns.Truth(c);
      double slope = 1;  // dz/dφ in this column
      if (!base) {
        const Term& term = r.terms[static_cast<size_t>(slot.term)];
        if (!truth[static_cast<size_t>(term.parent)]) continue;
        // z holds ±value·Π(1 − s) over the true undercutters; it is linear in the value and in each s.
        slope = term.relation == Relation::kAttacks ? -1 : 1;
        if (slot.kind == SlotKind::kUndercut) {
          if (!truth[static_cast<size_t>(term.undercuts[static_cast<size_t>(slot.index)].first)]) continue;
          slope *= -term.value;
        }
        for (size_t u = 0; u < term.undercuts.size(); ++u) {
          const bool moved = slot.kind == SlotKind::kUndercut && u == static_cast<size_t>(slot.index);
          if (!moved && truth[static_cast<size_t>(term.undercuts[u].first)]) slope *= 1 - term.undercuts[u].second;
        }
        if (slope == 0) continue;
      }
      const double* entries = compiled.network.families[static_cast<size_t>(v)].table.data() + 2 * c;
      sink.Add(static_cast<uint32_t>(c), slope, logit_base + columns.sums[c], std::min(entries[0], entries[1]));
    }
    return;
  }
  // Multilinear recipes: each entry is affine in one number, so T(x) = T(x0) + (x − x0)·dT/dx, and one
  // evaluation with the number seeded (Dual) gives every dT/dx.
  sink.Start(TableMove::Kind::kAffine, false, 0);
  columns.Prepare(compiled, v);
  const Seeded seeded{slot};
  for (size_t c = 0; c < columns.columns; ++c) {
    const PairOf<Dual> at = Evaluate<Dual>(r, columns.Truth(c), c, seeded);
    if (at.t.d != 0) sink.Add(static_cast<uint32_t>(2 * c), at.t.d, 0.0, Entry(at.t.v));
    if (at.f.d != 0) sink.Add(static_cast<uint32_t>(2 * c + 1), at.f.d, 0.0, Entry(at.f.v));
  }
}

}  // namespace

void CompiledArgument::Move(size_t p, TableMove& move) const {
  struct Sink {
    TableMove& move;
    void Start(TableMove::Kind kind, bool logit, double origin) {
      move.Clear(kind);
      move.logit = logit;
      move.origin = origin;
    }
    void Add(uint32_t index, double slope, double offset, double /*entry*/) {
      move.index.push_back(index);
      move.slope.push_back(slope);
      if (move.kind == TableMove::Kind::kLogistic) move.offset.push_back(offset);
    }
  } sink{move};
  FamilyColumns columns;
  MoveOf(*this, p, columns, sink);
}

void CompiledArgument::Moves(TableMoves& moves) const {
  moves.Clear();
  moves.headers.reserve(parameter_count());
  struct Sink {
    TableMoves& moves;
    void Start(TableMove::Kind kind, bool logit, double origin) {
      moves.headers.push_back({kind, logit, origin, moves.index.size(), 0});
    }
    void Add(uint32_t index, double slope, double offset, double entry) {
      moves.index.push_back(index);
      moves.slope.push_back(slope);
      moves.offset.push_back(offset);
      TableMoves::Header& header = moves.headers.back();
      ++header.count;
      if (entry != entry || entry < header.least) header.least = entry;  // a NaN stays
    }
  } sink{moves};
  // Parameters of one family mostly come together: its columns are prepared once for the run, and a run
  // of multilinear ones is evaluated once per column for all of them (Lanes).
  FamilyColumns columns;
  std::vector<Lanes> t, f;  // per column of a run: the slopes of P(true), P(false)
  auto multilinear = [&](size_t p) {
    const int v = parameter_family[p];
    if (v < 0) return false;
    const Recipe& r = recipes[static_cast<size_t>(v)];
    const SlotKind kind = slots[p].kind;
    return kind != SlotKind::kCredence && kind != SlotKind::kRow &&
           !(r.kind == RecipeKind::kFull && r.rule == Rule::kLogistic);
  };
  for (size_t p = 0; p < parameter_count();) {
    size_t end = p + 1;
    if (multilinear(p)) {
      while (end < parameter_count() && end - p < kLanes && parameter_family[end] == parameter_family[p] &&
             multilinear(end)) {
        ++end;
      }
    }
    if (end - p == 1) {
      MoveOf(*this, p, columns, sink);
      ++p;
      continue;
    }
    const int v = parameter_family[p];
    const Recipe& r = recipes[static_cast<size_t>(v)];
    columns.Prepare(*this, v);
    std::array<Slot, kLanes> run;
    for (size_t k = 0; k < end - p; ++k) run[k] = slots[p + k];
    const SeededLanes seeded{run.data(), end - p};
    t.resize(columns.columns);
    f.resize(columns.columns);
    for (size_t c = 0; c < columns.columns; ++c) {
      const PairOf<Lanes> at = Evaluate<Lanes>(r, columns.Truth(c), c, seeded);
      t[c] = at.t;
      f[c] = at.f;
    }
    for (size_t k = 0; k < end - p; ++k) {
      sink.Start(TableMove::Kind::kAffine, false, 0);
      for (size_t c = 0; c < columns.columns; ++c) {
        if (t[c].d[k] != 0) sink.Add(static_cast<uint32_t>(2 * c), t[c].d[k], 0.0, Entry(t[c].v));
        if (f[c].d[k] != 0) sink.Add(static_cast<uint32_t>(2 * c + 1), f[c].d[k], 0.0, Entry(f[c].v));
      }
    }
    p = end;
  }
}

}  // namespace argraph
