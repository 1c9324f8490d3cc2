/* cli_common.c: error printing and the stdout check shared by the subcommands. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void hg_cli_error(const char *fmt, ...) {
  va_list ap;
  fputs("healthgap: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

void hg_cli_data_error(const hg_error *err) {
  char buf[1400];
  hg_error_format(err, buf, sizeof buf);
  hg_cli_error("%s", buf[0] ? buf : "error");
}

int hg_cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, cmd ? "healthgap %s: " : "healthgap: ", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  if (cmd)
    fprintf(stderr, "Try 'healthgap %s --help' for more information.\n", cmd);
  else
    fputs("Try 'healthgap --help' for more information.\n", stderr);
  return HG_EXIT_USAGE;
}

/* The equivalent of gnulib's close_stdout: a full disk or /dev/full must not
 * pass silently, so the final flush and close are checked. */
int hg_cli_close_stdout(void) {
  int bad = ferror(stdout);
  errno = 0;
  if (fflush(stdout) != 0)
    bad = 1;
  int e = errno;
  if (fclose(stdout) != 0 && !bad) {
    bad = 1;
    e = errno;
  }
  if (bad) {
    hg_cli_error("write error: %s", e ? strerror(e) : "stdout");
    return HG_EXIT_DATA;
  }
  return HG_EXIT_OK;
}
