// Compilation of an argument into a Bayesian network (DESIGN.md section 3, docs/semantics.md).
//
// Every claim becomes one binary variable (state 0 "true", state 1 "false"); variable i is claim i.
// A derived claim's rule becomes its table. An `any`/`all` claim with more links than
// CompileOptions::decompose_above is decomposed into a chain of hidden binary variables, one step per
// few links (a noisy-OR chain for the supports of `any`, then a noisy-AND chain), so the cost is linear in
// its fan-in; the chain's last variable is the claim itself, and the claim's distribution given its
// parents equals the full table exactly.
//
// Invariants of a CompiledArgument:
//  (1) network.variables[claim_variable[i]] is argument claim i; hidden variables come after the claims;
//  (2) every parameter (parameters.h) enters exactly one family's table: parameter_family[p]; changing
//      parameter p changes no other family. So P(e) is linear in that family's table, and
//      FamilyTable(p, value) is the whole effect of setting p to value;
//  (3) all probabilities are doubles in [0,1]; logistic weights are natural log-odds.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <atomic>
#include <limits>
#include <mutex>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "argraph/diagnostic.h"
#include "argraph/model.h"
#include "argraph/network.h"
#include "argraph/parameters.h"

namespace argraph {

struct CompileOptions {
  /// `any`/`all` claims with more links than this are decomposed into a chain of hidden variables.
  /// 0 decomposes every derived any/all claim; SIZE_MAX never decomposes (full 2^k tables).
  size_t decompose_above = 4;
  /// Links per step of a decomposed chain (at least 1; an `any` claim's undercuts join their link's
  /// step). Two make half the hidden variables of one for the same clique entries: a step's table has
  /// 2^(1 + its links and their undercutters) columns.
  size_t links_per_step = 2;
  /// `logistic` and `table` claims (and undecomposed any/all) with more distinct parents than this
  /// are refused with a diagnostic: their table would have 2^k columns.
  size_t max_table_parents = 22;
};

/// How one parameter moves its family's table, in closed form: only the entries that depend on it are
/// listed (index, strictly increasing), so nothing is rebuilt to evaluate the table at a new value x.
///  kAffine:   entry index[k] is T(x0) + (x − x0)·slope[k] (x0 the parameter's current value).
///  kLogistic: a binary family; for each listed column c = index[k], entries 2c and 2c+1 are σ(z) and
///             σ(−z), z = offset[k] + slope[k]·(φ(x) − origin), with φ(x) = logit(x) when `logit` (a base,
///             origin 0, offset = the column's weighted sum) and φ(x) = x otherwise (origin = x0, offset =
///             the column's current log-odds).
///  kUnknown:  no closed form: the whole table must be rebuilt (ParameterSpace::TableAt).
struct TableMove {
  enum class Kind { kUnknown, kAffine, kLogistic };
  Kind kind = Kind::kUnknown;
  bool logit = false;
  double origin = 0;
  std::vector<uint32_t> index;
  std::vector<double> slope, offset;
  void Clear(Kind k) {
    kind = k;
    logit = false;
    origin = 0;
    index.clear();
    slope.clear();
    offset.clear();
  }
};

/// A TableMove's fields without owning its entries (for moves an analysis keeps in flat arrays).
struct TableMoveView {
  TableMove::Kind kind = TableMove::Kind::kAffine;
  bool logit = false;
  double origin = 0;
  std::span<const uint32_t> index;
  std::span<const double> slope, offset;
};

/// Every parameter's TableMove in flat arrays: parameter p's entries are [begin, begin + count) of
/// index/slope/offset (offset 0 in affine moves). `least` is the smallest current entry of the table
/// that the move changes (both entries of a logistic column; the whole table for kUnknown), +infinity
/// when it changes none: where it is (nearly) 0, a derivative P(x,u|e)/θ is not known from family
/// marginals (cruxes). A NaN entry makes it NaN.
struct TableMoves {
  struct Header {
    TableMove::Kind kind = TableMove::Kind::kAffine;
    bool logit = false;
    double origin = 0;
    size_t begin = 0, count = 0;
    double least = std::numeric_limits<double>::infinity();
  };
  std::vector<Header> headers;  ///< one per parameter
  std::vector<uint32_t> index;
  std::vector<double> slope, offset;

