/* cli_merge.c: `healthgap merge [--quiet] -o OUT SHARD...`: the results of
 * `healthgap run --shard K/N` runs joined into the whole run's results
 * (hg_run_merge, healthgap/run.h; docs/scaling.md). */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"

static void usage(void) {
  printf("Usage: healthgap merge [OPTION]... -o OUT SHARD...\n"
         "Join the results of the N runs made with `healthgap run --shard K/N` into\n"
         "one results folder, OUT: OUT/results/*.csv and OUT/rejects.csv, with the\n"
         "rows in the order one run over every indicator writes them (byte for byte),\n"
         "and OUT/merge.txt naming the shards.  Each SHARD is a shard's output folder\n"
         "(OUT/shards/K-of-N, whose latest run is read) or a run folder.\n\n"
         "  -o, --output OUT     the folder to make (it must not exist; written as\n"
         "                       OUT.partial-<pid>, renamed when complete)\n"
         "  -q, --quiet          no summary\n"
         "  -h, --help           this help\n\n"
         "Refused (exit 1, nothing written): shards of another config, other inputs\n"
         "or another engine (their fingerprints differ), a shard missing or given\n"
         "twice, an indicator in two shards, files that should agree and do not.\n"
         "Packs, charts, the site and the workbook are not merged: docs/scaling.md.\n\n"
         "Exit status: 0 merged, 1 refused or failed, 2 usage error.\n\n"
         "Example:\n"
         "  healthgap merge -o /srv/hg/merged /srv/hg/out/shards/*-of-16\n");
}

static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};

int hg_cli_merge(int argc, char **argv) {
  const char *out = NULL;
  int quiet = 0, c;
  optind = 0; /* glibc: reinitialise, so options may follow the operands */
  opterr = 0;
  while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
    switch (c) {
    case 'o':
      out = optarg;
      break;
    case 'q':
      quiet = 1;
      break;
    case 'h':
      usage();
      return HG_EXIT_OK;
    default:
      return hg_cli_option_error("merge", c, argv, longopts);
    }
  }
  if (!out)
    return hg_cli_usage_error("merge", "missing -o OUT");
  if (optind >= argc)
    return hg_cli_usage_error("merge", "no SHARD folders");
  hg_error err;
  hg_run_merge_summary sum;
  hg_status st =
      hg_run_merge((const char *const *)argv + optind, (size_t)(argc - optind), out, &sum, &err);
  if (st != HG_OK) {
    hg_cli_data_error(&err);
    hg_cli_error("nothing merged");
    return HG_EXIT_DATA;
  }
  if (!quiet)
    printf("healthgap merge: %u shards into %s: %zu files, %zu rows, %zu indicators\n", sum.nshards,
           out, sum.files, sum.rows, sum.indicators);
  return HG_EXIT_OK;
}
