/* fuzz_project.c: libFuzzer target, a differential one, over `stat dsr` read
 * without a table (hg_method_run_file, engine/ingest/project.c) against the
 * same bytes read as a table (hg_method_run).  The first byte's bit 0 chooses
 * one thread or two (two cut the file in half, so keys met by both halves are
 * folded again), its bit 1 whether w is the standard population or an age band
 * joined to ESP2013 (--stdpop-builtin); the rest follows the header "g,h,x,n,w".  Whenever the file
 * is taken without a table, the two results must be equal cell for cell,
 * numbers to the bit: else abort. */
#include "healthgap/healthgap.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char HEADER[] = "g,h,x,n,w\n";
static char path[64]; /* the file each input is written to, removed at exit */

static void remove_file(void) {
  unlink(path);
}

static int same_cell(const hg_result *a, const hg_result *b, size_t i, size_t j) {
  double x, y;
  const char *s, *t;
  int ta = hg_result_cell(a, i, j, &x, &s), tb = hg_result_cell(b, i, j, &y, &t);
  if (ta != tb)
    return 0;
  if (ta)
    return (!s && !t) || (s && t && strcmp(s, t) == 0);
  return (isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!path[0]) {
    snprintf(path, sizeof path, "/tmp/fuzz_project_%ld.csv", (long)getpid());
    atexit(remove_file);
  }
  if (size < 1)
    return 0;
  int threads = data[0] & 1 ? 2 : 1;
  size_t n = sizeof HEADER - 1 + size - 1;
  char *text = malloc(n);
  memcpy(text, HEADER, sizeof HEADER - 1);
  memcpy(text + sizeof HEADER - 1, data + 1, size - 1);
  FILE *fp = fopen(path, "wb");
  if (!fp || fwrite(text, 1, n, fp) != n || fclose(fp) != 0)
    abort();

  static const char *const group[] = {"g", "h", NULL};
  static const char *const names[] = {"x", "n", "stdpop", "confidence"};
  static const char *const values[] = {"x", "n", "w", "0.95,0.998"};
  static const char *const joined[] = {"x", "n", "stdpop_builtin", "ageband", "confidence"};
  static const char *const joined_values[] = {"x", "n", "esp2013", "w", "0.95,0.998"};
  static const char *const exempt[] = {"x", "n", "w", NULL};
  int join = data[0] & 2;
  hg_method_call c = {hg_method_find("dsr"),         NULL, group,       2, join ? joined : names,
                      join ? joined_values : values, NULL, join ? 5 : 4};
  hg_file_options fo = {.threads = threads, .min_bytes = 1};
  hg_result *fast = NULL, *slow = NULL;
  hg_error err;
  hg_error_clear(&err);
  if (hg_method_run_file(&c, path, exempt, &fo, &fast, &err) != HG_OK)
    abort(); /* declining is HG_OK; nothing here may fail */
  if (fast) {
    hg_table *t = NULL;
    if (hg_table_read_mem(path, text, n, NULL, &t, &err) != HG_OK)
      abort(); /* taken without a table, but the table refuses it */
    c.data = t;
    if (hg_method_run(&c, &slow, &err) != HG_OK)
      abort();
    if (hg_result_nrows(fast) != hg_result_nrows(slow) ||
        hg_result_ncols(fast) != hg_result_ncols(slow))
      abort();
    for (size_t j = 0; j < hg_result_ncols(fast); j++)
      if (strcmp(hg_result_colname(fast, j), hg_result_colname(slow, j)) != 0)
        abort();
    for (size_t i = 0; i < hg_result_nrows(fast); i++)
      for (size_t j = 0; j < hg_result_ncols(fast); j++)
        if (!same_cell(fast, slow, i, j))
          abort();
    hg_table_free(t);
  }
  hg_result_free(fast);
  hg_result_free(slow);
  free(text);
  return 0;
}