  void Clear() {
    headers.clear();
    index.clear();
    slope.clear();
    offset.clear();
  }
  /// The `least` of `move` of `table` (its family's current table).
  static double Least(const TableMove& move, std::span<const double> table) {
    double least = std::numeric_limits<double>::infinity();
    auto at = [&](size_t i) {
      if (table[i] != table[i] || table[i] < least) least = table[i];  // a NaN stays
    };
    if (move.kind == TableMove::Kind::kUnknown) {
      for (size_t i = 0; i < table.size(); ++i) at(i);
    }
    for (uint32_t i : move.index) {
      if (move.kind == TableMove::Kind::kLogistic) {
        at(2 * size_t{i});
        at(2 * size_t{i} + 1);
      } else {
        at(i);
      }
    }
    return least;
  }
  /// Appends a move of `table` (its family's current table) as the next parameter's.
  void Add(const TableMove& move, std::span<const double> table) {
    headers.push_back({move.kind, move.logit, move.origin, index.size(), move.index.size(), Least(move, table)});
    index.insert(index.end(), move.index.begin(), move.index.end());
    slope.insert(slope.end(), move.slope.begin(), move.slope.end());
    offset.insert(offset.end(), move.offset.begin(), move.offset.end());
    offset.resize(index.size(), 0.0);  // affine moves have no offsets
  }
  /// Replaces parameter p's move by `move` of `table`, which must have as many entries; false (and
  /// nothing changed) when it has not.
  bool Replace(size_t p, const TableMove& move, std::span<const double> table) {
    Header& h = headers[p];
    if (move.index.size() != h.count) return false;
    h = {move.kind, move.logit, move.origin, h.begin, h.count, Least(move, table)};
    std::copy(move.index.begin(), move.index.end(), index.begin() + static_cast<std::ptrdiff_t>(h.begin));
    std::copy(move.slope.begin(), move.slope.end(), slope.begin() + static_cast<std::ptrdiff_t>(h.begin));
    for (size_t k = 0; k < h.count; ++k) offset[h.begin + k] = move.offset.empty() ? 0.0 : move.offset[k];
    return true;
  }
  /// Parameter p's move.
  TableMoveView View(size_t p) const {
    const Header& h = headers[p];
    return {h.kind, h.logit, h.origin, {index.data() + h.begin, h.count}, {slope.data() + h.begin, h.count},
            {offset.data() + h.begin, h.count}};
  }
};

/// An argument compiled into a network, with the binding of every parameter to its one family.
class CompiledArgument {
 public:
  Network network;
  std::vector<int> claim_variable;    ///< claim index -> variable index
  std::vector<int> parameter_family;  ///< parameter index -> the variable whose table it enters
  int conclusion = -1;                ///< variable of the argument's conclusion, -1 when none

  /// Every parameter as ListParameters(argument) lists it, with its value as currently compiled. The
  /// list is made on the first call (evaluating never needs the names); calls may come from several
  /// threads at once, but not while SetParameterValue runs.
  const std::vector<Parameter>& parameters() const;
  /// The number of parameters, and parameter p's current value, without making the list.
  size_t parameter_count() const { return values_.size(); }
  double parameter_value(size_t p) const { return values_[p]; }

  /// The variable of claim `id`, or -1.
  int ClaimVariable(std::string_view id) const;
  /// The index of the parameter called `name` in parameters(), or -1.
  int ParameterIndex(std::string_view name) const;
  /// Writes into `table` the table family parameter_family[p] would have with parameter p set to
  /// `value` (every other parameter as now). Allocation-free once `table` has the family's size.
  void FamilyTable(size_t p, double value, std::vector<double>& table) const;
  /// As above, returning the table.
  std::vector<double> FamilyTable(size_t p, double value) const;
  /// Sets parameter p to `value`: updates parameters[p].value and its family's table in `network`.
  void SetParameterValue(size_t p, double value);

