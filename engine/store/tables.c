/* store/tables.c: results tables that a step makes whole (run_table in
 * store/context.h).  The step formats its numbers once, the way every
 * results CSV writes them, and publish writes the table as it is: a new
 * results file needs no new writer in publish. */
#include <string.h>

#include "healthgap/csvout.h"
#include "store/context.h"

run_table *run_table_new(run_ctx *ctx, const char *rel, const char *const *header) {
  run_table *t = g_new0(run_table, 1);
  t->rel = g_strdup(rel);
  t->header = g_strdupv((char **)header);
  t->ncols = g_strv_length(t->header);
  t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  if (!ctx->tables)
    ctx->tables = g_ptr_array_new_with_free_func(run_table_free);
  g_ptr_array_add(ctx->tables, t);
  return t;
}

void run_table_add(run_table *t, const char *const *cells) {
  char **row = g_new0(char *, t->ncols + 1);
  for (size_t i = 0; i < t->ncols; i++)
    row[i] = g_strdup(cells[i] ? cells[i] : "");
  g_ptr_array_add(t->rows, row);
}

const char *run_num(double v, char *buf) {
  hg_format_number(v, buf);
  return buf;
}

void run_table_free(gpointer p) {
  run_table *t = p;
  if (!t)
    return;
  g_free(t->rel);
  g_strfreev(t->header);
  g_ptr_array_free(t->rows, TRUE);
  g_free(t);
}

const run_table *run_table_find(const run_ctx *ctx, const char *rel) {
  for (guint i = 0; ctx->tables && i < ctx->tables->len; i++) {
    const run_table *t = ctx->tables->pdata[i];
    if (strcmp(t->rel, rel) == 0)
      return t;
  }
  return NULL;
}

long run_table_col(const run_table *t, const char *name) {
  for (size_t k = 0; t && k < t->ncols; k++)
    if (strcmp(t->header[k], name) == 0)
      return (long)k;
  return -1;
}

const char *run_table_cell(const run_table *t, guint i, long col) {
  return col < 0 ? "" : ((char **)t->rows->pdata[i])[col];
}
