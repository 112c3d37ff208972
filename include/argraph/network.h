// A discrete Bayesian network: variables with named states and one conditional probability table
// (family) per variable. Argument files compile into one (compile.h); BIF/XMLBIF files load into one.
//
// Invariants of a valid network:
//  (1) families[v].child == v for every variable v, and the parent graph is acyclic;
//  (2) a family's table has states(child) * Π states(parent) entries, laid out with the child's state
//      fastest, then the LAST parent, ..., the FIRST parent slowest:
//        index = ((p0 * n1 + p1) * n2 + p2) * n_child + x
//  (3) every entry is a probability and each column (fixed parent assignment) sums to 1 within 1e-9.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "argraph/diagnostic.h"

namespace argraph {

/// A variable's state names, read like a const std::vector<std::string>. A claim's {"true", "false"}
/// (Binary()) is one list shared by every variable that has it, so a compiled argument allocates none
/// per variable; any other list is the variable's own. Changing a shared list first makes it its own.
class StateNames {
 public:
  StateNames() = default;
  StateNames(std::vector<std::string> names) : own_(std::move(names)) {}  // NOLINT: stands for that vector
  StateNames(std::initializer_list<std::string> names) : own_(names) {}
  /// {"true", "false"} (state 0 is "true"), shared: copies allocate nothing.
  static StateNames Binary();

  /// The names as a vector (the shared list or this variable's own).
  const std::vector<std::string>& names() const { return shared_ != nullptr ? *shared_ : own_; }
  operator const std::vector<std::string>&() const { return names(); }  // NOLINT: reads as the vector
  size_t size() const { return names().size(); }
  bool empty() const { return names().empty(); }
  const std::string& operator[](size_t i) const { return names()[i]; }
  std::vector<std::string>::const_iterator begin() const { return names().begin(); }
  std::vector<std::string>::const_iterator end() const { return names().end(); }
  const std::string& front() const { return names().front(); }
  const std::string& back() const { return names().back(); }

  /// Changes (the list becomes this variable's own first).
  void push_back(std::string name) { Own().push_back(std::move(name)); }
  template <class... Args>
  std::string& emplace_back(Args&&... args) {
    return Own().emplace_back(std::forward<Args>(args)...);
  }
  std::string& back() { return Own().back(); }

  friend bool operator==(const StateNames& a, const StateNames& b) { return a.names() == b.names(); }
  friend bool operator==(const StateNames& a, const std::vector<std::string>& b) { return a.names() == b; }

 private:
  std::vector<std::string>& Own();
  const std::vector<std::string>* shared_ = nullptr;  ///< the shared list, or null: own_ holds the names
  std::vector<std::string> own_;
};

struct Variable {
  std::string name;
  StateNames states;    ///< a claim's are StateNames::Binary(), {"true", "false"} (state 0 is "true")
  bool hidden = false;  ///< an auxiliary variable added by compilation, not shown to users
  SourceLocation location;
};

struct Family {
  int child = -1;
  std::vector<int> parents;
  std::vector<double> table;  ///< probabilities, layout as in invariant (2)
  SourceLocation location;
};

struct Network {
  std::string name;
  std::vector<Variable> variables;
  std::vector<Family> families;  ///< families[v] is the CPT of variable v

  /// The index of the variable called `name`, or -1.
  int FindVariable(std::string_view name) const;
  /// Π of the parents' state counts: the number of columns of variable v's table.
  size_t ColumnCount(int v) const;
};

/// Hard evidence: (variable, state) pairs.
using Evidence = std::vector<std::pair<int, int>>;

/// Checks the invariants; reports each violation as a diagnostic at the family's location.
/// Columns off by at most `normalize_tolerance` are renormalised (and reported as a note once per
/// network); columns further off are errors.
void ValidateNetwork(Network& network, Diagnostics& diagnostics, double normalize_tolerance = 1e-6);

}  // namespace argraph