  // How each family's table is computed from the argument's numbers. Public so that the object can
  // be copied freely; read it only through the functions above.
  struct Term {
    int parent = -1;             ///< position of the link's parent in the family's parents
    Relation relation = Relation::kSupports;
    double value = 1;            ///< strength (probability) or, for logistic, weight (log-odds)
    std::vector<std::pair<int, double>> undercuts;  ///< (position in parents, strength) scaling value
  };
  enum class RecipeKind { kRoot, kFull, kOrStep, kAndStep };
  struct Recipe {
    RecipeKind kind = RecipeKind::kRoot;
    Rule rule = Rule::kAll;
    int previous = -1;          ///< steps: position of the chain's previous variable in parents, or -1
    bool holds_leak = false;    ///< steps: this family carries the claim's leak
    bool holds_reliability = false;  ///< steps: this family carries the claim's reliability
    double credence = 0.5, reliability = 1, leak = 0, base = 0.5;
    std::vector<Term> terms;
    std::vector<double> rows;   ///< table rule: P(true) per column
  };
  enum class SlotKind { kCredence, kReliability, kLeak, kBase, kTerm, kUndercut, kRow };
  struct Slot {
    SlotKind kind = SlotKind::kCredence;
    int term = -1;   ///< kTerm/kUndercut: index into Recipe::terms
    int index = -1;  ///< kUndercut: index into Term::undercuts; kRow: column
  };
  std::vector<Recipe> recipes;  ///< recipes[v] computes network.families[v].table
  std::vector<Slot> slots;      ///< slots[p]: where parameter p sits in recipes[parameter_family[p]]

  /// How parameter p moves its family's table (TableMove): kLogistic for a logistic claim's base,
  /// weights and undercut strengths, kAffine for every other parameter (every other recipe is
  /// multilinear in its numbers: one evaluation per column with the number as a dual number gives the
  /// slopes).
  void Move(size_t p, TableMove& move) const;
  /// Every parameter's Move, into `moves` (parameter order). What the parameters of one family share
  /// (each column's parents' truth, a logistic column's weighted sum) is computed once per run of them.
  void Moves(TableMoves& moves) const;

  /// FamilyTable(p, value, table) using `scratch` for the recipe copy: allocation-free once `scratch`
  /// and `table` have held this family (for loops such as Monte Carlo).
  void FamilyTable(size_t p, double value, std::vector<double>& table, Recipe& scratch) const;

  /// Appends parameter p (the next one) as CompileArgument binds it: what parameters() needs to list
  /// it without the argument. `claim` and `from` are claim indices (variable i is named by claim i's
  /// id); `spelled` is a table row's name, or a link's `from` when it names no claim (from = -1).
  void AddParameter(ParameterKind kind, int claim, double value, int family, Slot slot, int from = -1, int row = -1,
                    std::string spelled = {});
  /// Room for `count` parameters in all (before adding them).
  void ReserveParameters(size_t count);
  /// Sets the interval of the parameter added last (a root's credence given as a range).
  void SetLastInterval(std::pair<double, double> interval) { intervals_.emplace_back(values_.size() - 1, interval); }

 private:
  struct Origin {
    ParameterKind kind = ParameterKind::kCredence;
    int claim = -1, from = -1, row = -1;
  };
  /// parameters(), made on first use. A copy carries the list when it is made.
  class Listed {
   public:
    Listed() = default;
    Listed(const Listed& other);
    Listed(Listed&& other) noexcept;
    Listed& operator=(const Listed& other);
    Listed& operator=(Listed&& other) noexcept;
    ~Listed() = default;
    /// The list, made by `make(list)` on the first call.
    template <class Make>
    const std::vector<Parameter>& Get(Make make) const {
      if (!made_.load(std::memory_order_acquire)) {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (!made_.load(std::memory_order_relaxed)) {
          make(list_);
          made_.store(true, std::memory_order_release);
        }
      }
      return list_;
    }
    /// The list when it is made, else null.
    std::vector<Parameter>* IfMade() { return made_.load(std::memory_order_acquire) ? &list_ : nullptr; }

   private:
    mutable std::mutex mutex_;
    mutable std::atomic<bool> made_{false};
    mutable std::vector<Parameter> list_;
  };
  std::vector<Origin> origins_;   ///< per parameter
  std::vector<double> values_;    ///< per parameter: its current value
  std::vector<std::pair<size_t, std::string>> spelled_;  ///< (parameter, AddParameter's `spelled`), in order
  std::vector<std::pair<size_t, std::pair<double, double>>> intervals_;  ///< (parameter, interval), in order
  Listed listed_;
};

/// Compiles `argument` (a model loaded without errors). Problems that make compilation impossible
/// (too many parents for a full table, an undercut of an any/logistic claim naming no link of it)
/// are diagnostics; the result is then incomplete.
CompiledArgument CompileArgument(const Argument& argument, Diagnostics& diagnostics,
                                 const CompileOptions& options = {});

/// Fills a binary family's table (2 entries per column, layout of network.h) from its recipe.
void FillRecipeTable(const CompiledArgument::Recipe& recipe, size_t parent_count, std::vector<double>& table);

}  // namespace argraph
