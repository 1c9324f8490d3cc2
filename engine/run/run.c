/* run.c: the run pipeline (healthgap/run.h): ingest -> derive -> analyse ->
 * render -> publish, with the output folder's guarantees from publish.c.
 *
 * The order of the checks matters: the lock comes first (a second run must not
 * even hash inputs while the first publishes), then the unchanged test (cheap:
 * hashes only), then the staging folder.  Every exit after the staging folder
 * exists removes it unless it was renamed into place.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "healthgap/run.h"
#include "analyse/stage.h"
#include "derive/stage.h"
#include "ingest/stage.h"
#include "publish/publish.h"
#include "render/stage.h"

const char *const hg_run_stage_names[HG_RUN_NSTAGES] = {"ingest", "derive", "analyse", "render",
                                                        "publish"};

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
  if (!text || !*text)
    return HG_ERR_RANGE;
  char *end = NULL;
  gint64 v = g_ascii_strtoll(text, &end, 10);
  if (end && *end == '\0' && end != text) {
    *out = v;
    return HG_OK;
  }
  GDateTime *dt = g_date_time_new_from_iso8601(text, NULL);
  if (!dt)
    return HG_ERR_RANGE;
  *out = g_date_time_to_unix(dt);
  g_date_time_unref(dt);
  return HG_OK;
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

/* Sleeps ms in small steps, returning early when cancelled. */
static void test_delay(const run_ctx *ctx, unsigned ms) {
  for (unsigned t = 0; t < ms && !run_cancelled(ctx); t += 20)
    g_usleep(20000);
}

/* The run's counts and timings into the public summary. */
static void copy_counts(const run_ctx *c, hg_run_summary *sum) {
  sum->rows_read = c->n.rows_read;
  sum->rows_accepted = c->n.rows_accepted;
  sum->rows_rejected = c->n.rows_rejected;
  sum->indicators = c->n.indicators;
  sum->areas = c->n.areas;
  sum->results_rows = c->n.results_rows;
  sum->packs = c->n.packs;
  sum->charts = c->n.charts;
  sum->had_previous = c->n.had_previous;
  sum->changed_added = c->n.changed_added;
  sum->changed_removed = c->n.changed_removed;
  sum->changed_values = c->n.changed_values;
  for (size_t i = 0; i < c->nstages && i < HG_RUN_NSTAGES; i++)
    sum->stage_seconds[i] = c->stage_seconds[i];
  sum->total_seconds = c->total_seconds;
}

