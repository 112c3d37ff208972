// The process's memory, set for one run over a large input. A 100,000-claim argument is hundreds of
// MB in millions of small blocks. By default malloc gives large blocks (the loader's text and tables)
// mappings of their own and unmaps them when freed, and trims the heap, so the memory the loader frees is
// returned to the system and the compiler and the junction tree then fault in fresh pages (a fault per
// 4 KiB, a third of their first run's time); and freeing every block one by one just before the
// process exits takes a tenth of `argraph eval`'s time, where the exit returns them all at once.
//
// Invariants: PrepareHeap changes where malloc takes memory from, never what a program computes; an
// object kept by KeepUntilExit is never used again, its memory goes back with the process.
#pragma once

#include <memory>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace argraph::cli {

/// Makes malloc's heap grow in steps of 1 GiB of address space (pages cost nothing until touched),
/// never shrink, and serve every block it has room for: memory freed by one stage is reused by the next
/// rather than returned and faulted in again. The cost: what is freed stays resident (peak RSS of the
/// 100,000-claim eval 293 -> 326 MB). Call first in main.
void PrepareHeap();

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
