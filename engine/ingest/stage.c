/* ingest/stage.c: the ingest stage of a run.
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
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/boundaries.h"
#include "healthgap/filekind.h"
#include "healthgap/csvout.h"
#include "healthgap/ingest.h"
#include "healthgap/store.h"
#include "healthgap/mapped.h"
#include "healthgap/table.h"
#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "ingest/ethnicity.h"
#include "ingest/sha256.h"
#include "ingest/stage.h"

#ifndef HG_VERSION
#define HG_VERSION "0.0.0"
#endif

/* GLib's GChecksum where the CPU lacks the SHA extensions (ingest/sha256.c). */
hg_status hg_sha256_file(const char *path, char hex[65], hg_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    hg_error_set(err, path, 0, NULL, "cannot open: %s", strerror(errno));
    return HG_ERR_IO;
  }
  int fast = hg_sha256_fast_available();
  hg_sha256_ctx s;
  GChecksum *c = fast ? NULL : g_checksum_new(G_CHECKSUM_SHA256);
  if (fast)
    hg_sha256_init(&s);
  guchar buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
    if (fast)
      hg_sha256_update(&s, buf, n);
    else
      g_checksum_update(c, buf, (gssize)n);
  }
  hg_status st = HG_OK;
  if (ferror(fp)) {
    hg_error_set(err, path, 0, NULL, "read error: %s", strerror(errno));
    st = HG_ERR_IO;
  } else if (fast) {
    hg_sha256_hex(&s, hex);
  } else {
    g_strlcpy(hex, g_checksum_get_string(c), 65);
  }
  if (c)
    g_checksum_free(c);
  fclose(fp);
  return st;
}

