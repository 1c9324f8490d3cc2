/* engine/store/context.h: the state of one run that every stage shares: the
 * result rows (one type, res_row, for every stage), the rejects, the input
 * files as ingest parsed them (tables, counts records, the area hierarchy,
 * the indicator registry), what analyse made (the analysed rows, inequality
 * and target results), warnings, counts, timings and the run's string pool.
 * Stages reach each other only through this; none calls another stage (the
 * driver, run/run.c, runs them from its table).  The store layer only
 * declares the state: the types of higher layers appear as incomplete
 * structs, and each part is freed by the stage that made it.  Not public API. */
#ifndef HEALTHGAP_STORE_CONTEXT_H
#define HEALTHGAP_STORE_CONTEXT_H

#include <glib.h>
#include <signal.h>

#include "healthgap/config.h"
#include "healthgap/results.h"
#include "healthgap/status.h"
#include "healthgap/store.h"

/* The columns of results/indicators.csv, in order: HG_INDICATORS_COLUMNS
 * (healthgap/results.h), the one declaration its writer uses too.  Every stage
 * reads and writes res_row through them: RES_<NAME> is a column's index, and
 * a number column (kind N or I) keeps its value as a double in res_row.num at
 * RES_SLOT(c). */
#define RES_COLUMNS(X) HG_INDICATORS_COLUMNS(X)

#define RES_ENUM_(name, csv, kind, field) RES_##name,
enum { RES_COLUMNS(RES_ENUM_) RES_NCOLS };
#undef RES_ENUM_
/* The CSV names, in column order (results/indicators.csv's header). */
extern const char *const hg_res_colnames[RES_NCOLS];

/* The number columns in column order, each with its slot in res_row.num. */
#define RES_NUM_T_(name)
#define RES_NUM_N_(name) RES_NUM_##name,
#define RES_NUM_I_(name) RES_NUM_##name,
#define RES_NUM_(name, csv, kind, field) RES_NUM_##kind##_(name)
enum { RES_COLUMNS(RES_NUM_) RES_NNUM };
#undef RES_NUM_

/* The slot in res_row.num of number column c (-1 for a text column).  An
 * inline table, so that a constant c folds to a constant slot. */
static inline int res_slot(int c) {
#define RES_SLOT_T_(name) -1
#define RES_SLOT_N_(name) RES_NUM_##name
#define RES_SLOT_I_(name) RES_NUM_##name
#define RES_SLOT_(name, csv, kind, field) [RES_##name] = RES_SLOT_##kind##_(name),
  static const signed char slot[RES_NCOLS] = {RES_COLUMNS(RES_SLOT_)};
#undef RES_SLOT_
  return slot[c];
}
#define RES_SLOT(c) res_slot(c)

/* The text columns in column order, each with its slot in res_row.txt:
 * RES_TXT_<NAME>.  A row keeps a pointer only for the text columns (the 14
 * number columns had a pointer each that was always NULL: 112 bytes of every
 * row), and reading a number column through txt does not compile. */
#define RES_TXT_T_(name) RES_TXT_##name,
#define RES_TXT_N_(name)
#define RES_TXT_I_(name)
#define RES_TXT_(name, csv, kind, field) RES_TXT_##kind##_(name)
enum { RES_COLUMNS(RES_TXT_) RES_NTEXT };
#undef RES_TXT_

/* The slot in res_row.txt of text column c (-1 for a number column), for the
 * code that walks every column by its index. */
static inline int res_tslot(int c) {
#define RES_TSLOT_T_(name) RES_TXT_##name
#define RES_TSLOT_N_(name) -1
#define RES_TSLOT_I_(name) -1
#define RES_TSLOT_(name, csv, kind, field) [RES_##name] = RES_TSLOT_##kind##_(name),
  static const signed char slot[RES_NCOLS] = {RES_COLUMNS(RES_TSLOT_)};
#undef RES_TSLOT_
  return slot[c];
}

typedef struct run_ctx run_ctx;

/* One row of results/indicators.csv: text cells ("" = missing) and number
 * cells (doubles, formatted only when written).  The texts are interned in
 * the run's string pool (run_intern): most cells repeat (codes, names,
 * labels, empty), and one allocation per cell cost more than the parse.
 * A run holds every row from ingest to publish, so a row's size is most of
 * the run's memory per input row (bench/bench_memory.c prints it). */
