/* registry_isr.c: the israte and isratio rows (calculate_ISRate, calculate_ISRatio).
 *
 * Reference data come as columns of the data (--refpoptype field) or as
 * comma-separated vectors joined by position within each group (vector, R's
 * default).  Without --refpoptype the form is inferred: field when --x-ref names
 * a column.  Observed totals without an age breakdown come from
 * --observed-totals FILE, joined on the --group-by columns (issue 55).
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "methods/adapter.h"
#include "healthgap/isr.h"

#define ISR_COMMON_ARGS                                                                            \
  {"x", HG_ARG_COLUMN, NULL, NULL, "observed events column (of data, or of --observed-totals)"},   \
      {"n", HG_ARG_COLUMN, NULL, NULL, "population column"},                                       \
      {"x_ref", HG_ARG_TEXT, NULL, NULL, "reference events: a column, or a vector a,b,c"},         \
      {"n_ref", HG_ARG_TEXT, NULL, NULL, "reference population: a column, or a vector"},           \
      {"refpoptype", HG_ARG_TEXT, NULL, "vector|field",                                            \
       "how x_ref and n_ref are given (default: field if x_ref names a column)"},                  \
      HG_ARG_TYPE, HG_ARG_CONFIDENCE("0.95")

static const hg_method_arg israte_args[] = {
    ISR_COMMON_ARGS,
    HG_ARG_MULTIPLIER("100000"),
    {"observed_totals", HG_ARG_TABLE, NULL, NULL, "CSV of observed totals by group"},
    HG_ARG_END};

static const hg_method_arg isratio_args[] = {
    ISR_COMMON_ARGS,
    {"refvalue", HG_ARG_NUMBER, "1", NULL, "value the ratio is scaled to (1 or 100)"},
    {"observed_totals", HG_ARG_TABLE, NULL, NULL, "CSV of observed totals by group"},
    HG_ARG_END};

/* The --group-by cells of a row joined into one key (unit separator between). */
static char *row_key(const hg_method_call *c, const hg_table *t, size_t row) {
  GString *k = g_string_new(NULL);
  for (size_t j = 0; j < c->n_group_by; j++) {
    long col = hg_table_col(t, c->group_by[j]);
    g_string_append(k, col >= 0 ? hg_table_cell(t, row, (size_t)col) : "");
    g_string_append_c(k, '\x1f');
  }
  return g_string_free(k, FALSE);
}

/* Observed totals by group key, from the --observed-totals table (first row
 * wins); a group missing from it gets NA, as R's left join. */
static GHashTable *totals_index(const hg_method_call *c, const hg_table *ot, long otx) {
  GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (size_t i = 0; i < hg_table_nrows(ot); i++) {
    char *k = row_key(c, ot, i);
    if (g_hash_table_contains(h, k)) {
      g_free(k);
      continue;
    }
    double *v = g_new(double, 1);
    const char *s = hg_table_cell(ot, i, (size_t)otx);
    if (hg_parse_number(s, strlen(s), v) != HG_NUM_OK)
      *v = NAN;
    g_hash_table_insert(h, k, v);
  }
  return h;
}