static void run_file_free(gpointer p) {
  run_file *f = p;
  g_free(f->path);
  g_free(f->display);
  hg_store_free(f->store);
  hg_boundaries_free(f->boundaries);
  if (f->rows)
    g_ptr_array_free(f->rows, TRUE);
  if (f->rejects)
    g_ptr_array_free(f->rejects, TRUE);
  hg_table_free(f->table);
  if (f->records)
    g_ptr_array_free(f->records, TRUE);
  if (f->record_text)
    g_string_chunk_free(f->record_text);
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

/* One file's sha256, a task of hash_files. */
typedef struct hash_task {
  run_file *f;
  hg_status st;
  hg_error err;
} hash_task;

static void hash_worker(gpointer data, gpointer user) {
  (void)user;
  hash_task *t = data;
  t->st = hg_sha256_file(t->f->path, t->f->sha256, &t->err);
}

/* The sha256 of files[0..n) on a pool of --jobs workers: a national run's
 * inputs are tens of megabytes, and hashed one after the other they held the
 * run up before ingest could start.  The first failure in file order wins,
 * as if they had been hashed in order. */
static hg_status hash_files(run_ctx *ctx, run_file **files, guint n, hg_error *err) {
  hash_task *t = g_new0(hash_task, n ? n : 1);
  for (guint i = 0; i < n; i++)
    t[i].f = files[i];
  if (ctx->jobs <= 1 || n <= 1) {
    for (guint i = 0; i < n; i++)
      hash_worker(&t[i], NULL);
  } else {
    GThreadPool *pool = g_thread_pool_new(hash_worker, NULL, ctx->jobs, FALSE, NULL);
    for (guint i = 0; i < n; i++)
      g_thread_pool_push(pool, &t[i], NULL);
    g_thread_pool_free(pool, FALSE, TRUE);
  }
  hg_status st = HG_OK;
  for (guint i = 0; i < n && st == HG_OK; i++)
    if ((st = t[i].st) != HG_OK && err)
      *err = t[i].err;
  g_free(t);
  return st;
}

/* The files of one [input.NAME] into ctx->files, each checked (a FIFO would
 * block the run while it holds the lock: refused first) and hashed; the
 * first failure in file order is the one reported. */
static hg_status expand_input(run_ctx *ctx, const hg_config_input *in, hg_error *err) {
  glob_t g;
  memset(&g, 0, sizeof g);
  int rc = glob(in->resolved, 0, NULL, &g); /* glob sorts its matches */
  if (rc != 0 || g.gl_pathc == 0) {
    hg_error_set(err, in->resolved, 0, NULL, "[input.%s] %s", in->name,
                 rc == GLOB_NOMATCH ? "no such file" : "cannot list files");
    globfree(&g);
    return HG_ERR_IO;
  }
  guint first = ctx->files->len;
  hg_status check = HG_OK;
  hg_error check_err;
  for (size_t k = 0; check == HG_OK && k < g.gl_pathc; k++) {
    run_file *f = g_new0(run_file, 1);
    f->in = in;
    f->cancel = ctx->cancel;
    f->path = g_strdup(g.gl_pathv[k]);
    f->display = display_name(ctx, f->path);
    f->rows = g_ptr_array_new(); /* rows belong to the run's arena */
    f->rejects = g_ptr_array_new_with_free_func(reject_row_free);
    g_ptr_array_add(ctx->files, f);
    check = hg_input_check(f->path, 0, &check_err);
  }
  globfree(&g);
  /* the files before a refused one are hashed, as they were before it */
  guint n = ctx->files->len - first - (check != HG_OK);
  hg_status st = hash_files(ctx, (run_file **)ctx->files->pdata + first, n, err);
  if (st == HG_OK && check != HG_OK) {
    if (err)
      *err = check_err;
    st = check;
  }
  return st;
}

hg_status run_expand_inputs(run_ctx *ctx, hg_error *err) {
  const hg_config *cfg = ctx->cfg;
  ctx->files = g_ptr_array_new_with_free_func(run_file_free);
  GChecksum *fp = g_checksum_new(G_CHECKSUM_SHA256);
  g_checksum_update(fp, (const guchar *)HG_VERSION "\n", -1);
  /* The engine itself is an input: a rebuilt or upgraded binary with the same
   * version string must not skip as "unchanged" and leave stale outputs. */
  char exe_sha[65] = "";
  hg_error exe_err;
  hg_sha256_file("/proc/self/exe", exe_sha, &exe_err);
  /* The run id names the data and the config only, so that the same inputs give
   * the same outputs (the id is printed in the packs) whichever build ran; and
   * the config by what it means, so that a comment or another output folder
   * gives the same packs (healthgap/config.h).  The unchanged test below
   * still takes the config text: any edit of it rebuilds. */
  g_checksum_update(fp, (const guchar *)cfg->meaning_sha256, -1);
  hg_status st = HG_OK;
  for (size_t i = 0; i < cfg->ninputs && st == HG_OK; i++)
    st = expand_input(ctx, &cfg->inputs[i], err);
  for (guint i = 0; st == HG_OK && i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    g_checksum_update(fp, (const guchar *)f->in->name, -1);
    g_checksum_update(fp, (const guchar *)"\n", 1);
    g_checksum_update(fp, (const guchar *)f->display, -1);
    g_checksum_update(fp, (const guchar *)"\n", 1);
    g_checksum_update(fp, (const guchar *)f->sha256, -1);
  }
  GChecksum *data = g_checksum_copy(fp);
  g_strlcpy(ctx->data_id, g_checksum_get_string(data), sizeof ctx->data_id);
  g_checksum_update(fp, (const guchar *)cfg->sha256, -1);
  g_checksum_update(fp, (const guchar *)exe_sha, -1);
  g_strlcpy(ctx->fingerprint, g_checksum_get_string(fp), sizeof ctx->fingerprint);
  g_checksum_free(data);
  g_checksum_free(fp);
  return st;
}

/* ---- indicator rows ---- */

/* Fields asked of a mapped indicator file, in this order: columns of
 * results/indicators.csv (their tidy names come from the one declaration). */
enum {
  F_INDICATOR_ID,
  F_INDICATOR_NAME,
  F_AREA_CODE,
  F_AREA_NAME,
  F_AREA_TYPE,
  F_PARENT_CODE,
  F_PERIOD,
  F_PERIOD_SORTABLE,
  F_SEX,
  F_AGE,
  F_CATEGORY_TYPE,
  F_CATEGORY,
  F_VALUE,
  F_LOWER95,
  F_UPPER95,
  F_LOWER998,
  F_UPPER998,
  F_COUNT,
  F_DENOMINATOR,
  F_VALUE_NOTE,
  F_COMPARED_ENGLAND,
  F_RECENT_TREND,
  F_NFIELDS
};
static const int field_column[F_NFIELDS] = {
    RES_INDICATOR_ID, RES_INDICATOR_NAME,  RES_AREA_CODE,
    RES_AREA_NAME,    RES_AREA_TYPE,       RES_PARENT_CODE,
    RES_PERIOD,       RES_PERIOD_SORTABLE, RES_SEX,
    RES_AGE,          RES_CATEGORY_TYPE,   RES_CATEGORY,
    RES_VALUE,        RES_LOWER_CI95,      RES_UPPER_CI95,
    RES_LOWER_CI998,  RES_UPPER_CI998,     RES_COUNT,
    RES_DENOMINATOR,  RES_VALUE_NOTE,      RES_COMPARED_TO_ENGLAND,
    RES_RECENT_TREND};

static const char *field_name(int k) {
  return hg_res_colnames[field_column[k]];
}

static void add_reject(run_file *f, long line, const char *column, hg_reject_reason why,
                       const char *message, const char *raw) {
  reject_row *r = g_new0(reject_row, 1);
  r->file = g_strdup(f->display);
  r->line = line;
  r->column = g_strdup(column ? column : "");
  r->reason = why;
  r->message = g_strdup(message ? message : "");
  r->raw = g_strdup(raw ? raw : "");
  g_ptr_array_add(f->rejects, r);
  f->rejected++;
}

/* hg_reject_fn for the Fingertips and tidy readers: keep a copy. */
static int on_reject(const hg_reject *rj, void *data) {
  run_file *f = data;
  add_reject(f, rj->line, rj->column, rj->reason, rj->message, rj->raw);
  return 0;
}

/* hg_reject_fn for the mapped layout's broken rows (which no row callback
 * sees): kept and counted as read. */
static int on_mapped_reject(const hg_reject *rj, void *data) {
  run_file *f = data;
  f->rows_read++;
  return on_reject(rj, data);
}

/* After a mapped read: the rows its filters and notes took out are read too,
 * so that read = accepted + rejected + filtered. */
static void count_filtered(run_file *f, const hg_mapped_stats *stats) {
  f->filtered = stats->rows_filtered + stats->rows_notes;
  f->rows_read += f->filtered;
}

static hg_str intern(hg_store *st, const char *s) {
  return hg_store_intern(st, s, strlen(s));
}

/* A mapped row -> hg_obs -> the same rules as the other layouts. */
/* The numbers and the period of a mapped row into o; 0 (and the row
 * rejected) when one is not a number or the period is not recognised. */
static int mapped_numbers(run_file *f, const char *const *v, const char *raw, long line,
                          hg_obs *o) {
  static const int numeric[] = {F_VALUE,    F_LOWER95, F_UPPER95,     F_LOWER998,
                                F_UPPER998, F_COUNT,   F_DENOMINATOR, F_PERIOD_SORTABLE};
  double *dest[] = {&o->value,    &o->lower95, &o->upper95,     &o->lower998,
                    &o->upper998, &o->count,   &o->denominator, NULL};
  double sortable = NAN;
  for (size_t i = 0; i < G_N_ELEMENTS(numeric); i++) {
    int k = numeric[i];
    double d;
    if (hg_parse_number(v[k], strlen(v[k]), &d) == HG_NUM_INVALID) {
      char msg[300];
      snprintf(msg, sizeof msg, "not a number: '%.200s'", v[k]);
      add_reject(f, line, field_name(k), HG_REJECT_NOT_NUMBER, msg, raw);
      return 0;
    }
    if (dest[i])
      *dest[i] = d;
    else
      sortable = d;
  }
  if (hg_period_parse(v[F_PERIOD], strlen(v[F_PERIOD]), &o->period) != HG_OK &&
      (isnan(sortable) || hg_period_from_sortable((int64_t)sortable, &o->period) != HG_OK)) {
    char msg[300];
    snprintf(msg, sizeof msg, "period not recognised: '%.200s'", v[F_PERIOD]);
    add_reject(f, line, "period", HG_REJECT_BAD_PERIOD, msg, raw);
    return 0;
  }
  if (!isnan(sortable))
    o->period.sortable = (int64_t)sortable;
  return 1;
}

/* A mapped row -> hg_obs -> the same rules as the other layouts. */
static hg_status on_mapped_row(void *data, const char *const *v, const char *raw, long line,
                               hg_error *err) {
  (void)err;
  run_file *f = data;
  hg_store *st = f->store;
  f->rows_read++;
  static const int required[] = {F_INDICATOR_ID, F_AREA_CODE, F_PERIOD};
  for (size_t i = 0; i < G_N_ELEMENTS(required); i++)
    if (!*v[required[i]]) {
      add_reject(f, line, field_name(required[i]), HG_REJECT_MISSING_KEY, "required field is empty",
                 raw);
      return HG_OK;
    }
  hg_obs o;
  hg_obs_init(&o);
  if (!mapped_numbers(f, v, raw, line, &o))
    return HG_OK;
  o.indicator_id = intern(st, v[F_INDICATOR_ID]);
  o.indicator_name = intern(st, v[F_INDICATOR_NAME]);
  o.area_code = intern(st, v[F_AREA_CODE]);
  o.area_name = intern(st, v[F_AREA_NAME]);
  o.area_type = intern(st, v[F_AREA_TYPE]);
  o.parent_code = intern(st, v[F_PARENT_CODE]);
  o.period_text = intern(st, v[F_PERIOD]);
  o.sex = intern(st, *v[F_SEX] ? v[F_SEX] : "Persons");
  o.age = intern(st, v[F_AGE]);
  o.category_type = intern(st, v[F_CATEGORY_TYPE]);
  o.category = intern(st, v[F_CATEGORY]);
  o.value_note = intern(st, v[F_VALUE_NOTE]);
  o.fp_compared_england = intern(st, v[F_COMPARED_ENGLAND]);
  o.fp_recent_trend = intern(st, v[F_RECENT_TREND]);
  o.value_state = isnan(o.value) ? HG_VALUE_MISSING : HG_VALUE_PRESENT;
  o.source = f->source;
  o.line = line;
  const char *column = NULL;
  char msg[512];
  hg_reject_reason why = hg_validate_obs(st, &o, &column, msg, sizeof msg);
  if (why != HG_REJECT_NONE) {
    add_reject(f, line, column, why, msg, raw);
    return HG_OK;
  }
  if (hg_store_append(st, &o) != HG_OK)
    return HG_ERR_NOMEM;
  f->accepted++;
  return HG_OK;
}

/* A store's interned texts as the run's (run_intern), each looked up once:
 * a national run's 679,100 rows have 15 texts each but a few thousand
 * distinct ones, and the run pool's hash lookup per cell held up the main
 * thread while the workers waited for it to take their stores. */
typedef struct text_map {
  run_ctx *ctx;
  const hg_store *st;
  GPtrArray *ptr; /* by hg_str id; NULL until first asked */
} text_map;

static const char *mapped_text(text_map *m, hg_str id) {
  if (id >= m->ptr->len)
    g_ptr_array_set_size(m->ptr, (gint)id + 1);
  const char *p = m->ptr->pdata[id];
  if (!p)
    p = m->ptr->pdata[id] = (gpointer)run_intern(m->ctx, hg_store_str(m->st, id));
  return p;
}

/* The file's store -> rows of results/indicators.csv (main thread: the pool). */
static void store_to_rows(run_ctx *ctx, run_file *f) {
  const hg_store *st = f->store;
  size_t n = hg_store_size(st);
  text_map m = {ctx, st, g_ptr_array_new()};
  const char *persons = run_intern(ctx, "Persons");
  hg_str london = hg_store_lookup(st, "E12000007");
  for (size_t i = 0; i < n; i++) {
    hg_obs o;
    hg_store_get(st, i, &o);
    if (ctx->keep_indicator &&
        !ctx->keep_indicator(ctx->keep_data, hg_store_str(st, o.indicator_id)))
      continue; /* another shard's (run/shard.c) */
    res_row *r = res_row_new(ctx);
    r->line = o.line;
    r->txt[RES_TXT_INDICATOR_ID] = mapped_text(&m, o.indicator_id);
    r->txt[RES_TXT_INDICATOR_NAME] = mapped_text(&m, o.indicator_name);
    r->txt[RES_TXT_AREA_CODE] = mapped_text(&m, o.area_code);
    r->txt[RES_TXT_AREA_NAME] = mapped_text(&m, o.area_name);
    r->txt[RES_TXT_AREA_TYPE] = mapped_text(&m, o.area_type);
    r->txt[RES_TXT_PARENT_CODE] = mapped_text(&m, o.parent_code);
    r->txt[RES_TXT_PERIOD] = mapped_text(&m, o.period_text);
    r->sortable = (double)o.period.sortable;
    r->num[RES_SLOT(RES_PERIOD_SORTABLE)] = r->sortable;
    const char *sex = mapped_text(&m, o.sex);
    r->txt[RES_TXT_SEX] = *sex ? sex : persons;
    r->txt[RES_TXT_AGE] = mapped_text(&m, o.age);
    r->txt[RES_TXT_CATEGORY_TYPE] = mapped_text(&m, o.category_type);
    r->txt[RES_TXT_CATEGORY] = mapped_text(&m, o.category);
    r->num[RES_SLOT(RES_VALUE)] = o.value;
    r->num[RES_SLOT(RES_LOWER_CI95)] = o.lower95;
    r->num[RES_SLOT(RES_UPPER_CI95)] = o.upper95;
    r->num[RES_SLOT(RES_LOWER_CI998)] = o.lower998;
    r->num[RES_SLOT(RES_UPPER_CI998)] = o.upper998;
    r->num[RES_SLOT(RES_COUNT)] = o.count;
    r->num[RES_SLOT(RES_DENOMINATOR)] = o.denominator;
    r->txt[RES_TXT_VALUE_NOTE] = mapped_text(&m, o.value_note);
    /* The publisher's own labels, kept until our benchmarking replaces them. */
    r->txt[RES_TXT_COMPARED_TO_ENGLAND] = mapped_text(&m, o.fp_compared_england);
    r->txt[RES_TXT_RECENT_TREND] = mapped_text(&m, o.fp_recent_trend);
    /* the parent's label, where the parent is London (analyse keeps it where
     * it cannot decide; docs/outputs.md) */
    if (london && o.parent_code == london)
      r->txt[RES_TXT_COMPARED_TO_LONDON] = mapped_text(&m, o.fp_compared_parent);
    g_ptr_array_add(f->rows, r);
  }
  g_ptr_array_free(m.ptr, TRUE);
}

static hg_status ingest_indicators(run_file *f) {
  f->store = hg_store_new();
  if (!f->store)
    return HG_ERR_NOMEM;
  hg_status st;
  if (f->in->layout == HG_LAYOUT_MAPPED) {
    f->source = hg_store_add_source(f->store, f->display);
    const char *fields[F_NFIELDS];
    for (int k = 0; k < F_NFIELDS; k++)
      fields[k] = field_name(k);
    hg_mapped_stats stats;
    st = hg_mapped_read_cancel(f->path, &f->in->mapped, fields, F_NFIELDS, on_mapped_row,
                               on_mapped_reject, f, &stats, f->cancel, &f->err);
    count_filtered(f, &stats);
  } else {
    hg_read_options o = {.format = f->in->layout == HG_LAYOUT_FINGERTIPS ? HG_FORMAT_FINGERTIPS
                                                                         : HG_FORMAT_TIDY,
                         .on_reject = on_reject,
                         .userdata = f,
                         .cancel = f->cancel};
    hg_read_report rep;
    st = hg_read_file(f->store, f->path, &o, &rep, &f->err);
    f->rows_read = rep.rows_read;
    f->accepted = rep.accepted;
    f->sortable_replaced = rep.sortable_replaced;
  }
  /* Name the file as the user knows it, not as opened. */
  if (st != HG_OK && strcmp(f->err.file, f->path) == 0)
    g_strlcpy(f->err.file, f->display, sizeof f->err.file);
  /* The store is turned into rows after the workers finish (run_ingest). */
  return st;
}

/* Boundaries (GeoJSON) are parsed here once for the whole run: the render
 * stage maps f->boundaries, so that a broken file fails the run before
 * anything is built and no stage reads it again. */
static hg_status ingest_boundaries(run_file *f) {
  hg_status st = hg_boundaries_read(f->path, NULL, &f->boundaries, &f->err);
  if (st == HG_ERR_EMPTY) { /* a collection without polygons: nothing to map */
    hg_error_clear(&f->err);
    st = HG_OK;
  } else if (st == HG_OK) {
    f->rows_read = f->boundaries->features_read;
    f->accepted = f->boundaries->n;
  }
  return st;
}

/* hg_mapped_row_fn of a counts input: keeps the row's field texts. */
static hg_status on_count_record(void *data, const char *const *v, const char *raw, long line,
                                 hg_error *err) {
  (void)raw;
  (void)line;
  (void)err;
  run_file *f = data;
  const char **rec = g_new(const char *, CNT_NFIELDS);
  for (int k = 0; k < CNT_NFIELDS; k++)
    rec[k] = g_string_chunk_insert_const(f->record_text, v[k]);
  g_ptr_array_add(f->records, rec);
  return HG_OK;
}

/* Counts through the input's mapping (the tidy layout is a mapping by header
 * name): the derive stage sums them. */
static hg_status ingest_counts(run_file *f) {
  f->records = g_ptr_array_new_with_free_func(g_free);
  f->record_text = g_string_chunk_new(1 << 14);
  hg_mapped_stats stats = {0};
  hg_status st =
      hg_mapped_read_cancel(f->path, &f->in->mapped, run_count_fields, CNT_NFIELDS, on_count_record,
                            on_mapped_reject, f, &stats, f->cancel, &f->err);
  f->rows_read += stats.rows_emitted;
  count_filtered(f, &stats);
  f->accepted = f->records->len;
  return st;
}

/* Lookups, deprivation, populations, metadata and targets: kept whole as a
 * table for the stages that use them. */
static hg_status ingest_table(run_file *f) {
  hg_table_options o = {.skip_lines = f->in->mapped.skip_rows, .cancel = f->cancel};
  hg_status st = hg_table_read(f->path, &o, &f->table, &f->err);
  if (st == HG_OK)
    f->rows_read = f->accepted = hg_table_nrows(f->table);
  return st;
}

static hg_status ingest_file(run_file *f) {
  hg_status st;
  switch (f->in->role) {
  case HG_ROLE_INDICATORS:
    return ingest_indicators(f);
  case HG_ROLE_BOUNDARIES:
    st = ingest_boundaries(f);
    break;
  case HG_ROLE_COUNTS:
    st = ingest_counts(f);
    break;
  default:
    st = ingest_table(f);
    break;
  }
  /* Name the file as the user knows it, not as opened. */
  if (st != HG_OK && strcmp(f->err.file, f->path) == 0)
    g_strlcpy(f->err.file, f->display, sizeof f->err.file);
  return st;
}

static void ingest_worker(gpointer data, gpointer user) {
  run_file *f = data;
  run_ctx *ctx = user;
  gint64 t0 = g_get_monotonic_time();
  if (run_cancelled(ctx))
    f->st = HG_ERR_ABORTED;
  else
    f->st = ingest_file(f);
  f->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
  g_atomic_int_set(&f->finished, 1);
  g_atomic_int_inc(&ctx->tasks_done);
}

/* Turns a finished file's store into result rows and frees the store, so that
 * at most about `jobs` stores are alive at once (main thread: the pool). */
static void convert_done(run_ctx *ctx, run_file *f) {
  if (f->store && f->st == HG_OK) {
    hg_store_seal(f->store); /* its key index, no longer needed, beside the rows */
    store_to_rows(ctx, f);
  }
  if (f->store) {
    hg_store_free(f->store);
    f->store = NULL;
    /* Its pages back now, not at analyse: a worker's store is in that
     * worker's malloc arena, where the result rows (main thread) never reuse
     * it, so the freed stores of a national run stayed resident beside all
     * the rows at the end of ingest, the run's peak. */
    run_release_freed();
  }
}

/* The area hierarchy from the lookup inputs, recognised by their headers (of
 * two lookups of one kind the later is used); ctx->geo stays NULL without
 * any. */
static hg_status build_geography(run_ctx *ctx, hg_error *err) {
  hg_geo_london_tables lk = {0};
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_LOOKUP)
      continue;
    const hg_table *t = f->table;
    if (hg_table_col(t, "LSOA11CD") >= 0 && hg_table_col(t, "MSOA11CD") >= 0)
      lk.lsoa11_msoa11_lad = t;
    else if (hg_table_col(t, "MSOA21CD") >= 0)
      lk.msoa21_lad23 = t;
    else if (hg_table_col(t, "ICB_code") >= 0)
      lk.borough_icb = t;
    else if (eth_is_table(t))
      continue; /* the ethnicity harmonisation table: derive/ethnicity.c */
    else
      run_warn(ctx, "lookup %s: not a known lookup layout; not used", f->display);
  }
  if (!lk.lsoa11_msoa11_lad && !lk.msoa21_lad23 && !lk.borough_icb)
    return HG_OK;
  hg_geo *g = hg_geo_new();
  if (!g)
    return HG_ERR_NOMEM;
  hg_status st = hg_geo_load_london_tables(g, &lk, err);
  if (st != HG_OK) {
    hg_geo_free(g);
    return st;
  }
  ctx->geo = g;
  return HG_OK;
}

