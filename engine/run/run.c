/* run/run.c: the run driver (healthgap/run.h).
 *
 * A run is the table of stages below, run in order over one shared state
 * (store/context.h).  Stages never call each other: each reads what the
 * earlier ones left in the state and adds its own.  The driver times each
 * stage, reports its start to the progress callback, checks for cancellation
 * between stages and frees what the stages made.
 *
 * Before the first stage, the order of the checks matters: the lock comes
 * first (a second run must not even hash inputs while the first publishes),
 * then the unchanged test (cheap: hashes only), then the staging folder.
 * Every exit after the staging folder exists removes it unless publish has
 * renamed it into place.
 */
#include <stdlib.h>
#include <string.h>

#include "analyse/stage.h"
#include "healthgap/csvout.h"
#include "derive/stage.h"
#include "ingest/stage.h"
#include "publish/publish.h"
#include "render/stage.h"
#include "run/run_test.h"
#include "run/shard.h"

/* The stages, in run order: X(name, function, clear, reads, writes).
 * function runs the stage; clear (or NULL) frees what it left in the run
 * state; reads and writes say which parts of the state (store/context.h) and
 * which files it uses, in words: `healthgap run --help` and docs/run.md show
 * them (hg_run_stage_reads, hg_run_stage_writes). */
#define RUN_STAGES(X)                                                                              \
  X("ingest", run_ingest, run_ingest_clear, "the input files",                                     \
    "rows, rejects, the other inputs as tables, boundaries, hierarchy, registry")                  \
  X("derive", run_derive, NULL, "counts, result rows, lookups, hierarchy, registry",               \
    "result rows: life expectancy, DSRs, ICB and London sums")                                     \
  X("analyse", run_analyse, run_analyse_clear,                                                     \
    "rows, hierarchy, registry; deprivation, population, targets",                                 \
    "result rows sorted and labelled; inequality and target results")                              \
  X("render", run_render, NULL, "the results, registry, lookups, boundaries",                      \
    "packs/*.pdf, charts/**/*.png")                                                                \
  X("publish", run_publish, NULL, "the results, rejects, outputs, counts",                         \
    "results/*.csv, rejects.csv, manifest.json; OUT/latest")

typedef struct stage_row {
  const char *name;
  hg_status (*run)(run_ctx *ctx, hg_error *err);
  void (*clear)(run_ctx *ctx);
} stage_row;

#define STAGE_ROW_(name, fn, clear, reads, writes) {name, fn, clear},
static const stage_row stages[] = {RUN_STAGES(STAGE_ROW_)};
#undef STAGE_ROW_
G_STATIC_ASSERT(G_N_ELEMENTS(stages) == HG_RUN_NSTAGES);
G_STATIC_ASSERT((int)HG_RUN_NSTAGES <= (int)RUN_MAX_STAGES);

#define STAGE_NAME_(name, fn, clear, reads, writes) name,
#define STAGE_READS_(name, fn, clear, reads, writes) reads,
#define STAGE_WRITES_(name, fn, clear, reads, writes) writes,
const char *const hg_run_stage_names[HG_RUN_NSTAGES] = {RUN_STAGES(STAGE_NAME_)};
const char *const hg_run_stage_reads[HG_RUN_NSTAGES] = {RUN_STAGES(STAGE_READS_)};
const char *const hg_run_stage_writes[HG_RUN_NSTAGES] = {RUN_STAGES(STAGE_WRITES_)};
#undef STAGE_NAME_
#undef STAGE_READS_
#undef STAGE_WRITES_

void hg_run_summary_clear(hg_run_summary *s) {
  if (!s)
    return;
  g_free(s->run_id);
  g_free(s->run_dir);
  g_free(s->previous_run_id);
  g_free(s->timestamp);
  g_strfreev(s->warning_texts);
  memset(s, 0, sizeof *s);
}

