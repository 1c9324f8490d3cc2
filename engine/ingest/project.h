/* engine/ingest/project.h: a file read as grouped number columns (not public API).
 *
 * `healthgap stat dsr` over 373,540 rows spent most of its time building a table
 * of every cell (texts, offsets, rows) that the method then read a few columns of,
 * and on the paravirtualised machines it runs on every fresh page of that table
 * cost more than parsing it (issue 17).  hg_project_read reads only what a method
 * asks for: the group key of each row and some number columns, on two threads,
 * straight from the file's pages.  It takes only files whose every row it can
 * read exactly as hg_table_read would and that need none of the table's checks:
 * anything else is declined (*out NULL) and the caller reads the table, which
 * gives the same answer or the same message. */
#ifndef HG_INGEST_PROJECT_H
#define HG_INGEST_PROJECT_H

#include "healthgap/table.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

enum { HG_PROJECT_MAX_NUMBERS = 8 };

/* Adds a row's numbers (in spec->numbers' order; NAN: missing) to its key's
 * sum; 0 if the row is not one the caller's method takes (then the file is
 * declined).  A sum starts all zero bytes and meets its rows in file order. */
typedef int (*hg_project_fold)(void *sum, const double *values, void *data);

/* A number column whose cells are texts the caller turns into numbers (an age
 * band into its standard population): 1 and *out, or 0 to decline the file.
 * s is NUL-terminated at len.  Called from both threads at once. */
typedef int (*hg_project_convert)(const char *s, size_t len, double *out, void *data);

typedef struct hg_project_spec {
  const char *const *group_by; /* key columns, n_group_by >= 1 */
  size_t n_group_by;
  const char *const *numbers; /* number columns, at most HG_PROJECT_MAX_NUMBERS */
  size_t n_numbers;
  const hg_project_convert *convert; /* per number column: NULL (a number) or how to
                                        read its texts; NULL: all numbers */
  void *convert_data;
  hg_project_fold fold; /* each row into its key's sum */
  void *fold_data;
  size_t sum_size;           /* bytes of one sum */
  const char *const *exempt; /* columns the series rule lets vary (hg_table_one_series) */
  int threads;               /* 2: the file is cut at a line end, read on two threads */
  size_t min_bytes;          /* smaller files are declined (0: PROJECT_MIN, 1 MiB) */
} hg_project_spec;

typedef struct hg_project_sums {
  hg_table *keys; /* one row per distinct group key, in order of first appearance;
                     its columns are the group_by columns, named as in the header */
  guint8 *sums;   /* per row of keys, its sum (spec->sum_size bytes): the fold of
                     its rows in file order (mapped: hg_project_sums_free) */
  size_t sums_bytes;
} hg_project_sums;

/* Reads path as spec asks.  *out is new (hg_project_sums_free), or NULL
 * when the file is not one this reader takes: not a regular file, under
 * spec->min_bytes (a table is as quick), a quote other than around a whole
 * field that holds no quote or line end, a blank first line, a row
 * whose width is not the header's, a number cell that is text (NA and empty
 * are NAN: the caller judges them), a column asked for that is missing or named twice, or a column
 * the series rule checks (sex, age, category) that is neither grouped by nor exempt.  Returns HG_OK
 * either way; nothing here is an error a user sees. */
hg_status hg_project_read(const char *path, const hg_project_spec *spec, hg_project_sums **out);
void hg_project_sums_free(hg_project_sums *p);

/* 1 when hg_table_one_series(t, group, exempt) would check no column of t (no
 * sex, age or category column outside group and exempt).  In select.c. */
int hg_table_series_unchecked(const hg_table *t, const char *const *group,
                              const char *const *exempt);

#endif
