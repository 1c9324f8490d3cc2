/* cli_compare.c: `healthgap compare`: benchmarks, recent trends, annual change and
 * targets for one Fingertips export or tidy indicator file. */
#include "cli/cli.h"

#include <getopt.h>
#include <glib.h>
#include <math.h>
#include <stddef.h>
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
         "%s"
         "Each series is benchmarked and trended on its own; these options keep only\n"
         "the rows asked for.\n\n"
         "Examples:\n"
         "  healthgap compare fingertips_tobacco_profile_london_2019.csv > indicators.csv\n"
         "  healthgap compare --lookup london_borough_icb_lookup.csv \\\n"
         "      --targets fixtures/targets.csv --targets-out targets.csv pm25.csv\n"
         "  healthgap compare --previous last/indicators.csv --changes-out changes.csv new.csv\n"
         "  healthgap compare --list-indicators > my_indicators.csv\n\n"
         "Exit status: 0 success, 1 data error, 2 usage error.\n",
         hg_cli_select_help);
}

/* The command line, parsed.  Every string is borrowed from argv; target_paths
 * (created and freed by hg_cli_compare) holds the --targets files in order. */
typedef struct {
  const char *indicators, *lookup, *targets_out, *previous, *changes_out, *file;
  GPtrArray *target_paths;
  hg_select select; /* --sex, --age, --category-type, --category, --area-type */
  hg_analyse_options analyse;
  int list;
} compare_options;

/* What the command reads, owned here and freed by inputs_clear. */
typedef struct {
  hg_indicator_registry *reg;
  hg_target_set *targets; /* NULL without --targets */
  hg_table *lookup;       /* NULL without --lookup */
  GHashTable *icb_of;     /* area -> ICB, strings borrowed from lookup */
  hg_store *store;
} compare_inputs;

/* What the analysis makes, owned here and freed by results_clear.  The rows'
 * strings are borrowed from the inputs. */
typedef struct {
  hg_arow *rows;
  size_t n;
  hg_target_row *trows; /* only with --targets-out */
  size_t ntrows;
  const char **unknown; /* indicators not in the registry, NULL-terminated */
} compare_results;

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

/* Long options without a short form. */
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
    HG_CLI_SELECT_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Returns an exit code to stop with, or -1 to go on. */
