// SHA-256 (FIPS 180-4), used for the content hash of stored argument versions. Private to src/store.
#pragma once

#include <string>
#include <string_view>

namespace argraph::store {

/// Incremental SHA-256: Update any number of times, then Hex once.
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  /// The digest as 64 lowercase hex digits. Call once; the object is spent afterwards.
  std::string Hex();

 private:
  void Block(const unsigned char* block);
  unsigned int state_[8];
  unsigned char buffer_[64];
  size_t buffered_ = 0;
  unsigned long long length_ = 0;  ///< bytes hashed so far
};

}  // namespace argraph::store
