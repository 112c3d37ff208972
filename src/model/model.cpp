// Look-ups on the argument model.
#include "argraph/model.h"

namespace argraph {

const char* RuleName(Rule rule) {
  switch (rule) {
    case Rule::kAll: return "all";
    case Rule::kAny: return "any";
    case Rule::kLogistic: return "logistic";
    case Rule::kTable: return "table";
  }
  return "all";
}

const char* RelationName(Relation rel) {
  switch (rel) {
    case Relation::kSupports: return "supports";
    case Relation::kAttacks: return "attacks";
    case Relation::kUndercuts: return "undercuts";
  }
  return "supports";
}

int Argument::ClaimIndex(std::string_view claim_id) const {
  for (size_t i = 0; i < claims.size(); ++i) {
    if (claims[i].id == claim_id) return static_cast<int>(i);
  }
  return -1;
}

const Claim* Argument::FindClaim(std::string_view claim_id) const {
  int i = ClaimIndex(claim_id);
  return i < 0 ? nullptr : &claims[static_cast<size_t>(i)];
}

Claim* Argument::FindClaim(std::string_view claim_id) {
  int i = ClaimIndex(claim_id);
  return i < 0 ? nullptr : &claims[static_cast<size_t>(i)];
}

const Profile* Argument::FindProfile(std::string_view name) const {
  for (const Profile& p : profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace argraph
