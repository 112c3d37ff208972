// Claim positions by id (claim_lookup.h).
#include "argraph/claim_lookup.h"

#include <algorithm>
#include <array>
#include <functional>

namespace argraph {

ClaimLookup::ClaimLookup(const Argument& argument) {
  const size_t n = argument.claims.size();
  size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  size_t chars = 0;
  for (const Claim& claim : argument.claims) chars += claim.id.size();
  chars_.reserve(chars);
  end_.reserve(n);
  for (const Claim& claim : argument.claims) {
    chars_.append(claim.id);
    end_.push_back(chars_.size());
  }
  // Hashes for a batch of ids first, their slots fetched ahead of the inserts (as Indices does).
  constexpr size_t kBatch = 32;
  std::array<size_t, kBatch> hashes;
  for (size_t first = 0; first < n; first += kBatch) {
    const size_t count = std::min(kBatch, n - first);
    for (size_t k = 0; k < count; ++k) {
      hashes[k] = std::hash<std::string_view>{}(Id(first + k));
      __builtin_prefetch(&slots_[hashes[k] & mask_]);
    }
    for (size_t k = 0; k < count; ++k) Insert(first + k, hashes[k]);
  }
}

void ClaimLookup::Insert(size_t i, size_t hash) {
  const std::string_view id = Id(i);
  const uint32_t tag = static_cast<uint32_t>(static_cast<uint64_t>(hash) >> 32);
  for (size_t s = hash & mask_;; s = (s + 1) & mask_) {
    Slot& slot = slots_[s];
    if (slot.index < 0) {
      slot = {tag, static_cast<int32_t>(i)};
      return;
    }
    if (slot.hash == tag && Id(static_cast<size_t>(slot.index)) == id) {
      has_duplicates_ = true;  // the first claim keeps the id
      return;
    }
  }
}

int ClaimLookup::Index(std::string_view id) const { return Find(id, std::hash<std::string_view>{}(id)); }

void ClaimLookup::Indices(std::span<const std::string_view> ids, std::span<int> out) const {
  constexpr size_t kBatch = 32;
  std::array<size_t, kBatch> hashes;
  for (size_t first = 0; first < ids.size(); first += kBatch) {
    const size_t count = std::min(kBatch, ids.size() - first);
    for (size_t k = 0; k < count; ++k) {
      hashes[k] = std::hash<std::string_view>{}(ids[first + k]);
      __builtin_prefetch(&slots_[hashes[k] & mask_]);
    }
    for (size_t k = 0; k < count; ++k) out[first + k] = Find(ids[first + k], hashes[k]);
  }
}

int ClaimLookup::Find(std::string_view id, size_t hash) const {
  const uint32_t tag = static_cast<uint32_t>(static_cast<uint64_t>(hash) >> 32);
  for (size_t s = hash & mask_;; s = (s + 1) & mask_) {
    const Slot& slot = slots_[s];
    if (slot.index < 0) return -1;
    if (slot.hash == tag && Id(static_cast<size_t>(slot.index)) == id) return slot.index;
  }
}

}  // namespace argraph
