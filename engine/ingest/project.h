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

#include <stddef.h>
#include <stdint.h>

typedef struct hg_project_spec {
  const char *const *group_by; /* key columns, n_group_by >= 1 */
  size_t n_group_by;
  const char *const *numbers; /* number columns, read into doubles */
  size_t n_numbers;
  const char *const *exempt; /* columns the series rule lets vary (hg_table_one_series) */
  int threads;               /* 2: the file is cut at a line end, read on two threads */
  size_t min_bytes;          /* smaller files are declined (0: PROJECT_MIN, 1 MiB) */
} hg_project_spec;

typedef struct hg_projection {
  hg_table *header; /* the file's header row: its names as hg_table_read reads them */
  hg_table *keys;   /* one row per distinct group key, in order of first appearance;
                       its columns are the group_by columns, named as in the header */
  size_t nrows;     /* data rows, in two runs of the arrays below (a run per
                       thread, each where its thread wrote: no rows moved):
                       [run_first[s], run_first[s] + run_rows[s]), s = 0, 1 */
  size_t run_first[2], run_rows[2];
  uint32_t *key;   /* per row: its row of keys */
  double **number; /* per number column asked for, per row (NAN: missing) */
} hg_projection;

/* Reads path as spec asks.  *out is a new projection (hg_projection_free), or NULL
 * when the file is not one this reader takes: not a regular file, under
 * spec->min_bytes (a table is as quick), a quote or NUL byte anywhere, a blank first line, a row
 * whose width is not the header's, a number cell that is text (NA and empty
 * are NAN: the caller judges them), a column asked for that is missing or named twice, or a column
 * the series rule checks (sex, age, category) that is neither grouped by nor exempt.  Returns HG_OK
 * either way; nothing here is an error a user sees. */
hg_status hg_project_read(const char *path, const hg_project_spec *spec, hg_projection **out);
void hg_projection_free(hg_projection *p);

/* 1 when hg_table_one_series(t, group, exempt) would check no column of t (no
 * sex, age or category column outside group and exempt).  In select.c. */
int hg_table_series_unchecked(const hg_table *t, const char *const *group,
                              const char *const *exempt);

#endif
