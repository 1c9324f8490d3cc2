/* run_output.c: disclosure control and the CSVs a run writes
 * (results/indicators.csv, rejects.csv), and the comparison with the previous
 * run that the end-of-run summary reports. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/analyse.h"
#include "healthgap/changes.h"
#include "healthgap/csvout.h"
#include "healthgap/table.h"
#include "run_internal.h"

const char *const hg_res_colnames[RES_NCOLS] = {
    "indicator_id", "indicator_name", "area_code", "area_name", "area_type", "parent_code",
    "icb_code", "period", "period_sortable", "sex", "age", "category_type", "category", "value",
    "lower_ci95", "upper_ci95", "lower_ci998", "upper_ci998", "count", "denominator",
    "value_note", "compared_to_england", "compared_to_london", "compared_to_icb",
    "benchmark_quintile", "recent_trend", "annual_change", "annual_change_lower",
    "annual_change_upper", "target_id", "target_status"};

void res_row_free(gpointer p) {
  g_free(p); /* the texts belong to the run's pool */
}

int res_is_numeric(int c) {
  switch (c) {
  case RES_PERIOD_SORTABLE: case RES_VALUE: case RES_LOWER_CI95: case RES_UPPER_CI95:
  case RES_LOWER_CI998: case RES_UPPER_CI998: case RES_COUNT: case RES_DENOMINATOR:
  case RES_ANNUAL_CHANGE: case RES_ANNUAL_CHANGE_LOWER: case RES_ANNUAL_CHANGE_UPPER:
    return 1;
  default:
    return 0;
  }
}

res_row *res_row_new(run_ctx *ctx) {
  res_row *r = g_new(res_row, 1);
  const char *empty = run_intern(ctx, "");
  for (int c = 0; c < RES_NCOLS; c++)
    r->col[c] = res_is_numeric(c) ? NULL : empty;
  for (int k = 0; k < RES_NNUM; k++)
    r->num[k] = NAN;
  r->sortable = NAN;
  r->input = 0;
  r->line = 0;
  return r;
}

const char *run_intern(run_ctx *ctx, const char *s) {
  return g_string_chunk_insert_const(ctx->pool, s ? s : "");
}

void run_set_col(run_ctx *ctx, res_row *r, int c, const char *v) {
  r->col[c] = run_intern(ctx, v);
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

/* The HES rule (DESIGN.md, Disclosure control): a count in [min, max] is
 * withheld together with every value derived from it.  A count of 0 is not
 * disclosive and stays. */
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
    static const int derived[] = {RES_VALUE, RES_LOWER_CI95, RES_UPPER_CI95, RES_LOWER_CI998,
                                  RES_UPPER_CI998, RES_COUNT, RES_ANNUAL_CHANGE,
                                  RES_ANNUAL_CHANGE_LOWER, RES_ANNUAL_CHANGE_UPPER};
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
  if ((c = cmp_text(a->col[RES_INDICATOR_ID], b->col[RES_INDICATOR_ID])))
    return c;
  if ((c = cmp_text(a->col[RES_AREA_CODE], b->col[RES_AREA_CODE])))
    return c;
  double sa = isnan(a->sortable) ? -1 : a->sortable, sb = isnan(b->sortable) ? -1 : b->sortable;
  if (sa != sb)
    return sa < sb ? -1 : 1;
  static const int rest[] = {RES_PERIOD, RES_SEX, RES_AGE, RES_CATEGORY_TYPE, RES_CATEGORY};
  for (size_t k = 0; k < G_N_ELEMENTS(rest); k++)
    if ((c = cmp_text(a->col[rest[k]], b->col[rest[k]])))
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
    } else if ((c = cmp_text(a->col[k], b->col[k]))) {
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
  static const int key[] = {RES_INDICATOR_ID, RES_AREA_CODE, RES_PERIOD, RES_SEX, RES_AGE,
                            RES_CATEGORY_TYPE, RES_CATEGORY};
  for (size_t k = 0; k < G_N_ELEMENTS(key); k++)
    g_string_append_printf(raw, "%s%s", k ? "," : "", dup->col[key[k]] ? dup->col[key[k]] : "");
  rj->raw = g_string_free(raw, FALSE);
  g_ptr_array_add(ctx->rejects, rj);
  if (df && dup->line > 0) {
    if (df->accepted > 0)
      df->accepted--;
    df->rejected++;
    if (ctx->sum->rows_accepted > 0)
      ctx->sum->rows_accepted--;
    ctx->sum->rows_rejected++;
  }
}