hg_status hg_run_parse_time(const char *text, int64_t *out) {
  return hg_time_parse(text, out);
}

hg_status hg_run_resolve_time(const char *text, int64_t *out) {
  if (text && *text)
    return hg_run_parse_time(text, out);
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde)
    return hg_run_parse_time(sde, out);
  *out = g_get_real_time() / G_USEC_PER_SEC;
  return HG_OK;
}

static double since(gint64 t) {
  return (double)(g_get_monotonic_time() - t) / 1e6;
}

static void run_init(run_ctx *c, const hg_config *cfg, const hg_run_options *opt) {
  memset(c, 0, sizeof *c);
  c->cfg = cfg;
  c->cancel = opt->cancel;
  c->progress = opt->progress;
  c->progress_data = opt->progress_data;
  c->t0 = g_get_monotonic_time();
  c->jobs = opt->jobs > 0 ? opt->jobs : cfg->jobs > 0 ? cfg->jobs : (int)g_get_num_processors();
  c->rows = g_ptr_array_new(); /* the rows themselves are in the row arena */
  c->rejects = g_ptr_array_new_with_free_func(reject_row_free);
  c->warnings = g_ptr_array_new_with_free_func(g_free);
  c->outputs = g_ptr_array_new_with_free_func(g_free);
  c->pool = g_string_chunk_new(1 << 16);
  c->out = cfg->output;
  c->nstages = HG_RUN_NSTAGES;
  for (size_t i = 0; i < HG_RUN_NSTAGES; i++)
    c->stage_names[i] = stages[i].name;
}

/* The run time (ctx->time, ctx->iso) and the run id's time part (g_free). */
static hg_status run_time(run_ctx *c, const hg_run_options *opt, char **stamp, hg_error *err) {
  const char *ts = opt->timestamp ? opt->timestamp : c->cfg->timestamp;
  if (hg_run_resolve_time(ts, &c->time) != HG_OK) {
    hg_error_set(err, NULL, 0, NULL, "not a time (Unix seconds or ISO 8601): '%s'",
                 ts ? ts : getenv("SOURCE_DATE_EPOCH"));
    return HG_ERR_RANGE;
  }
  GDateTime *dt = g_date_time_new_from_unix_utc(c->time);
  if (!dt) {
    hg_error_set(err, NULL, 0, NULL, "time out of range");
    return HG_ERR_RANGE;
  }
  char *iso = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
  g_strlcpy(c->iso, iso, sizeof c->iso);
  g_free(iso);
  *stamp = g_date_time_format(dt, "%Y%m%dT%H%M%SZ");
  g_date_time_unref(dt);
  return HG_OK;
}

/* HG_ERR_UNCHANGED (the summary pointing at OUT/latest) when OUT/latest was
 * built from the same inputs, config and engine; HG_OK otherwise. */
static hg_status unchanged(const run_ctx *c, hg_run_summary *sum) {
  char fp[65] = "";
  char *latest = g_build_filename(c->out, "latest", NULL);
  char *prev_id = NULL;
  hg_status st = HG_OK;
  if (run_read_manifest(latest, fp, &prev_id) && strcmp(fp, c->fingerprint) == 0) {
    sum->unchanged = 1;
    sum->run_id = prev_id;
    sum->run_dir = g_build_filename(c->out, "runs", c->prev_run_id, NULL);
    st = HG_ERR_UNCHANGED;
  } else {
    g_free(prev_id);
  }
  g_free(latest);
  return st;
}

/* Before the stages: the run time, the lock, the inputs hashed, the
 * unchanged test and the staging folder. */
