/* cli_gaps.c: `healthgap gaps FILE --by deprivation|category|sex|age|arriaga ...`:
 * the inequality measures of one indicator file (or, for arriaga, the life
 * expectancy gap decomposition of one counts file) as results/inequalities.csv
 * rows on stdout. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void) {
  printf("Usage: healthgap gaps [OPTION]... FILE\n"
         "Inequality gaps for one indicator file (tidy CSV, Fingertips export or the\n"
         "FingertipsNext extract), written to stdout as results/inequalities.csv rows.\n\n"
         "  --by deprivation   SII, RII (Low & Low 2004, PHE method), absolute gap (most - least\n"
         "                     deprived) and relative gap per deprivation quantile set (default)\n"
         "  --by category      each category (ethnic group, ...) against a reference:\n"
         "                     difference and ratio with 95%% limits and significance\n"
         "  --by sex | age     Male/Female against Persons; age groups against 'All ages'\n"
         "  --by arriaga       FILE is a counts file (area_code, period, sex, age_band,\n"
         "                     deaths, population): the life expectancy gap at birth of --area\n"
         "                     behind --reference-area (or of the most behind the least\n"
         "                     deprived quantile of --deprivation-column) split into age\n"
         "                     bands (Arriaga 1984, as OHID's Segment Tool), years and %%\n"
         "  --reference-area CODE  arriaga: the comparator area (--reference works too); an\n"
         "                     area without rows of its own is the sum of its members'\n"
         "                     rows: London (E12000007) of the file's boroughs (E09), or\n"
         "                     with --lookup any area of the codes sharing a lookup row\n"
         "  --lookup FILE      arriaga: a geography lookup (LA_code,ICB_code...) naming\n"
         "                     the members of an area summed from them\n"
         "  --deprivation-column COL  arriaga: quantile labels (1 = most deprived)\n"
         "  --cause-column COL arriaga: rows are deaths by cause; adds arriaga_cause rows\n"
         "  --reference GROUP  reference category (default: the area's overall value)\n"
         "  --indicator ID     only this indicator     --area CODE    only this area\n"
         "  --period TEXT      only this period\n"
         "  --value-type TYPE  normal (default), rate or proportion (R's 0, 1, 2 too, as\n"
         "                     stat sii): link for the SII simulation and the methods for counts\n"
         "  --multiplier N     the values' scale: rates per N, proportions in 1/N (100 = %%);\n"
         "                     default 1.  The SII is in the values' units (stat sii's\n"
         "                     --multiplier, phe_sii's, multiplies the SII instead)\n"
         "  --confidence C     level of the limits (default 95; 90-99.9)\n"
         "  --reps N           SII simulation repetitions (default 10000, at least 1000)\n"
         "  --seed N           SII simulation seed (default 0); same seed, same limits\n"
         "  --ci, --no-ci      limits (default), or point estimates only (values without\n"
         "                     limits, noted approximate)\n"
         "  --trend, --no-trend  fit gap trends across periods (default), or not\n"
         "  --bom, --no-bom    start the output with a UTF-8 BOM (for Excel), or not (default)\n"
         "  -h, --help         show this help and exit\n\n"
         "%s"
         "With --by sex, --sex keeps that sex and its Persons reference; --by age takes\n"
         "no --age, --by category or deprivation no --category (they are what is compared).\n"
         "The output has no age column: rows of one indicator, area, period, sex and\n"
         "category in several age groups are refused (exit 2) until --age chooses one.\n\n"
         "Examples:\n"
         "  healthgap gaps --by deprivation --indicator 93763 --period 2023 --sex Persons \\\n"
         "      --value-type rate england_inequality_breakdowns_fingertips.csv\n"
         "  healthgap gaps --by category --reference 'White British' obesity_by_ethnicity.csv\n"
         "  healthgap gaps --by sex fingertips_tobacco_profile_london_2019.csv > gaps.csv\n"
         "  healthgap gaps --by arriaga --area E09000012 --reference-area E09000027 \\\n"
         "      --period '2018 - 20' synthetic_deaths_by_age_band_boroughs.csv\n\n"
         "Exit status: 0 success, 1 data error, 2 usage error or series to choose.\n",
         hg_cli_select_help);
}

/* The rows asked for and one series per output key (the output has no age
 * column).  Returns an exit code, HG_EXIT_OK to go on. */
