/* engine/store/context.h: the state of one run that every stage shares: the
 * result rows (one type, res_row, for every stage), the rejects, the input
 * files, warnings and the run's string pool.  Stages reach each other only
 * through this; none calls another stage.  Not public API. */
#ifndef HEALTHGAP_STORE_CONTEXT_H
#define HEALTHGAP_STORE_CONTEXT_H

#include <glib.h>
#include <signal.h>

#include "healthgap/config.h"
#include "healthgap/status.h"
#include "healthgap/store.h"

/* The columns of results/indicators.csv, in order: declared here once.  Every
 * stage reads and writes res_row through these; the writer's header, the
 * numeric test and the slot of each number come from this table.
 * X(NAME, "csv_name", kind): kind T = text, N = number (kept as a double). */
#define RES_COLUMNS(X)                                                                             \
  X(INDICATOR_ID, "indicator_id", T)                                                               \
  X(INDICATOR_NAME, "indicator_name", T)                                                           \
  X(AREA_CODE, "area_code", T)                                                                     \
  X(AREA_NAME, "area_name", T)                                                                     \
  X(AREA_TYPE, "area_type", T)                                                                     \
  X(PARENT_CODE, "parent_code", T)                                                                 \
  X(ICB_CODE, "icb_code", T)                                                                       \
  X(PERIOD, "period", T)                                                                           \
  X(PERIOD_SORTABLE, "period_sortable", N)                                                         \
  X(SEX, "sex", T)                                                                                 \
  X(AGE, "age", T)                                                                                 \
  X(CATEGORY_TYPE, "category_type", T)                                                             \
  X(CATEGORY, "category", T)                                                                       \
  X(VALUE, "value", N)                                                                             \
  X(LOWER_CI95, "lower_ci95", N)                                                                   \
  X(UPPER_CI95, "upper_ci95", N)                                                                   \
  X(LOWER_CI998, "lower_ci998", N)                                                                 \
  X(UPPER_CI998, "upper_ci998", N)                                                                 \
  X(COUNT, "count", N)                                                                             \
  X(DENOMINATOR, "denominator", N)                                                                 \
  X(VALUE_NOTE, "value_note", T)                                                                   \
  X(COMPARED_TO_ENGLAND, "compared_to_england", T)                                                 \
  X(COMPARED_TO_LONDON, "compared_to_london", T)                                                   \
  X(COMPARED_TO_ICB, "compared_to_icb", T)                                                         \
  X(BENCHMARK_QUINTILE, "benchmark_quintile", T)                                                   \
  X(RECENT_TREND, "recent_trend", T)                                                               \
  X(ANNUAL_CHANGE, "annual_change", N)                                                             \
  X(ANNUAL_CHANGE_LOWER, "annual_change_lower", N)                                                 \
  X(ANNUAL_CHANGE_UPPER, "annual_change_upper", N)                                                 \
  X(TARGET_ID, "target_id", T)                                                                     \
  X(TARGET_STATUS, "target_status", T)

#define RES_ENUM_(name, csv, kind) RES_##name,
enum { RES_COLUMNS(RES_ENUM_) RES_NCOLS };
#undef RES_ENUM_
/* The CSV names, in column order (results/indicators.csv's header). */
extern const char *const hg_res_colnames[RES_NCOLS];

/* The numeric columns are period_sortable, value .. denominator and the annual
 * change with its limits; RES_SLOT maps such a column to its place in
 * res_row.num (a constant expression). */
#define RES_NNUM 11
#define RES_SLOT(c)                                                                                \
  ((c) == RES_PERIOD_SORTABLE ? 0                                                                  \
   : (c) <= RES_DENOMINATOR   ? (c)-RES_VALUE + 1                                                  \
                              : (c)-RES_ANNUAL_CHANGE + 8)

typedef struct run_ctx run_ctx;

/* One row of results/indicators.csv: every cell as text ("" = missing);
 * numbers already in house style (hg_format_number).  The texts are interned
 * in the run's string pool (run_intern): most cells repeat (codes, names,
 * labels, empty), and one allocation per cell cost more than the parse. */
typedef struct res_row {
  const char *col[RES_NCOLS]; /* text columns; NULL for numeric ones */
  double num[RES_NNUM];       /* numeric columns, at RES_SLOT(c); NAN = missing.
                                 Numbers stay doubles until written: formatting
                                 them into texts cost more than reading them */
  double sortable;            /* numeric period key, for sorting */
  guint input;                /* index of the file it came from (config order), for duplicates */
  long line;                  /* 1-based line in that file; 0 for a derived row */
} res_row;
void res_row_free(gpointer p);
/* 1 for the numeric columns (period_sortable, value, limits, count,
 * denominator, annual change and its limits). */
int res_is_numeric(int c);
/* A new row: text columns "", numeric columns NAN. */
res_row *res_row_new(run_ctx *ctx);

typedef struct reject_row {
  char *file, *column, *message, *raw;
  hg_reject_reason reason;
  long line;
} reject_row;
void reject_row_free(gpointer p);