void run_sort_results(run_ctx *ctx) {
  g_ptr_array_sort(ctx->rows, cmp_rows);
  /* One row per key: when two inputs give the same indicator, area, period and
   * breakdown (the same published series from two sources, a file listed
   * twice) the first input in the config wins, and the run says so. */
  GPtrArray *kept = g_ptr_array_new_with_free_func(res_row_free);
  size_t dups = 0;
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    if (kept->len && cmp_key(kept->pdata[kept->len - 1], r) == 0) {
      reject_duplicate(ctx, kept->pdata[kept->len - 1], r);
      res_row_free(r);
      dups++;
    } else {
      g_ptr_array_add(kept, r);
    }
  }
  g_ptr_array_set_free_func(ctx->rows, NULL);
  g_ptr_array_free(ctx->rows, TRUE);
  ctx->rows = kept;
  if (dups)
    run_warn(ctx, "%zu row(s) repeat the key of a row from an earlier input: the earlier input's "
             "kept, the others are in rejects.csv", dups);
  /* Pooled texts are unique: a pointer is the string. */
  GHashTable *ind = g_hash_table_new(g_direct_hash, g_direct_equal);
  GHashTable *area = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    g_hash_table_add(ind, (gpointer)r->col[RES_INDICATOR_ID]);
    g_hash_table_add(area, (gpointer)r->col[RES_AREA_CODE]);
  }
  ctx->sum->indicators = g_hash_table_size(ind);
  ctx->sum->areas = g_hash_table_size(area);
  ctx->sum->results_rows = ctx->rows->len;
  g_hash_table_destroy(ind);
  g_hash_table_destroy(area);
}

static hg_status open_out(run_ctx *ctx, const char *rel, FILE **fp, hg_error *err) {
  char *path = g_build_filename(ctx->staging, rel, NULL);
  *fp = fopen(path, "wb");
  hg_status st = HG_OK;
  if (!*fp) {
    hg_error_set(err, path, 0, NULL, "cannot create: %s", strerror(errno));
    st = HG_ERR_IO;
  } else {
    g_ptr_array_add(ctx->outputs, g_strdup(rel));
  }
  g_free(path);
  return st;
}

hg_status run_write_results(run_ctx *ctx, hg_error *err) {
  const char *rel = "results/indicators.csv";
  FILE *fp;
  hg_status st = open_out(ctx, rel, &fp, err);
  if (st != HG_OK)
    return st;
  /* The benchmark branch's writer: the DESIGN.md columns plus its own at the
   * end (compared_to_area, change from the previous period). */
  st = hg_indicators_write_csv(fp, ctx->arows, ctx->narows);
  if (fclose(fp) != 0 && st == HG_OK)
    st = HG_ERR_IO;
  if (st != HG_OK)
    hg_error_set(err, rel, 0, NULL, "write failed");
  return st;
}

/* results/changes.csv against the previous run (the benchmark branch's
 * comparison); not written on a first run. */
hg_status run_write_changes(run_ctx *ctx, hg_error *err) {
  if (!ctx->prev_run_id)
    return HG_OK;
  char *prev = g_build_filename(ctx->out, "runs", ctx->prev_run_id, "results",
                                "indicators.csv", NULL);
  char *cur = g_build_filename(ctx->staging, "results", "indicators.csv", NULL);
  hg_changes *ch = NULL;
  hg_error e;
  hg_status st = HG_OK;
  if (g_file_test(prev, G_FILE_TEST_EXISTS) &&
      hg_changes_compare_files(prev, cur, &ch, &e) == HG_OK) {
    FILE *fp;
    st = open_out(ctx, "results/changes.csv", &fp, err);
    /* The summary's "what changed since last night", from the same comparison. */
    hg_run_summary *sum = ctx->sum;
    sum->had_previous = 1;
    for (size_t i = 0; i < hg_changes_size(ch); i++) {
      const char *t = hg_changes_at(ch, i)->change_type;
      if (!strcmp(t, "new_period"))
        sum->changed_added++;
      else if (!strcmp(t, "removed"))
        sum->changed_removed++;
      else if (!strcmp(t, "value_revised"))
        sum->changed_values++;
    }
    if (st == HG_OK) {
      st = hg_changes_write_csv(ch, fp);
      if (fclose(fp) != 0 && st == HG_OK)
        st = HG_ERR_IO;
      if (st != HG_OK)
        hg_error_set(err, "results/changes.csv", 0, NULL, "write failed");
    }
    hg_changes_free(ch);
  } else {
    run_warn(ctx, "changes.csv not written: previous results not comparable");
  }
  g_free(prev);
  g_free(cur);
  return st;
}

static gint cmp_rejects(gconstpointer pa, gconstpointer pb) {
  const reject_row *a = *(reject_row *const *)pa, *b = *(reject_row *const *)pb;
  int c = strcmp(a->file, b->file);
  if (c)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  return strcmp(a->column, b->column);
}

hg_status run_write_rejects(run_ctx *ctx, hg_error *err) {
  const char *rel = "rejects.csv";
  FILE *fp;
  hg_status st = open_out(ctx, rel, &fp, err);
  if (st != HG_OK)
    return st;
  g_ptr_array_sort(ctx->rejects, cmp_rejects);
  /* The ingest branch's writer, so that `healthgap validate --rejects` and a
   * run write the same columns and reason names. */
  hg_rejects_writer *w = hg_rejects_writer_new(fp);
  for (guint i = 0; i < ctx->rejects->len; i++) {
    reject_row *r = ctx->rejects->pdata[i];
    hg_reject rj = {.file = r->file, .line = r->line, .column = r->column, .reason = r->reason,
                    .message = r->message, .raw = r->raw};
    hg_rejects_write(w, &rj);
  }
  st = hg_rejects_writer_finish(w);
  if (fclose(fp) != 0 && st == HG_OK)
    st = HG_ERR_IO;
  if (st != HG_OK)
    hg_error_set(err, rel, 0, NULL, "write failed");
  return st;
}

