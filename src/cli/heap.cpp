// The process's memory set up for one large run (heap.h).
#include "cli/heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

namespace argraph::cli {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;  // the sanitizers' allocators do not use malloc's heap
#else
constexpr bool kSanitized = false;
#endif

/// Whether the kernel gives transparent huge pages to memory that asks for them (madvise).
bool HugePagesOffered() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  return std::getline(in, modes) && modes.find("[never]") == std::string::npos;
}

}  // namespace

void PrepareHeap() {
  // Without huge pages the reserve would only keep freed blocks from going back to the system.
  if (kSanitized || !HugePagesOffered()) return;
  constexpr size_t kReserve = size_t{1} << 30;
  // The heap grows by the request plus M_TOP_PAD and is trimmed down to the pad only: with the pad at
  // kReserve it grows once and is never trimmed. Every block it can hold comes from it; malloc maps a
  // block of its own only when the heap is short, and then only above M_MMAP_THRESHOLD (at glibc's
  // largest, 32 MiB).
  if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 0 || mallopt(M_TOP_PAD, static_cast<int>(kReserve)) == 0) return;
  char* const before = static_cast<char*>(sbrk(0));
  // More than the young heap has free: it grows now, by kReserve.
  void* volatile probe = std::malloc(size_t{1} << 20);
  std::free(probe);
  char* const after = static_cast<char*>(sbrk(0));
  if (before == reinterpret_cast<char*>(-1) || after <= before) return;  // the heap is not one brk area
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t start = (reinterpret_cast<uintptr_t>(before) + page - 1) / page * page;
  // Advice only: where the kernel has no huge page to give, the heap works with small ones.
  madvise(reinterpret_cast<void*>(start), reinterpret_cast<uintptr_t>(after) - start, MADV_HUGEPAGE);
}

}  // namespace argraph::cli
