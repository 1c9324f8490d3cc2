/* registry_rates.c: the proportion, rate and mean rows of the method registry. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "methods/adapter.h"

static const hg_method_arg proportion_args[] = {
    {"x", HG_ARG_COLUMN, NULL, NULL, "numerator column"},
    {"n", HG_ARG_COLUMN, NULL, NULL, "denominator column"},
    HG_ARG_TYPE,
    {"confidence", HG_ARG_TEXT, "0.95", NULL,
     "confidence level(s): 0.95, 95, 0.95,0.998, or NA for no limits"},
    HG_ARG_MULTIPLIER("1"),
    HG_ARG_END};

static const hg_method_arg rate_args[] = {
    {"x", HG_ARG_COLUMN, NULL, NULL, "numerator (event count) column"},
    {"n", HG_ARG_COLUMN, NULL, NULL, "denominator (population) column"},
    HG_ARG_TYPE,
    HG_ARG_CONFIDENCE("0.95"),
    HG_ARG_MULTIPLIER("100000"),
    HG_ARG_END};

static const hg_method_arg mean_args[] = {{"x", HG_ARG_COLUMN, NULL, NULL, "values column"},
                                          HG_ARG_TYPE,
                                          HG_ARG_CONFIDENCE("0.95"),
                                          HG_ARG_END};

/* phe_proportion and phe_rate share everything but the CI and the texts. */
static hg_status prop_rate_run(const hg_method_call *c, hg_result *r, hg_error *err, int is_rate) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  double *x = NULL, *n = NULL;
  long xc, nc;
  double levels[HG_MAX_CONF];
  size_t nconf = 0, nrows = hg_table_nrows(c->data);
  hg_output_type type;
  double multiplier;
  char stat[128], num[64];

  if (!hg_method_arg_given(c, "x") || !hg_method_arg_given(c, "n")) {
    hg_error_set(err, NULL, 0, NULL, "function %s requires at least 3 arguments: data, x, n",
                 is_rate ? "phe_rate" : "phe_proportion");
    return HG_ERR_INVALID;
  }
  if ((st = hg_adapter_column(c, "x", "x is not a field name from data", &xc, err)) ||
      (st = hg_adapter_column(c, "n", "n is not a field name from data", &nc, err)))
    return st;
  x = hg_adapter_all_values(c, xc, &st, err);
  if (x)
    n = hg_adapter_all_values(c, nc, &st, err);
  if (!n)
    goto cleanup;
  size_t bad;
  int bad_is_n;
  if (hg_rates_check(x, n, nrows, is_rate, &bad, &bad_is_n, err) != HG_OK) {
    char msg[512];
    g_strlcpy(msg, err->message, sizeof msg);
    st = hg_method_fail(c, bad, bad_is_n ? nc : xc, err, msg);
    goto cleanup;
  }
  if ((st = hg_method_arg_type(c, &type, err)))
    goto cleanup;
  const char *ctext = hg_method_arg_text(c, "confidence");
  if (!is_rate && ctext && (strcmp(ctext, "NA") == 0 || strcmp(ctext, "none") == 0)) {
    nconf = 0; /* issue #64: no CI columns */
  } else if ((st = hg_adapter_confidence(c, is_rate ? HG_CONF_PAIR : HG_CONF_PAIR_PROPORTION,
                                         levels, &nconf, err))) {
    goto cleanup;
  }
  if ((st = hg_method_arg_number(c, "multiplier", &multiplier, err)))
    goto cleanup;
  if (is_rate)
    snprintf(stat, sizeof stat, "rate per %s", hg_r_number_text(multiplier, 0, num));
  else if (multiplier == 100)
    snprintf(stat, sizeof stat, "percentage");
  else
    snprintf(stat, sizeof stat, "proportion of %s", hg_r_number_text(multiplier, 1, num));

  /* Ungrouped input is row-wise (mutate); grouped input is summed per group
   * first.  R's one-group quirk (§12.1) is deliberately not copied: with
   * --group-by the data are always aggregated (docs/methods.md). */
  int grouped = c->n_group_by > 0;
  if ((st = hg_groups_build(c, &g, err)))
    goto cleanup;
  if (grouped) {
    hg_result_group_columns(r, c);
    hg_result_add_column(r, hg_table_colname(c->data, (size_t)xc), HG_COL_KEY);
    hg_result_add_column(r, hg_table_colname(c->data, (size_t)nc), HG_COL_KEY);
  } else {
    hg_result_input_columns(r, c);
  }
  hg_result_add_column(r, "value", HG_COL_VALUE);
  if (nconf > 0) {
    hg_result_ci_columns(r, levels, nconf);
    hg_adapter_meta_columns(r);
  } else {
    hg_result_add_column(r, "statistic", HG_COL_META);
  }
  size_t units = grouped ? hg_groups_count(g) : nrows;
  for (size_t u = 0; u < units; u++) {
    double sx = 0, sn = 0;
    if (grouped) {
      size_t k;
      const size_t *rows = hg_groups_rows(g, u, &k);
      for (size_t i = 0; i < k; i++) {
        sx += x[rows[i]];
        sn += n[rows[i]];
      }
    } else {
      sx = x[u];
      sn = n[u];
    }
    hg_estimate e;
    if (is_rate)
      hg_rate(sx, sn, levels, nconf, multiplier, &e);
    else
      hg_proportion(sx, sn, levels, nconf, multiplier, &e);
    hg_result_begin_row(r);
    if (grouped) {
      hg_result_group_cells(r, c, g, u);
      hg_result_number(r, sx);
      hg_result_number(r, sn);
    } else {
      hg_result_input_cells(r, c, u);
    }
    hg_result_number(r, e.value);
    if (nconf > 0) {
      hg_adapter_limits(r, &e, nconf);
      hg_adapter_meta_cells(r, levels, nconf, stat, hg_adapter_method_name(e.method));
    } else {
      hg_result_text(r, stat);
    }
  }
