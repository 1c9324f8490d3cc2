/* run_ingest.c: the ingest stage of a run.
 *
 * Each [input.NAME] is expanded (globs, sorted for determinism), hashed, then
 * read on the worker pool, one file per task; each task owns its rows and
 * rejects, which are merged in file order afterwards, so the result does not
 * depend on the number of threads.  Indicator files become rows of
 * results/indicators.csv; a bad row goes to rejects.csv with its reason; a
 * file that cannot be read at all (missing, not CSV, mapped column absent) fails
 * the run, because publishing without it would silently drop an indicator.
 */
#include <errno.h>
#include <glob.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/csvout.h"
#include "healthgap/mapped.h"
#include "healthgap/table.h"
#include "run_internal.h"

#ifndef HG_VERSION
#define HG_VERSION "0.0.0"
#endif

hg_status hg_sha256_file(const char *path, char hex[65], hg_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    hg_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
    return HG_ERR_IO;
  }
  GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
  guchar buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    g_checksum_update(c, buf, (gssize)n);
  hg_status st = HG_OK;
  if (ferror(fp)) {
    hg_error_set(err, path, 0, NULL, "read error: %s", strerror(errno));
    st = HG_ERR_IO;
  } else {
    g_strlcpy(hex, g_checksum_get_string(c), 65);
  }
  g_checksum_free(c);
  fclose(fp);
  return st;
}

static void run_file_free(gpointer p) {
  run_file *f = p;
  g_free(f->path);
  g_free(f->display);
  if (f->rows)
    g_ptr_array_free(f->rows, TRUE);
  if (f->rejects)
    g_ptr_array_free(f->rejects, TRUE);
  g_free(f);
}

static char *display_name(const run_ctx *ctx, const char *path) {
  const char *dir = ctx->cfg->dir;
  size_t n = strlen(dir);
  if (strcmp(dir, ".") != 0 && strncmp(path, dir, n) == 0 && path[n] == '/')
    return g_strdup(path + n + 1);
  if (g_str_has_prefix(path, "./"))
    return g_strdup(path + 2);
  return g_strdup(path);
}

hg_status run_expand_inputs(run_ctx *ctx, hg_error *err) {
  const hg_config *cfg = ctx->cfg;
  ctx->files = g_ptr_array_new_with_free_func(run_file_free);
  GChecksum *fp = g_checksum_new(G_CHECKSUM_SHA256);
  g_checksum_update(fp, (const guchar *)HG_VERSION "\n", -1);
  g_checksum_update(fp, (const guchar *)cfg->sha256, -1);
  hg_status st = HG_OK;
  for (size_t i = 0; i < cfg->ninputs && st == HG_OK; i++) {
    const hg_config_input *in = &cfg->inputs[i];
    glob_t g;
    memset(&g, 0, sizeof g);
    int rc = glob(in->resolved, 0, NULL, &g); /* glob sorts its matches */
    if (rc != 0 || g.gl_pathc == 0) {
      hg_error_set(err, in->resolved, 0, NULL, "[input.%s] %s", in->name,
                   rc == GLOB_NOMATCH ? "no such file" : "cannot list files");
      st = HG_ERR_IO;
    }
    for (size_t k = 0; st == HG_OK && k < g.gl_pathc; k++) {
      run_file *f = g_new0(run_file, 1);
      f->in = in;
      f->path = g_strdup(g.gl_pathv[k]);
      f->display = display_name(ctx, f->path);
      f->rows = g_ptr_array_new_with_free_func(res_row_free);
      f->rejects = g_ptr_array_new_with_free_func(reject_row_free);
      g_ptr_array_add(ctx->files, f);
      st = hg_sha256_file(f->path, f->sha256, err);
      g_checksum_update(fp, (const guchar *)in->name, -1);
      g_checksum_update(fp, (const guchar *)"\n", 1);
      g_checksum_update(fp, (const guchar *)f->display, -1);
      g_checksum_update(fp, (const guchar *)"\n", 1);
      g_checksum_update(fp, (const guchar *)f->sha256, -1);
    }
    globfree(&g);
  }
  g_strlcpy(ctx->fingerprint, g_checksum_get_string(fp), sizeof ctx->fingerprint);
  g_checksum_free(fp);
  return st;
}

/* ---- indicator rows ---- */