static hg_status prepare(run_ctx *c, const hg_run_options *opt, int *lock, hg_run_summary *sum,
                         hg_error *err) {
  char *stamp = NULL;
  hg_status st = run_time(c, opt, &stamp, err);
  if (st == HG_OK && (st = publish_lock(c->out, lock, err)) == HG_OK) {
    /* before the unchanged test, so that a skipped run clears them too */
    publish_clear_leftovers(c->out);
    c->prev_run_id = publish_latest_id(c->out);
    st = run_expand_inputs(c, err);
  }
  if (st == HG_OK) {
    c->run_id = g_strdup_printf("%s-%.8s", stamp, c->data_id);
    if (!opt->force && c->prev_run_id)
      st = unchanged(c, sum);
  }
  if (st == HG_OK)
    st = publish_make_staging(c, err);
  g_free(stamp);
  return st;
}

/* Runs stage i, timed, unless the run was cancelled. */
static hg_status run_stage(run_ctx *c, size_t i, hg_error *err) {
  if (run_cancelled(c))
    return HG_ERR_ABORTED;
  c->stage = stages[i].name;
  c->stage_at = i;
  c->stage_t0 = g_get_monotonic_time();
  run_progress(c, 0, 1);
  hg_status st = stages[i].run(c, err);
  c->stage_seconds[i] = since(c->stage_t0);
  c->total_seconds = since(c->t0);
  if (st == HG_OK && run_cancelled(c) && i + 1 < HG_RUN_NSTAGES)
    st = HG_ERR_ABORTED;
  return st;
}

/* Stage i of a shard run (run/shard.h): ingest keeps only the shard's rows
 * (c->keep_indicator), the rows derive made are narrowed after it, the
 * results after analyse; no render
 * (packs, charts and the site need every indicator); shard.txt before
 * publish. */
static hg_status run_shard_stage(run_ctx *c, size_t i, run_shard *sh, hg_error *err) {
  if (sh->n == 0)
    return run_stage(c, i, err);
  if (stages[i].run == run_render)
    return run_cancelled(c) ? HG_ERR_ABORTED : HG_OK;
  hg_status st = HG_OK;
  if (stages[i].run == run_publish)
    st = run_shard_mark(c, sh, err);
  if (st == HG_OK)
    st = run_stage(c, i, err);
  if (st == HG_OK && stages[i].run == run_derive) /* ingest kept only the shard's */
    run_shard_rows(c, sh);
  else if (st == HG_OK && stages[i].run == run_analyse)
    st = run_shard_results(c, sh);
  return st;
}

/* A shard run's config: the run's, without the outputs that need every
 * indicator (the packs, skipped with render, and these two). */
static const hg_config *shard_config(const hg_config *cfg, hg_config *copy) {
  *copy = *cfg; /* shallow: read only, freed with cfg */
  copy->workbook = 0;
  copy->site = 0;
  return copy;
}

/* The test hook: sleeps in small steps, returning early when cancelled. */
static void test_delay(const run_ctx *c, const run_test_hooks *hooks) {
  for (unsigned t = 0; hooks && t < hooks->delay_ms && !run_cancelled(c); t += 20)
    g_usleep(20000);
}

/* What the run did into the public summary (as far as it got). */
static void fill_summary(const run_ctx *c, hg_status st, hg_run_summary *sum) {
  sum->timestamp = c->iso[0] ? g_strdup(c->iso) : NULL;
  sum->previous_run_id = g_strdup(c->prev_run_id);
  sum->inputs = c->cfg->ninputs;
  sum->files = c->files ? c->files->len : 0;
  sum->rows_read = c->n.rows_read;
  sum->rows_accepted = c->n.rows_accepted;
  sum->rows_rejected = c->n.rows_rejected;
  sum->rows_filtered = c->n.rows_filtered;
  sum->indicators = c->n.indicators;
  sum->areas = c->n.areas;
  sum->results_rows = c->n.results_rows;
  sum->packs = c->n.packs;
  sum->charts = c->n.charts;
  sum->had_previous = c->n.had_previous;
  sum->changed_added = c->n.changed_added;
  sum->changed_removed = c->n.changed_removed;
  sum->changed_values = c->n.changed_values;
  for (size_t i = 0; i < HG_RUN_NSTAGES; i++)
    sum->stage_seconds[i] = c->stage_seconds[i];
  sum->total_seconds = c->total_seconds;
  if (st == HG_OK) {                    /* (unchanged: the summary names the latest run already) */
    sum->outputs = c->outputs->len + 1; /* and manifest.json */
    sum->run_id = g_strdup(c->run_id);
    sum->run_dir = g_build_filename(c->out, "runs", c->run_id, NULL);
  }
  sum->warnings = c->warnings->len;
  sum->warning_texts = g_new0(char *, c->warnings->len + 1);
  for (guint i = 0; i < c->warnings->len; i++)
    sum->warning_texts[i] = g_strdup(c->warnings->pdata[i]);
}

