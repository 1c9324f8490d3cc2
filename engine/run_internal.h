/* engine/run_internal.h: pieces of the run pipeline shared by run.c,
 * run_ingest.c, run_output.c, manifest.c and publish.c (not public API). */
#ifndef HEALTHGAP_RUN_INTERNAL_H
#define HEALTHGAP_RUN_INTERNAL_H

#include <glib.h>

#include "healthgap/config.h"
#include "healthgap/ingest.h"
#include "healthgap/store.h"
#include "healthgap/run.h"

/* The columns of results/indicators.csv, in order (DESIGN.md contract). */
enum {
  RES_INDICATOR_ID, RES_INDICATOR_NAME, RES_AREA_CODE, RES_AREA_NAME, RES_AREA_TYPE,
  RES_PARENT_CODE, RES_ICB_CODE, RES_PERIOD, RES_PERIOD_SORTABLE, RES_SEX, RES_AGE,
  RES_CATEGORY_TYPE, RES_CATEGORY, RES_VALUE, RES_LOWER_CI95, RES_UPPER_CI95,
  RES_LOWER_CI998, RES_UPPER_CI998, RES_COUNT, RES_DENOMINATOR, RES_VALUE_NOTE,
  RES_COMPARED_TO_ENGLAND, RES_COMPARED_TO_LONDON, RES_COMPARED_TO_ICB,
  RES_BENCHMARK_QUINTILE, RES_RECENT_TREND, RES_ANNUAL_CHANGE, RES_ANNUAL_CHANGE_LOWER,
  RES_ANNUAL_CHANGE_UPPER, RES_TARGET_ID, RES_TARGET_STATUS,
  RES_NCOLS
};
extern const char *const hg_res_colnames[RES_NCOLS];

/* The numeric columns are period_sortable, value .. denominator and the annual
 * change with its limits; RES_SLOT maps such a column to its place in
 * res_row.num (a constant expression). */
#define RES_NNUM 11
#define RES_SLOT(c)                                                                        \
  ((c) == RES_PERIOD_SORTABLE ? 0                                                          \
   : (c) <= RES_DENOMINATOR  ? (c) - RES_VALUE + 1                                         \
                             : (c) - RES_ANNUAL_CHANGE + 8)

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
  double sortable; /* numeric period key, for sorting */
  guint input;     /* index of the file it came from (config order), for duplicates */
  long line;       /* 1-based line in that file; 0 for a derived row */
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

/* One file matched by an [input.NAME]. */
typedef struct run_file {
  const hg_config_input *in;
  char *path;    /* as opened */
  char *display; /* relative to the config's directory (manifest, rejects) */
  char sha256[65];
  size_t rows_read, accepted, rejected;
  GPtrArray *rows;    /* res_row*, role indicators only */
  GPtrArray *rejects; /* reject_row* */
  hg_status st;
  hg_error err;
  double seconds;
  hg_store *store;  /* while reading only */
  gint finished;    /* atomic: the worker is done with this file */
  uint32_t source;
} run_file;

struct run_ctx {
  const hg_config *cfg;
  const hg_run_options *opt;
  int jobs;
  GPtrArray *files;    /* run_file*, in config order then path order */
  GPtrArray *rows;     /* res_row*, all results (owned) */
  GPtrArray *rejects;  /* reject_row* (owned) */
  GPtrArray *warnings; /* char* */
  GPtrArray *outputs;  /* char*, paths relative to the run folder */
  char fingerprint[65];
  int64_t time;        /* the run time */
  char iso[32];        /* the run time, ISO 8601 UTC */
  char *out;           /* cfg->output */
  char *staging;       /* OUT/.staging-<pid> */
  char *run_id;
  char *prev_run_id;   /* run that OUT/latest pointed to, or NULL */
  hg_run_summary *sum;
  gint64 t0;
  gint tasks_done; /* atomic: pool tasks finished */
  GStringChunk *pool; /* interned texts of the result rows (main thread only) */
  struct hg_arow *arows; /* the analysed rows (hg_analyse_rows), for the writer */
  size_t narows;
};

/* The pooled copy of s (NULL -> ""); valid until the run ends.  Main thread only. */
const char *run_intern(run_ctx *ctx, const char *s);
/* Sets cell c of r to a pooled copy of v. */
void run_set_col(run_ctx *ctx, res_row *r, int c, const char *v);

void run_warn(run_ctx *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
int run_cancelled(const run_ctx *ctx);

/* run_ingest.c */
hg_status run_expand_inputs(run_ctx *ctx, hg_error *err); /* globs + sha256 + fingerprint */
hg_status run_ingest(run_ctx *ctx, hg_error *err);        /* parse, validate, rejects */

/* run_analyse.c: names, hierarchy codes, benchmarks, targets (writes results/targets.csv) */
hg_status run_analyse(run_ctx *ctx, hg_error *err);
/* The London hierarchy from the lookup inputs (recognised by their headers);
 * *out NULL when there are none.  Free with hg_geo_free. */
struct hg_geo;
hg_status run_load_geography(run_ctx *ctx, struct hg_geo **out, hg_error *err);

/* run_gradients.c: deprivation gradients of the area rows (small-area deciles,
 * boroughs as points) from the deprivation and population inputs, appended to
 * res; *made = rows added.  Unreadable inputs and thin series are warnings. */
struct hg_indicator_registry;
struct hg_ineq_results;
hg_status run_gradients(run_ctx *ctx, const struct hg_geo *geo,
                        const struct hg_indicator_registry *reg, struct hg_ineq_results *res,
                        size_t *made, hg_error *err);

/* run_render.c: the PDF packs and chart PNGs from the staged results */
hg_status run_render(run_ctx *ctx, hg_error *err);

/* run_derive.c: life expectancy from counts inputs, appended to ctx->rows */
hg_status run_derive(run_ctx *ctx, hg_error *err);
/* run_derive_areas.c: ICB and London rows of proportions and crude rates summed
 * from their boroughs' counts (every borough needed), appended to ctx->rows
 * unless an input already has the row; *made = rows added. */
hg_status run_derive_areas(run_ctx *ctx, const struct hg_geo *geo, size_t *made,
                           hg_error *err);

/* run_output.c */
void run_disclosure(run_ctx *ctx);
void run_sort_results(run_ctx *ctx);
hg_status run_write_results(run_ctx *ctx, hg_error *err);
hg_status run_write_changes(run_ctx *ctx, hg_error *err);
hg_status run_write_rejects(run_ctx *ctx, hg_error *err);

/* manifest.c */
hg_status run_write_manifest(run_ctx *ctx, hg_error *err);
/* The fingerprint and run id recorded in DIR/manifest.json; 0 if none. */
int run_read_manifest(const char *dir, char fingerprint[65], char **run_id);

/* publish.c */
hg_status publish_lock(const char *out, int *fd, hg_error *err);
void publish_unlock(int fd);
hg_status publish_make_staging(run_ctx *ctx, hg_error *err);
hg_status publish_commit(run_ctx *ctx, hg_error *err);
void publish_prune(run_ctx *ctx);
void publish_rmtree(const char *path);
/* Run id that OUT/latest points to (newly allocated), or NULL. */
char *publish_latest_id(const char *out);

#endif
