// Claim positions by id in constant time, for code that looks up many ids in one argument (compiling,
// applying a profile, checking profiles). Argument::FindClaim and ClaimIndex are linear scans, right for
// a single look-up; a ClaimLookup costs one pass to build and then a hash look-up per id.
// Invariant: it describes the claims of one Argument as they were when it was built, and stays valid
// while no claim is added, removed, reordered or renamed (changing any other field keeps it valid);
// it holds views into the claims' ids, so the Argument must outlive it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "argraph/model.h"

namespace argraph {

class ClaimLookup {
 public:
  explicit ClaimLookup(const Argument& argument);
  /// The index in `claims` of the first claim with this id, or -1 (as Argument::ClaimIndex).
  int Index(std::string_view id) const;
  /// True when two claims share an id (an invalid model): Index then names the first only.
  bool has_duplicates() const { return has_duplicates_; }

 private:
  // One flat open-addressing table (linear probing, at most half full): a slot holds the upper half
  // of an id's hash, so most mismatches are rejected without touching the id, and the claim's index
  // (-1: empty). The ids themselves are compared through ids_, one view per claim.
  struct Slot {
    uint32_t hash = 0;
    int32_t index = -1;
  };
  std::vector<Slot> slots_;
  std::vector<std::string_view> ids_;
  size_t mask_ = 0;
  bool has_duplicates_ = false;
};

}  // namespace argraph