/* The indicator registry: the built-in entries, then each metadata input in
 * config order (a later row overrides an earlier one). */
static hg_status build_registry(run_ctx *ctx, hg_error *err) {
  ctx->registry = hg_indicator_registry_new();
  if (!ctx->registry)
    return HG_ERR_NOMEM;
  hg_status st = HG_OK;
  for (guint i = 0; i < ctx->files->len && st == HG_OK; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role == HG_ROLE_METADATA)
      st = hg_indicator_registry_load_table(ctx->registry, f->table, err);
  }
  return st;
}

/* Reads every file: on a pool of --jobs workers, one file per task, the main
 * thread reporting progress and converting files as they finish; or here,
 * one after the other, with one job. */
static void read_files(run_ctx *ctx) {
  guint n = ctx->files->len;
  g_atomic_int_set(&ctx->tasks_done, 0);
  if (ctx->jobs <= 1 || n <= 1) {
    for (guint i = 0; i < n; i++) {
      ingest_worker(ctx->files->pdata[i], ctx);
      convert_done(ctx, ctx->files->pdata[i]);
      run_progress(ctx, i + 1, n);
    }
    return;
  }
  GThreadPool *pool = g_thread_pool_new(ingest_worker, ctx, ctx->jobs, FALSE, NULL);
  for (guint i = 0; i < n; i++)
    g_thread_pool_push(pool, ctx->files->pdata[i], NULL);
  for (;;) {
    guint done = (guint)g_atomic_int_get(&ctx->tasks_done);
    for (guint i = 0; i < n; i++) {
      run_file *f = ctx->files->pdata[i];
      if (g_atomic_int_get(&f->finished) && f->store)
        convert_done(ctx, f);
    }
    run_progress(ctx, done, n);
    if (done >= n)
      break;
    g_usleep(20000);
  }
  g_thread_pool_free(pool, FALSE, TRUE);
}