static void run_free(run_ctx *c) {
  for (size_t i = HG_RUN_NSTAGES; i-- > 0;)
    if (stages[i].clear)
      stages[i].clear(c);
  g_ptr_array_free(c->warnings, TRUE);
  g_ptr_array_free(c->outputs, TRUE);
  g_ptr_array_free(c->rows, TRUE);
  run_rows_free(c);
  g_ptr_array_free(c->rejects, TRUE);
  if (c->tables)
    g_ptr_array_free(c->tables, TRUE);
  g_string_chunk_free(c->pool);
  g_free(c->staging);
  g_free(c->run_id);
  g_free(c->prev_run_id);
}

hg_status run_with_hooks(const hg_config *cfg, const hg_run_options *opt,
                         const run_test_hooks *hooks, hg_run_summary *sum, hg_error *err) {
  static const hg_run_options defaults = {0};
  hg_run_summary local;
  opt = opt ? opt : &defaults;
  sum = sum ? sum : &local;
  memset(sum, 0, sizeof *sum);
  hg_error_clear(err);
  if (!cfg->csv_guard) /* [pack] csv_guard = false: texts exactly as read */
    hg_csv_set_default_raw(1);
  if (opt->nshards && (opt->shard < 1 || opt->shard > opt->nshards)) {
    hg_error_set(err, NULL, 0, NULL, "shard %u/%u: the shard must be from 1 to %u", opt->shard,
                 opt->nshards, opt->nshards);
    return HG_ERR_INVALID;
  }
  hg_config copy;
  run_shard sh;
  run_shard_init(&sh, opt->shard, opt->nshards);
  char *shard_out = sh.n ? g_strdup_printf("%s/shards/%u-of-%u", cfg->output, sh.k, sh.n) : NULL;
  run_ctx c;
  run_init(&c, sh.n ? shard_config(cfg, &copy) : cfg, opt);
  if (shard_out) {
    c.out = shard_out; /* its own runs/, latest and lock: shards never wait for each other */
    c.keep_indicator = run_shard_keeps;
    c.keep_data = &sh;
  }
  int lock = -1;
  hg_status st = prepare(&c, opt, &lock, sum, err);
  for (size_t i = 0; st == HG_OK && i < HG_RUN_NSTAGES; i++) {
    if (i == HG_RUN_NSTAGES - 1)
      test_delay(&c, hooks); /* before publishing: a test may signal or race the run */
    st = run_shard_stage(&c, i, &sh, err);
  }
  if (st == HG_ERR_ABORTED && err && !err->message[0])
    hg_error_set(err, NULL, 0, NULL, "interrupted: nothing published");
  if (c.staging) /* not renamed into place: the run failed or was cancelled */
    publish_rmtree(c.staging);
  publish_unlock(lock);
  fill_summary(&c, st, sum);
  run_free(&c);
  run_shard_clear(&sh);
  g_free(shard_out);
  if (sum == &local)
    hg_run_summary_clear(&local);
  return st;
}

hg_status hg_run(const hg_config *cfg, const hg_run_options *opt, hg_run_summary *sum,
                 hg_error *err) {
  return run_with_hooks(cfg, opt, NULL, sum, err);
}
