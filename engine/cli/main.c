/* main.c: the healthgap command: global options and the subcommand table. */
#include "cli/cli.h"

#include <getopt.h>
#include <glib.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
  int huge_pages; /* 1: holds a run's results, started again on huge pages; 2: the
                     same when an argument names a large file (any_large_file) */
} command;

/* Table-driven, as datamash's op table: adding a subcommand is one row here.
 * run and chart are in the render module, loaded when asked for (cli/module.h). */
static const command commands[] = {
    {"run", hg_cli_module_run, "run a pack config: ingest, derive, analyse, render, publish", 1},
    {"validate", hg_cli_validate, "read indicator CSVs and report what was accepted or rejected",
     0},
    {"stat", hg_cli_stat, "compute a PHEindicatormethods method over a CSV (R column names)", 2},
    {"compare", hg_cli_compare, "benchmark areas, recent trends and targets for one file", 0},
    {"gaps", hg_cli_gaps, "inequality gaps for one file: deprivation gradients, categories", 0},
    {"chart", hg_cli_module_chart, "draw one chart from a results or input CSV to PNG or PDF", 0},
    {"merge", hg_cli_merge, "join the results of `run --shard K/N` runs into one (docs/scaling.md)",
     1},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static void usage(void) {
  printf("Usage: healthgap [--help] [--version] COMMAND [OPTION]... [FILE]...\n"
         "Health-inequalities indicators: values with confidence intervals, gaps,\n"
         "deprivation gradients, trends and benchmarks, with PNG and PDF chart packs.\n\n"
         "Commands:\n");
  for (size_t i = 0; i < N_COMMANDS; i++)
    printf("  %-10s %s\n", commands[i].name, commands[i].summary);
  printf("\nOptions:\n"
         "  -h, --help     show this help and exit\n"
         "  -V, --version  show the version and exit\n"
         "      --raw-csv  write CSV texts exactly as read: no apostrophe before a\n"
         "                 leading = + - @ tab or CR, bidi controls kept (for machine\n"
         "                 readers; the default guards spreadsheet users)\n\n"
         "Examples:\n"
         "  healthgap validate --rejects rejects.csv smoking.csv\n"
         "  healthgap stat proportion --x Numerator --n Denominator --confidence 95,99.8 data.csv\n"
         "  healthgap run fixtures/london/london.conf\n\n"
         "'healthgap COMMAND --help' describes each command.\n"
         "Exit status: 0 success, 1 data or run error, 2 usage error.\n");
}

/* A run holds its results, hundreds of MB for a national one, in millions of
 * small allocations, and on the paravirtualised machines it runs on every
 * fresh 4 KiB page is a trap to the hypervisor (healthgap/memory.h): a
 * 679,100-row run took 109,000 page faults.  glibc puts all of its heap on
 * transparent huge pages when the tunable glibc.malloc.hugetlb=1 is set, but
 * reads tunables only as a process starts; so `run` and `merge` start again
 * once with it (the same pid, arguments and environment, plus the tunable),
 * unless it is already set either way or HEALTHGAP_NO_HUGE_PAGES is.  With it
 * glibc rounds every block it maps on its own (128 KiB and up) to a whole
 * huge page, which took a one-file run of 400,000 rows from 208 to 332 MB:
 * so blocks under 4 MiB come from the heap (glibc.malloc.mmap_threshold,
 * unless that is set too): 217 MB.  The national run: 108,815 -> about
 * 100,000 faults at most, 3.2 -> 2.3-2.5 s CPU, peak unchanged.  If the exec
 * fails the command goes on as it is.  Not under ASan, whose allocator
 * ignores the tunables. */
static void restart_on_huge_pages(char **argv) {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  const char *old = getenv("GLIBC_TUNABLES");
  if (getenv("HEALTHGAP_NO_HUGE_PAGES") || (old && strstr(old, "glibc.malloc.hugetlb")))
    return;
  const char *add = old && strstr(old, "glibc.malloc.mmap_threshold")
                        ? "glibc.malloc.hugetlb=1"
                        : "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304";
  char *val = old && *old ? g_strconcat(old, ":", add, NULL) : g_strdup(add);
  if (setenv("GLIBC_TUNABLES", val, 1) == 0) {
    fflush(NULL);
    execv("/proc/self/exe", argv);
    unsetenv("GLIBC_TUNABLES"); /* not restarted: leave the environment as it was */
    if (old)
      setenv("GLIBC_TUNABLES", old, 1);
  }
  g_free(val);
#else
  (void)argv;
#endif
}

/* 1 if an argument after the command names a regular file of 4 MiB or more.
 * `stat` on a large file spends much of its time on fresh pages (a DSR over a
 * 15 MB file: 80 ms on huge pages, 90 without); on a small one the restart
 * (about 1 ms) would be most of its time, against a 5 ms goal for ten lines. */
static int any_large_file(int argc, char **argv, int from) {
  for (int i = from; i < argc; i++) {
    struct stat sb;
    if (argv[i][0] != '-' && stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode) &&
        sb.st_size >= (4 << 20))
      return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                           {"version", no_argument, NULL, 'V'},
                                           {"raw-csv", no_argument, NULL, 'R'},
                                           {NULL, 0, NULL, 0}};
  int c;
  /* '+' stops at the first non-option: the subcommand parses the rest. */
  while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
    switch (c) {
    case 'h':
      usage();
      return hg_cli_close_stdout();
    case 'V':
      printf("healthgap %s\n", HG_VERSION);
      return hg_cli_close_stdout();
    case 'R': /* machine readers: texts exactly as read (docs/outputs.md) */
      hg_cli_set_raw_csv(1);
      break;
    default:
      fputs("Try 'healthgap --help' for more information.\n", stderr);
      return HG_EXIT_USAGE;
    }
  }
  if (optind >= argc)
    return hg_cli_usage_error(NULL, "missing command");
  const char *name = argv[optind];
  for (size_t i = 0; i < N_COMMANDS; i++) {
    if (strcmp(name, commands[i].name) == 0) {
      if (commands[i].huge_pages == 1 ||
          (commands[i].huge_pages == 2 && any_large_file(argc, argv, optind + 1)))
        restart_on_huge_pages(argv);
      int sub_argc = argc - optind;
      char **sub_argv = argv + optind;
      optind = 0; /* glibc: 0 reinitialises getopt for the subcommand */
      int rc = commands[i].fn(sub_argc, sub_argv);
      int rc2 = hg_cli_close_stdout();
      return rc ? rc : rc2;
    }
  }
  return hg_cli_usage_error(NULL, "unknown command '%s'", name);
}
