// Claim positions by id (claim_lookup.h).
#include "argraph/claim_lookup.h"

namespace argraph {

ClaimLookup::ClaimLookup(const Argument& argument) {
  index_.reserve(argument.claims.size());
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    if (!index_.emplace(argument.claims[i].id, static_cast<int>(i)).second) has_duplicates_ = true;
  }
}

int ClaimLookup::Index(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second;
}

}  // namespace argraph