typedef struct res_row {
  const char *txt[RES_NTEXT]; /* text columns, at RES_TXT_<NAME> (res_tslot(c)) */
  double num[RES_NNUM];       /* numeric columns, at RES_SLOT(c); NAN = missing.
                                 Numbers stay doubles until written: formatting
                                 them into texts cost more than reading them */
  double sortable;            /* numeric period key, for sorting */
  guint input;                /* index of the file it came from (config order), for duplicates */
  long line;                  /* 1-based line in that file; 0 for a derived row */
} res_row;
/* 1 for the number columns (kind N or I). */
int res_is_numeric(int c);
/* A new row (text columns "", numeric columns NAN), from the run's row
 * arena: rows are never freed one by one but with the run (run_rows_free),
 * which saves malloc's header and rounding on each of millions of rows.
 * Main thread only, like the pool. */
res_row *res_row_new(run_ctx *ctx);
/* Frees every row res_row_new made for ctx (ctx->rows holds borrowed pointers). */
void run_rows_free(run_ctx *ctx);

typedef struct reject_row {
  char *file, *column, *message, *raw;
  hg_reject_reason reason;
  long line;
} reject_row;
void reject_row_free(gpointer p);

/* The fields of a counts input (role = counts: deaths and populations by age
 * band, optionally by cause; docs/config.md), in the order ingest keeps them
 * (run_file.records).  With a cause, each row is one cause's deaths and the
 * band's population is repeated on every cause row of the band. */
enum {
  CNT_AREA,
  CNT_AREA_NAME,
  CNT_PERIOD,
  CNT_SEX,
  CNT_BAND,
  CNT_DEATHS,
  CNT_POP,
  CNT_CAUSE,
  CNT_NFIELDS
};
extern const char *const run_count_fields[CNT_NFIELDS];

/* One file matched by an [input.NAME].  Ingest parses every file once; the
 * later stages read what it kept here (rows, table, records), never the file. */
typedef struct run_file {
  const hg_config_input *in;
  char *path;    /* as opened */
  char *display; /* relative to the config's directory (manifest, rejects) */
  char sha256[65];
  size_t rows_read, accepted, rejected;
  size_t filtered;          /* mapped: removed by filter.* rules, or note lines */
  size_t sortable_replaced; /* period keys that contradicted their text */
  GPtrArray *rows;          /* res_row* (the run's arena), role indicators only */
  GPtrArray *rejects;       /* reject_row* */
  struct hg_table *table;   /* lookup, deprivation, population, metadata, targets:
                               the whole file as read (skip_rows honoured) */
  GPtrArray *records;       /* counts: const char *[CNT_NFIELDS] per row, the texts
                               through the input's mapping (in record_text) */
  GStringChunk *record_text;
  hg_status st;
  hg_error err;
  double seconds;
  hg_store *store;               /* while reading only */
  gint finished;                 /* atomic: the worker is done with this file */
  volatile sig_atomic_t *cancel; /* the run's (run_ctx.cancel): the readers look at it
                                    as they go, so that a signal stops a big file */
  uint32_t source;
  /* role boundaries: the polygons, read once by ingest for the whole run (owned) */
  struct hg_boundaries *boundaries;
} run_file;

/* What the run counted, for its summary and manifest.  The stages count here;
 * the driver (run/run.c) copies the counts into the public hg_run_summary at
 * the end, so that no stage knows the public run API. */
typedef struct run_counts {
  size_t rows_read, rows_accepted, rows_rejected, rows_filtered;
  size_t indicators, areas, results_rows;
  size_t packs, charts;
  /* against the previous run's results (publish), when there was one */
  int had_previous;
  size_t changed_added, changed_removed, changed_values;
} run_counts;

/* A results table that a step makes whole (results/core20.csv,
 * results/ethnicity.csv, results/completeness.csv): text cells, numbers
 * already formatted (hg_format_number), rows in the order written.  Publish
 * writes each as it is (store/tables.c). */
