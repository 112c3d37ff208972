// The process's memory set up for one large run (heap.h).
#include "cli/heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace argraph::cli {

void PrepareHeap() {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  constexpr size_t kReserve = size_t{1} << 30;
  // Blocks under the mmap threshold (glibc's largest, 32 MiB) come from the heap, which grows by the
  // request plus M_TOP_PAD; with the pad at kReserve the heap grows once and is never trimmed.
  if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 0 || mallopt(M_TOP_PAD, static_cast<int>(kReserve)) == 0) return;
  char* const before = static_cast<char*>(sbrk(0));
  // More than the young heap has free: it grows now, by kReserve.
  void* volatile probe = std::malloc(size_t{1} << 20);
  std::free(probe);
  char* const after = static_cast<char*>(sbrk(0));
  if (before == reinterpret_cast<char*>(-1) || after <= before) return;  // the heap is not one brk area
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t start = (reinterpret_cast<uintptr_t>(before) + page - 1) / page * page;
  // Advice only: where transparent huge pages are off, the heap works as before.
  madvise(reinterpret_cast<void*>(start), reinterpret_cast<uintptr_t>(after) - start, MADV_HUGEPAGE);
#endif
}

}  // namespace argraph::cli
