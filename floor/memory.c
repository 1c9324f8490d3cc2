/* memory.c: huge-page advice for large buffers (see healthgap/memory.h). */
#include "healthgap/memory.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

enum { HUGE_PAGE = 2 << 20 };

void hg_mem_huge(void *p, size_t len) {
#ifdef MADV_HUGEPAGE
  if (!p || len < (size_t)HUGE_PAGE)
    return;
  uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
  uintptr_t b = ((uintptr_t)p + len) & ~(uintptr_t)(HUGE_PAGE - 1);
  if (b > a)
    (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
  (void)p;
  (void)len;
#endif
}

void hg_mem_populate(void *p, size_t len) {
#ifdef __linux__
  enum { POPULATE_WRITE = 23 }; /* MADV_POPULATE_WRITE, where the headers lack it */
  long page = sysconf(_SC_PAGESIZE);
  if (!p || page <= 0)
    return;
  uintptr_t a = ((uintptr_t)p + (uintptr_t)page - 1) & ~(uintptr_t)(page - 1);
  uintptr_t b = ((uintptr_t)p + len) & ~(uintptr_t)(page - 1);
  if (b > a)
    (void)madvise((void *)a, b - a, POPULATE_WRITE);
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
