/* cli_run.c: `healthgap run [--jobs N] [--force] [--quiet] [--timestamp T] [--shard K/N]
 * PACK.conf`.
 *
 * SIGINT and SIGTERM only set a flag that hg_run polls: the run then removes
 * its staging folder and returns, so the last good output stays as it was.
 */
#include <ctype.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#ifdef HG_TEST_HOOKS
#include "run/run_test.h"
#endif

static volatile sig_atomic_t cancel_flag;

static void on_signal(int sig) {
  (void)sig;
  cancel_flag = 1;
}

static void usage(void) {
  printf("Usage: healthgap run [OPTION]... PACK.conf\n"
         "Run a pack: ingest, derive, analyse, render and publish into the output\n"
         "folder named by the config (OUT/runs/<run-id>, OUT/latest).\n\n"
         "  -j, --jobs N         worker threads (default: the config's jobs, else cores)\n"
         "  -f, --force          rebuild even if inputs and config are unchanged\n"
         "  -q, --quiet          no progress and no summary (for cron); errors still print\n"
         "  -t, --timestamp T    run time, Unix seconds or ISO 8601 (default:\n"
         "                       SOURCE_DATE_EPOCH, else now); every date written uses it\n"
         "  -s, --shard K/N      only the indicators of shard K of N (K from 1; Slurm:\n"
         "                       $SLURM_ARRAY_TASK_ID with --array=1-N; Kubernetes:\n"
         "                       $((JOB_COMPLETION_INDEX + 1))), results only, into\n"
         "                       OUT/shards/K-of-N; `healthgap merge` joins the N\n"
         "                       (docs/scaling.md)\n"
         "  -h, --help           this help\n\n"
         "Exit status: 0 published or unchanged, 1 run error (bad input, another run\n"
         "in progress, interrupted), 2 usage error.\n\n"
         "Stages, in order (each reads what the earlier ones made):\n");
  for (int i = 0; i < HG_RUN_NSTAGES; i++)
    printf("  %-8s reads %s\n  %-8s makes %s\n", hg_run_stage_names[i], hg_run_stage_reads[i], "",
           hg_run_stage_writes[i]);
  printf("\nExamples:\n"
         "  healthgap run fixtures/london/london.conf\n"
         "  healthgap run --quiet --jobs 2 /etc/healthgap/nightly.conf\n"
         "  healthgap run --force --timestamp 2024-01-01T00:00:00Z pack.conf\n"
         "  healthgap run --quiet --shard \"$SLURM_ARRAY_TASK_ID/16\" england.conf\n");
}

typedef struct {
  int quiet;
  size_t last_done;
  const char *last_stage;
} progress_state;

static void on_progress(void *data, const char *stage, size_t done, size_t total, double elapsed) {
  progress_state *p = data;
  /* Quick runs stay quiet; only a stage still going after a second reports. */
  if (p->quiet || elapsed < 1.0 || (p->last_stage == stage && p->last_done == done))
    return;
  p->last_stage = stage;
  p->last_done = done;
  fprintf(stderr, "healthgap: %s %zu/%zu (%.1f s)\n", stage, done, total, elapsed);
}

