/* healthgap/memory.h: large buffers on huge pages (floor/memory.c).
 *
 * On the virtual machines healthgap runs on (a paravirtualised guest, as in
 * CI) the first touch of each fresh 4 KiB page traps to the hypervisor: a
 * `stat dsr` over 15 MB spent more time in 18,000 page faults than in its
 * arithmetic and parse together.  Transparent huge pages take 512 of those
 * traps in one, but the kernel here gives them only to memory that asks
 * (transparent_hugepage/enabled = madvise).  The readers, the methods and
 * the run ask for their large buffers, right after allocating them and
 * before writing them (issue 17: the peer DSR 0.40 s -> 0.15 s).
 */
#ifndef HEALTHGAP_MEMORY_H
#define HEALTHGAP_MEMORY_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Asks for huge pages for the whole 2 MiB pages inside [p, p + len), if any.  Only advice: the
 * memory stays the caller's, its contents and its freeing unchanged, and a kernel that refuses is
 * not an error (NULL-safe). */
void hg_mem_huge(void *p, size_t len);

/* Makes the whole 4 KiB pages inside [p, p + len) present and writable at
 * once (madvise MADV_POPULATE_WRITE, Linux 5.14): one call for what would be
 * a fault per page at first touch, which on these guests is half of a fresh
 * page's cost (4 MB touched page by page 9 ms, populated first 4.5 ms).  For
 * memory about to be written whose size is known.  Only advice, as
 * hg_mem_huge: an older kernel that refuses is not an error (NULL-safe). */
void hg_mem_populate(void *p, size_t len);

/* n elements of size bytes for an array over every row of an input: from
 * 1 MiB, aligned to and rounded up to whole huge pages and advised as
 * hg_mem_huge.  Freed with g_free; aborts as g_malloc_n does when out of
 * memory or when n * size overflows. */
void *hg_mem_new_large(size_t n, size_t size);

HG_END_DECLS

#endif
