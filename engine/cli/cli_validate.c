/* cli_validate.c: `healthgap validate`: read indicator CSVs, report what was
 * accepted and what was rejected and why. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

enum { SHOWN_REJECTS = 10 }; /* per file on stderr; --rejects has them all */

static void usage(void) {
  printf("Usage: healthgap validate [OPTION]... FILE...\n"
         "Read Fingertips exports or tidy indicator CSVs and report, per file, the layout\n"
         "detected, rows read, accepted and rejected (by reason), and how many distinct\n"
         "indicators, areas, periods, sexes and categories were accepted.  The first\n"
         "%d rejected rows of each file are shown on stderr.\n\n"
         "Options:\n"
         "  -f, --format=F     auto (default), fingertips or tidy\n"
         "  -r, --rejects=OUT  write every rejected row to OUT (file, line, column,\n"
         "                     reason, raw, message)\n"
         "  -s, --strict       exit 1 if any row is rejected\n"
         "  -h, --help         show this help and exit\n\n"
         "Examples:\n"
         "  healthgap validate indicators-data.csv\n"
         "  healthgap validate --rejects rejects.csv --strict smoking.csv obesity.csv\n"
         "  healthgap validate --format tidy my_indicators.csv\n\n"
         "Exit status: 0 all files read (rows may be rejected unless --strict),\n"
         "1 a file could not be read or (with --strict) a row was rejected, 2 usage error.\n",
         SHOWN_REJECTS);
}

/* Where rejected rows go: the first SHOWN_REJECTS of each file to stderr, all
 * of them to --rejects; and the distinct values of the accepted ones.  The
 * sink owns fp and writer (open_rejects, close_rejects) and the sets. */
enum { D_INDICATORS, D_AREAS, D_PERIODS, D_SEXES, D_CATEGORIES, D_N };
typedef struct {
  FILE *fp;                  /* --rejects, or NULL */
  hg_rejects_writer *writer; /* on fp */
  size_t shown;              /* rejects of the current file so far */
  GHashTable *distinct[D_N]; /* ids in the current file's accepted rows (on_accept) */
} reject_sink;

static int on_reject(const hg_reject *rj, void *ud) {
  reject_sink *sink = ud;
  if (sink->writer)
    hg_rejects_write(sink->writer, rj);
  if (sink->shown++ < SHOWN_REJECTS) {
    hg_error e;
    hg_error_set(&e, rj->file, rj->line, rj->column, "%s", rj->message);
    hg_cli_data_error(&e);
  }
  return 0;
}

/* Distinct values among the accepted rows of the file being read, gathered
 * row by row (on_accept): the rows themselves are not kept (keys_only), so
 * validate's memory is bounded by distinct keys and texts, not by rows. */
static void on_accept(const hg_obs *o, void *ud) {
  GHashTable **sets = ((reject_sink *)ud)->distinct;
  g_hash_table_add(sets[D_INDICATORS], GUINT_TO_POINTER(o->indicator_id));
  g_hash_table_add(sets[D_AREAS], GUINT_TO_POINTER(o->area_code));
  g_hash_table_add(sets[D_PERIODS], GUINT_TO_POINTER(o->period_text));
  g_hash_table_add(sets[D_SEXES], GUINT_TO_POINTER(o->sex));
  if (o->category) /* (type, category) pairs: the same label may recur under two types */
    g_hash_table_add(sets[D_CATEGORIES],
                     GSIZE_TO_POINTER(((gsize)o->category_type << 32) | o->category));
}

static void print_distinct(GHashTable *const *sets) {
  printf("indicators: %u\nareas: %u\nperiods: %u\nsexes: %u\ncategories: %u\n",
         g_hash_table_size(sets[D_INDICATORS]), g_hash_table_size(sets[D_AREAS]),
         g_hash_table_size(sets[D_PERIODS]), g_hash_table_size(sets[D_SEXES]),
         g_hash_table_size(sets[D_CATEGORIES]));
}

/* The command line, parsed.  Strings are borrowed from argv. */
typedef struct {
  hg_read_options read; /* --format; the reject callback is set by hg_cli_validate */
  const char *rejects_path;
  int strict;
  char **files;
  int nfiles;
} validate_options;