typedef struct run_table {
  char *rel;       /* path inside the run folder: "results/core20.csv" */
  char **header;   /* NULL-terminated column names */
  size_t ncols;    /* columns of the header, and of every row */
  GPtrArray *rows; /* char** (ncols cells each, g_strfreev) */
} run_table;

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
  GPtrArray *files;     /* run_file*, in config order then path order (ingest's) */
  GPtrArray *rows;      /* res_row*, all results (the rows belong to the row arena) */
  GPtrArray *rejects;   /* reject_row* (owned) */
  GPtrArray *warnings;  /* char* */
  GPtrArray *outputs;   /* char*, paths relative to the run folder */
  char fingerprint[65]; /* inputs, config, version and binary: the unchanged test */
  char data_id[65];     /* inputs, the config's meaning, version: the run id's hash */
  int64_t time;         /* the run time */
  char iso[32];         /* the run time, ISO 8601 UTC */
  char *out;            /* cfg->output */
  char *staging;        /* OUT/.staging-<pid>; NULL once renamed into place */
  char *run_id;
  char *prev_run_id; /* run that OUT/latest pointed to, or NULL */
  run_counts n;
  /* Seconds per stage, in run order, under the names of the driver's stage
   * table (the manifest's timings); total since t0. */
  size_t nstages;
  const char *stage_names[RUN_MAX_STAGES];
  double stage_seconds[RUN_MAX_STAGES];
  double total_seconds;
  gint64 t0;              /* monotonic start of the run */
  size_t stage_at;        /* index of the running stage */
  gint64 stage_t0;        /* monotonic start of the running stage */
  gint tasks_done;        /* atomic: pool tasks finished */
  GStringChunk *pool;     /* interned texts of the result rows (main thread only) */
  GPtrArray *row_blocks;  /* res_row[RUN_ROW_BLOCK] blocks that res_row_new hands out */
  size_t row_block_used;  /* rows used in the last block */
  const char *empty_text; /* run_intern(""), which res_row_new puts in every text cell */
  /* Parsed once by ingest from the inputs and read by the later stages
   * (owned by the run; ingest/stage.h frees them). */
  struct hg_geo *geo;                     /* the area hierarchy from the lookups, or NULL */
  struct hg_indicator_registry *registry; /* built-in entries and the metadata inputs */
  /* Made by analyse for render and publish (owned by the run; analyse/stage.h
   * frees them).  Each in the order of its results file. */
  guint *order;                      /* results/indicators.csv: indexes of ctx->rows in its order */
  size_t narows;                     /* rows in order */
  struct hg_arow *arows;             /* the analysed rows in that order, made only when render asks
                                        (run_analysed_rows): each is as big as a result row */
  struct hg_ineq_results *ineq;      /* results/inequalities.csv, or NULL when none */
  struct hg_target_set *targets;     /* the targets inputs, or NULL without any */
  struct hg_target_row *target_rows; /* results/targets.csv (with targets): strings
                                        borrowed from targets and the pool */
  size_t ntarget_rows;
  /* Results tables made whole by derive and analyse steps (run_table*, owned;
   * freed by the driver), written by publish in this order. */
  GPtrArray *tables;
  /* A shard run (`run --shard`, run/shard.c): ingest makes rows only of the
   * indicators keep_indicator(keep_data, id) keeps, so that a shard holds
   * its share of the rows, not all of them.  NULL: every indicator. */
  int (*keep_indicator)(void *data, const char *indicator_id);
  void *keep_data;
};

/* The pooled copy of s (NULL -> ""); valid until the run ends.  Main thread only. */
const char *run_intern(run_ctx *ctx, const char *s);
/* Sets cell c of r to a pooled copy of v. */
void run_set_col(run_ctx *ctx, res_row *r, int c, const char *v);

void run_warn(run_ctx *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Gives what the run freed back to the system (glibc's malloc_trim; nothing
 * elsewhere): the stores ingest freed stay resident otherwise, small blocks
 * among the result rows, and later big blocks are mapped on top of them
 * (issue 17: peak memory per row).  Called between stages. */
void run_release_freed(void);
int run_cancelled(const run_ctx *ctx);
/* Reports done of total items of the running stage (ctx->stage) to the
 * progress callback, if any.  Main thread only. */
void run_progress(const run_ctx *ctx, size_t done, size_t total);
/* Records the running stage's seconds so far and the run's total, for what
 * is written before the stage ends (the manifest); the driver records the
 * final figures when the stage returns. */
void run_clock_stage(run_ctx *ctx);

/* store/tables.c: a new results table at rel with the NULL-terminated
 * header, listed in ctx->tables (which it creates); a row of cells (copied;
 * NULL = empty) and a number formatted as the results CSVs write it. */
run_table *run_table_new(run_ctx *ctx, const char *rel, const char *const *header);
void run_table_add(run_table *t, const char *const *cells);
/* v formatted by hg_format_number into buf (HG_NUMBER_BUFSIZE bytes); "" for NAN. */
const char *run_num(double v, char *buf);
void run_table_free(gpointer p);
/* The table of ctx whose path is rel (e.g. "results/core20.csv"), or NULL
 * when the run made none: later stages read a step's table in memory. */
const run_table *run_table_find(const run_ctx *ctx, const char *rel);
/* The index of column name in t's header, or -1. */
long run_table_col(const run_table *t, const char *name);
/* Row i's cell of column col ("" when col < 0). */
const char *run_table_cell(const run_table *t, guint i, long col);

/* store/results.c: disclosure control (the HES rule) and the key sort every
 * later stage relies on; rows that lose to an earlier input's row with the
 * same key go to the rejects. */
void run_disclosure(run_ctx *ctx);
void run_sort_results(run_ctx *ctx);

#endif