/* Each file's rows and rejects into the run's, in file order (so the result
 * does not depend on which worker finished first), with the counts. */
static void merge_files(run_ctx *ctx) {
  run_counts *s = &ctx->n;
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    convert_done(ctx, f);
    s->rows_read += f->rows_read;
    s->rows_accepted += f->accepted;
    s->rows_rejected += f->rejected;
    s->rows_filtered += f->filtered;
    for (guint k = 0; k < f->rows->len; k++) {
      ((res_row *)f->rows->pdata[k])->input = i;
      g_ptr_array_add(ctx->rows, f->rows->pdata[k]);
    }
    /* freed, not emptied: an emptied array keeps its 8 bytes a row to the end */
    g_ptr_array_free(f->rows, TRUE);
    f->rows = g_ptr_array_new();
    for (guint k = 0; k < f->rejects->len; k++)
      g_ptr_array_add(ctx->rejects, f->rejects->pdata[k]);
    g_ptr_array_set_free_func(f->rejects, NULL);
    g_ptr_array_set_size(f->rejects, 0);
    if (f->rejected)
      run_warn(ctx, "%s: %zu row(s) rejected (see rejects.csv)", f->display, f->rejected);
    if (f->sortable_replaced)
      run_warn(ctx,
               "%s: %zu row(s) whose Time period Sortable contradicts the period text; the "
               "text's key was used",
               f->display, f->sortable_replaced);
  }
}

