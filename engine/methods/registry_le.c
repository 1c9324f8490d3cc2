/* registry_le.c: the `le` row of the method registry (phe_life_expectancy).
 * Reads the columns, checks them in R's order (spec 8.1), runs hg_le_group per
 * group and writes R's columns, plus our `status` and `status_message` (issue 68). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/adapter.h"
#include "healthgap/le.h"

static const hg_method_arg le_args[] = {
    {"deaths", HG_ARG_COLUMN, NULL, NULL, "deaths column"},
    {"population", HG_ARG_COLUMN, NULL, NULL, "population column"},
    {"startage", HG_ARG_COLUMN, NULL, NULL, "age band column (\"0\", \"1-4\", ..., \"90+\")"},
    {"age_contents", HG_ARG_TEXT, NULL, NULL,
     "band labels in age order, comma-separated (default 0,1,5,...,90)"},
    {"le_age", HG_ARG_TEXT, "all", NULL, "bands to report, comma-separated, or all"},
    {"type", HG_ARG_TEXT, "full", NULL, "full (with pops_used, metadata, status) or standard"},
    HG_ARG_CONFIDENCE("0.95"),
    {"r_twenty_bands", HG_ARG_BOOL, "FALSE", NULL,
     "TRUE: R's rule, every group must have exactly 20 bands"},
    HG_ARG_END};

static const char *const status_code[] = {"ok",
                                          "negative_deaths",
                                          "nonpositive_population",
                                          "band_count",
                                          "deaths_gt_population",
                                          "low_population",
                                          "no_final_deaths",
                                          "missing",
                                          "wide_ci"};

typedef struct sort_row {
  double age;
  size_t row;
} sort_row;

static int cmp_sort_row(const void *a, const void *b) {
  const sort_row *x = a, *y = b;
  if (x->age != y->age)
    return x->age < y->age ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/* Parses a comma-separated list of band labels to start ages. */
static hg_status parse_ages(const char *text, GArray *out) {
  gchar **parts = g_strsplit(text, ",", -1);
  hg_status st = HG_OK;
  for (gchar **p = parts; *p; p++) {
    double v;
    if (hg_le_parse_startage(*p, &v) != HG_OK) {
      st = HG_ERR_INVALID;
      break;
    }
    g_array_append_val(out, v);
  }
  g_strfreev(parts);
  return st;
}

static int in_array(const GArray *a, double v) {
  for (guint i = 0; i < a->len; i++)
    if (g_array_index(a, double, i) == v)
      return 1;
  return 0;
}