static hg_status isr_run(const hg_method_call *c, hg_result *r, hg_error *err, int is_rate) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  const char *fn = is_rate ? "calculate_ISRate" : "calculate_ISRatio";
  const hg_table *ot = hg_method_arg_table(c, "observed_totals");
  long xc = -1, nc = -1, xrc = -1, nrc = -1, otx = -1;
  double levels[HG_MAX_CONF], xrv[4096], nrv[4096], k_mult;
  size_t nconf, nxr = 0, nnr = 0, nrows = hg_table_nrows(c->data);
  hg_output_type type;
  double *x = NULL, *n = NULL, *xr = NULL, *nr = NULL, *bx = NULL, *bn = NULL, *bxr = NULL,
         *bnr = NULL;
  char stat[160], num[64];
  int field;
  GHashTable *totals = NULL;

  if (!hg_method_arg_given(c, "x") || !hg_method_arg_given(c, "n") ||
      !hg_method_arg_given(c, "x_ref") || !hg_method_arg_given(c, "n_ref")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function %s requires at least 5 arguments: data, x, n, x_ref and n_ref", fn);
    return HG_ERR_INVALID;
  }
  const char *rpt = hg_method_arg_text(c, "refpoptype");
  field = rpt ? strcmp(rpt, "field") == 0 : hg_method_arg_column(c, "x_ref") >= 0;
  if ((st = hg_groups_build(c, &g, err)))
    goto cleanup;
  if (!field) {
    size_t k0;
    hg_groups_rows(g, 0, &k0);
    for (size_t u = 1; u < hg_groups_count(g); u++) {
      size_t k;
      hg_groups_rows(g, u, &k);
      if (k != k0) {
        hg_error_set(err, NULL, 0, NULL,
                     "data must contain the same number of rows for each group");
        st = HG_ERR_INVALID;
        goto cleanup;
      }
    }
  }
  if (ot) {
    otx = hg_table_col(ot, hg_method_arg_text(c, "x"));
    if (otx < 0) {
      hg_error_set(err, NULL, 0, NULL,
                   "observed_totals is provided but x is not a field name in it");
      st = HG_ERR_INVALID;
      goto cleanup;
    }
  } else if ((st = hg_adapter_column(c, "x", "x is not in data", &xc, err))) {
    goto cleanup;
  }
  if (rpt && strcmp(rpt, "field") != 0 && strcmp(rpt, "vector") != 0) {
    hg_error_set(err, NULL, 0, NULL, "valid values for refpoptype are vector and field");
    st = HG_ERR_INVALID;
    goto cleanup;
  }
  if (field) {
    if ((st = hg_adapter_column(c, "x_ref", "x_ref is not a field name from data", &xrc, err)) ||
        (st = hg_adapter_column(c, "n_ref", "n_ref is not a field name from data", &nrc, err)))
      goto cleanup;
  } else {
    size_t k0 = 0;
    if (hg_groups_count(g) > 0)
      hg_groups_rows(g, 0, &k0);
    if ((st = hg_method_arg_numbers(c, "x_ref", xrv, 4096, &nxr, err)) ||
        (st = hg_method_arg_numbers(c, "n_ref", nrv, 4096, &nnr, err)))
      goto cleanup;
    if (nxr != k0 || nnr != k0) {
      hg_error_set(err, NULL, 0, NULL,
                   "%s length must equal number of rows in each group within data",
                   nxr != k0 ? "x_ref" : "n_ref");
      st = HG_ERR_INVALID;
      goto cleanup;
    }
  }
  if ((st = hg_adapter_column(c, "n", "n is not a field name from data", &nc, err)))
    goto cleanup;
  n = hg_adapter_all_values(c, nc, &st, err);
  if (n && xc >= 0)
    x = hg_adapter_all_values(c, xc, &st, err);
  if (n && field && (xc < 0 || x)) {
    xr = hg_adapter_all_values(c, xrc, &st, err);
    if (xr)
      nr = hg_adapter_all_values(c, nrc, &st, err);
  }
  if (st != HG_OK)
    goto cleanup;
  for (size_t i = 0; x && i < nrows; i++)
    if (x[i] < 0) {
      st = hg_method_fail(c, i, xc, err, "numerators must all be greater than or equal to zero");
      goto cleanup;
    }
  for (size_t i = 0; ot && i < hg_table_nrows(ot); i++) {
    double v = NAN;
    const char *s = hg_table_cell(ot, i, (size_t)otx);
    hg_parse_number(s, strlen(s), &v);
    if (v < 0) {
      hg_error_set(err, hg_table_name(ot), hg_table_line(ot, i), hg_table_colname(ot, (size_t)otx),
                   "numerators must all be greater than or equal to zero");
      st = HG_ERR_INVALID;
      goto cleanup;
    }
  }
  for (size_t i = 0; i < nrows; i++)
    if (n[i] < 0) {
      st = hg_method_fail(c, i, nc, err, "denominators must all be greater than or equal to zero");
      goto cleanup;
    }
  if ((st = hg_method_arg_type(c, &type, err)) ||
      (st = hg_adapter_confidence(c, HG_CONF_PAIR, levels, &nconf, err)) ||
      (st = hg_method_arg_number(c, is_rate ? "multiplier" : "refvalue", &k_mult, err)))
    goto cleanup;
  if (is_rate)
    snprintf(stat, sizeof stat, "indirectly standardised rate per %s",
             hg_r_number_text(k_mult, 0, num));
  else
    snprintf(stat, sizeof stat, "indirectly standardised ratio x %s",
             hg_r_number_text(k_mult, 1, num));

  hg_result_group_columns(r, c);
  hg_result_add_column(r, "observed", HG_COL_DATA);
  hg_result_add_column(r, "expected", HG_COL_DATA);
  if (is_rate)
    hg_result_add_column(r, "ref_rate", HG_COL_DATA);
  hg_result_add_column(r, "value", HG_COL_VALUE);
  hg_result_ci_columns(r, levels, nconf);
  hg_adapter_meta_columns(r);
  if (ot)
    totals = totals_index(c, ot, otx);
  bx = g_new(double, nrows + 1);
  bn = g_new(double, nrows + 1);
  bxr = g_new(double, nrows + 1);
  bnr = g_new(double, nrows + 1);
  for (size_t u = 0; u < hg_groups_count(g); u++) {
    size_t k;
    const size_t *rows = hg_groups_rows(g, u, &k);
    double o = 0;
    for (size_t i = 0; i < k; i++) {
      bn[i] = n[rows[i]];
      bxr[i] = field ? xr[rows[i]] : xrv[i];
      bnr[i] = field ? nr[rows[i]] : nrv[i];
      if (x && !isnan(x[rows[i]]))
        o += x[rows[i]];
    }
    if (ot) {
      char *key = k ? row_key(c, c->data, rows[0]) : NULL;
      const double *tv = key ? g_hash_table_lookup(totals, key) : NULL;
      o = tv ? *tv : NAN;
      g_free(key);
    }
    double e = hg_isr_expected(bn, bxr, bnr, k);
    double ref_rate = is_rate ? hg_isr_ref_rate(bxr, bnr, k, k_mult) : NAN;
    hg_estimate est;
    hg_isr(o, e, is_rate ? ref_rate : k_mult, levels, nconf, &est);
    hg_result_begin_row(r);
    hg_result_group_cells(r, c, g, u);
    hg_result_number(r, o);
    hg_result_number(r, e);
    if (is_rate)
      hg_result_number(r, ref_rate);
    hg_result_number(r, est.value);
    hg_adapter_limits(r, &est, nconf);
    hg_adapter_meta_cells(r, levels, nconf, stat, hg_adapter_method_name(est.method));
  }
cleanup:
  if (totals)
    g_hash_table_destroy(totals);
  hg_groups_free(g);
  g_free(x);
  g_free(n);
  g_free(xr);
  g_free(nr);
  g_free(bx);
  g_free(bn);
  g_free(bxr);
  g_free(bnr);
  return st;
}

static hg_status israte_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  return isr_run(c, r, err, 1);
}

static hg_status isratio_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  return isr_run(c, r, err, 0);
}

const hg_method hg_method_israte = {"israte", "calculate_ISRate",
                                    "indirectly standardised rate (exact below 10, Byar's from 10)",
                                    israte_args, israte_run};
const hg_method hg_method_isratio = {"isratio", "calculate_ISRatio",
                                     "indirectly standardised ratio O/E x refvalue", isratio_args,
                                     isratio_run};
