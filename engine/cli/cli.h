/* engine/cli.h: shared pieces of the healthgap command (not part of the library).
 *
 * Exit codes follow datamash: 0 success, 1 data or run error, 2 usage error.
 * Every subcommand is `int hg_cli_NAME(int argc, char **argv)` where argv[0] is
 * the subcommand name; it parses its own options with getopt_long and returns
 * an exit code.  main() checks stdout once at exit (hg_cli_close_stdout).
 */
#ifndef HEALTHGAP_CLI_H
#define HEALTHGAP_CLI_H

#include "healthgap/healthgap.h"

enum { HG_EXIT_OK = 0, HG_EXIT_DATA = 1, HG_EXIT_USAGE = 2 };

/* "healthgap: " + message + newline on stderr. */
void hg_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a data error as "healthgap: FILE:LINE: column 'C': MESSAGE". */
void hg_cli_data_error(const hg_error *err);
/* Prints "healthgap CMD: MESSAGE" and "Try 'healthgap CMD --help'..." on stderr;
 * returns HG_EXIT_USAGE.  cmd may be NULL for the top level. */
int hg_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct option;
/* After getopt_long (optstring starting with ':', opterr = 0) returned '?' or ':'
 * (ch): prints the cause as GNU getopt words it, "option '--x' requires an
 * argument", "unrecognized option '--x'", "option '--re' is ambiguous;
 * possibilities: '--repetitions' '--reliability-stat'", "option '--no-rii' doesn't
 * allow an argument", "invalid option -- 'x'", under "healthgap CMD: " with the Try
 * line; returns HG_EXIT_USAGE. */
int hg_cli_option_error(const char *cmd, int ch, char **argv, const struct option *longopts);
/* The long option that `text` ("--name" or "--name=value", a unique prefix allowed)
 * names: its index in longopts, -1 if none, -2 if ambiguous. */
int hg_cli_find_long(const struct option *longopts, const char *text);

/* The options that choose one series, with the same names and words in every
 * command (chart, compare, gaps, stat): put HG_CLI_SELECT_OPTIONS in the
 * command's long options, print hg_cli_select_help in its --help, and pass
 * what getopt_long returns to hg_cli_select_option.  The values fill an
 * hg_select (healthgap/select.h); the codes are above every command's own. */
enum { HG_OPT_SEX = 0x5e00, HG_OPT_AGE, HG_OPT_CTYPE, HG_OPT_CAT, HG_OPT_ATYPE };
#define HG_CLI_SELECT_OPTIONS                                                                      \
  {"sex", required_argument, NULL, HG_OPT_SEX}, {"age", required_argument, NULL, HG_OPT_AGE},      \
      {"category-type", required_argument, NULL, HG_OPT_CTYPE},                                    \
      {"category", required_argument, NULL, HG_OPT_CAT}, {                                         \
    "area-type", required_argument, NULL, HG_OPT_ATYPE                                             \
  }
extern const char hg_cli_select_help[];
/* 1 when ch is one of HG_CLI_SELECT_OPTIONS (its value, arg, stored in s), else 0. */
int hg_cli_select_option(hg_select *s, int ch, const char *arg);

/* Flushes and closes stdout; on failure prints the error and returns HG_EXIT_DATA. */
int hg_cli_close_stdout(void);

int hg_cli_validate(int argc, char **argv);
int hg_cli_stat(int argc, char **argv);
int hg_cli_gaps(int argc, char **argv);
int hg_cli_compare(int argc, char **argv);
int hg_cli_chart(int argc, char **argv);
int hg_cli_run(int argc, char **argv);
int hg_cli_merge(int argc, char **argv);

/* module_load.c: `run` and `chart` through the render module, opened on first
 * use (cli/module.h); HG_EXIT_DATA, after saying why, when it cannot be. */
int hg_cli_module_run(int argc, char **argv);
int hg_cli_module_chart(int argc, char **argv);
/* --raw-csv: the library's default here and in the module once loaded. */
void hg_cli_set_raw_csv(int raw);

#endif
