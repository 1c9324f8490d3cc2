/* hash_index.c: allocating and growing the open-addressing index (see
 * hash_index.h). */
#include "store/hash_index.h"

#include <stdlib.h>
#include <sys/mman.h>

enum { FIRST_SLOTS = 1024 };
#define HUGE_PAGE ((size_t)2 << 20)

/* Zeroed slots.  A big table (a million rows' keys is 16 MB) is put on
 * transparent huge pages where the system offers them: every row probes one
 * random slot, and with 4 KiB pages that is a TLB miss per row as well as a
 * cache miss.  Aborts on allocation failure, like g_new0. */
static hg_slot *new_slots(size_t n) {
  size_t bytes = n * sizeof(hg_slot);
#ifdef MADV_HUGEPAGE
  if (bytes >= HUGE_PAGE) {
    void *p = NULL;
    if (posix_memalign(&p, HUGE_PAGE, bytes) != 0)
      g_error("hash_index: out of memory for %zu bytes", bytes);
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: failure is harmless */
    memset(p, 0, bytes);
    return p;
  }
#endif
  return g_new0(hg_slot, n);
}

/* posix_memalign memory is released with free(), g_new0's with g_free():
 * the same allocator since GLib 2.46, but kept apart anyway. */
static void free_slots(hg_slot *slots, size_t n) {
#ifdef MADV_HUGEPAGE
  if (n * sizeof(hg_slot) >= HUGE_PAGE) {
    free(slots);
    return;
  }
#endif
  g_free(slots);
}

void hg_index_init(hg_index *x) {
  x->slots = new_slots(FIRST_SLOTS);
  x->mask = FIRST_SLOTS - 1;
  x->used = 0;
}

void hg_index_free(hg_index *x) {
  if (x->slots)
    free_slots(x->slots, x->mask + 1);
  x->slots = NULL;
}

static void grow(hg_index *x) {
  size_t old_n = x->mask + 1, n = old_n * 2;
  hg_slot *old = x->slots;
  x->slots = new_slots(n);
  x->mask = n - 1;
  for (size_t j = 0; j < old_n; j++) {
    if (!old[j].id1)
      continue;
    hg_slot *s = hg_index_first(x, old[j].hash);
    while (s->id1)
      s = hg_index_next(x, s);
    *s = old[j];
  }
  free_slots(old, old_n);
}

void hg_index_fill(hg_index *x, hg_slot *s, guint32 hash, guint32 id1) {
  s->hash = hash;
  s->id1 = id1;
  if (++x->used > x->mask / 2)
    grow(x);
}
