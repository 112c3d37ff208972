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

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "argraph/diagnostic.h"

namespace argraph {

struct Variable {
  std::string name;
  std::vector<std::string> states;  ///< a claim's are {"true", "false"} (state 0 is "true")
  bool hidden = false;              ///< an auxiliary variable added by compilation, not shown to users
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
