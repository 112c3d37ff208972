// Comparing two parameter settings (two profiles, or two files with the same parameters): both values of
// P(target | e), their difference, and its Shapley attribution to the parameters that differ.
// The Shapley value of parameter i is the average, over all orders of switching the differing parameters
// from A's value to B's, of the change in P(target | e) when i is switched. Exact (all 2^k subsets,
// one query each, visited in Gray-code order so each step switches one parameter) for k <= max_exact;
// beyond, the average over `permutations` random orders with its standard error.
// Invariant: the attributions sum to credence_b − credence_a (exactly, up to rounding, in both methods:
// every order's contributions telescope).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "argraph/evaluator.h"

namespace argraph {

struct CompareOptions {
  size_t max_exact = 16;       ///< differing parameters up to which Shapley values are exact
  size_t permutations = 2000;  ///< random orders when sampling
  uint64_t seed = 1;
};

struct Attribution {
  std::string name;
  double a = 0, b = 0;        ///< the parameter's value under A and B
  double shapley = 0;         ///< its share of credence_b − credence_a
  double standard_error = 0;  ///< 0 when exact
};

struct ClaimDifference {
  std::string id;
  double a = 0, b = 0;  ///< P(claim | e) under A and under B
};

struct Comparison {
  bool possible = true;  ///< false when the evidence is impossible under A, B or a mixture
  double credence_a = 0, credence_b = 0, difference = 0;
  std::string method;  ///< "exact" or "sampled"
  size_t permutations = 0;
  std::vector<Attribution> attribution;  ///< differing parameters, largest |shapley| first
  std::vector<ClaimDifference> claims;   ///< visible variables, largest |b − a| first
};

/// Compares the evaluator's current parameters (A) with `b_values` (B; one value per parameter, same
/// order).
Comparison Compare(const Evaluator& a, const std::vector<double>& b_values, const Target& target,
                   const Evidence& evidence, const CompareOptions& options = {});

}  // namespace argraph