static void print_summary(const hg_config *cfg, const hg_run_summary *s) {
  printf("healthgap run: %s\n", cfg->title);
  printf("  run        %s (%s)\n", s->run_id ? s->run_id : "-", s->timestamp);
  printf("  folder     %s\n", s->run_dir ? s->run_dir : "-");
  printf("  inputs     %zu (%zu files)\n", s->inputs, s->files);
  printf("  rows       %zu read, %zu accepted, %zu rejected, %zu filtered out\n", s->rows_read,
         s->rows_accepted, s->rows_rejected, s->rows_filtered);
  printf("  results    %zu rows, %zu indicators, %zu areas\n", s->results_rows, s->indicators,
         s->areas);
  printf("  packs      %zu, charts %zu, outputs %zu\n", s->packs, s->charts, s->outputs);
  if (s->had_previous)
    printf("  changed    since %s: %zu rows added, %zu removed, %zu values changed\n",
           s->previous_run_id, s->changed_added, s->changed_removed, s->changed_values);
  else
    printf("  changed    first run in this folder\n");
  printf("  seconds    ");
  for (int i = 0; i < HG_RUN_NSTAGES; i++)
    printf("%s %.2f, ", hg_run_stage_names[i], s->stage_seconds[i]);
  printf("total %.2f\n", s->total_seconds);
  printf("  warnings   %zu\n", s->warnings);
  for (size_t i = 0; s->warning_texts && s->warning_texts[i] && i < 8; i++)
    printf("    %s\n", s->warning_texts[i]);
  if (s->warnings > 8)
    printf("    ... %zu more in manifest.json\n", s->warnings - 8);
}

/* The command line, parsed.  run.progress_data points at progress, so a
 * run_cli_options stays where it was parsed. */
typedef struct {
  hg_run_options run;      /* --jobs, --force, --timestamp (borrowed from argv) */
  progress_state progress; /* --quiet */
  const char *config;      /* PACK.conf, borrowed from argv */
} run_cli_options;

static const struct option longopts[] = {{"jobs", required_argument, NULL, 'j'},
                                         {"force", no_argument, NULL, 'f'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"timestamp", required_argument, NULL, 't'},
                                         {"shard", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};

/* --shard K/N: decimal K and N, 1 <= K <= N <= 100000 (Slurm's and
 * Kubernetes' array limits are lower).  0 when it is not that. */
static int parse_shard(const char *text, hg_run_options *run) {
  char *end = NULL;
  if (!isdigit((unsigned char)*text))
    return 0;
  unsigned long k = strtoul(text, &end, 10);
  if (*end != '/' || !isdigit((unsigned char)end[1]))
    return 0;
  unsigned long n = strtoul(end + 1, &end, 10);
  if (*end || n < 1 || n > 100000 || k < 1 || k > n)
    return 0;
  run->shard = (unsigned)k;
  run->nshards = (unsigned)n;
  return 1;
}

/* Returns an exit code to stop with, or -1 to go on. */
static int parse_options(int argc, char **argv, run_cli_options *o) {
  int c;
  optind = 0; /* glibc: reinitialise, so options may follow the operands */
  while ((c = getopt_long(argc, argv, "j:fqt:s:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'j': {
      char *end = NULL;
      long n = strtol(optarg, &end, 10);
      if (!*optarg || *end || n < 1 || n > 1024)
        return hg_cli_usage_error("run", "--jobs: not a number from 1 to 1024: '%s'", optarg);
      o->run.jobs = (int)n;
      break;
    }
    case 'f':
      o->run.force = 1;
      break;
    case 'q':
      o->progress.quiet = 1;
      break;
    case 't': {
      int64_t t;
      if (hg_run_parse_time(optarg, &t) != HG_OK)
        return hg_cli_usage_error("run", "--timestamp: not Unix seconds or ISO 8601: '%s'", optarg);
      o->run.timestamp = optarg;
      break;
    }
    case 's':
      if (!parse_shard(optarg, &o->run))
        return hg_cli_usage_error("run",
                                  "--shard: not K/N with 1 <= K <= N <= 100000 (K counts from 1; "
                                  "Kubernetes' JOB_COMPLETION_INDEX from 0: add 1): '%s'",
                                  optarg);
      break;
    case 'h':
      usage();
      return HG_EXIT_OK;
    default:
      return hg_cli_usage_error("run", "unknown option");
    }
  }
  if (argc - optind != 1)
    return hg_cli_usage_error("run",
                              argc - optind ? "one PACK.conf expected" : "missing PACK.conf");
  o->config = argv[optind];
  return -1;
}

/* SIGINT and SIGTERM set the flag that the run polls; progress goes to on_progress. */
static void prepare_run(run_cli_options *o) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  o->run.cancel = &cancel_flag;
  o->run.progress = on_progress;
  o->run.progress_data = &o->progress;
}

