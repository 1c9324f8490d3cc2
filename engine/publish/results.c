/* publish/results.c: the CSVs a run writes from its state:
 * results/inequalities.csv, results/targets.csv, results/indicators.csv, rejects.csv and
 * results/changes.csv (its header alone on a first run), each through one
 * helper that creates the staged file,
 * writes it and lists it among the outputs.
 *
 * The files that depend on nothing but the run state are written at the same
 * time on --jobs threads (a GThreadPool): on a national run the indicators
 * file is most of the stage.  Each file is made by one thread from data no
 * other thread changes, and the files are listed, and the first error
 * reported, in the same order as one thread would, so the bytes and the
 * manifest do not depend on --jobs or on which thread finishes first.
 * changes.csv then streams the previous and the new indicators.csv
 * (hg_changes_compare_files): reading both whole as tables, as this stage
 * once did on the pool, cost 1,176 bytes a row against 544. */
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

/* Writes rel (a path inside the run folder) into the staging folder with fn.
 * HG_ERR_IO, with err naming the file, when it cannot be created or written.
 * Safe on any thread: errno is the calling thread's. */
static hg_status write_file(run_ctx *ctx, const char *rel, write_fn fn, void *data, hg_error *err) {
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
    if (st == HG_ERR_IO)
      hg_error_set(err, path, 0, NULL, "cannot write %s: %s", rel, strerror(why ? why : EIO));
    else
      hg_error_set(err, path, 0, NULL, "cannot write %s: %s", rel, hg_strerror(st));
  }
  g_free(path);
  return st;
}

/* write_file, then rel listed among the outputs. */
static hg_status write_staged(run_ctx *ctx, const char *rel, write_fn fn, void *data,
                              hg_error *err) {
  hg_status st = write_file(ctx, rel, fn, data, err);
  if (st == HG_OK)
    g_ptr_array_add(ctx->outputs, g_strdup(rel));
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

/* One piece of work for the pool: a staged file written with fn. */
typedef struct {
  const char *rel;
  write_fn fn;
  void *data;
  hg_status st;
  hg_error err;
} job;

static void job_run(gpointer item, gpointer user) {
  job *j = item;
  j->st = write_file(user, j->rel, j->fn, j->data, &j->err);
}

static job *add_job(GPtrArray *jobs, const char *rel, write_fn fn, void *data) {
  job *j = g_new0(job, 1);
  j->rel = rel;
  j->fn = fn;
  j->data = data;
  g_ptr_array_add(jobs, j);
  return j;
}

/* Every job, on min(--jobs, jobs) threads; returns when all are done.  The
 * longest first (they are added so), so that no thread is left with it. */
static void run_jobs(run_ctx *ctx, GPtrArray *jobs) {
  int n = ctx->jobs > 1 ? ctx->jobs : 1;
  if ((guint)n > jobs->len)
    n = (int)jobs->len;
  GThreadPool *pool = n > 1 ? g_thread_pool_new(job_run, ctx, n, TRUE, NULL) : NULL;
  for (guint i = 0; i < jobs->len; i++)
    if (pool)
      g_thread_pool_push(pool, jobs->pdata[i], NULL);
    else
      job_run(jobs->pdata[i], ctx);
  if (pool)
    g_thread_pool_free(pool, FALSE, TRUE); /* waits for every job */
}

/* Counts the summary's "what changed since last night". */
static void count_changes(run_ctx *ctx, const hg_changes *ch) {
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
}

/* results/changes.csv against the previous run's results/indicators.csv
 * (by key, both files streamed), and the summary's "what changed since last
 * night" from the same comparison.  With nothing to compare with (a first
 * run, or previous results that cannot be read) the file is its header
 * alone: the contract lists it in every run, and a reader's import does not
 * break on a missing file; manifest.json's previous_run_id (null) and a
 * warning say why. */
static hg_status changes(run_ctx *ctx, hg_error *err) {
  char *prev = ctx->prev_run_id ? g_build_filename(ctx->out, "runs", ctx->prev_run_id, "results",
                                                   "indicators.csv", NULL)
                                : NULL;
  char *cur = g_build_filename(ctx->staging, "results", "indicators.csv", NULL);
  hg_changes *ch = NULL;
  hg_error e;
  if (prev && g_file_test(prev, G_FILE_TEST_EXISTS) &&
      hg_changes_compare_files(prev, cur, ctx->jobs, &ch, &e) == HG_OK)
    count_changes(ctx, ch);
  else if (prev)
    run_warn(ctx, "changes.csv has no rows: previous results (run %s) not comparable",
             ctx->prev_run_id);
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

/* The independent files as jobs, the biggest (indicators) first, then
 * listed in the order a single thread wrote them before: inequalities,
 * targets, the tables, indicators, rejects. */
static hg_status write_independent(run_ctx *ctx, GPtrArray *jobs, hg_error *err) {
  job *ind = add_job(jobs, "results/indicators.csv", write_indicators, ctx);
  GPtrArray *order = g_ptr_array_new();
  if (ctx->ineq)
    g_ptr_array_add(order, add_job(jobs, "results/inequalities.csv", write_inequalities, ctx));
  if (ctx->targets)
    g_ptr_array_add(order, add_job(jobs, "results/targets.csv", write_targets, ctx));
  for (guint i = 0; ctx->tables && i < ctx->tables->len; i++) {
    run_table *t = ctx->tables->pdata[i];
    g_ptr_array_add(order, add_job(jobs, t->rel, write_table, t));
  }
  g_ptr_array_add(order, ind);
  g_ptr_array_add(order, add_job(jobs, "rejects.csv", write_rejects, ctx));
  run_jobs(ctx, jobs);
  hg_status st = HG_OK;
  for (guint i = 0; i < order->len && st == HG_OK; i++) {
    job *j = order->pdata[i];
    if ((st = j->st) == HG_OK)
      g_ptr_array_add(ctx->outputs, g_strdup(j->rel));
    else
      *err = j->err;
  }
  g_ptr_array_free(order, TRUE);
  return st;
}

hg_status run_write_results(run_ctx *ctx, hg_error *err) {
  guint first = ctx->outputs->len;
  /* changes.csv's two sides are big blocks, mapped on top of what analyse
   * freed unless that is given back first (national run with previous
   * results: 428 -> 358 MB peak). */
  run_release_freed();
  GPtrArray *jobs = g_ptr_array_new_with_free_func(g_free);
  hg_status st = write_independent(ctx, jobs, err);
  g_ptr_array_free(jobs, TRUE);
  /* Without a workbook nothing reads the rows after the CSVs above (the
   * manifest and the summary keep counts): the row arena goes before
   * changes.csv's two sides are read, instead of at the end of the run
   * (issue 17: a national rerun whose results changed peaked at 291-301 MiB).
   * The pointers to the rows (ctx->rows, each file's rows, the analysed rows)
   * are only freed, never read, after this. */
  if (st == HG_OK && !ctx->cfg->workbook) {
    g_ptr_array_set_size(ctx->rows, 0);
    run_rows_free(ctx);
  }
  /* and what the writers' threads freed (indicators.csv's pieces), which
   * their arenas would keep beside changes.csv's sides */
  run_release_freed();
  if (st == HG_OK)
    st = changes(ctx, err);
  if (st == HG_OK && ctx->cfg->workbook)
    st = run_write_workbook(ctx, err); /* from the CSVs just written */
  to_front(ctx->outputs, first);
  return st;
}
