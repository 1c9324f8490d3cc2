/* cli_compare.c: `healthgap compare`: benchmarks, recent trends, annual change and
 * targets for one Fingertips export or tidy indicator file. */
#include "cli.h"

#include <ctype.h>
#include <getopt.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void) {
  printf(
      "Usage: healthgap compare [OPTION]... FILE\n"
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

static double num(const hg_table *t, size_t r, long c, int *bad, hg_error *err) {
  double v = NAN;
  if (c < 0)
    return NAN;
  if (hg_table_number(t, r, (size_t)c, &v, err) != HG_OK)
    *bad = 1;
  return v;
}

/* Fingertips' sortable key from the period text when the file has none:
 * YYYY0000, with the quarter in digits 5-6 (`2019/20 Q1`). */
static int64_t sortable_of(const char *p) {
  while (*p && !isdigit((unsigned char)*p))
    p++;
  if (strlen(p) < 4 || !isdigit((unsigned char)p[3]))
    return 0;
  int64_t y = atoi(p);
  const char *q = strstr(p, " Q");
  int quarter = q && q[2] >= '1' && q[2] <= '4' ? q[2] - '0' : 0;
  return y * 10000 + quarter * 100;
}

/* Years per period from the text: `2017 - 19` -> 3, `2020/21 - 24/25` -> 5, else 1. */
static int year_range_of(const char *p) {
  const char *dash = strstr(p, " - ");
  if (dash == NULL)
    return 1;
  int start = atoi(p);
  const char *e = dash + 3;
  const char *slash = strchr(e, '/');
  int end = atoi(slash ? slash + 1 : e);
  if (start <= 0)
    return 1;
  if (slash) /* `2020/21 - 24/25`: end of the last financial year, minus one */
    end -= 1;
  int range = (end - start % 100 + 100) % 100 + 1;
  return range > 0 && range < 50 ? range : 1;
}

typedef struct cols {
  long ind, name, parent, area, area_name, area_type, sex, age, ctype, cat, period, value, l95, u95,
      l998, u998, count, denom, note, sortable, icb;
} cols;

static int find_cols(const hg_table *t, cols *c, hg_error *err) {
  if (hg_table_ncols(t) >= 26 && strcmp(hg_table_colname(t, 0), "Indicator ID") == 0) {
    /* Fingertips export: by position (fingertips.md 1.1). */
    *c = (cols){0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 23, -1};
    return 1;
  }
  c->ind = hg_table_col(t, "indicator_id");
  c->name = hg_table_col(t, "indicator_name");
  c->parent = hg_table_col(t, "parent_code");
  c->area = hg_table_col(t, "area_code");
  c->area_name = hg_table_col(t, "area_name");
  c->area_type = hg_table_col(t, "area_type");
  c->sex = hg_table_col(t, "sex");
  c->age = hg_table_col(t, "age");
  c->ctype = hg_table_col(t, "category_type");
  c->cat = hg_table_col(t, "category");
  c->period = hg_table_col(t, "period");
  c->value = hg_table_col(t, "value");
  c->l95 = hg_table_col(t, "lower_ci95");
  c->u95 = hg_table_col(t, "upper_ci95");
  c->l998 = hg_table_col(t, "lower_ci998");
  c->u998 = hg_table_col(t, "upper_ci998");
  c->count = hg_table_col(t, "count");
  c->denom = hg_table_col(t, "denominator");
  c->note = hg_table_col(t, "value_note");
  c->sortable = hg_table_col(t, "period_sortable");
  c->icb = hg_table_col(t, "icb_code");
  const char *missing = c->ind < 0      ? "indicator_id"
                        : c->area < 0   ? "area_code"
                        : c->period < 0 ? "period"
                        : c->value < 0  ? "value"
                                        : NULL;
  if (missing) {
    hg_error_set(err, hg_table_name(t), 1, missing,
                 "missing column (not a Fingertips export nor a tidy indicator file)");
    return -1;
  }
  return 0;
}

static const char *txt(const hg_table *t, size_t r, long c) {
  return c >= 0 ? hg_table_cell(t, r, (size_t)c) : "";
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
  hg_table *t = NULL, *lk = NULL, *prev = NULL, *cur = NULL;
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
  if (hg_table_read(argv[optind], NULL, &t, &err) != HG_OK) {
    hg_cli_data_error(&err);
    goto cleanup;
  }
  cols cl;
  int layout = find_cols(t, &cl, &err);
  if (layout < 0) {
    hg_cli_data_error(&err);
    goto cleanup;
  }
  size_t n = hg_table_nrows(t);
  rows = calloc(n ? n : 1, sizeof *rows);
  if (rows == NULL) {
    hg_cli_error("compare: out of memory");
    goto cleanup;
  }
  for (size_t r = 0; r < n; r++) {
    hg_arow *a = &rows[r];
    int bad = 0;
    a->indicator_id = txt(t, r, cl.ind);
    a->indicator_name = txt(t, r, cl.name);
    a->parent_code = txt(t, r, cl.parent);
    a->area_code = txt(t, r, cl.area);
    a->area_name = txt(t, r, cl.area_name);
    a->area_type = txt(t, r, cl.area_type);
    a->sex = txt(t, r, cl.sex);
    a->age = txt(t, r, cl.age);
    a->category_type = txt(t, r, cl.ctype);
    a->category = txt(t, r, cl.cat);
    a->period = txt(t, r, cl.period);
    a->value_note = txt(t, r, cl.note);
    a->icb_code = txt(t, r, cl.icb);
    if (icb_of) {
      const char *icb = g_hash_table_lookup(icb_of, a->area_code);
      if (icb)
        a->icb_code = icb;
    }
    a->value = num(t, r, cl.value, &bad, &err);
    a->lower95 = num(t, r, cl.l95, &bad, &err);
    a->upper95 = num(t, r, cl.u95, &bad, &err);
    a->lower998 = num(t, r, cl.l998, &bad, &err);
    a->upper998 = num(t, r, cl.u998, &bad, &err);
    a->count = num(t, r, cl.count, &bad, &err);
    a->denominator = num(t, r, cl.denom, &bad, &err);
    double s = num(t, r, cl.sortable, &bad, &err);
    if (bad) {
      hg_cli_data_error(&err);
      goto cleanup;
    }
    a->period_sortable = isnan(s) ? sortable_of(a->period) : (int64_t)s;
    a->year_range = year_range_of(a->period);
    if (a->indicator_id[0] == '\0' || a->area_code[0] == '\0') {
      hg_error_set(&err, hg_table_name(t), hg_table_line(t, r),
                   a->indicator_id[0] ? (layout ? "Area Code" : "area_code")
                                      : (layout ? "Indicator ID" : "indicator_id"),
                   "empty");
      hg_cli_data_error(&err);
      goto cleanup;
    }
  }
  if (hg_analyse_rows(rows, n, reg, targets, &aopt, targets_out ? &trows : NULL, &ntrows,
                      &unknown) != HG_OK) {
    hg_cli_error("compare: out of memory");
    goto cleanup;
  }
  for (size_t i = 0; unknown && unknown[i]; i++)
    hg_cli_error("compare: indicator %s is not in the registry: not compared (describe it "
                 "with --indicators)",
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
  hg_table_free(t);
  hg_target_set_free(targets);
  hg_indicator_registry_free(reg);
  g_ptr_array_free(target_paths, TRUE);
  return rc;
}
