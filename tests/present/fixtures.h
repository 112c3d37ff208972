// Small helpers that build argument models in memory for the presentation tests.
#pragma once

#include <optional>
#include <string>

#include "argraph/model.h"

namespace argraph::test {

/// A link from `from` with the given relation and strength (absent = default 1).
inline Link MakeLink(std::string from, Relation relation = Relation::kSupports,
                     std::optional<double> strength = {}) {
  Link link;
  link.from = std::move(from);
  link.relation = relation;
  link.strength = strength;
  return link;
}

/// A root claim with its prior.
inline Claim Root(std::string id, std::string text, double credence) {
  Claim claim;
  claim.id = std::move(id);
  claim.text = std::move(text);
  claim.credence = credence;
  return claim;
}

}  // namespace argraph::test
