/* cli_common.c: error printing and the stdout check shared by the subcommands. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
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

int hg_cli_find_long(const struct option *longopts, const char *text) {
  if (strncmp(text, "--", 2) != 0)
    return -1;
  const char *name = text + 2, *eq = strchr(name, '=');
  size_t len = eq ? (size_t)(eq - name) : strlen(name);
  int found = -1;
  for (int i = 0; longopts[i].name; i++) {
    if (strncmp(longopts[i].name, name, len) != 0)
      continue;
    if (strlen(longopts[i].name) == len)
      return i; /* an exact match wins over prefixes */
    found = found == -1 ? i : -2;
  }
  return found;
}

int hg_cli_option_error(const char *cmd, int ch, char **argv, const struct option *longopts) {
  const char *text = optind > 0 ? argv[optind - 1] : "";
  if (strncmp(text, "--", 2) != 0) { /* a short option */
    if (ch == ':')
      return hg_cli_usage_error(cmd, "option requires an argument -- '%c'", optopt);
    return hg_cli_usage_error(cmd, "invalid option -- '%c'", optopt ? optopt : '?');
  }
  const char *eq = strchr(text, '=');
  int len = eq ? (int)(eq - text) : (int)strlen(text);
  if (ch == ':')
    return hg_cli_usage_error(cmd, "option '%.*s' requires an argument", len, text);
  int i = hg_cli_find_long(longopts, text);
  if (i >= 0 && eq && longopts[i].has_arg == no_argument)
    return hg_cli_usage_error(cmd, "option '--%s' doesn't allow an argument", longopts[i].name);
  if (i == -2) {
    char list[1024] = "";
    size_t used = 0;
    for (int j = 0; longopts[j].name; j++)
      if (strncmp(longopts[j].name, text + 2, (size_t)len - 2) == 0 && used < sizeof list) {
        int w = snprintf(list + used, sizeof list - used, " '--%s'", longopts[j].name);
        if (w > 0)
          used += (size_t)w;
      }
    return hg_cli_usage_error(cmd, "option '%.*s' is ambiguous; possibilities:%s", len, text, list);
  }
  return hg_cli_usage_error(cmd, "unrecognized option '%.*s'", len, text);
}

/* One help text for the options that choose a series (cli.h). */
const char hg_cli_select_help[] =
    "Choosing one series (a series is indicator, area, sex, age, category type and\n"
    "category; its points are periods; every value as written in the file):\n"
    "      --sex S            Persons, Male or Female\n"
    "      --age A            the age group, e.g. 'All ages' or '0-9 yrs'\n"
    "      --category-type T  the breakdown, e.g. 'County & UA deprivation deciles in\n"
    "                         England (IMD2015)'; '' for the areas' own rows\n"
    "      --category C       one category of the breakdown\n"
    "      --area-type T      only areas of this type, e.g. 'County & UA'\n"
    "A request that still holds several series lists them and exits 2.\n";

int hg_cli_select_option(hg_select *s, int ch, const char *arg) {
  switch (ch) {
  case HG_OPT_SEX:
    s->sex = arg;
    return 1;
  case HG_OPT_AGE:
    s->age = arg;
    return 1;
  case HG_OPT_CTYPE:
    s->category_type = arg;
    return 1;
  case HG_OPT_CAT:
    s->category = arg;
    return 1;
  case HG_OPT_ATYPE:
    s->area_type = arg;
    return 1;
  default:
    return 0;
  }
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
