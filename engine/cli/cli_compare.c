/* cli_compare.c: `healthgap compare`: benchmarks, recent trends, annual change and
 * targets for one Fingertips export or tidy indicator file. */
#include "cli/cli.h"

#include <getopt.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void) {
  printf("Usage: healthgap compare [OPTION]... FILE\n"
         "Benchmark every row of an indicator file as Fingertips does and write\n"
         "results/indicators.csv-style rows to stdout: compared_to_england,\n"
         "compared_to_london, compared_to_icb (with --lookup), benchmark_quintile,\n"
         "recent_trend, annual_change with its 95%% limits, target_id and target_status,\n"
         "and compared_to_area (inequality categories against their area's overall value).\n"
         "FILE is a Fingertips data export (26 or 27 columns, read by position) or a tidy\n"
         "indicator CSV (header names: indicator_id, area_code, period, value, ...).\n\n"
         "Options:\n"
         "  -i, --indicators CSV   indicator metadata overriding the built-in registry\n"
         "                         (columns as fixtures/indicators.csv)\n"
         "  -t, --targets CSV      targets table (as fixtures/targets.csv); repeatable\n"
         "      --targets-out FILE write results/targets.csv rows there\n"
         "  -l, --lookup CSV       area -> ICB lookup (LA_code,ICB_code or area_code,icb_code)\n"
         "      --previous CSV     the previously published indicators.csv: with\n"
         "      --changes-out FILE write results/changes.csv (what changed since then)\n"
         "      --trend-rule RULE  skip (default: skip invalid points, as Fingertips now)\n"
         "                         or stop (legacy: stop at the first invalid point)\n"
         "      --list-indicators  print the indicator registry as CSV and exit\n"
         "  -h, --help             show this help and exit\n\n"
         "Examples:\n"
         "  healthgap compare fingertips_tobacco_profile_london_2019.csv > indicators.csv\n"
         "  healthgap compare --lookup london_borough_icb_lookup.csv \\\n"
         "      --targets fixtures/targets.csv --targets-out targets.csv pm25.csv\n"
         "  healthgap compare --previous last/indicators.csv --changes-out changes.csv new.csv\n"
         "  healthgap compare --list-indicators > my_indicators.csv\n\n"
         "Exit status: 0 success, 1 data error, 2 usage error.\n");
}

/* Years per period: pooled periods (`2017 - 19`) have a year range of 3;
 * quarters and months count as 1, as in Fingertips. */
static int year_range_of(const hg_period *p) {
  return p->length_months > 12 ? (p->length_months + 11) / 12 : 1;
}

static int count_rejects(const hg_reject *r, void *userdata) {
  (void)r;
  (*(size_t *)userdata)++;
  return 0;
}

/* area -> ICB from the lookup table (borrowed strings). */
static GHashTable *read_lookup(const hg_table *lk, hg_error *err) {
  long a = hg_table_col(lk, "LA_code"), i = hg_table_col(lk, "ICB_code");
  if (a < 0)
    a = hg_table_col(lk, "area_code");
  if (i < 0)
    i = hg_table_col(lk, "icb_code");
  if (a < 0 || i < 0) {
    hg_error_set(err, hg_table_name(lk), 1, a < 0 ? "LA_code" : "ICB_code", "missing column");
    return NULL;
  }
  GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t r = 0; r < hg_table_nrows(lk); r++)
    g_hash_table_replace(h, (gpointer)hg_table_cell(lk, r, (size_t)a),
                         (gpointer)hg_table_cell(lk, r, (size_t)i));
  return h;
}

