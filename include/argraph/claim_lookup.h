// Claim positions by id in constant time, for code that looks up many ids in one argument (compiling,
// validating, applying a profile, checking profiles). Argument::FindClaim and ClaimIndex are linear
// scans, right for a single look-up; a ClaimLookup costs one pass to build and then a hash look-up per
// id. It can also be built over any list of ids (the loader finds a large YAML map's repeated keys so).
// Invariant: it describes the claims of one Argument (or the list) as they were when it was built, and
// stays valid while no claim is added, removed, reordered or renamed (changing any other field keeps it
// valid). It keeps its own copy of the ids, so it does not refer to the Argument after it is built.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "argraph/model.h"

namespace argraph {

class ClaimLookup {
 public:
  explicit ClaimLookup(const Argument& argument);
  /// The same for any list of ids (a YAML map's keys, say): Index gives positions in `ids`.
  explicit ClaimLookup(std::span<const std::string_view> ids);
  /// The index in `claims` of the first claim with this id, or -1 (as Argument::ClaimIndex).
  int Index(std::string_view id) const;
  /// Index of each of `ids` into `out` (as many), faster than one call each for many ids: the table
  /// is read for a batch of ids at a time, so the memory latency of one hides behind the others.
  void Indices(std::span<const std::string_view> ids, std::span<int> out) const;
  /// True when two claims share an id (an invalid model): Index then names the first only.
  bool has_duplicates() const { return has_duplicates_; }

 private:
  // One flat open-addressing table (linear probing, at most half full): a slot holds the upper half
  // of an id's hash, so most mismatches are rejected without touching the id, and the claim's index
  // (-1: empty). The ids are compared in chars_, all of them end to end (claim i's ends at end_[i]):
  // a few megabytes at most, where the claims' own ids lie scattered over the whole argument.
  struct Slot {
    uint32_t hash = 0;
    int32_t index = -1;
  };
  /// Keeps the ids of `count` claims, id(i) giving claim i's, and enters them.
  template <class IdOf>
  void Build(size_t count, IdOf id);
  /// Enters claim i, whose id's std::hash is `hash` (ids are entered in claim order).
  void Insert(size_t i, size_t hash);
  /// Index of `id`, whose std::hash is `hash`.
  int Find(std::string_view id, size_t hash) const;
  std::string_view Id(size_t i) const {
    const size_t begin = i == 0 ? 0 : end_[i - 1];
    return {chars_.data() + begin, end_[i] - begin};
  }
  std::vector<Slot> slots_;
  std::string chars_;
  std::vector<size_t> end_;
  size_t mask_ = 0;
  bool has_duplicates_ = false;
};

}  // namespace argraph
