/* publish/results.c: the CSVs a run writes from its state:
 * results/inequalities.csv, results/targets.csv, results/indicators.csv, rejects.csv and
 * results/changes.csv (its header alone on a first run), each through one
 * helper that creates the staged file,
 * writes it and lists it among the outputs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/analyse.h"
#include "healthgap/changes.h"
#include "healthgap/csvout.h"
#include "healthgap/ingest.h"
#include "healthgap/inequalities.h"
#include "healthgap/targets.h"
#include "analyse/stage.h"
#include "publish/publish.h"

typedef hg_status (*write_fn)(FILE *fp, void *data);

/* Writes rel (a path inside the run folder) into the staging folder with fn,
 * and lists it among the outputs.  HG_ERR_IO, with err naming the file, when
 * it cannot be created or written. */
static hg_status write_staged(run_ctx *ctx, const char *rel, write_fn fn, void *data,
                              hg_error *err) {
  char *path = g_build_filename(ctx->staging, rel, NULL);
  FILE *fp = fopen(path, "wb");
  hg_status st;
  if (!fp) {
    hg_error_set(err, path, 0, NULL, "cannot create: %s", strerror(errno));
    st = HG_ERR_IO;
  } else {
    /* The writers leave errno at the failed write's (healthgap/csvout.h):
     * "No space left on device" tells the operator what to do. */
    st = fn(fp, data);
    int why = st == HG_ERR_IO ? errno : 0;
    if (fclose(fp) != 0 && st == HG_OK) {
      st = HG_ERR_IO;
      why = errno;
    }
    if (st == HG_OK)
      g_ptr_array_add(ctx->outputs, g_strdup(rel));
    else if (st == HG_ERR_IO)
      hg_error_set(err, path, 0, NULL, "cannot write %s: %s", rel, strerror(why ? why : EIO));
    else
      hg_error_set(err, path, 0, NULL, "cannot write %s: %s", rel, hg_strerror(st));
  }
  g_free(path);
  return st;
}

static hg_status write_targets(FILE *fp, void *data) {
  run_ctx *ctx = data;
  return hg_targets_write_csv(fp, ctx->target_rows, ctx->ntarget_rows);
}

static hg_status write_inequalities(FILE *fp, void *data) {
  run_ctx *ctx = data;
  return hg_ineq_write_csv(ctx->ineq, fp, 1);
}

static hg_status write_indicators(FILE *fp, void *data) {
  run_ctx *ctx = data;
  return run_write_indicators(ctx, fp); /* analyse/arows.c */
}

/* A results table a step made whole (store/tables.c), as it is. */
static hg_status write_table(FILE *fp, void *data) {
  const run_table *t = data;
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  if (!w)
    return HG_ERR_NOMEM;
  hg_csv_row(w, (const char *const *)t->header, t->ncols);
  for (guint i = 0; i < t->rows->len; i++)
    hg_csv_row(w, (const char *const *)t->rows->pdata[i], t->ncols);
  return hg_csv_writer_finish(w);
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

/* rejects.csv through the ingest writer, so that `healthgap validate
 * --rejects` and a run write the same columns and reason names. */
static hg_status write_rejects(FILE *fp, void *data) {
  run_ctx *ctx = data;
  g_ptr_array_sort(ctx->rejects, cmp_rejects);
  hg_rejects_writer *w = hg_rejects_writer_new(fp);
  for (guint i = 0; i < ctx->rejects->len; i++) {
    const reject_row *r = ctx->rejects->pdata[i];
    hg_reject rj = {.file = r->file,
                    .line = r->line,
                    .column = r->column,
                    .reason = r->reason,
                    .message = r->message,
                    .raw = r->raw};
    hg_rejects_write(w, &rj);
  }
  return hg_rejects_writer_finish(w);
}

static hg_status write_changes(FILE *fp, void *data) {
  return hg_changes_write_csv(data, fp);
}

/* results/changes.csv against the previous run's results/indicators.csv
 * (by key), and the summary's "what changed since last night" from the same
 * comparison.  With nothing to compare with (a first run, or previous
 * results that cannot be read) the file is its header alone: the contract
 * lists it in every run, and a reader's import does not break on a missing
 * file; manifest.json's previous_run_id (null) and a warning say why. */
static hg_status changes(run_ctx *ctx, hg_error *err) {
  char *prev = ctx->prev_run_id ? g_build_filename(ctx->out, "runs", ctx->prev_run_id, "results",
                                                   "indicators.csv", NULL)
                                : NULL;
  char *cur = g_build_filename(ctx->staging, "results", "indicators.csv", NULL);
  hg_changes *ch = NULL;
  hg_error e;
  if (prev && g_file_test(prev, G_FILE_TEST_EXISTS) &&
      hg_changes_compare_files(prev, cur, &ch, &e) == HG_OK) {
    run_counts *n = &ctx->n;
    n->had_previous = 1;
    for (size_t i = 0; i < hg_changes_size(ch); i++) {
      const char *t = hg_changes_at(ch, i)->change_type;
      if (!strcmp(t, "new_period"))
        n->changed_added++;
      else if (!strcmp(t, "removed"))
        n->changed_removed++;
      else if (!strcmp(t, "value_revised"))
        n->changed_values++;
    }
  } else if (prev) {
    run_warn(ctx, "changes.csv has no rows: previous results (run %s) not comparable",
             ctx->prev_run_id);
  }
  hg_status st = write_staged(ctx, "results/changes.csv", write_changes, ch, err);
  hg_changes_free(ch);
  g_free(prev);
  g_free(cur);
  return st;
}

/* Moves the outputs from index first on to the front of the list: the
 * results come before the packs and charts in the manifest. */
static void to_front(GPtrArray *outputs, guint first) {
  guint n = outputs->len - first;
  /* nothing to move; and an empty array's pdata may be NULL, which memmove
   * must not be given even for 0 bytes (UBSan stops the run) */
  if (n == 0 || first == 0)
    return;
  gpointer *moved = g_new(gpointer, n);
  memcpy(moved, outputs->pdata + first, n * sizeof *moved);
  memmove(outputs->pdata + n, outputs->pdata, first * sizeof *moved);
  memcpy(outputs->pdata, moved, n * sizeof *moved);
  g_free(moved);
}

hg_status run_write_results(run_ctx *ctx, hg_error *err) {
  guint first = ctx->outputs->len;
  hg_status st = HG_OK;
  if (ctx->ineq)
    st = write_staged(ctx, "results/inequalities.csv", write_inequalities, ctx, err);
  if (st == HG_OK && ctx->targets)
    st = write_staged(ctx, "results/targets.csv", write_targets, ctx, err);
  for (guint i = 0; ctx->tables && i < ctx->tables->len && st == HG_OK; i++) {
    run_table *t = ctx->tables->pdata[i];
    st = write_staged(ctx, t->rel, write_table, t, err);
  }
  if (st == HG_OK)
    st = write_staged(ctx, "results/indicators.csv", write_indicators, ctx, err);
  if (st == HG_OK)
    st = write_staged(ctx, "rejects.csv", write_rejects, ctx, err);
  if (st == HG_OK)
    st = changes(ctx, err);
  if (st == HG_OK && ctx->cfg->workbook)
    st = run_write_workbook(ctx, err); /* from the CSVs just written */
  to_front(ctx->outputs, first);
  return st;
}