int hg_cli_compare(int argc, char **argv) {
  enum { OPT_TARGETS_OUT = 256, OPT_PREVIOUS, OPT_CHANGES_OUT, OPT_TREND_RULE, OPT_LIST };
  static const struct option longopts[] = {
      {"indicators", required_argument, NULL, 'i'},
      {"targets", required_argument, NULL, 't'},
      {"targets-out", required_argument, NULL, OPT_TARGETS_OUT},
      {"lookup", required_argument, NULL, 'l'},
      {"previous", required_argument, NULL, OPT_PREVIOUS},
      {"changes-out", required_argument, NULL, OPT_CHANGES_OUT},
      {"trend-rule", required_argument, NULL, OPT_TREND_RULE},
      {"list-indicators", no_argument, NULL, OPT_LIST},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *indicators = NULL, *lookup_path = NULL, *targets_out = NULL, *previous = NULL,
             *changes_out = NULL;
  GPtrArray *target_paths = g_ptr_array_new();
  hg_analyse_options aopt = {0};
  int list = 0, c, rc = HG_EXIT_DATA;
  hg_error err;
  hg_error_clear(&err);
  hg_indicator_registry *reg = NULL;
  hg_target_set *targets = NULL;
  hg_table *lk = NULL, *prev = NULL, *cur = NULL;
  hg_store *store = NULL;
  GHashTable *icb_of = NULL;
  hg_arow *rows = NULL;
  hg_target_row *trows = NULL;
  size_t ntrows = 0;
  const char **unknown = NULL;
  hg_changes *changes = NULL;
  char *outbuf = NULL;
  size_t outlen = 0;

  while ((c = getopt_long(argc, argv, "i:t:l:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'i':
      indicators = optarg;
      break;
    case 't':
      g_ptr_array_add(target_paths, optarg);
      break;
    case 'l':
      lookup_path = optarg;
      break;
    case OPT_TARGETS_OUT:
      targets_out = optarg;
      break;
    case OPT_PREVIOUS:
      previous = optarg;
      break;
    case OPT_CHANGES_OUT:
      changes_out = optarg;
      break;
    case OPT_TREND_RULE:
      if (strcmp(optarg, "skip") == 0)
        aopt.trend_rule = HG_TREND_SKIP_INVALID;
      else if (strcmp(optarg, "stop") == 0)
        aopt.trend_rule = HG_TREND_STOP_AT_INVALID;
      else {
        rc = hg_cli_usage_error("compare", "--trend-rule: expected skip or stop, got '%s'", optarg);
        goto cleanup;
      }
      break;
    case OPT_LIST:
      list = 1;
      break;
    case 'h':
      usage();
      rc = HG_EXIT_OK;
      goto cleanup;
    default:
      fputs("Try 'healthgap compare --help' for more information.\n", stderr);
      rc = HG_EXIT_USAGE;
      goto cleanup;
    }
  }
  if (!list && optind != argc - 1) {
    rc = hg_cli_usage_error("compare", optind >= argc ? "missing FILE" : "only one FILE allowed");
    goto cleanup;
  }
  if ((previous == NULL) != (changes_out == NULL)) {
    rc = hg_cli_usage_error("compare", "--previous and --changes-out go together");
    goto cleanup;
  }
  if (targets_out && target_paths->len == 0) {
    rc = hg_cli_usage_error("compare", "--targets-out needs --targets");
    goto cleanup;
  }

  reg = hg_indicator_registry_new();
  if (reg == NULL) {
    hg_cli_error("compare: out of memory");
    goto cleanup;
  }
  if (indicators && hg_indicator_registry_load_csv(reg, indicators, &err) != HG_OK) {
    hg_cli_data_error(&err);
    goto cleanup;
  }
  if (list) {
    rc = hg_indicator_registry_write_csv(reg, stdout) == HG_OK ? HG_EXIT_OK : HG_EXIT_DATA;
    goto cleanup;
  }
  if (target_paths->len > 0) {
    targets = hg_target_set_new();
    for (guint i = 0; i < target_paths->len; i++) {
      if (hg_target_set_load_csv(targets, g_ptr_array_index(target_paths, i), &err) != HG_OK) {
        hg_cli_data_error(&err);
        goto cleanup;
      }
    }
  }
  if (lookup_path) {
    if (hg_table_read(lookup_path, NULL, &lk, &err) != HG_OK ||
        (icb_of = read_lookup(lk, &err)) == NULL) {
      hg_cli_data_error(&err);
      goto cleanup;
    }
  }
  store = hg_store_new();
  if (store == NULL) {
    hg_cli_error("compare: out of memory");
    goto cleanup;
  }
  size_t nrejects = 0;
  hg_read_options ropt = {.on_reject = count_rejects, .userdata = &nrejects};
  if (hg_read_file(store, argv[optind], &ropt, NULL, &err) != HG_OK) {
    hg_cli_data_error(&err);
    goto cleanup;
  }
  if (nrejects > 0)
    hg_cli_error("compare: %s: %zu row(s) rejected and left out (see 'healthgap validate "
                 "--rejects')",
                 argv[optind], nrejects);
  size_t n = hg_store_size(store);
  rows = calloc(n ? n : 1, sizeof *rows);
  if (rows == NULL) {
    hg_cli_error("compare: out of memory");
    goto cleanup;
  }
  for (size_t r = 0; r < n; r++) {
    hg_obs o;
    hg_store_get(store, r, &o);
    hg_arow *a = &rows[r];
#define STR(id) hg_store_str(store, (id))
    a->indicator_id = STR(o.indicator_id);
    a->indicator_name = STR(o.indicator_name);
    a->parent_code = STR(o.parent_code);
    a->area_code = STR(o.area_code);
    a->area_name = STR(o.area_name);
    a->area_type = STR(o.area_type);
    a->sex = STR(o.sex);
    a->age = STR(o.age);
    a->category_type = STR(o.category_type);
    a->category = STR(o.category);
    a->period = STR(o.period_text);
    a->value_note = STR(o.value_note);
    a->published_england = STR(o.fp_compared_england);
    a->published_parent = STR(o.fp_compared_parent);
    a->published_trend = STR(o.fp_recent_trend);
#undef STR
    a->icb_code = "";
    if (icb_of) {
      const char *icb = g_hash_table_lookup(icb_of, a->area_code);
      if (icb)
        a->icb_code = icb;
    }
    a->value = o.value;
    a->lower95 = o.lower95;
    a->upper95 = o.upper95;
    a->lower998 = o.lower998;
    a->upper998 = o.upper998;
    a->count = o.count;
    a->denominator = o.denominator;
    a->period_sortable = o.period.sortable;
    a->year_range = year_range_of(&o.period);
  }
  if (hg_analyse_rows(rows, n, reg, targets, &aopt, targets_out ? &trows : NULL, &ntrows,
                      &unknown) != HG_OK) {
    hg_cli_error("compare: out of memory");
    goto cleanup;
  }
  for (size_t i = 0; unknown && unknown[i]; i++)
    hg_cli_error("compare: indicator %s is not in the registry: the file's own comparison "
                 "labels are kept where it gives them, not computed (describe it with "
                 "--indicators to compare it here)",
                 unknown[i]);
  if (targets_out) {
    FILE *fp = fopen(targets_out, "wb");
    if (fp == NULL || hg_targets_write_csv(fp, trows, ntrows) != HG_OK || fclose(fp) != 0) {
      hg_cli_error("%s: cannot write", targets_out);
      goto cleanup;
    }
  }
  /* The new rows go to stdout; with --previous they are also compared, so
   * they are written to memory first and compared from there. */
  FILE *mem = open_memstream(&outbuf, &outlen);
  if (mem == NULL || hg_indicators_write_csv(mem, rows, n) != HG_OK || fclose(mem) != 0) {
    hg_cli_error("compare: out of memory");
    goto cleanup;
  }
  if (previous) {
    if (hg_table_read(previous, NULL, &prev, &err) != HG_OK ||
        hg_table_read_mem("(new rows)", outbuf, outlen, NULL, &cur, &err) != HG_OK ||
        hg_changes_compare(prev, cur, &changes, &err) != HG_OK) {
      hg_cli_data_error(&err);
      goto cleanup;
    }
    FILE *fp = fopen(changes_out, "wb");
    if (fp == NULL || hg_changes_write_csv(changes, fp) != HG_OK || fclose(fp) != 0) {
      hg_cli_error("%s: cannot write", changes_out);
      goto cleanup;
    }
  }
  fwrite(outbuf, 1, outlen, stdout);
  rc = HG_EXIT_OK;
cleanup:
  free(outbuf);
  hg_changes_free(changes);
  hg_table_free(prev);
  hg_table_free(cur);
  free(unknown);
  free(trows);
  free(rows);
  if (icb_of)
    g_hash_table_destroy(icb_of);
  hg_table_free(lk);
  hg_store_free(store);
  hg_target_set_free(targets);
  hg_indicator_registry_free(reg);
  g_ptr_array_free(target_paths, TRUE);
  return rc;
}