static hg_status le_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  double *deaths = NULL, *pop = NULL, *age = NULL;
  hg_life_table *tables = NULL;
  size_t ngroups = 0, nrows = hg_table_nrows(c->data);
  GArray *ages = g_array_new(FALSE, FALSE, sizeof(double));
  GArray *keep = g_array_new(FALSE, FALSE, sizeof(double));
  size_t **order = NULL;
  long dc, pc, sc;
  double levels[HG_MAX_CONF];
  size_t nconf = 0;
  int twenty = 0;

  if (!hg_method_arg_given(c, "deaths") || !hg_method_arg_given(c, "population") ||
      !hg_method_arg_given(c, "startage")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function life_expectancy requires at least 4 arguments: data, deaths, "
                 "population, startage");
    st = HG_ERR_INVALID;
    goto cleanup;
  }
  if ((st = hg_adapter_column(c, "deaths", "deaths is not a field name from data", &dc, err)) ||
      (st = hg_adapter_column(c, "population", "population is not a field name from data", &pc,
                              err)) ||
      (st = hg_adapter_column(c, "startage", "startage is not a field name from data", &sc, err)))
    goto cleanup;
  const char *ac = hg_method_arg_text(c, "age_contents");
  if (ac && parse_ages(ac, ages) != HG_OK) {
    hg_error_set(err, NULL, 0, NULL, "age_contents must be age band labels with a start age");
    st = HG_ERR_INVALID;
    goto cleanup;
  }
  if (!ac) {
    static const double d20[] = {0,  1,  5,  10, 15, 20, 25, 30, 35, 40,
                                 45, 50, 55, 60, 65, 70, 75, 80, 85, 90};
    g_array_append_vals(ages, d20, 20);
  }
  if ((st = hg_adapter_confidence(c, HG_CONF_ANY, levels, &nconf, err)))
    goto cleanup;
  if (nconf > HG_LE_MAX_CONF) {
    hg_error_set(err, NULL, 0, NULL, "at most %d confidence levels can be given", HG_LE_MAX_CONF);
    st = HG_ERR_RANGE;
    goto cleanup;
  }
  if ((st = hg_method_arg_bool(c, "r_twenty_bands", 0, &twenty, err)))
    goto cleanup;
  hg_le_options opt = {.age_contents = (const double *)(void *)ages->data,
                       .n_age_contents = ages->len,
                       .confidence = levels,
                       .n_confidence = nconf,
                       .r_twenty_bands = twenty};
  if ((st = hg_le_check_options(&opt, err)))
    goto cleanup;

  /* Step 5: the set of start ages must equal age_contents. */
  age = g_new(double, nrows ? nrows : 1);
  for (size_t i = 0; i < nrows; i++) {
    if (hg_le_parse_startage(hg_table_cell(c->data, i, (size_t)sc), &age[i]) != HG_OK ||
        !in_array(ages, age[i])) {
      st = hg_method_fail(c, i, sc, err,
                          "the contents in the startage field do not match the contents of the "
                          "age_contents vector");
      goto cleanup;
    }
  }
  for (guint j = 0; j < ages->len; j++) {
    int seen = 0;
    for (size_t i = 0; i < nrows && !seen; i++)
      seen = age[i] == g_array_index(ages, double, j);
    if (!seen) {
      hg_error_set(err, NULL, 0, NULL,
                   "the contents in the startage field do not match the contents of the "
                   "age_contents vector");
      st = HG_ERR_INVALID;
      goto cleanup;
    }
  }
  size_t *all = g_new(size_t, nrows ? nrows : 1);
  for (size_t i = 0; i < nrows; i++)
    all[i] = i;
  deaths = hg_adapter_values(c, dc, all, nrows, &st, err);
  if (deaths)
    pop = hg_adapter_values(c, pc, all, nrows, &st, err);
  g_free(all);
  if (!pop)
    goto cleanup;
  hg_output_type type = HG_TYPE_FULL;
  const char *tt = hg_method_arg_text(c, "type");
  if (tt && strcmp(tt, "full") != 0)
    type = HG_TYPE_STANDARD; /* R: full or anything else */

  const char *la = hg_method_arg_text(c, "le_age");
  int filter = 0;
  if (la && strcmp(la, "all") != 0) {
    if (parse_ages(la, keep) == HG_OK)
      for (guint j = 0; j < keep->len; j++)
        filter |= in_array(ages, g_array_index(keep, double, j));
  }
  /* R: none of them in age_contents -> a warning and every age is returned. */
  int le_age_warn = la && strcmp(la, "all") != 0 && !filter;

  if ((st = hg_groups_build(c, &g, err)))
    goto cleanup;
  ngroups = hg_groups_count(g);
  tables = g_new0(hg_life_table, ngroups ? ngroups : 1);
  order = g_new0(size_t *, ngroups ? ngroups : 1);
  for (size_t gi = 0; gi < ngroups; gi++) {
    size_t n;
    const size_t *rows = hg_groups_rows(g, gi, &n);
    sort_row *sr = g_new(sort_row, n ? n : 1);
    double *s = g_new(double, 3 * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
      sr[i] = (sort_row){age[rows[i]], rows[i]};
    qsort(sr, n, sizeof *sr, cmp_sort_row); /* spec 8.1 step 6 */
    order[gi] = g_new(size_t, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
      order[gi][i] = sr[i].row;
      s[i] = sr[i].age;
      s[n + i] = deaths[sr[i].row];
      s[2 * n + i] = pop[sr[i].row];
    }
    st = hg_le_group(s, s + n, s + 2 * n, n, &opt, &tables[gi], err);
    g_free(sr);
    g_free(s);
    if (st != HG_OK)
      goto cleanup;
  }

  /* R's warnings: one per group rule that removed a group, in R's rule order,
   * then the wide-CI suppression, then le_age. */
  static const hg_le_group_status warn_order[] = {
      HG_LE_NEGATIVE_DEATHS, HG_LE_NONPOSITIVE_POP, HG_LE_BAND_COUNT, HG_LE_DEATHS_GT_POP,
      HG_LE_LOW_POP,         HG_LE_NO_FINAL_DEATHS, HG_LE_MISSING,    HG_LE_WIDE_CI};
  for (size_t w = 0; w < sizeof warn_order / sizeof warn_order[0]; w++)
    for (size_t gi = 0; gi < ngroups; gi++)
      if (tables[gi].status == warn_order[w] && tables[gi].message[0])
        hg_result_warn(r, tables[gi].message);
  if (le_age_warn)
    hg_result_warn(r, HG_METHOD_WARN_LE_AGE);

  /* Columns: the input minus deaths and population, value, limits (all lowers,
   * then all uppers), pops_used, dths_used, metadata, then our status. */
  hg_col_role key = HG_COL_KEY;
  for (size_t j = 0; j < hg_table_ncols(c->data); j++)
    if ((long)j != dc && (long)j != pc)
      hg_result_add_column(r, hg_table_colname(c->data, j), key);
  hg_result_add_column(r, "value", key);
  char name[32];
  for (int up = 0; up < 2; up++)
    for (size_t k = 0; k < nconf; k++)
      hg_result_add_column(
          r, nconf == 1 ? (up ? "uppercl" : "lowercl") : hg_ci_colname(levels[k], up, name), key);
  if (type == HG_TYPE_FULL) {
    hg_result_add_column(r, "pops_used", key);
    hg_result_add_column(r, "dths_used", key);
    hg_adapter_meta_columns(r);
    hg_result_add_column(r, "status", HG_COL_META);
    hg_result_add_column(r, "status_message", HG_COL_META);
  }
  /* Rows: computed groups first, then each suppression rule's groups (R appends
   * the groups it drops at the end, rule by rule). */
  static const hg_le_group_status pass_order[] = {HG_LE_OK,
                                                  HG_LE_NEGATIVE_DEATHS,
                                                  HG_LE_NONPOSITIVE_POP,
                                                  HG_LE_BAND_COUNT,
                                                  HG_LE_DEATHS_GT_POP,
                                                  HG_LE_LOW_POP,
                                                  HG_LE_NO_FINAL_DEATHS,
                                                  HG_LE_MISSING};
  for (size_t p = 0; p < sizeof pass_order / sizeof pass_order[0]; p++) {
    for (size_t gi = 0; gi < ngroups; gi++) {
      const hg_life_table *t = &tables[gi];
      hg_le_group_status s = t->status == HG_LE_WIDE_CI ? HG_LE_OK : t->status;
      if (s != pass_order[p])
        continue;
      for (size_t i = 0; i < t->n; i++) {
        size_t row = order[gi][i];
        if (filter && !in_array(keep, t->start[i]))
          continue;
        hg_result_begin_row(r);
        for (size_t j = 0; j < hg_table_ncols(c->data); j++)
          if ((long)j != dc && (long)j != pc)
            hg_result_text(r, hg_table_cell(c->data, row, j));
        hg_result_number(r, t->value[i]);
        for (int up = 0; up < 2; up++)
          for (size_t k = 0; k < nconf; k++)
            hg_result_number(r, (up ? t->upper : t->lower)[k * t->n + i]);
        if (type == HG_TYPE_FULL) {
          char stat[160];
          hg_result_number(r, t->pops_used[i]);
          hg_result_number(r, t->dths_used[i]);
          snprintf(stat, sizeof stat, "life expectancy at %s",
                   hg_table_cell(c->data, row, (size_t)sc));
          hg_adapter_meta_cells(r, levels, nconf, stat,
                                "Chiang, using Silcocks et al for confidence limits");
          hg_result_text(r, status_code[t->status]);
          hg_result_text(r, t->message);
        }
      }
    }
  }

cleanup:
  for (size_t gi = 0; tables && gi < ngroups; gi++)
    hg_life_table_free(&tables[gi]);
  for (size_t gi = 0; order && gi < ngroups; gi++)
    g_free(order[gi]);
  g_free(order);
  g_free(tables);
  hg_groups_free(g);
  g_free(deaths);
  g_free(pop);
  g_free(age);
  g_array_free(ages, TRUE);
  g_array_free(keep, TRUE);
  return st;
}

const hg_method hg_method_le = {
    "le", "phe_life_expectancy",
    "life expectancy at every age band (Chiang II abridged life table, Silcocks limits)", le_args,
    le_run};
