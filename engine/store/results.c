/* store/results.c: the run's result rows (store/context.h): the column
 * table, row allocation in the run's string pool, disclosure control and the
 * sort that every later stage relies on (duplicates go to the rejects). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/memory.h"
#include "store/context.h"

const char *const hg_res_colnames[RES_NCOLS] = {RES_COLUMNS(HG_COLUMN_NAME)};

int res_is_numeric(int c) {
#define RES_KIND_(name, csv, kind, field) [RES_##name] = #kind[0] != 'T',
  static const char numeric[RES_NCOLS] = {RES_COLUMNS(RES_KIND_)};
#undef RES_KIND_
  return c >= 0 && c < RES_NCOLS && numeric[c];
}

/* Row arena blocks of 2 MiB on a huge page each (healthgap/memory.h): a
 * national run's 679,100 rows are 200 MiB, and faulting them in 4 KiB at a
 * time was a sixth of its CPU (one fault a dozen rows, each a hypervisor
 * trap here).  A block is small enough for a demo run. */
enum { ROW_BLOCK_BYTES = 2 << 20, RUN_ROW_BLOCK = ROW_BLOCK_BYTES / sizeof(res_row) };

res_row *res_row_new(run_ctx *ctx) {
  if (!ctx->row_blocks)
    ctx->row_blocks = g_ptr_array_new_with_free_func(g_free);
  if (ctx->row_blocks->len == 0 || ctx->row_block_used == RUN_ROW_BLOCK) {
    g_ptr_array_add(ctx->row_blocks, hg_mem_new_large(RUN_ROW_BLOCK, sizeof(res_row)));
    ctx->row_block_used = 0;
  }
  res_row *r = (res_row *)ctx->row_blocks->pdata[ctx->row_blocks->len - 1] + ctx->row_block_used++;
  if (!ctx->empty_text)
    ctx->empty_text = run_intern(ctx, "");
  for (int t = 0; t < RES_NTEXT; t++)
    r->txt[t] = ctx->empty_text;
  for (int k = 0; k < RES_NNUM; k++)
    r->num[k] = NAN;
  r->sortable = NAN;
  r->input = 0;
  r->line = 0;
  return r;
}

void run_rows_free(run_ctx *ctx) {
  if (ctx->row_blocks)
    g_ptr_array_free(ctx->row_blocks, TRUE);
  ctx->row_blocks = NULL;
  ctx->row_block_used = 0;
}

void reject_row_free(gpointer p) {
  reject_row *r = p;
  if (!r)
    return;
  g_free(r->file);
  g_free(r->column);
  g_free(r->message);
  g_free(r->raw);
  g_free(r);
}

/* Disclosure control (the HES rule; docs/config.md [disclosure]): a count in
 * [min, max] is withheld together with every value derived from it.  A count
 * of 0 is not disclosive and stays. */
void run_disclosure(run_ctx *ctx) {
  const hg_config *cfg = ctx->cfg;
  if (!cfg->disclosure)
    return;
  size_t n = 0;
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    double count = r->num[RES_SLOT(RES_COUNT)];
    if (isnan(count) || count < cfg->suppress_min || count > cfg->suppress_max)
      continue;
    static const int derived[] = {
        RES_VALUE,         RES_LOWER_CI95,          RES_UPPER_CI95,
        RES_LOWER_CI998,   RES_UPPER_CI998,         RES_COUNT,
        RES_ANNUAL_CHANGE, RES_ANNUAL_CHANGE_LOWER, RES_ANNUAL_CHANGE_UPPER};
    for (size_t k = 0; k < G_N_ELEMENTS(derived); k++)
      r->num[RES_SLOT(derived[k])] = NAN;
    static const int labels[] = {RES_COMPARED_TO_ENGLAND, RES_COMPARED_TO_LONDON,
                                 RES_COMPARED_TO_ICB, RES_BENCHMARK_QUINTILE};
    for (size_t k = 0; k < G_N_ELEMENTS(labels); k++)
      run_set_col(ctx, r, labels[k], "");
    run_set_col(ctx, r, RES_VALUE_NOTE, cfg->suppress_note);
    n++;
  }
  if (n)
    run_warn(ctx, "disclosure control: %zu value(s) with counts %g-%g suppressed", n,
             cfg->suppress_min, cfg->suppress_max);
}

static int cmp_text(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "");
}

/* The key of a result row: one value per indicator, area, period and breakdown. */
static int cmp_key(const res_row *a, const res_row *b) {
  int c;
  if ((c = cmp_text(a->txt[RES_TXT_INDICATOR_ID], b->txt[RES_TXT_INDICATOR_ID])))
    return c;
  if ((c = cmp_text(a->txt[RES_TXT_AREA_CODE], b->txt[RES_TXT_AREA_CODE])))
    return c;
  double sa = isnan(a->sortable) ? -1 : a->sortable, sb = isnan(b->sortable) ? -1 : b->sortable;
  if (sa != sb)
    return sa < sb ? -1 : 1;
  static const int rest[] = {RES_TXT_PERIOD, RES_TXT_SEX, RES_TXT_AGE, RES_TXT_CATEGORY_TYPE,
                             RES_TXT_CATEGORY};
  for (size_t k = 0; k < G_N_ELEMENTS(rest); k++)
    if ((c = cmp_text(a->txt[rest[k]], b->txt[rest[k]])))
      return c;
  return 0;
}