/* Fields asked of every indicator reader, in this order. */
enum {
  F_INDICATOR_ID, F_INDICATOR_NAME, F_AREA_CODE, F_AREA_NAME, F_AREA_TYPE, F_PARENT_CODE,
  F_PERIOD, F_PERIOD_SORTABLE, F_SEX, F_AGE, F_CATEGORY_TYPE, F_CATEGORY, F_VALUE,
  F_LOWER95, F_UPPER95, F_LOWER998, F_UPPER998, F_COUNT, F_DENOMINATOR, F_VALUE_NOTE,
  F_COMPARED_ENGLAND, F_RECENT_TREND, F_NFIELDS
};
static const char *const fields[F_NFIELDS] = {
    "indicator_id", "indicator_name", "area_code", "area_name", "area_type", "parent_code",
    "period", "period_sortable", "sex", "age", "category_type", "category", "value",
    "lower_ci95", "upper_ci95", "lower_ci998", "upper_ci998", "count", "denominator",
    "value_note", "compared_to_england", "recent_trend"};

/* The Fingertips export's header names for the same fields (fingertips.md 1).
 * Until the ingest branch's positional reader is merged, exports are read by
 * header through this mapping; hg_mapped_read matches names ignoring spaces
 * and case, which covers both `AreaName` and `Area Name`. */
static const hg_mapped_pair fingertips_columns[] = {
    {"indicator_id", "Indicator ID"},
    {"indicator_name", "Indicator Name"},
    {"parent_code", "Parent Code"},
    {"area_code", "Area Code"},
    {"area_name", "Area Name"},
    {"area_type", "Area Type"},
    {"sex", "Sex"},
    {"age", "Age"},
    {"category_type", "Category Type"},
    {"category", "Category"},
    {"period", "Time period"},
    {"value", "Value"},
    {"lower_ci95", "Lower CI 95.0 limit"},
    {"upper_ci95", "Upper CI 95.0 limit"},
    {"lower_ci998", "Lower CI 99.8 limit"},
    {"upper_ci998", "Upper CI 99.8 limit"},
    {"count", "Count"},
    {"denominator", "Denominator"},
    {"value_note", "Value note"},
    {"recent_trend", "Recent Trend"},
    {"compared_to_england", "Compared to England value or percentiles"},
    {"period_sortable", "Time period Sortable"},
};

typedef struct {
  run_file *f;
} ingest_task;

static void add_reject(run_file *f, long line, const char *column, const char *reason,
                       const char *raw) {
  reject_row *r = g_new0(reject_row, 1);
  r->file = g_strdup(f->display);
  r->line = line;
  r->column = g_strdup(column ? column : "");
  r->reason = g_strdup(reason);
  r->raw = g_strdup(raw);
  g_ptr_array_add(f->rejects, r);
  f->rejected++;
}

/* The numeric start of a period when the file gives no sortable key: the
 * first four-digit year, as YYYY0000 (Fingertips' convention for years).
 * TODO(ingest merge): use hg_period_parse for quarters and months. */
static double fallback_sortable(const char *period) {
  for (const char *p = period; *p; p++)
    if (g_ascii_isdigit(p[0]) && g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2]) &&
        g_ascii_isdigit(p[3]))
      return (double)((p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
                      (p[3] - '0')) *
             10000.0;
  return NAN;
}