static int parse_options(int argc, char **argv, compare_options *o) {
  int c;
  while ((c = getopt_long(argc, argv, "i:t:l:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'i':
      o->indicators = optarg;
      break;
    case 't':
      g_ptr_array_add(o->target_paths, optarg);
      break;
    case 'l':
      o->lookup = optarg;
      break;
    case OPT_TARGETS_OUT:
      o->targets_out = optarg;
      break;
    case OPT_PREVIOUS:
      o->previous = optarg;
      break;
    case OPT_CHANGES_OUT:
      o->changes_out = optarg;
      break;
    case OPT_TREND_RULE:
      if (strcmp(optarg, "skip") == 0)
        o->analyse.trend_rule = HG_TREND_SKIP_INVALID;
      else if (strcmp(optarg, "stop") == 0)
        o->analyse.trend_rule = HG_TREND_STOP_AT_INVALID;
      else
        return hg_cli_usage_error("compare", "--trend-rule: expected skip or stop, got '%s'",
                                  optarg);
      break;
    case OPT_LIST:
      o->list = 1;
      break;
    case 'h':
      usage();
      return HG_EXIT_OK;
    default:
      if (hg_cli_select_option(&o->select, c, optarg))
        break;
      fputs("Try 'healthgap compare --help' for more information.\n", stderr);
      return HG_EXIT_USAGE;
    }
  }
  if (!o->list && optind != argc - 1)
    return hg_cli_usage_error("compare", optind >= argc ? "missing FILE" : "only one FILE allowed");
  if ((o->previous == NULL) != (o->changes_out == NULL))
    return hg_cli_usage_error("compare", "--previous and --changes-out go together");
  if (o->targets_out && o->target_paths->len == 0)
    return hg_cli_usage_error("compare", "--targets-out needs --targets");
  o->file = optind < argc ? argv[optind] : NULL;
  return -1;
}

/* The registry, with --indicators laid over it.  Returns an exit code. */
static int load_registry(const compare_options *o, compare_inputs *in) {
  hg_error err;
  hg_error_clear(&err);
  in->reg = hg_indicator_registry_new();
  if (in->reg == NULL) {
    hg_cli_error("compare: out of memory");
    return HG_EXIT_DATA;
  }
  if (o->indicators && hg_indicator_registry_load_csv(in->reg, o->indicators, &err) != HG_OK) {
    hg_cli_data_error(&err);
    return HG_EXIT_DATA;
  }
  return HG_EXIT_OK;
}

/* The targets, the lookup and the indicator file.  Returns an exit code. */
static int load_inputs(const compare_options *o, compare_inputs *in) {
  hg_error err;
  hg_error_clear(&err);
  if (o->target_paths->len > 0) {
    in->targets = hg_target_set_new();
    for (guint i = 0; i < o->target_paths->len; i++) {
      if (hg_target_set_load_csv(in->targets, g_ptr_array_index(o->target_paths, i), &err) !=
          HG_OK) {
        hg_cli_data_error(&err);
        return HG_EXIT_DATA;
      }
    }
  }
  if (o->lookup) {
    if (hg_table_read(o->lookup, NULL, &in->lookup, &err) != HG_OK ||
        (in->icb_of = read_lookup(in->lookup, &err)) == NULL) {
      hg_cli_data_error(&err);
      return HG_EXIT_DATA;
    }
  }
  in->store = hg_store_new();
  if (in->store == NULL) {
    hg_cli_error("compare: out of memory");
    return HG_EXIT_DATA;
  }
  size_t nrejects = 0;
  hg_read_options ropt = {.on_reject = count_rejects, .userdata = &nrejects};
  if (hg_read_file(in->store, o->file, &ropt, NULL, &err) != HG_OK) {
    hg_cli_data_error(&err);
    return HG_EXIT_DATA;
  }
  if (nrejects > 0)
    hg_cli_error("compare: %s: %zu row(s) rejected and left out (see 'healthgap validate "
                 "--rejects')",
                 o->file, nrejects);
  if (hg_store_size(in->store) == 0) { /* a header alone would look like an answer */
    hg_cli_error("compare: %s: nothing to compare: %s", o->file,
                 nrejects ? "every row was rejected" : "the file has no data rows");
    return HG_EXIT_DATA;
  }
  return HG_EXIT_OK;
}

static void inputs_clear(compare_inputs *in) {
  if (in->icb_of)
    g_hash_table_destroy(in->icb_of);
  hg_table_free(in->lookup);
  hg_store_free(in->store);
  hg_target_set_free(in->targets);
  hg_indicator_registry_free(in->reg);
}

/* One observation as an analysis row (strings borrowed from the store and the lookup). */
static void arow_from_obs(hg_arow *a, const hg_store *store, const hg_obs *o, GHashTable *icb_of) {
#define STR(id) hg_store_str(store, (id))
  a->indicator_id = STR(o->indicator_id);
  a->indicator_name = STR(o->indicator_name);
  a->parent_code = STR(o->parent_code);
  a->area_code = STR(o->area_code);
  a->area_name = STR(o->area_name);
  a->area_type = STR(o->area_type);
  a->sex = STR(o->sex);
  a->age = STR(o->age);
  a->category_type = STR(o->category_type);
  a->category = STR(o->category);
  a->period = STR(o->period_text);
  a->value_note = STR(o->value_note);
  a->published_england = STR(o->fp_compared_england);
  a->published_parent = STR(o->fp_compared_parent);
  a->published_trend = STR(o->fp_recent_trend);
#undef STR
  a->icb_code = "";
  if (icb_of) {
    const char *icb = g_hash_table_lookup(icb_of, a->area_code);
    if (icb)
      a->icb_code = icb;
  }
  a->value = o->value;
  a->lower95 = o->lower95;
  a->upper95 = o->upper95;
  a->lower998 = o->lower998;
  a->upper998 = o->upper998;
  a->count = o->count;
  a->denominator = o->denominator;
  a->period_sortable = o->period.sortable;
  a->year_range = year_range_of(&o->period);
}

/* The values of one field over the rows, listed for a message. */
static char *values_of(const compare_results *res, size_t off) {
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GString *s = g_string_new(NULL);
  for (size_t r = 0; r < res->n; r++) {
    const char *v = *(const char *const *)((const char *)&res->rows[r] + off);
    if (g_hash_table_add(seen, (gpointer)v) && g_hash_table_size(seen) <= 8)
      g_string_append_printf(s, "%s'%s'", s->len ? ", " : "", v);
  }
  if (g_hash_table_size(seen) > 8)
    g_string_append(s, ", ...");
  g_hash_table_destroy(seen);
  return g_string_free(s, FALSE);
}

/* Keeps the rows --sex, --age, ... ask for; a value no row has is an error
 * naming the values the file has.  Returns an exit code. */
static int select_rows(const compare_options *o, compare_results *res) {
  const struct {
    const char *want, *option, *noun;
    size_t off;
  } f[] = {{o->select.sex, "--sex", "sexes", offsetof(hg_arow, sex)},
           {o->select.age, "--age", "ages", offsetof(hg_arow, age)},
           {o->select.category_type, "--category-type", "category types",
            offsetof(hg_arow, category_type)},
           {o->select.category, "--category", "categories", offsetof(hg_arow, category)},
           {o->select.area_type, "--area-type", "area types", offsetof(hg_arow, area_type)}};
  for (size_t k = 0; k < G_N_ELEMENTS(f); k++) {
    if (!f[k].want)
      continue;
    hg_select one = {0};
    const char **slot = (const char **)((char *)&one + k * sizeof(const char *));
    *slot = f[k].want; /* hg_select's fields are in the order of f */
    int found = 0;
    for (size_t r = 0; r < res->n && !found; r++) {
      const hg_arow *a = &res->rows[r];
      found = hg_select_match(&one, a->sex, a->age, a->category_type, a->category, a->area_type);
    }
    if (!found) {
      char *list = values_of(res, f[k].off);
      hg_cli_error("compare: %s: %s '%s': no row has it (the file's %s: %s)", o->file, f[k].option,
                   f[k].want, f[k].noun, list);
      g_free(list);
      return HG_EXIT_DATA;
    }
  }
  size_t n = 0;
  for (size_t r = 0; r < res->n; r++) {
    const hg_arow *a = &res->rows[r];
    if (hg_select_match(&o->select, a->sex, a->age, a->category_type, a->category, a->area_type))
      res->rows[n++] = *a;
  }
  if (n == 0) {
    hg_cli_error("compare: %s: no row has all the values asked for together", o->file);
    return HG_EXIT_DATA;
  }
  res->n = n;
  return HG_EXIT_OK;
}

/* Benchmarks, trends and targets for every row of the store.  Returns an exit code. */
static int analyse(const compare_options *o, const compare_inputs *in, compare_results *res) {
  res->n = hg_store_size(in->store);
  res->rows = calloc(res->n ? res->n : 1, sizeof *res->rows);
  if (res->rows == NULL) {
    hg_cli_error("compare: out of memory");
    return HG_EXIT_DATA;
  }
  for (size_t r = 0; r < res->n; r++) {
    hg_obs obs;
    hg_store_get(in->store, r, &obs);
    arow_from_obs(&res->rows[r], in->store, &obs, in->icb_of);
  }
  if (hg_select_any(&o->select) && select_rows(o, res) != HG_EXIT_OK)
    return HG_EXIT_DATA;
  if (hg_analyse_rows(res->rows, res->n, in->reg, in->targets, &o->analyse,
                      o->targets_out ? &res->trows : NULL, &res->ntrows, &res->unknown) != HG_OK) {
    hg_cli_error("compare: out of memory");
    return HG_EXIT_DATA;
  }
  for (size_t i = 0; res->unknown && res->unknown[i]; i++)
    hg_cli_error("compare: indicator %s is not in the registry: the file's own comparison "
                 "labels are kept where it gives them, not computed (describe it with "
                 "--indicators to compare it here)",
                 res->unknown[i]);
  return HG_EXIT_OK;
}

static void results_clear(compare_results *res) {
  free(res->unknown);
  free(res->trows);
  free(res->rows);
}

/* --previous against the new rows (new_csv, as written to stdout) into
 * --changes-out.  Returns an exit code. */
static int write_changes(const compare_options *o, const char *new_csv, size_t len) {
  hg_error err;
  hg_error_clear(&err);
  hg_table *prev = NULL, *cur = NULL;
  hg_changes *changes = NULL;
  int rc = HG_EXIT_DATA;
  if (hg_table_read(o->previous, NULL, &prev, &err) != HG_OK ||
      hg_table_read_mem("(new rows)", new_csv, len, NULL, &cur, &err) != HG_OK ||
      hg_changes_compare(prev, cur, &changes, &err) != HG_OK) {
    hg_cli_data_error(&err);
    goto cleanup;
  }
  FILE *fp = fopen(o->changes_out, "wb");
  if (fp == NULL || hg_changes_write_csv(changes, fp) != HG_OK || fclose(fp) != 0) {
    hg_cli_error("%s: cannot write", o->changes_out);
    goto cleanup;
  }
  rc = HG_EXIT_OK;
cleanup:
  hg_changes_free(changes);
  hg_table_free(prev);
  hg_table_free(cur);
  return rc;
}

/* --targets-out, then the rows to stdout (and --changes-out).  Returns an exit code. */
static int write_outputs(const compare_options *o, const compare_results *res) {
  char *outbuf = NULL;
  size_t outlen = 0;
  int rc = HG_EXIT_DATA;
  if (o->targets_out) {
    FILE *fp = fopen(o->targets_out, "wb");
    if (fp == NULL || hg_targets_write_csv(fp, res->trows, res->ntrows) != HG_OK ||
        fclose(fp) != 0) {
      hg_cli_error("%s: cannot write", o->targets_out);
      goto cleanup;
    }
  }
  /* The new rows go to stdout; with --previous they are also compared, so
   * they are written to memory first and compared from there. */
  FILE *mem = open_memstream(&outbuf, &outlen);
  if (mem == NULL || hg_indicators_write_csv(mem, res->rows, res->n) != HG_OK || fclose(mem) != 0) {
    hg_cli_error("compare: out of memory");
    goto cleanup;
  }
  if (o->previous && write_changes(o, outbuf, outlen) != HG_EXIT_OK)
    goto cleanup;
  fwrite(outbuf, 1, outlen, stdout);
  rc = HG_EXIT_OK;
cleanup:
  free(outbuf);
  return rc;
}

/* Options, inputs, analysis, outputs.  This function owns opt.target_paths, the
 * inputs and the results, and frees them on its one way out (results first:
 * their strings point into the inputs). */
int hg_cli_compare(int argc, char **argv) {
  compare_options opt = {.target_paths = g_ptr_array_new()};
  compare_inputs in = {0};
  compare_results res = {0};
  int rc = parse_options(argc, argv, &opt);
  if (rc >= 0)
    goto cleanup;
  if ((rc = load_registry(&opt, &in)) != HG_EXIT_OK)
    goto cleanup;
  if (opt.list) {
    rc = hg_indicator_registry_write_csv(in.reg, stdout) == HG_OK ? HG_EXIT_OK : HG_EXIT_DATA;
    goto cleanup;
  }
  if ((rc = load_inputs(&opt, &in)) != HG_EXIT_OK || (rc = analyse(&opt, &in, &res)) != HG_EXIT_OK)
    goto cleanup;
  rc = write_outputs(&opt, &res);
cleanup:
  results_clear(&res);
  inputs_clear(&in);
  g_ptr_array_free(opt.target_paths, TRUE);
  return rc;
}