static int one_series(hg_table *t, const hg_select *sel, hg_ineq_by by) {
  static const char *const key[] = {
      "indicator_id",  "Indicator ID",  "IndicatorId",  "area_code", "Area Code",
      "AreaCode",      "period",        "Time period",  "Year",      "sex",
      "category_type", "Category Type", "CategoryType", "category",  NULL};
  static const char *const age[] = {"age", NULL};
  hg_error err;
  hg_error_clear(&err);
  hg_status st = hg_table_select(t, sel, &err);
  if (st == HG_OK)
    st = hg_table_one_series(t, key, by == HG_INEQ_BY_AGE ? age : NULL, &err);
  if (st == HG_OK)
    return HG_EXIT_OK;
  hg_cli_data_error(&err);
  return st == HG_ERR_AMBIGUOUS ? HG_EXIT_USAGE : HG_EXIT_DATA;
}

static int parse_double(const char *s, double *out) {
  char *end;
  errno = 0;
  *out = strtod(s, &end);
  return errno == 0 && end != s && *end == '\0' && isfinite(*out);
}

/* Why gaps found nothing to compute: an indicator not in the file (its ids
 * listed), or no breakdown of the kind --by asks for. */
static void nothing_to_compute(const hg_table *t, const char *file, const char *indicator,
                               int arriaga) {
  static const char *const id_cols[] = {"indicator_id", "Indicator ID", "IndicatorID"};
  long c = -1;
  for (size_t k = 0; k < G_N_ELEMENTS(id_cols) && c < 0; k++)
    c = hg_table_col(t, id_cols[k]);
  if (indicator && c >= 0) {
    GString *ids = g_string_new(NULL);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    int found = 0;
    for (size_t r = 0; r < hg_table_nrows(t); r++) {
      const char *id = hg_table_cell(t, r, (size_t)c);
      found |= strcmp(id, indicator) == 0;
      if (g_hash_table_add(seen, (gpointer)id) && g_hash_table_size(seen) <= 10)
        g_string_append_printf(ids, "%s%s", ids->len ? ", " : "", id);
    }
    if (!found) {
      hg_cli_error("gaps: %s: indicator %s is not in the file (its indicators: %s%s)", file,
                   indicator, ids->str, g_hash_table_size(seen) > 10 ? ", ..." : "");
      g_string_free(ids, TRUE);
      g_hash_table_destroy(seen);
      return;
    }
    g_string_free(ids, TRUE);
    g_hash_table_destroy(seen);
  }
  hg_cli_error(arriaga ? "gaps: %s: nothing to compute: no area or quantile pair with a "
                         "complete life table (see the warnings above)"
                       : "gaps: %s: nothing to compute: no group was complete (see the warning "
                         "above), no rows match the options given, or none has the breakdown "
                         "--by asks for (deprivation: a category type "
                         "naming deprivation, categories ranked as 'Most deprived decile', "
                         "'Decile 2', 'Q1' ...)",
               file);
}

/* Arriaga: an area without rows of its own summed from its members' rows
 * (hg_ineq_arriaga_members: the lookup's, else London's boroughs). */
static int arriaga_members(const hg_table *t, hg_ineq_arriaga_options *ao, const char *lookup_path,
                           hg_table **lookup, const char **members[2]) {
  hg_error err;
  hg_error_clear(&err);
  if (lookup_path && hg_table_read(lookup_path, NULL, lookup, &err) != HG_OK) {
    hg_cli_data_error(&err);
    return HG_EXIT_DATA;
  }
  const char *area[2] = {ao->area_code, ao->reference_area};
  for (int k = 0; k < 2; k++) {
    hg_status st = hg_ineq_arriaga_members(t, area[k], *lookup, &members[k]);
    if (st == HG_ERR_FORMAT)
      break; /* hg_ineq_arriaga_from_table names the missing column */
    if (st) {
      hg_cli_error("gaps: %s", hg_strerror(st));
      return HG_EXIT_DATA;
    }
  }
  ao->area_members = members[0];
  ao->reference_members = members[1];
  return HG_EXIT_OK;
}

