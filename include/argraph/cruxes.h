// Cruxes: which parameters and claims P(target | e) hinges on (DESIGN.md section 5, docs/semantics.md).
// Everything comes from two propagations sharing one collect (Evaluator::PropagatePair): e ∧ target
// with every family marginal, and e (with them too only when e is not empty: without evidence P(e) = 1
// whatever the parameters). Every derivative is a family marginal over its entry, except for the
// families where a parameter moves an entry that is (nearly) 0, computed exactly in the same
// propagation (JunctionTree::PropagateWithDerivatives). Each parameter's one-way function is then the
// closed form of MoveFunction over the entries it moves (sensitivity.h), from the moves the evaluator
// keeps in step with the parameters (Evaluator::Moves); nothing else runs inference and no table is
// rebuilt.
//
// A report's names are views of its evaluator's parameter and variable names (a report of 20,000
// parameters copies no string): it must not outlive the evaluator it was made from.
//
// Invariants: `parameters` and `claims` are sorted by swing, largest first; every number is finite;
// probabilities except mutual_information (bits) and derivatives (per unit of the parameter: a
// probability or a log-odds weight).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "argraph/evaluator.h"

namespace argraph {

struct ParameterCrux {
  std::string_view name;  ///< the evaluator's name of the parameter
  double value = 0;
  double low = 0, high = 0;               ///< the tornado interval (TornadoInterval)
  bool default_interval = false;          ///< the interval is the documented default, not given in the file
  double derivative = 0;                  ///< dP(target|e)/d(parameter) at its value
  std::optional<double> at_low, at_high;  ///< P(target|e) at the ends; nullopt where e becomes impossible
  std::optional<double> flip_at;          ///< the parameter value where P(target|e) crosses the threshold
  double swing() const;                   ///< |at_high − at_low| (0 when either is unknown)
};

struct ClaimCrux {
  std::string_view id;  ///< the evaluator's name of the claim's variable
  std::optional<double> if_true, if_false;  ///< P(target | claim, e), P(target | not claim, e)
  double mutual_information = 0;            ///< bits
  double expected_shift = 0;
  std::optional<double> jeffrey_flip;  ///< credence of the claim at which the target flips
  double swing() const;                ///< |if_true − if_false| (0 when either is unknown)
};

struct CruxReport {
  bool possible = true;  ///< false when the evidence is impossible (nothing else is filled)
  double credence = 0;   ///< P(target | e)
  double threshold = 0.5;
  std::vector<ParameterCrux> parameters;
  std::vector<ClaimCrux> claims;
  int propagations = 0;  ///< how many propagations the analysis took
};

/// The tornado interval of a parameter: its given interval; else for a probability [0.05, 0.95]
/// widened to contain the value; for a log-odds weight value ± 1. Second: true when defaulted.
std::pair<std::pair<double, double>, bool> TornadoInterval(const Parameter& parameter);

/// The values a parameter may take when searching for a flip: [0,1] for a probability, value ± 10
/// (at least [−10, 10]) for a log-odds weight.
std::pair<double, double> ParameterDomain(const Parameter& parameter);

/// The order ranking `swings` largest first, ties (and NaN, ranked as 0) in index order: the stable
/// sort by −swing, for swings ≥ 0.
std::vector<uint32_t> RankBySwing(const std::vector<double>& swings);

/// Every parameter's and every visible claim's crux data for P(target | evidence), ranked by swing.
/// Leaves `evaluator` as it found it.
CruxReport Cruxes(Evaluator& evaluator, const Target& target, const Evidence& evidence, double threshold);

}  // namespace argraph
