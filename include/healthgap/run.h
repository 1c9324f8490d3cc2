/* healthgap/run.h: the nightly run pipeline and publishing.
 *
 * hg_run executes a pack config: ingest -> derive -> analyse -> render ->
 * publish (docs/run.md says what each stage does).  The output directory OUT
 * holds
 *   OUT/runs/<run-id>/   one folder per published run (results/, packs/,
 *                        charts/, rejects.csv, manifest.json)
 *   OUT/latest           symlink to the newest run, replaced atomically
 *   OUT/.lock            flock()ed while a run is in progress
 *   OUT/.staging-<pid>/  the run being built (renamed into runs/ when complete)
 * Guarantees: two runs never publish at once (the second gets HG_ERR_LOCKED);
 * a failed, cancelled or killed run leaves OUT/latest and every published run
 * as they were; only the newest cfg->keep runs are kept; a run whose inputs
 * (sha256), config text and engine version equal those of OUT/latest is not
 * rebuilt (HG_ERR_UNCHANGED) unless force is set.
 * Implemented in engine/run/run.c (the driver and its table of stages), the
 * stages in engine/<stage>/ and engine/publish/ (the folder's guarantees).
 */
#ifndef HEALTHGAP_RUN_H
#define HEALTHGAP_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "healthgap/config.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Progress: each stage as it starts (0 of 1), and items done of total within
 * a long stage (ingest: files); seconds since the run began.  Called from the
 * thread that runs hg_run only. */
typedef void (*hg_run_progress_fn)(void *data, const char *stage, size_t done, size_t total,
                                   double elapsed);

/* Zero-initialised = defaults. */
typedef struct hg_run_options {
  int jobs;              /* worker threads (--jobs; 0 = config's jobs, else the number of cores) */
  int force;             /* rebuild even if unchanged (--force) */
  const char *timestamp; /* run time (--timestamp): Unix seconds or ISO 8601; NULL =
                            config's timestamp, else SOURCE_DATE_EPOCH, else now */
  volatile sig_atomic_t *cancel; /* when non-NULL and set non-zero (by a signal
                             handler), the run stops, removes its staging folder and
                             returns HG_ERR_ABORTED */
  hg_run_progress_fn progress;   /* NULL = silent */
  void *progress_data;
  /* --shard K/N: keep only the indicators with
   * hg_run_shard_of(hg_run_shard_key(id), nshards) == shard (1 <= shard <= nshards), publish into
   * OUT/shards/<K>-of-<N>/ and make results only: no packs, charts, site or workbook, whatever the
   * config asks (docs/scaling.md).  nshards == 0: the whole run.  HG_ERR_INVALID when shard is out
   * of range. */
  unsigned shard, nshards;
} hg_run_options;

/* The file a shard run writes into its run folder: "shard K/N" and the run's
 * fingerprint, which hg_run_merge checks. */
#define HG_RUN_SHARD_FILE "shard.txt"

/* Which of n shards (1..n) a shard key falls in: FNV-1a (32 bits) of its
 * bytes, mod n, plus 1.  Stable across machines and versions.  0 when n is 0. */
unsigned hg_run_shard_of(const char *key, unsigned n);
/* The shard key of an indicator id (borrowed from id or static): the id
 * without a leading "hg." (the registry finds "hg.x" for "x": one
 * indicator), or, for an indicator derived from another's rows, that one's
 * key ("hg.hle_gap_between_areas" -> "90362"). */
const char *hg_run_shard_key(const char *indicator_id);

enum { HG_RUN_NSTAGES = 5 };
/* Stage names in order: "ingest", "derive", "analyse", "render", "publish". */
extern const char *const hg_run_stage_names[HG_RUN_NSTAGES];
/* What each stage reads and what it writes, in words (for help and docs):
 * each stage uses only what the earlier ones made. */
