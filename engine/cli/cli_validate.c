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

typedef struct {
  hg_rejects_writer *writer;
  size_t shown;
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

/* Distinct values among the rows of one source. */
static void print_distinct(const hg_store *st, uint32_t source) {
  GHashTable *sets[5];
  for (int k = 0; k < 5; k++)
    sets[k] = g_hash_table_new(g_direct_hash, g_direct_equal);
  size_t n = hg_store_size(st);
  for (size_t i = 0; i < n; i++) {
    hg_obs o;
    hg_store_get(st, i, &o);
    if (o.source != source)
      continue;
    g_hash_table_add(sets[0], GUINT_TO_POINTER(o.indicator_id));
    g_hash_table_add(sets[1], GUINT_TO_POINTER(o.area_code));
    g_hash_table_add(sets[2], GUINT_TO_POINTER(o.period_text));
    g_hash_table_add(sets[3], GUINT_TO_POINTER(o.sex));
    if (o.category) /* (type, category) pairs: the same label may recur under two types */
      g_hash_table_add(sets[4], GSIZE_TO_POINTER(((gsize)o.category_type << 32) | o.category));
  }
  printf("indicators: %u\nareas: %u\nperiods: %u\nsexes: %u\ncategories: %u\n",
         g_hash_table_size(sets[0]), g_hash_table_size(sets[1]), g_hash_table_size(sets[2]),
         g_hash_table_size(sets[3]), g_hash_table_size(sets[4]));
  for (int k = 0; k < 5; k++)
    g_hash_table_destroy(sets[k]);
}

int hg_cli_validate(int argc, char **argv) {
  static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                           {"rejects", required_argument, NULL, 'r'},
                                           {"strict", no_argument, NULL, 's'},
                                           {"help", no_argument, NULL, 'h'},
                                           {NULL, 0, NULL, 0}};
  hg_read_options opt = {0};
  const char *rejects_path = NULL;
  int strict = 0, c;
  while ((c = getopt_long(argc, argv, "f:r:sh", longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (hg_format_parse(optarg, &opt.format) != HG_OK)
        return hg_cli_usage_error("validate", "unknown format '%s' (auto, fingertips, tidy)",
                                  optarg);
      break;
    case 'r':
      rejects_path = optarg;
      break;
    case 's':
      strict = 1;
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

  int rc = HG_EXIT_OK;
  FILE *rfp = NULL;
  reject_sink sink = {0};
  hg_store *st = hg_store_new();
  if (!st) {
    hg_cli_error("out of memory");
    return HG_EXIT_DATA;
  }
  if (rejects_path) {
    rfp = fopen(rejects_path, "wb");
    if (!rfp) {
      hg_cli_error("%s: %s", rejects_path, g_strerror(errno));
      rc = HG_EXIT_DATA;
      goto cleanup;
    }
    sink.writer = hg_rejects_writer_new(rfp);
  }
  opt.on_reject = on_reject;
  opt.userdata = &sink;
  for (int i = optind; i < argc; i++) {
    hg_read_report rep;
    hg_error err;
    hg_error_clear(&err);
    sink.shown = 0;
    hg_status s = hg_read_file(st, argv[i], &opt, &rep, &err);
    if (sink.shown > SHOWN_REJECTS)
      hg_cli_error("%s: %zu more rejected rows not shown%s", argv[i], sink.shown - SHOWN_REJECTS,
                   rejects_path ? "" : " (see --rejects)");
    if (i > optind)
      putchar('\n');
    printf("file: %s\n", argv[i]);
    if (s != HG_OK) {
      hg_cli_data_error(&err);
      printf("error: %s\n", hg_strerror(s));
      rc = HG_EXIT_DATA;
      if (s == HG_ERR_IO)
        continue;
    }
    printf("format: %s\nrows read: %zu\naccepted: %zu\nrejected: %zu\n", hg_format_name(rep.format),
           rep.rows_read, rep.accepted, rep.rejected);
    for (int k = 1; k < HG_REJECT_REASON_COUNT; k++)
      if (rep.rejected_by_reason[k])
        printf("rejected %s: %zu\n", hg_reject_reason_name((hg_reject_reason)k),
               rep.rejected_by_reason[k]);
    if (rep.unknown_columns)
      printf("unknown columns: %s\n", rep.unknown_column_names);
    if (rep.sortable_replaced)
      printf("period keys replaced: %zu (Time period Sortable contradicted the period text; "
             "the text's key was used)\n",
             rep.sortable_replaced);
    print_distinct(st, rep.source);
    if (strict && rep.rejected)
      rc = HG_EXIT_DATA;
  }
cleanup:
  if (rfp) {
    hg_status ws = hg_rejects_writer_finish(sink.writer);
    if (fclose(rfp) != 0 || ws != HG_OK) {
      hg_cli_error("%s: write error", rejects_path);
      rc = HG_EXIT_DATA;
    }
  }
  hg_store_free(st);
  return rc;
}
