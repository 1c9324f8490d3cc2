/* hash_index.c: allocating and growing the open-addressing index (see
 * hash_index.h). */
#include "store/hash_index.h"

#include <string.h>

#include "healthgap/memory.h"

enum { FIRST_SLOTS = 1024 };

/* Zeroed slots.  A big table (a million rows' keys is 16 MB) is put on
 * transparent huge pages (healthgap/memory.h): every row probes one random
 * slot, and with 4 KiB pages that is a TLB miss per row as well as a cache
 * miss.  Aborts on allocation failure, like g_new0. */
static hg_slot *new_slots(size_t n) {
  hg_slot *p = hg_mem_new_large(n, sizeof(hg_slot));
  memset(p, 0, n * sizeof *p);
  return p;
}

void hg_index_init(hg_index *x) {
  x->slots = new_slots(FIRST_SLOTS);
  x->mask = FIRST_SLOTS - 1;
  x->used = 0;
}

void hg_index_free(hg_index *x) {
  if (x->slots)
    g_free(x->slots);
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
  g_free(old);
}

void hg_index_fill(hg_index *x, hg_slot *s, guint32 hash, guint32 id1) {
  s->hash = hash;
  s->id1 = id1;
  if (++x->used > x->mask / 2)
    grow(x);
}