/* Results sort by key; among rows with the same key the earlier input (config
 * order) comes first, then the full text, so the order never depends on
 * threads or file order within an input. */
static gint cmp_rows(gconstpointer pa, gconstpointer pb) {
  const res_row *a = *(res_row *const *)pa, *b = *(res_row *const *)pb;
  int c = cmp_key(a, b);
  if (c)
    return c;
  if (a->input != b->input)
    return a->input < b->input ? -1 : 1;
  for (int k = 0; k < RES_NCOLS; k++) {
    if (res_is_numeric(k)) {
      double x = a->num[RES_SLOT(k)], y = b->num[RES_SLOT(k)];
      if (isnan(x) != isnan(y))
        return isnan(x) ? -1 : 1;
      if (!isnan(x) && x != y)
        return x < y ? -1 : 1;
    } else if ((c = cmp_text(a->txt[res_tslot(k)], b->txt[res_tslot(k)]))) {
      return c;
    }
  }
  return 0;
}

/* A row that loses to an earlier input's row with the same key is refused like
 * any other row: it goes to rejects.csv (reason duplicate_key, naming the row
 * kept) and counts as rejected, not accepted, for its file, so that nothing
 * leaves the run without a trace. */
static void reject_duplicate(run_ctx *ctx, const res_row *kept, const res_row *dup) {
  const run_file *kf = kept->input < ctx->files->len ? ctx->files->pdata[kept->input] : NULL;
  run_file *df = dup->input < ctx->files->len ? ctx->files->pdata[dup->input] : NULL;
  reject_row *rj = g_new0(reject_row, 1);
  rj->file = g_strdup(df ? df->display : "");
  rj->line = dup->line;
  rj->column = g_strdup("");
  rj->reason = HG_REJECT_DUPLICATE;
  rj->message = g_strdup_printf(
      "same indicator, area, period, sex, age and category as %s%s%.0ld (kept: the earlier "
      "input in the config wins)%s",
      kf ? kf->display : "an earlier input", kept->line > 0 ? ":" : "",
      kept->line > 0 ? kept->line : 0L, dup->line > 0 ? "" : "; a derived row");
  GString *raw = g_string_new(NULL);
  static const int key[] = {RES_TXT_INDICATOR_ID, RES_TXT_AREA_CODE, RES_TXT_PERIOD,
                            RES_TXT_SEX,          RES_TXT_AGE,       RES_TXT_CATEGORY_TYPE,
                            RES_TXT_CATEGORY};
  for (size_t k = 0; k < G_N_ELEMENTS(key); k++)
    g_string_append_printf(raw, "%s%s", k ? "," : "", dup->txt[key[k]] ? dup->txt[key[k]] : "");
  rj->raw = g_string_free(raw, FALSE);
  g_ptr_array_add(ctx->rejects, rj);
  if (df && dup->line > 0) {
    if (df->accepted > 0)
      df->accepted--;
    df->rejected++;
    if (ctx->n.rows_accepted > 0)
      ctx->n.rows_accepted--;
    ctx->n.rows_rejected++;
  }
}

void run_sort_results(run_ctx *ctx) {
  g_ptr_array_sort(ctx->rows, cmp_rows);
  /* One row per key: when two inputs give the same indicator, area, period and
   * breakdown (the same published series from two sources, a file listed
   * twice) the first input in the config wins, and the run says so. */
  GPtrArray *kept = g_ptr_array_new(); /* the rows belong to the run's arena */
  size_t dups = 0;
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    if (kept->len && cmp_key(kept->pdata[kept->len - 1], r) == 0) {
      reject_duplicate(ctx, kept->pdata[kept->len - 1], r);
      dups++;
    } else {
      g_ptr_array_add(kept, r);
    }
  }
  g_ptr_array_free(ctx->rows, TRUE);
  ctx->rows = kept;
  if (dups)
    run_warn(ctx,
             "%zu row(s) repeat the key of a row from an earlier input: the earlier input's "
             "kept, the others are in rejects.csv",
             dups);
  /* Pooled texts are unique: a pointer is the string. */
  GHashTable *ind = g_hash_table_new(g_direct_hash, g_direct_equal);
  GHashTable *area = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    g_hash_table_add(ind, (gpointer)r->txt[RES_TXT_INDICATOR_ID]);
    g_hash_table_add(area, (gpointer)r->txt[RES_TXT_AREA_CODE]);
  }
  ctx->n.indicators = g_hash_table_size(ind);
  ctx->n.areas = g_hash_table_size(area);
  ctx->n.results_rows = ctx->rows->len;
  g_hash_table_destroy(ind);
  g_hash_table_destroy(area);
}