/* The run itself (with the test hooks in the test build). */
static hg_status run_pack(const hg_config *cfg, const hg_run_options *opt, hg_run_summary *sum,
                          hg_error *err) {
#ifdef HG_TEST_HOOKS
  /* Only in build/tests/healthgap-hooks, the test build of this command: a
   * pause before publishing, so that tests/cli/run_guarantees.sh can signal
   * or race a run in progress (engine/run/run_test.h; not public API).  The
   * installed healthgap has no such hook. */
  run_test_hooks hooks = {0};
  const char *delay = getenv("HEALTHGAP_TEST_DELAY_MS");
  if (delay)
    hooks.delay_ms = (unsigned)strtoul(delay, NULL, 10);
  return run_with_hooks(cfg, opt, &hooks, sum, err);
#else
  return hg_run(cfg, opt, sum, err);
#endif
}

/* What became of the run: a line, an error or the summary.  Returns an exit code. */
static int report(const hg_config *cfg, int quiet, hg_status st, const hg_run_summary *sum,
                  const hg_error *err) {
  if (st == HG_ERR_UNCHANGED) {
    if (!quiet)
      printf("healthgap run: unchanged since run %s (same inputs and config); nothing to do "
             "(--force rebuilds)\n",
             sum->run_id ? sum->run_id : "?");
    return HG_EXIT_OK;
  }
  if (st != HG_OK) {
    if (st == HG_ERR_ABORTED)
      hg_cli_error("run interrupted: nothing published, %s left as it was", cfg->output);
    else if (err->message[0])
      hg_cli_data_error(err);
    else
      hg_cli_error("run failed: %s", hg_strerror(st));
    if (st != HG_ERR_LOCKED && st != HG_ERR_ABORTED)
      hg_cli_error("nothing published; the previous output is unchanged");
    return HG_EXIT_DATA;
  }
  if (!quiet)
    print_summary(cfg, sum);
  return HG_EXIT_OK;
}

/* A shard's results are a part: say so, and say it on stderr (even with
 * --quiet) when the shard holds none of the indicators.  That shard still
 * publishes (headers only) and exits 0, so that an array job's other tasks
 * and the merge that waits for all of them go on; hg_run_merge needs every
 * shard's folder to prove that no indicator was lost. */
static void note_shard(const hg_run_options *run, int quiet, const hg_run_summary *sum) {
  if (!run->nshards)
    return;
  if (!quiet)
    printf("  shard      %u/%u: results only (no packs, charts, site or workbook); "
           "`healthgap merge` joins the shards\n",
           run->shard, run->nshards);
  if (sum->indicators == 0)
    fprintf(stderr,
            "healthgap run: shard %u/%u holds none of the inputs' %s; published empty "
            "results so that `healthgap merge` sees every shard\n",
            run->shard, run->nshards, sum->rows_accepted ? "indicators" : "indicators (none)");
}

/* Options, the config, the run, the report.  This function owns the config
 * and the run summary and frees them on its one way out. */
int hg_cli_run(int argc, char **argv) {
  run_cli_options o = {0};
  int rc = parse_options(argc, argv, &o);
  if (rc >= 0)
    return rc;
  hg_error err;
  hg_error_clear(&err);
  hg_config *cfg = NULL;
  if (hg_config_load(o.config, &cfg, &err) != HG_OK) {
    hg_cli_data_error(&err);
    return HG_EXIT_DATA;
  }
  prepare_run(&o);
  hg_run_summary sum;
  hg_status st = run_pack(cfg, &o.run, &sum, &err);
  rc = report(cfg, o.progress.quiet, st, &sum, &err);
  if (st == HG_OK)
    note_shard(&o.run, o.progress.quiet, &sum);
  hg_run_summary_clear(&sum);
  hg_config_free(cfg);
  return rc;
}
