/* memory.c: huge-page advice for large buffers (see healthgap/memory.h). */
#include "healthgap/memory.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

enum { HUGE_PAGE = 2 << 20 };

/* madvise(advice) over the whole units (a power of two) inside [p, p + len),
 * if any; refusal is not an error: the advice is only advice. */
G_GNUC_UNUSED static void advise_inside(void *p, size_t len, uintptr_t unit, int advice) {
  if (!p)
    return;
  uintptr_t a = ((uintptr_t)p + unit - 1) & ~(unit - 1);
  uintptr_t b = ((uintptr_t)p + len) & ~(unit - 1);
  if (b > a)
    (void)madvise((void *)a, b - a, advice);
}

void hg_mem_huge(void *p, size_t len) {
#ifdef MADV_HUGEPAGE
  advise_inside(p, len, HUGE_PAGE, MADV_HUGEPAGE);
#else
  (void)p;
  (void)len;
#endif
}

void hg_mem_populate(void *p, size_t len) {
#ifdef __linux__
  enum { POPULATE_WRITE = 23 }; /* MADV_POPULATE_WRITE, where the headers lack it */
  long page = sysconf(_SC_PAGESIZE);
  if (page > 0)
    advise_inside(p, len, (uintptr_t)page, POPULATE_WRITE);
#else
  (void)p;
  (void)len;
#endif
}

void *hg_mem_new_large(size_t n, size_t size) {
  if (n && size > SIZE_MAX / n)
    g_error("hg_mem_new_large: %zu * %zu bytes overflows", n, size);
  size_t bytes = (n ? n : 1) * size;
  /* Such an array is written through: present at once (hg_mem_populate),
   * not a fault a page. */
  if (bytes < (size_t)HUGE_PAGE / 2) {
    void *small = g_malloc(bytes);
    hg_mem_populate(small, bytes);
    return small;
  }
  /* Aligned to a huge page and rounded up to whole ones, so that all of it
   * can be one: the rounding is address space, never touched.  glibc's free
   * (g_free) takes posix_memalign's memory. */
  size_t whole = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
  void *p = NULL;
  if (posix_memalign(&p, HUGE_PAGE, whole) != 0)
    g_error("hg_mem_new_large: out of memory for %zu bytes", whole);
  hg_mem_huge(p, whole);
  hg_mem_populate(p, bytes);
  return p;
}