int hg_cli_gaps(int argc, char **argv) {
  enum {
    O_BY = 256,
    O_REF,
    O_IND,
    O_AREA,
    O_PERIOD,
    O_VT,
    O_MULT,
    O_CONF,
    O_REPS,
    O_SEED,
    O_NOCI,
    O_NOTREND,
    O_BOM,
    O_CI,
    O_TREND,
    O_NOBOM,
    O_REFAREA,
    O_DEPCOL,
    O_CAUSECOL,
    O_LOOKUP
  };
  static const struct option longopts[] = {
      {"by", required_argument, NULL, O_BY},
      {"reference", required_argument, NULL, O_REF},
      {"indicator", required_argument, NULL, O_IND},
      {"area", required_argument, NULL, O_AREA},
      {"period", required_argument, NULL, O_PERIOD},
      HG_CLI_SELECT_OPTIONS,
      {"value-type", required_argument, NULL, O_VT},
      {"multiplier", required_argument, NULL, O_MULT},
      {"confidence", required_argument, NULL, O_CONF},
      {"reps", required_argument, NULL, O_REPS},
      {"seed", required_argument, NULL, O_SEED},
      {"no-ci", no_argument, NULL, O_NOCI},
      {"ci", no_argument, NULL, O_CI},
      {"no-trend", no_argument, NULL, O_NOTREND},
      {"trend", no_argument, NULL, O_TREND},
      {"bom", no_argument, NULL, O_BOM},
      {"no-bom", no_argument, NULL, O_NOBOM},
      {"reference-area", required_argument, NULL, O_REFAREA},
      {"deprivation-column", required_argument, NULL, O_DEPCOL},
      {"cause-column", required_argument, NULL, O_CAUSECOL},
      {"lookup", required_argument, NULL, O_LOOKUP},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  hg_ineq_table_options o = {.gap_trends = 1};
  hg_ineq_arriaga_options ao = {0};
  hg_select sel = {0};
  const char *lookup_path = NULL;
  int bom = 0, arriaga = 0, c;
  double d;
  opterr = 0; /* hg_cli_option_error names the cause */
  while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
    switch (c) {
    case 'h':
      usage();
      return HG_EXIT_OK;
    case O_BY:
      if (strcmp(optarg, "deprivation") == 0)
        o.by = HG_INEQ_BY_DEPRIVATION;
      else if (strcmp(optarg, "category") == 0)
        o.by = HG_INEQ_BY_CATEGORY;
      else if (strcmp(optarg, "sex") == 0)
        o.by = HG_INEQ_BY_SEX;
      else if (strcmp(optarg, "age") == 0)
        o.by = HG_INEQ_BY_AGE;
      else if (strcmp(optarg, "arriaga") == 0)
        arriaga = 1;
      else
        return hg_cli_usage_error(
            "gaps", "--by must be deprivation, category, sex, age or arriaga, not '%s'", optarg);
      if (strcmp(optarg, "arriaga") != 0)
        arriaga = 0;
      break;
    case O_REF:
      o.reference = optarg;
      break;
    case O_IND:
      o.indicator_id = optarg;
      break;
    case O_AREA:
      o.area_code = optarg;
      break;
    case O_PERIOD:
      o.period = optarg;
      break;
    case O_VT: /* the words of stat sii --value-type, and phe_sii's numbers */
      if (strcmp(optarg, "rate") == 0 || strcmp(optarg, "1") == 0)
        o.measures.value_type = HG_GAP_RATE;
      else if (strcmp(optarg, "proportion") == 0 || strcmp(optarg, "2") == 0)
        o.measures.value_type = HG_GAP_PROPORTION;
      else if (strcmp(optarg, "normal") == 0 || strcmp(optarg, "0") == 0)
        o.measures.value_type = HG_GAP_NORMAL;
      else
        return hg_cli_usage_error(
            "gaps", "--value-type must be normal, rate or proportion (or 0, 1, 2), not '%s'",
            optarg);
      break;
    case O_MULT:
      if (!parse_double(optarg, &d) || d <= 0)
        return hg_cli_usage_error("gaps", "--multiplier: not a positive number: '%s'", optarg);
      o.measures.multiplier = d;
      break;
    case O_CONF:
      if (!parse_double(optarg, &d) || !((d >= 0.9 && d < 1) || (d >= 90 && d < 100)))
        return hg_cli_usage_error("gaps", "--confidence must be between 90 and 100: '%s'", optarg);
      o.measures.confidence = d;
      break;
    case O_REPS:
      if (!parse_double(optarg, &d) || d < 1000 || d > 1e7 || d != floor(d))
        return hg_cli_usage_error("gaps", "--reps must be a whole number from 1000: '%s'", optarg);
      o.measures.repetitions = (unsigned)d;
      break;
    case O_SEED:
      if (!parse_double(optarg, &d) || d < 0 || d != floor(d) || d > 1.8e19)
        return hg_cli_usage_error("gaps", "--seed must be a non-negative integer: '%s'", optarg);
      o.measures.seed = (uint64_t)d;
      break;
    case O_NOCI:
      o.measures.no_ci = 1;
      o.measures.note = "approximate: no confidence limits";
      break;
    case O_CI:
      o.measures.no_ci = 0;
      o.measures.note = NULL;
      break;
    case O_NOTREND:
      o.gap_trends = 0;
      break;
    case O_TREND:
      o.gap_trends = 1;
      break;
    case O_BOM:
      bom = 1;
      break;
    case O_NOBOM:
      bom = 0;
      break;
    case O_REFAREA:
      ao.reference_area = optarg;
      break;
    case O_DEPCOL:
      ao.deprivation_column = optarg;
      break;
    case O_CAUSECOL:
      ao.cause_column = optarg;
      break;
    case O_LOOKUP:
      lookup_path = optarg;
      break;
    default:
      if (hg_cli_select_option(&sel, c, optarg))
        break;
      return hg_cli_option_error("gaps", c, argv, longopts);
    }
  }
  if (optind != argc - 1)
    return hg_cli_usage_error("gaps", optind >= argc ? "missing FILE" : "only one FILE, please");
  /* sex goes to the method, which keeps the Persons reference of --by sex */
  o.sex = sel.sex;
  sel.sex = NULL;
  if (!arriaga && o.by == HG_INEQ_BY_AGE && sel.age)
    return hg_cli_usage_error("gaps", "--by age compares the age groups: no --age (--reference "
                                      "names the reference age)");
  if (!arriaga && o.by != HG_INEQ_BY_SEX && o.by != HG_INEQ_BY_AGE && sel.category)
    return hg_cli_usage_error("gaps", "--by %s compares the categories: no --category",
                              o.by == HG_INEQ_BY_CATEGORY ? "category" : "deprivation");
  if (arriaga && hg_select_any(&sel))
    return hg_cli_usage_error("gaps", "--by arriaga reads a counts file: only --sex chooses "
                                      "its rows");
  if (arriaga) {
    ao.indicator_id = o.indicator_id;
    ao.area_code = o.area_code;
    ao.period = o.period;
    ao.sex = o.sex;
    if (!ao.reference_area)
      ao.reference_area = o.reference;
    if (!ao.deprivation_column && (!ao.area_code || !ao.reference_area))
      return hg_cli_usage_error("gaps", "--by arriaga needs --area and --reference-area, or "
                                        "--deprivation-column");
    if (!ao.deprivation_column && strcmp(ao.area_code, ao.reference_area) == 0)
      return hg_cli_usage_error("gaps", "--area and --reference-area are the same area");
  } else if (ao.reference_area || ao.deprivation_column || ao.cause_column || lookup_path) {
    return hg_cli_usage_error("gaps", "--reference-area, --deprivation-column, --cause-column "
                                      "and --lookup go with --by arriaga");
  }
  if (lookup_path && ao.deprivation_column)
    return hg_cli_usage_error("gaps", "--lookup sums areas: not with --deprivation-column");

  hg_table *t = NULL, *lookup = NULL;
  const char **members[2] = {NULL, NULL};
  hg_ineq_results *res = NULL;
  hg_error err;
  hg_error_clear(&err);
  int rc = HG_EXIT_OK;
  hg_status st = hg_table_read(argv[optind], NULL, &t, &err);
  if (st) {
    hg_cli_data_error(&err);
    rc = HG_EXIT_DATA;
    goto cleanup;
  }
  if (!arriaga && (rc = one_series(t, &sel, o.by)) != HG_EXIT_OK)
    goto cleanup;
  if (arriaga && !ao.deprivation_column &&
      (rc = arriaga_members(t, &ao, lookup_path, &lookup, members)) != HG_EXIT_OK)
    goto cleanup;
  res = hg_ineq_results_new();
  if (!res) {
    hg_cli_error("gaps: out of memory");
    rc = HG_EXIT_DATA;
    goto cleanup;
  }
  size_t skipped = 0;
  st = arriaga ? hg_ineq_arriaga_from_table(t, &ao, res, &skipped, &err)
               : hg_ineq_from_table(t, &o, res, &skipped, &err);
  if (st) {
    if (err.message[0])
      hg_cli_data_error(&err);
    else
      hg_cli_error("gaps: %s: %s", argv[optind], hg_strerror(st));
    rc = HG_EXIT_DATA;
    goto cleanup;
  }
  if (skipped)
    hg_cli_error(arriaga ? "gaps: warning: %zu period/sex group(s) skipped (a life table "
                           "refused: an age band missing or too few people)"
                         : "gaps: warning: %zu group(s) skipped (incomplete quantiles, no "
                           "population or no reference)",
                 skipped);
  if (hg_ineq_results_size(res) == 0) {
    /* nothing computed is never a silent header: say why, exit 1 */
    nothing_to_compute(t, argv[optind], arriaga ? NULL : o.indicator_id, arriaga);
    rc = HG_EXIT_DATA;
    goto cleanup;
  }
  if (hg_ineq_write_csv(res, stdout, bom)) {
    rc = HG_EXIT_DATA; /* main() reports the write error when it closes stdout */
    goto cleanup;
  }
cleanup:
  hg_ineq_results_free(res);
  hg_table_free(t);
  hg_table_free(lookup);
  free(members[0]);
  free(members[1]);
  return rc;
}
