// The process's memory at its end. A 100,000-claim argument is hundreds of MB in millions of small
// blocks; freeing them one by one just before the process exits takes a tenth of `argraph eval`'s time,
// where the exit returns them all at once.
//
// Invariant: an object kept by KeepUntilExit is never used again; its memory goes back with the process.
#pragma once

#include <memory>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace argraph::cli {

/// Releases `object` without destroying it: the process's exit returns its memory at once. Only for an
/// object whose destruction would do nothing but free memory (no file, database or output to finish).
/// LeakSanitizer is told that the object (and everything it reaches) is kept on purpose.
template <class T>
void KeepUntilExit(std::unique_ptr<T> object) {
  T* const kept = object.release();
#if defined(__SANITIZE_ADDRESS__)
  __lsan_ignore_object(kept);
#endif
  static_cast<void>(kept);
}

}  // namespace argraph::cli