static hg_status on_indicator_row(void *data, const char *const *v, const char *raw, long line,
                                  hg_error *err) {
  (void)err;
  run_file *f = data;
  f->rows_read++;
  static const int required[] = {F_INDICATOR_ID, F_AREA_CODE, F_PERIOD};
  for (size_t i = 0; i < G_N_ELEMENTS(required); i++)
    if (!*v[required[i]]) {
      add_reject(f, line, fields[required[i]], "required field is empty", raw);
      return HG_OK;
    }
  double num[F_NFIELDS];
  static const int numeric[] = {F_VALUE,   F_LOWER95, F_UPPER95,      F_LOWER998,
                                F_UPPER998, F_COUNT,  F_DENOMINATOR, F_PERIOD_SORTABLE};
  for (size_t i = 0; i < G_N_ELEMENTS(numeric); i++) {
    int k = numeric[i];
    if (hg_parse_number(v[k], strlen(v[k]), &num[k]) == HG_NUM_INVALID) {
      char msg[300];
      snprintf(msg, sizeof msg, "not a number: '%.200s'", v[k]);
      add_reject(f, line, fields[k], msg, raw);
      return HG_OK;
    }
  }
  if (!isnan(num[F_LOWER95]) && !isnan(num[F_UPPER95]) && num[F_LOWER95] > num[F_UPPER95]) {
    add_reject(f, line, "lower_ci95", "lower limit above upper limit", raw);
    return HG_OK;
  }
  if ((!isnan(num[F_COUNT]) && num[F_COUNT] < 0) ||
      (!isnan(num[F_DENOMINATOR]) && num[F_DENOMINATOR] < 0)) {
    add_reject(f, line, !isnan(num[F_COUNT]) && num[F_COUNT] < 0 ? "count" : "denominator",
               "negative", raw);
    return HG_OK;
  }
  res_row *r = g_new0(res_row, 1);
  static const struct { int f, c; } text_map[] = {
      {F_INDICATOR_ID, RES_INDICATOR_ID}, {F_INDICATOR_NAME, RES_INDICATOR_NAME},
      {F_AREA_CODE, RES_AREA_CODE},       {F_AREA_NAME, RES_AREA_NAME},
      {F_AREA_TYPE, RES_AREA_TYPE},       {F_PARENT_CODE, RES_PARENT_CODE},
      {F_PERIOD, RES_PERIOD},             {F_SEX, RES_SEX},
      {F_AGE, RES_AGE},                   {F_CATEGORY_TYPE, RES_CATEGORY_TYPE},
      {F_CATEGORY, RES_CATEGORY},         {F_VALUE_NOTE, RES_VALUE_NOTE},
      {F_COMPARED_ENGLAND, RES_COMPARED_TO_ENGLAND}, {F_RECENT_TREND, RES_RECENT_TREND}};
  for (size_t i = 0; i < G_N_ELEMENTS(text_map); i++)
    r->col[text_map[i].c] = g_strdup(v[text_map[i].f]);
  static const struct { int f, c; } num_map[] = {
      {F_VALUE, RES_VALUE},           {F_LOWER95, RES_LOWER_CI95},
      {F_UPPER95, RES_UPPER_CI95},    {F_LOWER998, RES_LOWER_CI998},
      {F_UPPER998, RES_UPPER_CI998},  {F_COUNT, RES_COUNT},
      {F_DENOMINATOR, RES_DENOMINATOR}};
  char buf[HG_NUMBER_BUFSIZE];
  for (size_t i = 0; i < G_N_ELEMENTS(num_map); i++) {
    hg_format_number(num[num_map[i].f], buf);
    r->col[num_map[i].c] = g_strdup(buf);
  }
  if (!*r->col[RES_SEX]) {
    g_free(r->col[RES_SEX]);
    r->col[RES_SEX] = g_strdup("Persons");
  }
  r->sortable = !isnan(num[F_PERIOD_SORTABLE]) ? num[F_PERIOD_SORTABLE]
                                                : fallback_sortable(v[F_PERIOD]);
  hg_format_number(r->sortable, buf);
  r->col[RES_PERIOD_SORTABLE] = g_strdup(buf);
  for (int c = 0; c < RES_NCOLS; c++)
    if (!r->col[c])
      r->col[c] = g_strdup("");
  g_ptr_array_add(f->rows, r);
  f->accepted++;
  return HG_OK;
}

static hg_status ingest_indicators(run_file *f) {
  hg_mapped_spec fp_spec = {0};
  const hg_mapped_spec *spec = &f->in->mapped;
  if (f->in->layout == HG_LAYOUT_FINGERTIPS) {
    fp_spec.columns = (hg_mapped_pair *)fingertips_columns;
    fp_spec.ncolumns = G_N_ELEMENTS(fingertips_columns);
    fp_spec.columns_optional = 1;
    spec = &fp_spec;
  }
  hg_mapped_stats stats;
  hg_status st =
      hg_mapped_read(f->path, spec, fields, F_NFIELDS, on_indicator_row, f, &stats, &f->err);
  /* Name the file as the user knows it, not as opened. */
  if (st != HG_OK && strcmp(f->err.file, f->path) == 0)
    g_strlcpy(f->err.file, f->display, sizeof f->err.file);
  return st;
}

/* Inputs the later stages read themselves: here they are checked to parse and
 * counted, so that a broken lookup fails the run before anything is built. */
