/* publish/results.c: the CSVs a run writes from its rows (results/indicators.csv,
 * results/changes.csv, rejects.csv). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/analyse.h"
#include "healthgap/changes.h"
#include "healthgap/csvout.h"
#include "healthgap/ingest.h"
#include "healthgap/table.h"
#include "publish/publish.h"

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
  char *prev =
      g_build_filename(ctx->out, "runs", ctx->prev_run_id, "results", "indicators.csv", NULL);
  char *cur = g_build_filename(ctx->staging, "results", "indicators.csv", NULL);
  hg_changes *ch = NULL;
  hg_error e;
  hg_status st = HG_OK;
  if (g_file_test(prev, G_FILE_TEST_EXISTS) &&
      hg_changes_compare_files(prev, cur, &ch, &e) == HG_OK) {
    FILE *fp;
    st = open_out(ctx, "results/changes.csv", &fp, err);
    /* The summary's "what changed since last night", from the same comparison. */
    run_counts *sum = &ctx->n;
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
    hg_reject rj = {.file = r->file,
                    .line = r->line,
                    .column = r->column,
                    .reason = r->reason,
                    .message = r->message,
                    .raw = r->raw};
    hg_rejects_write(w, &rj);
  }
  st = hg_rejects_writer_finish(w);
  if (fclose(fp) != 0 && st == HG_OK)
    st = HG_ERR_IO;
  if (st != HG_OK)
    hg_error_set(err, rel, 0, NULL, "write failed");
  return st;
}
