/* main.c: the healthgap command: global options and the subcommand table. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
} command;

/* Table-driven, as datamash's op table: adding a subcommand is one row here.
 * run and chart are in the render module, loaded when asked for (cli/module.h). */
static const command commands[] = {
    {"run", hg_cli_module_run, "run a pack config: ingest, derive, analyse, render, publish"},
    {"validate", hg_cli_validate, "read indicator CSVs and report what was accepted or rejected"},
    {"stat", hg_cli_stat, "compute a PHEindicatormethods method over a CSV (R column names)"},
    {"compare", hg_cli_compare, "benchmark areas, recent trends and targets for one file"},
    {"gaps", hg_cli_gaps, "inequality gaps for one file: deprivation gradients, categories"},
    {"chart", hg_cli_module_chart, "draw one chart from a results or input CSV to PNG or PDF"},
    {"merge", hg_cli_merge,
     "join the results of `run --shard K/N` runs into one (docs/scaling.md)"},
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