hg_status hg_run(const hg_config *cfg, const hg_run_options *opt, hg_run_summary *sum,
                 hg_error *err) {
  static const hg_run_options defaults = {0};
  hg_run_summary local;
  if (!opt)
    opt = &defaults;
  if (!sum)
    sum = &local;
  memset(sum, 0, sizeof *sum);
  hg_error_clear(err);

  run_ctx c = {.cfg = cfg,
               .cancel = opt->cancel,
               .progress = opt->progress,
               .progress_data = opt->progress_data,
               .t0 = g_get_monotonic_time()};
  c.nstages = HG_RUN_NSTAGES;
  for (int i = 0; i < HG_RUN_NSTAGES; i++)
    c.stage_names[i] = hg_run_stage_names[i];
  c.rows = g_ptr_array_new_with_free_func(res_row_free);
  c.rejects = g_ptr_array_new_with_free_func(reject_row_free);
  c.warnings = g_ptr_array_new_with_free_func(g_free);
  c.outputs = g_ptr_array_new_with_free_func(g_free);
  c.pool = g_string_chunk_new(1 << 16);
  c.out = cfg->output;
  c.jobs = opt->jobs > 0 ? opt->jobs : cfg->jobs > 0 ? cfg->jobs : (int)g_get_num_processors();
  int lock = -1, published = 0;
  hg_status st;

  const char *ts = opt->timestamp ? opt->timestamp : cfg->timestamp;
  if ((st = hg_run_resolve_time(ts, &c.time)) != HG_OK) {
    hg_error_set(err, NULL, 0, NULL, "not a time (Unix seconds or ISO 8601): '%s'",
                 ts ? ts : getenv("SOURCE_DATE_EPOCH"));
    goto cleanup;
  }
  GDateTime *dt = g_date_time_new_from_unix_utc(c.time);
  if (!dt) {
    st = HG_ERR_RANGE;
    hg_error_set(err, NULL, 0, NULL, "time out of range");
    goto cleanup;
  }
  char *iso = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
  char *stamp = g_date_time_format(dt, "%Y%m%dT%H%M%SZ");
  g_date_time_unref(dt);
  g_strlcpy(c.iso, iso, sizeof c.iso);
  sum->timestamp = iso;

  if ((st = publish_lock(c.out, &lock, err)) != HG_OK) {
    g_free(stamp);
    goto cleanup;
  }
  c.prev_run_id = publish_latest_id(c.out);
  sum->previous_run_id = g_strdup(c.prev_run_id);
  sum->inputs = cfg->ninputs;

  gint64 t = g_get_monotonic_time();
  st = run_expand_inputs(&c, err);
  sum->files = c.files ? c.files->len : 0;
  if (st != HG_OK) {
    g_free(stamp);
    goto cleanup;
  }
  c.run_id = g_strdup_printf("%s-%.8s", stamp, c.data_id);
  g_free(stamp);

  if (!opt->force && c.prev_run_id) {
    char fp[65] = "";
    char *latest = g_build_filename(c.out, "latest", NULL);
    char *prev_id = NULL;
    if (run_read_manifest(latest, fp, &prev_id) && strcmp(fp, c.fingerprint) == 0) {
      sum->unchanged = 1;
      sum->run_id = prev_id;
      sum->run_dir = g_build_filename(c.out, "runs", c.prev_run_id, NULL);
      st = HG_ERR_UNCHANGED;
    } else {
      g_free(prev_id);
    }
    g_free(latest);
    if (st == HG_ERR_UNCHANGED)
      goto cleanup;
  }

  if ((st = publish_make_staging(&c, err)) != HG_OK)
    goto cleanup;

  /* ingest */
  c.stage = "ingest";
  st = run_ingest(&c, err);
  c.stage_seconds[0] = since(t);
  if (st != HG_OK)
    goto cleanup;

  /* derive */
  t = g_get_monotonic_time();
  st = run_derive(&c, err);
  c.stage_seconds[1] = since(t);
  if (st != HG_OK)
    goto cleanup;
  if (run_cancelled(&c)) {
    st = HG_ERR_ABORTED;
    goto cleanup;
  }

  /* analyse: results in their final order; disclosure control first, so that
   * nothing suppressed is compared or written */
  t = g_get_monotonic_time();
  run_sort_results(&c);
  run_disclosure(&c);
  st = run_analyse(&c, err);
  c.stage_seconds[2] = since(t);
  if (st != HG_OK)
    goto cleanup;
  if (run_cancelled(&c)) {
    st = HG_ERR_ABORTED;
    goto cleanup;
  }

  /* render: charts read the results, so they are written (into staging) first */
  t = g_get_monotonic_time();
  if ((st = run_write_results(&c, err)) != HG_OK || (st = run_write_rejects(&c, err)) != HG_OK ||
      (st = run_write_changes(&c, err)) != HG_OK)
    goto cleanup;
  double written = since(t);
  t = g_get_monotonic_time();
  c.stage = "render";
  run_progress(&c, 0, 1);
  if ((st = run_render(&c, err)) != HG_OK)
    goto cleanup;
  c.stage_seconds[3] = since(t);
  if (run_cancelled(&c)) {
    st = HG_ERR_ABORTED;
    goto cleanup;
  }

  /* publish */
  t = g_get_monotonic_time() - (gint64)(written * 1e6);
  if (opt->test_delay_ms)
    test_delay(&c, opt->test_delay_ms);
  if (run_cancelled(&c)) {
    st = HG_ERR_ABORTED;
    goto cleanup;
  }
  sum->outputs = c.outputs->len + 1;
  c.stage_seconds[4] = since(t);
  c.total_seconds = since(c.t0);
  if ((st = run_write_manifest(&c, err)) != HG_OK)
    goto cleanup;
  /* Last chance to stop: after this rename the run is public. */
  if (run_cancelled(&c)) {
    st = HG_ERR_ABORTED;
    goto cleanup;
  }
  if ((st = publish_commit(&c, err)) != HG_OK)
    goto cleanup;
  published = 1;
  publish_prune(&c);
  sum->run_id = g_strdup(c.run_id);
  sum->run_dir = g_build_filename(c.out, "runs", c.run_id, NULL);
  c.stage_seconds[4] = since(t);
  c.total_seconds = since(c.t0);

cleanup:
  copy_counts(&c, sum);
  if (st == HG_ERR_ABORTED && err && !err->message[0])
    hg_error_set(err, NULL, 0, NULL, "interrupted: nothing published");
  if (c.staging && !published)
    publish_rmtree(c.staging);
  publish_unlock(lock);
  sum->warnings = c.warnings->len;
  g_ptr_array_add(c.warnings, NULL);
  sum->warning_texts = g_strdupv((char **)c.warnings->pdata);
  g_ptr_array_free(c.warnings, TRUE);
  g_ptr_array_free(c.outputs, TRUE);
  g_ptr_array_free(c.rows, TRUE);
  g_ptr_array_free(c.rejects, TRUE);
  g_free(c.arows);
  g_string_chunk_free(c.pool);
  run_ingest_clear(&c);
  g_free(c.staging);
  g_free(c.run_id);
  g_free(c.prev_run_id);
  if (sum == &local)
    hg_run_summary_clear(&local);
  return st;
}