cleanup:
  hg_groups_free(g);
  g_free(x);
  g_free(n);
  return st;
}

static hg_status proportion_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  return prop_rate_run(c, r, err, 0);
}

static hg_status rate_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  return prop_rate_run(c, r, err, 1);
}

static hg_status mean_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  long xc;
  double levels[HG_MAX_CONF];
  size_t nconf;
  hg_output_type type;

  if (!hg_method_arg_given(c, "x")) {
    hg_error_set(err, NULL, 0, NULL, "function phe_mean requires at least 2 arguments: data, x");
    return HG_ERR_INVALID;
  }
  if ((st = hg_adapter_column(c, "x", "x is not a field name from data", &xc, err)) ||
      (st = hg_method_arg_type(c, &type, err)) ||
      (st = hg_adapter_confidence(c, HG_CONF_PAIR, levels, &nconf, err)) ||
      (st = hg_groups_build(c, &g, err)))
    goto cleanup;
  hg_result_group_columns(r, c);
  hg_result_add_column(r, "value_sum", HG_COL_DATA);
  hg_result_add_column(r, "value_count", HG_COL_DATA);
  hg_result_add_column(r, "stdev", HG_COL_DATA);
  hg_result_add_column(r, "value", HG_COL_VALUE);
  hg_result_ci_columns(r, levels, nconf);
  hg_adapter_meta_columns(r);
  for (size_t u = 0; u < hg_groups_count(g); u++) {
    size_t k;
    const size_t *rows = hg_groups_rows(g, u, &k);
    double *v = hg_adapter_values(c, xc, rows, k, &st, err);
    if (!v)
      goto cleanup;
    hg_mean_result m;
    hg_mean(v, k, levels, nconf, &m);
    g_free(v);
    hg_result_begin_row(r);
    hg_result_group_cells(r, c, g, u);
    hg_result_number(r, m.value_sum);
    hg_result_number(r, m.value_count);
    hg_result_number(r, m.stdev);
    hg_result_number(r, m.est.value);
    hg_adapter_limits(r, &m.est, nconf);
    hg_adapter_meta_cells(r, levels, nconf, "mean", "Student's t-distribution");
  }
cleanup:
  hg_groups_free(g);
  return st;
}

const hg_method hg_method_proportion = {"proportion", "phe_proportion",
                                        "proportion x/n with Wilson score limits", proportion_args,
                                        proportion_run};
const hg_method hg_method_rate = {
    "rate", "phe_rate", "crude rate x/n: exact Poisson limits below 10 events, Byar's from 10",
    rate_args, rate_run};
const hg_method hg_method_mean = {"mean", "phe_mean", "mean per group with Student's t limits",
                                  mean_args, mean_run};
