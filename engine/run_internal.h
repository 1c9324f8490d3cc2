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

/* One row of results/indicators.csv: every cell as text ("" = missing);
 * numbers already in house style (hg_format_number). */
typedef struct res_row {
  char *col[RES_NCOLS];
  double sortable; /* numeric period key, for sorting */
} res_row;
void res_row_free(gpointer p);

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
  uint32_t source;
} run_file;

typedef struct run_ctx {
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
} run_ctx;

void run_warn(run_ctx *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
int run_cancelled(const run_ctx *ctx);

/* run_ingest.c */
hg_status run_expand_inputs(run_ctx *ctx, hg_error *err); /* globs + sha256 + fingerprint */
hg_status run_ingest(run_ctx *ctx, hg_error *err);        /* parse, validate, rejects */

/* run_output.c */
void run_disclosure(run_ctx *ctx);
void run_sort_results(run_ctx *ctx);
hg_status run_write_results(run_ctx *ctx, hg_error *err);
hg_status run_write_rejects(run_ctx *ctx, hg_error *err);
void run_compare_previous(run_ctx *ctx);

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