/* An input whose every row was rejected would publish without it, as if it
 * had no data: the run fails instead, and so does one over the config's
 * max_reject_share. */
static hg_status check_rejects(run_ctx *ctx, hg_error *err) {
  double bound = ctx->cfg->max_reject_share;
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    if (f->rows_read == 0)
      continue;
    if (f->accepted == 0 && f->rejected > 0) {
      hg_error_set(err, f->display, 0, NULL,
                   "every row (%zu) was rejected, so nothing of it would be published; see "
                   "`healthgap validate --rejects r.csv %s`",
                   f->rejected, f->display);
      return HG_ERR_INVALID;
    }
    size_t judged = f->rows_read - f->filtered; /* rows the filters kept */
    if (bound >= 0 && (double)f->rejected > bound * (double)judged) {
      hg_error_set(err, f->display, 0, NULL,
                   "%zu of %zu rows rejected, over [pack] max_reject_share = %g; see "
                   "`healthgap validate --rejects r.csv %s`",
                   f->rejected, judged, bound, f->display);
      return HG_ERR_INVALID;
    }
  }
  return HG_OK;
}

/* A proportion's count is part of its denominator: a row that counts more
 * (any layout) is refused like a row the reader rejects, with the file and
 * line it came from.  Only the registry (built-in entries and metadata
 * inputs) says which indicators are proportions, so this waits for it. */
