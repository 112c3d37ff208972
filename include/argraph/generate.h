// Generated debates: large, deterministic argument models for benchmarks and tests (`argraph gen`).
//
// Shape: a tree of claims grown breadth-first from the conclusion "claim-0"; a derived claim has
// 2 to 5 reasons, or (one in ten) 10 to max_fan_in; about shared_fraction of the claims are also used
// by a sibling sub-debate (a derived sibling of the claim, or else of its parent): shared premises.
// About 5% of links attack and 2% undercut; rules are mixed (any, all, and logistic for claims with
// at most 8 parents, since a logistic table has 2^k columns); leaves are root claims with a credence
// and a 90% interval around it.
// Invariants: the same options give the same argument on every platform (own generator, no
// std::distributions); the model satisfies model.h's invariants (acyclic: every link comes from a
// claim created later, breadth-first); it has exactly `claims` claims.
#pragma once

#include <cstddef>
#include <cstdint>

#include "argraph/model.h"

namespace argraph {

struct GenerateOptions {
  size_t claims = 1000;         ///< at least 1
  uint64_t seed = 1;
  size_t max_fan_in = 50;       ///< most links of one claim (at least 2)
  double shared_fraction = 0.05;  ///< fraction of claims that also support a sibling sub-debate
};

/// A generated debate with options.claims claims (ids "claim-0" ... ), conclusion "claim-0".
Argument GenerateDebate(const GenerateOptions& options);

}  // namespace argraph
