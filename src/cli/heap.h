// The process's memory, set up for one large run. A 100,000-claim argument is hundreds of MB in
// millions of small blocks: the first touch of each fresh 4 KiB page of the heap is a page fault (a
// third of `argraph eval`'s time on it, where a long-running program that had warmed its heap up would
// pay none), and freeing the blocks one by one at the end takes a tenth.
//
// Invariants: PrepareHeap changes where and how malloc gets memory, never what a program computes;
// an object kept by KeepUntilExit is never used again and its memory goes back with the process.
#pragma once

#include <memory>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace argraph::cli {

/// Reserves malloc's heap in one step of 1 GiB of address space (untouched pages cost nothing) and
/// asks for transparent huge pages on it (madvise), so that a fresh 2 MiB of heap is one page fault,
/// not 512. Call first in main, before anything allocates much. Does nothing under the sanitizers,
/// whose allocators do not use malloc's heap, nor where transparent huge pages are off. The cost: the
/// heap is never trimmed, so blocks freed early (a vector's smaller buffers as it grew) stay resident
/// (peak RSS on the 100,000-claim debate 300 -> 362 MB).
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