static int count_above_denominator(run_ctx *ctx, const res_row *r) {
  double c = r->num[RES_SLOT(RES_COUNT)], d = r->num[RES_SLOT(RES_DENOMINATOR)];
  if (!(c > d)) /* false when either is missing */
    return 0;
  const hg_indicator_meta *m =
      hg_indicator_registry_find(ctx->registry, r->txt[RES_TXT_INDICATOR_ID]);
  return m && m->value_type == HG_VT_PROPORTION;
}

static void reject_count_above_denominator(run_ctx *ctx, res_row *r) {
  run_file *f = ctx->files->pdata[r->input];
  reject_row *rj = g_new0(reject_row, 1);
  char c[HG_NUMBER_BUFSIZE], d[HG_NUMBER_BUFSIZE];
  hg_format_number(r->num[RES_SLOT(RES_COUNT)], c);
  hg_format_number(r->num[RES_SLOT(RES_DENOMINATOR)], d);
  rj->file = g_strdup(f->display);
  rj->line = r->line;
  rj->column = g_strdup("count");
  rj->reason = HG_REJECT_COUNT_ABOVE_DENOMINATOR;
  rj->message =
      g_strdup_printf("count %s is above the denominator %s of a proportion (indicator %s)", c, d,
                      r->txt[RES_TXT_INDICATOR_ID]);
  /* the row as kept (the reader's raw text is gone by now): its key and numbers */
  rj->raw = g_strdup_printf("%s,%s,%s,%s,%s,%s,%s", r->txt[RES_TXT_INDICATOR_ID],
                            r->txt[RES_TXT_AREA_CODE], r->txt[RES_TXT_PERIOD], r->txt[RES_TXT_SEX],
                            r->txt[RES_TXT_AGE], c, d);
  g_ptr_array_add(ctx->rejects, rj);
  f->accepted--;
  f->rejected++;
  ctx->n.rows_accepted--;
  ctx->n.rows_rejected++;
}

