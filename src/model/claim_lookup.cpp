// Claim positions by id (claim_lookup.h).
#include "argraph/claim_lookup.h"

#include <functional>

namespace argraph {

ClaimLookup::ClaimLookup(const Argument& argument) {
  const size_t n = argument.claims.size();
  size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  ids_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const std::string_view id = argument.claims[i].id;
    ids_.push_back(id);
    const size_t hash = std::hash<std::string_view>{}(id);
    const uint32_t tag = static_cast<uint32_t>(static_cast<uint64_t>(hash) >> 32);
    for (size_t s = hash & mask_;; s = (s + 1) & mask_) {
      Slot& slot = slots_[s];
      if (slot.index < 0) {
        slot = {tag, static_cast<int32_t>(i)};
        break;
      }
      if (slot.hash == tag && ids_[static_cast<size_t>(slot.index)] == id) {
        has_duplicates_ = true;  // the first claim keeps the id
        break;
      }
    }
  }
}

int ClaimLookup::Index(std::string_view id) const {
  const size_t hash = std::hash<std::string_view>{}(id);
  const uint32_t tag = static_cast<uint32_t>(static_cast<uint64_t>(hash) >> 32);
  for (size_t s = hash & mask_;; s = (s + 1) & mask_) {
    const Slot& slot = slots_[s];
    if (slot.index < 0) return -1;
    if (slot.hash == tag && ids_[static_cast<size_t>(slot.index)] == id) return slot.index;
  }
}

}  // namespace argraph