/* The fields of a counts input (role = counts: deaths and populations by age
 * band; docs/config.md), in the order ingest keeps them (run_file.records). */
enum { CNT_AREA, CNT_AREA_NAME, CNT_PERIOD, CNT_SEX, CNT_BAND, CNT_DEATHS, CNT_POP, CNT_NFIELDS };
extern const char *const run_count_fields[CNT_NFIELDS];

/* One file matched by an [input.NAME].  Ingest parses every file once; the
 * later stages read what it kept here (rows, table, records), never the file. */
typedef struct run_file {
  const hg_config_input *in;
  char *path;    /* as opened */
  char *display; /* relative to the config's directory (manifest, rejects) */
  char sha256[65];
  size_t rows_read, accepted, rejected;
  GPtrArray *rows;        /* res_row*, role indicators only */
  GPtrArray *rejects;     /* reject_row* */
  struct hg_table *table; /* lookup, deprivation, population, metadata, targets:
                             the whole file as read (skip_rows honoured) */
  GPtrArray *records;     /* counts: const char *[CNT_NFIELDS] per row, the texts
                             through the input's mapping (in record_text) */
  GStringChunk *record_text;
  hg_status st;
  hg_error err;
  double seconds;
  hg_store *store; /* while reading only */
  gint finished;   /* atomic: the worker is done with this file */
  uint32_t source;
} run_file;

/* What the run counted, for its summary and manifest.  The stages count here;
 * the driver (run/run.c) copies the counts into the public hg_run_summary at
 * the end, so that no stage knows the public run API. */
typedef struct run_counts {
  size_t rows_read, rows_accepted, rows_rejected;
  size_t indicators, areas, results_rows;
  size_t packs, charts;
  /* against the previous run's results (publish), when there was one */
  int had_previous;
  size_t changed_added, changed_removed, changed_values;
} run_counts;

/* Progress of a long stage: items done of total, seconds since the run began. */
typedef void (*run_progress_fn)(void *data, const char *stage, size_t done, size_t total,
                                double elapsed);

enum { RUN_MAX_STAGES = 8 };

struct run_ctx {
  const hg_config *cfg;
  int jobs;                      /* worker threads (>= 1) */
  volatile sig_atomic_t *cancel; /* non-zero: stop at the next check (may be NULL) */
  run_progress_fn progress;      /* NULL = silent */
  void *progress_data;
  const char *stage;    /* name of the stage running (set by the driver), for progress */
  GPtrArray *files;     /* run_file*, in config order then path order */
  GPtrArray *rows;      /* res_row*, all results (owned) */
  GPtrArray *rejects;   /* reject_row* (owned) */
  GPtrArray *warnings;  /* char* */
  GPtrArray *outputs;   /* char*, paths relative to the run folder */
  char fingerprint[65]; /* inputs, config, version and binary: the unchanged test */
  char data_id[65];     /* inputs, config and version: the run id's hash */
  int64_t time;         /* the run time */
  char iso[32];         /* the run time, ISO 8601 UTC */
  char *out;            /* cfg->output */
  char *staging;        /* OUT/.staging-<pid> */
  char *run_id;
  char *prev_run_id; /* run that OUT/latest pointed to, or NULL */
  run_counts n;
  /* Seconds per stage, in run order, under the names of the driver's stage
   * table (the manifest's timings); total since t0. */
  size_t nstages;
  const char *stage_names[RUN_MAX_STAGES];
  double stage_seconds[RUN_MAX_STAGES];
  double total_seconds;
  gint64 t0;       /* monotonic start of the run */
  gint tasks_done; /* atomic: pool tasks finished */
  /* Parsed once by ingest from the inputs and read by the later stages
   * (owned by the run; ingest/stage.h frees them). */
  struct hg_geo *geo;                     /* the area hierarchy from the lookups, or NULL */
  struct hg_indicator_registry *registry; /* built-in entries and the metadata inputs */
  GStringChunk *pool;                     /* interned texts of the result rows (main thread only) */
  struct hg_arow *arows;                  /* the analysed rows (hg_analyse_rows), for the writer */
  size_t narows;
};

/* The pooled copy of s (NULL -> ""); valid until the run ends.  Main thread only. */
const char *run_intern(run_ctx *ctx, const char *s);
/* Sets cell c of r to a pooled copy of v. */
void run_set_col(run_ctx *ctx, res_row *r, int c, const char *v);

void run_warn(run_ctx *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
int run_cancelled(const run_ctx *ctx);
/* Reports done of total items of the running stage (ctx->stage) to the
 * progress callback, if any.  Main thread only. */
void run_progress(const run_ctx *ctx, size_t done, size_t total);

/* store/results.c: disclosure control (the HES rule) and the key sort every
 * later stage relies on; rows that lose to an earlier input's row with the
 * same key go to the rejects. */
void run_disclosure(run_ctx *ctx);
void run_sort_results(run_ctx *ctx);

#endif
