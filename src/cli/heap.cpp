// The process's memory, set for one run over a large input (heap.h).
#include "cli/heap.h"

#include <malloc.h>

namespace argraph::cli {

void PrepareHeap() {
  // The heap grows by the request plus M_TOP_PAD and is trimmed down to the pad only, so with a pad of
  // 1 GiB it is not trimmed; a block comes from it whenever it has room, and otherwise gets a mapping
  // of its own only above M_MMAP_THRESHOLD (32 MiB, the most glibc's own adjustment would reach). Each
  // setting also stops glibc from adjusting the thresholds itself. Sanitizer runtimes ignore both.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TOP_PAD, 1 << 30);
}

}  // namespace argraph::cli