extern const char *const hg_run_stage_reads[HG_RUN_NSTAGES];
extern const char *const hg_run_stage_writes[HG_RUN_NSTAGES];

/* What a run did, for the end-of-run summary.  Strings are owned by the summary:
 * free with hg_run_summary_clear. */
typedef struct hg_run_summary {
  char *run_id;          /* "20240101T000000Z-1a2b3c4d" */
  char *run_dir;         /* OUT/runs/<run-id> (or the unchanged latest run) */
  char *previous_run_id; /* the run that was latest before, or NULL */
  char *timestamp;       /* the run time, ISO 8601 UTC */
  size_t inputs, files;  /* config inputs, files matched by them */
  size_t rows_read, rows_accepted, rows_rejected;
  size_t rows_filtered; /* mapped inputs: rows their filter.* rules or notes took out;
                           read = accepted + rejected + filtered */
  size_t indicators, areas, results_rows;
  size_t packs, charts, outputs;
  size_t warnings;
  char **warning_texts; /* NULL-terminated */
  /* Against the previous run's results/indicators.csv (by key). */
  size_t changed_added, changed_removed, changed_values;
  int had_previous;
  double stage_seconds[HG_RUN_NSTAGES];
  double total_seconds;
  int unchanged; /* 1 when HG_ERR_UNCHANGED was returned */
} hg_run_summary;

void hg_run_summary_clear(hg_run_summary *s);

/* Runs cfg.  Returns HG_OK when a new run was published, HG_ERR_UNCHANGED
 * (sum->unchanged = 1) when nothing needed doing, HG_ERR_LOCKED when another
 * run holds OUT/.lock, HG_ERR_ABORTED when cancelled, and the input's error
 * (HG_ERR_IO, HG_ERR_FORMAT, HG_ERR_PARSE...) with err naming file and line when
 * an input file cannot be read.  Bad rows do not fail the run: they go to
 * rejects.csv.  sum (may be NULL) is filled as far as the run got. */
hg_status hg_run(const hg_config *cfg, const hg_run_options *opt, hg_run_summary *sum,
                 hg_error *err);

/* What hg_run_merge did, for the CLI's summary. */
typedef struct hg_run_merge_summary {
  unsigned nshards;
  size_t files;      /* files written */
  size_t rows;       /* data rows written over the per-indicator files */
  size_t indicators; /* distinct indicator ids in results/indicators.csv */
} hg_run_merge_summary;

/* Merges the results of the n shard runs in dirs (each a shard output folder,
 * whose latest run is read, or a run folder) into the new folder out:
 * the CSVs of out/results/ and out/rejects.csv, with the rows in the order one run
 * over all the indicators writes them (each file's sort keys, per
 * docs/scaling.md), so the merge is byte-identical to that run's files.
 * Refuses (HG_ERR_INVALID, err saying why) shards of different inputs,
 * config or engine (their fingerprints), a shard missing or given twice, an
 * indicator in two shards, a file whose header differs between shards, a file
 * not per indicator that differs between shards, a results file it has no
 * merge rule for, and an out that exists.  out is written as out.partial-<pid>
 * and renamed into place when complete; nothing is left on failure. */
hg_status hg_run_merge(const char *const *dirs, size_t n, const char *out,
                       hg_run_merge_summary *sum, hg_error *err);

/* Parses a run time: decimal Unix seconds ("1704067200") or ISO 8601 with a
 * zone ("2024-01-01T00:00:00Z").  HG_ERR_RANGE if neither. */
hg_status hg_run_parse_time(const char *text, int64_t *unix_seconds);

/* The run time per the time rule: text if given, else SOURCE_DATE_EPOCH, else now. */
hg_status hg_run_resolve_time(const char *text, int64_t *unix_seconds);

/* sha256 of a file as 64 hex digits into hex[65].  HG_ERR_IO if unreadable. */
hg_status hg_sha256_file(const char *path, char hex[65], hg_error *err);

HG_END_DECLS
#endif