static void check_proportions(run_ctx *ctx) {
  guint kept = 0;
  size_t *per_file = g_new0(size_t, ctx->files->len ? ctx->files->len : 1);
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    if (count_above_denominator(ctx, r)) {
      reject_count_above_denominator(ctx, r);
      per_file[r->input]++; /* the row stays in the run's arena, unlisted */
    } else {
      ctx->rows->pdata[kept++] = r;
    }
  }
  g_ptr_array_set_size(ctx->rows, kept);
  for (guint i = 0; i < ctx->files->len; i++)
    if (per_file[i])
      run_warn(ctx,
               "%s: %zu row(s) of a proportion count more than their denominator (rejected, "
               "see rejects.csv)",
               ((run_file *)ctx->files->pdata[i])->display, per_file[i]);
  g_free(per_file);
}

hg_status run_ingest(run_ctx *ctx, hg_error *err) {
  read_files(ctx);
  if (run_cancelled(ctx))
    return HG_ERR_ABORTED;
  /* The first failing file in config order is the one reported. */
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->st != HG_OK) {
      if (err)
        *err = f->err;
      return f->st;
    }
  }
  merge_files(ctx);
  hg_status st = build_registry(ctx, err);
  if (st == HG_OK) {
    check_proportions(ctx);
    st = check_rejects(ctx, err);
  }
  if (st == HG_OK)
    st = build_geography(ctx, err);
  return st;
}

void run_ingest_clear(run_ctx *ctx) {
  if (ctx->files)
    g_ptr_array_free(ctx->files, TRUE);
  ctx->files = NULL;
  hg_geo_free(ctx->geo);
  ctx->geo = NULL;
  hg_indicator_registry_free(ctx->registry);
  ctx->registry = NULL;
}
