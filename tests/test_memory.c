/* test_memory.c: large buffers on huge pages (floor/memory.c).  A buffer from
 * hg_mem_new_large of 1 MiB or more starts on a 2 MiB boundary, is whole and
 * writable, frees with g_free, and its mapping carries the kernel's huge-page
 * advice ("hg" in /proc/self/smaps' VmFlags) where the kernel offers
 * MADV_HUGEPAGE; a small one is plain memory; hg_mem_huge is NULL-safe and
 * leaves the contents alone. */
#include "hg_test.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "healthgap/memory.h"

#define HUGE ((size_t)2 << 20)

/* 1 if the mapping holding p has VmFlags "hg" (MADV_HUGEPAGE), 0 if not, -1
 * if /proc/self/smaps cannot tell. */
static int advised(const void *p) {
  FILE *fp = fopen("/proc/self/smaps", "r");
  if (!fp)
    return -1;
  char line[512];
  int inside = 0, found = -1;
  while (fgets(line, sizeof line, fp)) {
    unsigned long a, b;
    if (sscanf(line, "%lx-%lx ", &a, &b) == 2 && strchr(line, '-') < strchr(line, ' ')) {
      inside = (uintptr_t)p >= a && (uintptr_t)p < b;
      continue;
    }
    if (inside && strncmp(line, "VmFlags:", 8) == 0) {
      found = strstr(line, " hg") != NULL;
      break;
    }
  }
  fclose(fp);
  return found;
}

static void test_large_aligned_whole_advised(void **state) {
  (void)state;
  /* the probe can tell only where a block nobody advised has no "hg" (not
   * with glibc's own glibc.malloc.hugetlb=1, nor without /proc) */
  void *plain = g_malloc(8 * HUGE);
  int probe = advised(plain) == 0;
  g_free(plain);
  static const size_t sizes[] = {HUGE / 2, HUGE, HUGE + 1, 5 * HUGE + 12345};
  for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
    unsigned char *p = hg_mem_new_large(sizes[i], 1);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % HUGE, 0);
    memset(p, 0xA5, sizes[i]); /* every byte is the caller's */
    assert_int_equal(p[sizes[i] - 1], 0xA5);
#ifdef MADV_HUGEPAGE
    if (probe)
      assert_int_equal(advised(p), 1);
#endif
    g_free(p);
  }
}

static void test_small_and_elements(void **state) {
  (void)state;
  double *d = hg_mem_new_large(1000, sizeof(double)); /* 8 KB: plain g_malloc */
  for (size_t i = 0; i < 1000; i++)
    d[i] = (double)i;
  assert_true(d[999] == 999.0);
  g_free(d);
  void *z = hg_mem_new_large(0, sizeof(double)); /* zero elements: still a block */
  assert_non_null(z);
  g_free(z);
  size_t *big = hg_mem_new_large(HUGE / sizeof(size_t) + 7, sizeof(size_t));
  assert_int_equal((uintptr_t)big % HUGE, 0);
  big[HUGE / sizeof(size_t) + 6] = 42;
  assert_int_equal(big[HUGE / sizeof(size_t) + 6], 42);
  g_free(big);
}

static void test_advice_keeps_contents(void **state) {
  (void)state;
  hg_mem_huge(NULL, 10 * HUGE); /* NULL-safe */
  size_t n = 3 * HUGE + 100;
  unsigned char *p = g_malloc(n); /* not aligned: only the whole pages inside */
  for (size_t i = 0; i < n; i++)
    p[i] = (unsigned char)(i * 7);
  hg_mem_huge(p, n);
  hg_mem_huge(p, 100); /* under a page: nothing */
  for (size_t i = 0; i < n; i++)
    if (p[i] != (unsigned char)(i * 7))
      fail_msg("byte %zu changed by the advice", i);
  g_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_large_aligned_whole_advised),
      cmocka_unit_test(test_small_and_elements),
      cmocka_unit_test(test_advice_keeps_contents),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
