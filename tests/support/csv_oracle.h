/* csv_oracle.h: a table's rows as libcsv itself gives them, for checking the
 * table reader's own splitter (engine/ingest/table.c, plain_rows) against it
 * (tests/test_table.c and fuzz/fuzz_table_plain.c), and hg_table_stream, which
 * splits plain rows itself too (table_stream.c).  It parses with the
 * table's options (CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI |
 * CSV_REPALL_NL), drops a leading UTF-8 BOM and the rows of no fields, and
 * numbers each row by the line it starts on (line feeds that end rows, before
 * it, plus one: exact for input without quotes, which is all plain_rows reads).
 * Header only: static functions, compiled into each user. */
#ifndef HG_TEST_CSV_ORACLE_H
#define HG_TEST_CSV_ORACLE_H

#include "healthgap/table.h"

#include <csv.h>
#include <glib.h>
#include <string.h>

typedef struct csv_oracle {
  GPtrArray *rows; /* per row a GPtrArray of its cells (g_strndup'd) */
  GArray *lines;   /* long: the line each row starts on */
  GPtrArray *cur;  /* the row being read */
  long line, row_line;
} csv_oracle;

static void csv_oracle_field(void *s, size_t len, void *data) {
  csv_oracle *o = data;
  g_ptr_array_add(o->cur, g_strndup(s, len));
}

static void csv_oracle_row(int term, void *data) {
  csv_oracle *o = data;
  if (o->cur->len) {
    g_ptr_array_add(o->rows, o->cur);
    g_array_append_val(o->lines, o->row_line);
    o->cur = g_ptr_array_new_with_free_func(g_free);
  }
  if (term == '\n')
    o->line++;
  o->row_line = o->line;
}

static void csv_oracle_free(csv_oracle *o) {
  g_ptr_array_free(o->rows, TRUE);
  g_ptr_array_free(o->cur, TRUE);
  g_array_free(o->lines, TRUE);
}

/* Parses text into o (csv_oracle_free it); 0 if libcsv reports an error (a
 * broken quote), which this oracle does not judge. */
static int csv_oracle_parse(csv_oracle *o, const char *text, size_t len) {
  o->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  o->lines = g_array_new(FALSE, FALSE, sizeof(long));
  o->cur = g_ptr_array_new_with_free_func(g_free);
  o->line = o->row_line = 1;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    text += 3;
    len -= 3;
  }
  struct csv_parser p;
  if (csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
    return 0;
  int ok = csv_parse(&p, text, len, csv_oracle_field, csv_oracle_row, o) == len &&
           csv_fini(&p, csv_oracle_field, csv_oracle_row, o) == 0;
  csv_free(&p);
  return ok;
}

/* NULL if t holds exactly o's rows (the first as the header) and, when lines,
 * on the same lines; else what differs (g_free it). */
static char *csv_oracle_differs(const csv_oracle *o, const hg_table *t, int lines) {
  if (o->rows->len == 0)
    return g_strdup("the oracle has no header row");
  const GPtrArray *head = g_ptr_array_index(o->rows, 0);
  if (hg_table_ncols(t) != head->len)
    return g_strdup_printf("%zu columns, libcsv %u", hg_table_ncols(t), head->len);
  for (guint j = 0; j < head->len; j++)
    if (strcmp(hg_table_colname(t, j), g_ptr_array_index(head, j)) != 0)
      return g_strdup_printf("column %u is '%s', libcsv '%s'", j, hg_table_colname(t, j),
                             (const char *)g_ptr_array_index(head, j));
  if (hg_table_nrows(t) + 1 != o->rows->len)
    return g_strdup_printf("%zu rows, libcsv %u", hg_table_nrows(t), o->rows->len - 1);
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    const GPtrArray *row = g_ptr_array_index(o->rows, i + 1);
    if (hg_table_width(t, i) != row->len)
      return g_strdup_printf("row %zu: %zu fields, libcsv %u", i, hg_table_width(t, i), row->len);
    for (guint j = 0; j < row->len; j++)
      if (strcmp(hg_table_cell(t, i, j), g_ptr_array_index(row, j)) != 0)
        return g_strdup_printf("row %zu field %u: '%s', libcsv '%s'", i, j, hg_table_cell(t, i, j),
                               (const char *)g_ptr_array_index(row, j));
    long want = g_array_index(o->lines, long, i + 1);
    if (lines && hg_table_line(t, i) != want)
      return g_strdup_printf("row %zu: line %ld, libcsv %ld", i, hg_table_line(t, i), want);
  }
  return NULL;
}

/* An hg_table_row_fn collecting hg_table_stream's rows into data, a GPtrArray
 * made with g_ptr_array_unref as its free function: per row a GPtrArray of
 * its cells (g_strdup'd). */
static void csv_oracle_stream_row(void *data, size_t row, const char *const *cells, size_t n) {
  (void)row;
  GPtrArray *r = g_ptr_array_new_with_free_func(g_free);
  for (size_t k = 0; k < n; k++)
    g_ptr_array_add(r, g_strdup(cells[k]));
  g_ptr_array_add(data, r);
}

/* NULL if rows (csv_oracle_stream_row's, the header first) are exactly o's
 * rows; else what differs (g_free it). */
static char *csv_oracle_rows_differ(const csv_oracle *o, const GPtrArray *rows) {
  if (rows->len != o->rows->len)
    return g_strdup_printf("%u rows, libcsv %u", rows->len, o->rows->len);
  for (guint i = 0; i < rows->len; i++) {
    const GPtrArray *a = g_ptr_array_index(rows, i), *b = g_ptr_array_index(o->rows, i);
    if (a->len != b->len)
      return g_strdup_printf("row %u: %u fields, libcsv %u", i, a->len, b->len);
    for (guint j = 0; j < a->len; j++)
      if (strcmp(g_ptr_array_index(a, j), g_ptr_array_index(b, j)) != 0)
        return g_strdup_printf("row %u field %u: '%s', libcsv '%s'", i, j,
                               (const char *)g_ptr_array_index(a, j),
                               (const char *)g_ptr_array_index(b, j));
  }
  return NULL;
}

#endif