static hg_status ingest_other(run_file *f) {
  if (f->in->role == HG_ROLE_BOUNDARIES) {
    JsonParser *p = json_parser_new();
    GError *ge = NULL;
    hg_status st = HG_OK;
    if (!json_parser_load_from_file(p, f->path, &ge)) {
      hg_error_set(&f->err, f->display, 0, NULL, "not GeoJSON: %s", ge->message);
      g_error_free(ge);
      st = HG_ERR_PARSE;
    } else {
      JsonNode *root = json_parser_get_root(p);
      JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
      JsonArray *feat = o && json_object_has_member(o, "features")
                            ? json_object_get_array_member(o, "features")
                            : NULL;
      if (!feat) {
        hg_error_set(&f->err, f->display, 0, NULL, "not a GeoJSON FeatureCollection");
        st = HG_ERR_FORMAT;
      } else {
        f->rows_read = f->accepted = json_array_get_length(feat);
      }
    }
    g_object_unref(p);
    return st;
  }
  hg_table_options o = {.skip_lines = f->in->mapped.skip_rows};
  hg_table *t = NULL;
  hg_status st = hg_table_read(f->path, &o, &t, &f->err);
  if (st == HG_OK) {
    f->rows_read = f->accepted = hg_table_nrows(t);
    hg_table_free(t);
  } else if (strcmp(f->err.file, f->path) == 0) {
    g_strlcpy(f->err.file, f->display, sizeof f->err.file);
  }
  return st;
}

static void ingest_worker(gpointer data, gpointer user) {
  run_file *f = data;
  run_ctx *ctx = user;
  gint64 t0 = g_get_monotonic_time();
  if (run_cancelled(ctx))
    f->st = HG_ERR_ABORTED;
  else
    f->st = f->in->role == HG_ROLE_INDICATORS ? ingest_indicators(f) : ingest_other(f);
  f->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
  g_atomic_int_inc(&ctx->tasks_done);
}

hg_status run_ingest(run_ctx *ctx, hg_error *err) {
  guint n = ctx->files->len;
  g_atomic_int_set(&ctx->tasks_done, 0);
  if (ctx->jobs > 1 && n > 1) {
    GThreadPool *pool = g_thread_pool_new(ingest_worker, ctx, ctx->jobs, FALSE, NULL);
    for (guint i = 0; i < n; i++)
      g_thread_pool_push(pool, ctx->files->pdata[i], NULL);
    /* Progress: poll the finished count while the pool works. */
    for (;;) {
      guint done = (guint)g_atomic_int_get(&ctx->tasks_done);
      if (ctx->opt->progress)
        ctx->opt->progress(ctx->opt->progress_data, "ingest", done, n,
                           (double)(g_get_monotonic_time() - ctx->t0) / 1e6);
      if (done >= n)
        break;
      g_usleep(50000);
    }
    g_thread_pool_free(pool, FALSE, TRUE);
  } else {
    for (guint i = 0; i < n; i++) {
      ingest_worker(ctx->files->pdata[i], ctx);
      if (ctx->opt->progress)
        ctx->opt->progress(ctx->opt->progress_data, "ingest", i + 1, n,
                           (double)(g_get_monotonic_time() - ctx->t0) / 1e6);
    }
  }
  if (run_cancelled(ctx))
    return HG_ERR_ABORTED;
  /* The first failing file in config order is the one reported. */
  for (guint i = 0; i < n; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->st != HG_OK) {
      if (err)
        *err = f->err;
      return f->st;
    }
  }
  hg_run_summary *s = ctx->sum;
  for (guint i = 0; i < n; i++) {
    run_file *f = ctx->files->pdata[i];
    s->rows_read += f->rows_read;
    s->rows_accepted += f->accepted;
    s->rows_rejected += f->rejected;
    for (guint k = 0; k < f->rows->len; k++)
      g_ptr_array_add(ctx->rows, f->rows->pdata[k]);
    g_ptr_array_set_free_func(f->rows, NULL);
    g_ptr_array_set_size(f->rows, 0);
    for (guint k = 0; k < f->rejects->len; k++)
      g_ptr_array_add(ctx->rejects, f->rejects->pdata[k]);
    g_ptr_array_set_free_func(f->rejects, NULL);
    g_ptr_array_set_size(f->rejects, 0);
    if (f->rejected)
      run_warn(ctx, "%s: %zu row(s) rejected (see rejects.csv)", f->display, f->rejected);
  }
  return HG_OK;
}