static const struct option longopts[] = {
    {"format", required_argument, NULL, 'f'},
    {"rejects", required_argument, NULL, 'r'},
    {"strict", no_argument, NULL, 's'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Returns an exit code to stop with, or -1 to go on. */
static int parse_options(int argc, char **argv, validate_options *o) {
  int c;
  while ((c = getopt_long(argc, argv, "f:r:sh", longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (hg_format_parse(optarg, &o->read.format) != HG_OK)
        return hg_cli_usage_error("validate", "unknown format '%s' (auto, fingertips, tidy)",
                                  optarg);
      break;
    case 'r':
      o->rejects_path = optarg;
      break;
    case 's':
      o->strict = 1;
      break;
    case 'h':
      usage();
      return HG_EXIT_OK;
    default:
      return hg_cli_usage_error("validate", "invalid option");
    }
  }
  if (optind >= argc)
    return hg_cli_usage_error("validate", "no input file");
  o->files = argv + optind;
  o->nfiles = argc - optind;
  return -1;
}

/* Opens --rejects into the sink.  Returns an exit code. */
static int open_rejects(reject_sink *sink, const char *path) {
  sink->fp = fopen(path, "wb");
  if (!sink->fp) {
    hg_cli_error("%s: %s", path, g_strerror(errno));
    return HG_EXIT_DATA;
  }
  sink->writer = hg_rejects_writer_new(sink->fp);
  return HG_EXIT_OK;
}

/* Finishes and closes --rejects if it was opened.  Returns an exit code. */
static int close_rejects(reject_sink *sink, const char *path) {
  if (!sink->fp)
    return HG_EXIT_OK;
  hg_status ws = hg_rejects_writer_finish(sink->writer);
  int closed = fclose(sink->fp);
  sink->fp = NULL;
  sink->writer = NULL;
  if (closed != 0 || ws != HG_OK) {
    hg_cli_error("%s: write error", path);
    return HG_EXIT_DATA;
  }
  return HG_EXIT_OK;
}

/* What was read from one file (after its "file:" line). */
static void print_report(GHashTable *const *distinct, const hg_read_report *rep) {
  printf("format: %s\nrows read: %zu\naccepted: %zu\nrejected: %zu\n", hg_format_name(rep->format),
         rep->rows_read, rep->accepted, rep->rejected);
  for (int k = 1; k < HG_REJECT_REASON_COUNT; k++)
    if (rep->rejected_by_reason[k])
      printf("rejected %s: %zu\n", hg_reject_reason_name((hg_reject_reason)k),
             rep->rejected_by_reason[k]);
  if (rep->unknown_columns)
    printf("unknown columns: %s\n", rep->unknown_column_names);
  if (rep->sortable_replaced)
    printf("period keys replaced: %zu (Time period Sortable contradicted the period text; "
           "the text's key was used)\n",
           rep->sortable_replaced);
  print_distinct(distinct);
}

/* Reads file i of the command line into st and reports on it.  Returns an exit code. */
static int validate_file(hg_store *st, const validate_options *o, reject_sink *sink, int i) {
  const char *path = o->files[i];
  hg_read_report rep;
  hg_error err;
  hg_error_clear(&err);
  int rc = HG_EXIT_OK;
  sink->shown = 0;
  for (int k = 0; k < D_N; k++)
    g_hash_table_remove_all(sink->distinct[k]);
  hg_status s = hg_read_file(st, path, &o->read, &rep, &err);
  if (sink->shown > SHOWN_REJECTS)
    hg_cli_error("%s: %zu more rejected rows not shown%s", path, sink->shown - SHOWN_REJECTS,
                 o->rejects_path ? "" : " (see --rejects)");
  if (i > 0)
    putchar('\n');
  printf("file: %s\n", path);
  if (s != HG_OK) {
    hg_cli_data_error(&err);
    /* the cause as stderr says it ("is gzip-compressed"), not the status's word */
    printf("error: %s\n", err.message[0] ? err.message : hg_strerror(s));
    if (s == HG_ERR_IO || !rep.rows_read)
      return HG_EXIT_DATA; /* nothing was read: a report of zeros says nothing */
    rc = HG_EXIT_DATA;
  }
  print_report(sink->distinct, &rep);
  if (o->strict && rep.rejected)
    rc = HG_EXIT_DATA;
  return rc;
}

/* Options, then each file in turn.  This function owns the store and the
 * rejects sink and frees them on its one way out. */
int hg_cli_validate(int argc, char **argv) {
  validate_options opt = {0};
  int rc = parse_options(argc, argv, &opt);
  if (rc >= 0)
    return rc;
  rc = HG_EXIT_DATA;
  reject_sink sink = {0};
  for (int k = 0; k < D_N; k++)
    sink.distinct[k] = g_hash_table_new(g_direct_hash, g_direct_equal);
  hg_key_set *keys = hg_key_set_new();
  hg_store *st = hg_store_new();
  if (!st) {
    hg_cli_error("out of memory");
    goto cleanup;
  }
  if (opt.rejects_path && open_rejects(&sink, opt.rejects_path) != HG_EXIT_OK)
    goto cleanup;
  rc = HG_EXIT_OK;
  opt.read.on_reject = on_reject;
  opt.read.on_accept = on_accept;
  opt.read.keys_only = keys;
  opt.read.userdata = &sink;
  for (int i = 0; i < opt.nfiles; i++)
    if (validate_file(st, &opt, &sink, i) != HG_EXIT_OK)
      rc = HG_EXIT_DATA;
cleanup:
  if (close_rejects(&sink, opt.rejects_path) != HG_EXIT_OK)
    rc = HG_EXIT_DATA;
  hg_store_free(st);
  hg_key_set_free(keys);
  for (int k = 0; k < D_N; k++)
    g_hash_table_destroy(sink.distinct[k]);
  return rc;
}
