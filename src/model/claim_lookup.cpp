// Claim positions by id (claim_lookup.h).
#include "argraph/claim_lookup.h"

#include <algorithm>
#include <array>
#include <functional>

namespace argraph {
namespace {

/// Calls use(i, hash of id(i)) for i in [0, count), the hashes of a batch of ids computed first and
/// their table slots (slots[hash & mask]) fetched ahead, so that one id's memory latency hides behind
/// the others'.
template <class Slot, class IdOf, class Use>
void InBatches(size_t count, const Slot* slots, size_t mask, IdOf id, Use use) {
  constexpr size_t kBatch = 32;
  std::array<size_t, kBatch> hashes;
  for (size_t first = 0; first < count; first += kBatch) {
    const size_t size = std::min(kBatch, count - first);
    for (size_t k = 0; k < size; ++k) {
      hashes[k] = std::hash<std::string_view>{}(id(first + k));
      __builtin_prefetch(&slots[hashes[k] & mask]);
    }
    for (size_t k = 0; k < size; ++k) use(first + k, hashes[k]);
  }
}

}  // namespace

template <class IdOf>
void ClaimLookup::Build(size_t n, IdOf id) {
  size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  size_t chars = 0;
  for (size_t i = 0; i < n; ++i) chars += id(i).size();
  chars_.reserve(chars);
  end_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    chars_.append(id(i));
    end_.push_back(chars_.size());
  }
  InBatches(
      n, slots_.data(), mask_, [&](size_t i) { return Id(i); }, [&](size_t i, size_t hash) { Insert(i, hash); });
}

ClaimLookup::ClaimLookup(const Argument& argument) {
  Build(argument.claims.size(), [&](size_t i) -> std::string_view { return argument.claims[i].id; });
}

ClaimLookup::ClaimLookup(std::span<const std::string_view> ids) {
  Build(ids.size(), [&](size_t i) { return ids[i]; });
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
  InBatches(
      ids.size(), slots_.data(), mask_, [&](size_t i) { return ids[i]; },
      [&](size_t i, size_t hash) { out[i] = Find(ids[i], hash); });
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
