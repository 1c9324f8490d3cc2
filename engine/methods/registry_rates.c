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

/* One phe_proportion or phe_rate run's arguments and columns. */
typedef struct prop_rate_setup {
  int is_rate;
  long xc, nc;
  double *x, *n; /* over every row */
  double levels[HG_MAX_CONF], multiplier;
  size_t nconf; /* 0: no limits (proportion with confidence NA) */
  hg_output_type type;
  char stat[128];
} prop_rate_setup;

/* Reads and checks the arguments and columns in R's order. */
static hg_status prop_rate_setup_read(const hg_method_call *c, prop_rate_setup *s, hg_error *err) {
  hg_status st = HG_OK;
  char num[64];
  if (!hg_method_arg_given(c, "x") || !hg_method_arg_given(c, "n")) {
    hg_error_set(err, NULL, 0, NULL, "function %s requires at least 3 arguments: data, x, n",
                 s->is_rate ? "phe_rate" : "phe_proportion");
    return HG_ERR_INVALID;
  }
  if ((st = hg_adapter_column(c, "x", "x is not a field name from data", &s->xc, err)) ||
      (st = hg_adapter_column(c, "n", "n is not a field name from data", &s->nc, err)))
    return st;
  s->x = hg_adapter_all_values(c, s->xc, &st, err);
  if (s->x)
    s->n = hg_adapter_all_values(c, s->nc, &st, err);
  if (!s->n)
    return st;
  size_t bad;
  int bad_is_n;
  if (hg_rates_check(s->x, s->n, hg_table_nrows(c->data), s->is_rate, &bad, &bad_is_n, err) !=
      HG_OK) {
    char msg[512];
    g_strlcpy(msg, err->message, sizeof msg);
    return hg_method_fail(c, bad, bad_is_n ? s->nc : s->xc, err, msg);
  }
  if ((st = hg_method_arg_type(c, &s->type, err)))
    return st;
  const char *ctext = hg_method_arg_text(c, "confidence");
  if (!s->is_rate && ctext && (strcmp(ctext, "NA") == 0 || strcmp(ctext, "none") == 0))
    s->nconf = 0; /* issue #64: no CI columns */
  else if ((st = hg_adapter_confidence(c, s->is_rate ? HG_CONF_PAIR : HG_CONF_PAIR_PROPORTION,
                                       s->levels, &s->nconf, err)))
    return st;
  if ((st = hg_method_arg_number(c, "multiplier", &s->multiplier, err)))
    return st;
  if (s->is_rate)
    snprintf(s->stat, sizeof s->stat, "rate per %s", hg_r_number_text(s->multiplier, 0, num));
  else if (s->multiplier == 100)
    snprintf(s->stat, sizeof s->stat, "percentage");
  else
    snprintf(s->stat, sizeof s->stat, "proportion of %s", hg_r_number_text(s->multiplier, 1, num));
  return HG_OK;
}

static void prop_rate_columns(hg_result *r, const hg_method_call *c, const prop_rate_setup *s,
                              int grouped) {
  if (grouped) {
    hg_result_group_columns(r, c);
    hg_result_add_column(r, hg_table_colname(c->data, (size_t)s->xc), HG_COL_KEY);
    hg_result_add_column(r, hg_table_colname(c->data, (size_t)s->nc), HG_COL_KEY);
  } else {
    hg_result_input_columns(r, c);
  }
  hg_result_add_column(r, "value", HG_COL_VALUE);
  if (s->nconf > 0) {
    hg_result_ci_columns(r, s->levels, s->nconf);
    hg_adapter_meta_columns(r);
  } else {
    hg_result_add_column(r, "statistic", HG_COL_META);
  }
}

/* phe_proportion and phe_rate share everything but the CI and the texts. */
static hg_status prop_rate_run(const hg_method_call *c, hg_result *r, hg_error *err, int is_rate) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  prop_rate_setup s = {.is_rate = is_rate};

  if ((st = prop_rate_setup_read(c, &s, err)))
    goto cleanup;
  /* Ungrouped input is row-wise (mutate); grouped input is summed per group
   * first.  R's one-group quirk (R quirk 1 of docs/methods.md) is deliberately not copied: with
   * --group-by the data are always aggregated (docs/methods.md). */
  int grouped = c->n_group_by > 0;
  if ((st = hg_groups_build(c, &g, err)))
    goto cleanup;
  prop_rate_columns(r, c, &s, grouped);
  size_t units = grouped ? hg_groups_count(g) : hg_table_nrows(c->data);
  for (size_t u = 0; u < units; u++) {
    double sx = 0, sn = 0;
    if (grouped) {
      size_t k;
      const size_t *rows = hg_groups_rows(g, u, &k);
      for (size_t i = 0; i < k; i++) {
        sx += s.x[rows[i]];
        sn += s.n[rows[i]];
      }
    } else {
      sx = s.x[u];
      sn = s.n[u];
    }
    hg_estimate e;
    if (is_rate)
      hg_rate(sx, sn, s.levels, s.nconf, s.multiplier, &e);
    else
      hg_proportion(sx, sn, s.levels, s.nconf, s.multiplier, &e);
    hg_result_begin_row(r);
    if (grouped) {
      hg_result_group_cells(r, c, g, u);
      hg_result_number(r, sx);
      hg_result_number(r, sn);
    } else {
      hg_result_input_cells(r, c, u);
    }
    hg_result_number(r, e.value);
    if (s.nconf > 0) {
      hg_adapter_limits(r, &e, s.nconf);
      hg_adapter_meta_cells(r, s.levels, s.nconf, s.stat, hg_adapter_method_name(e.method));
    } else {
      hg_result_text(r, s.stat);
    }
  }
cleanup:
  hg_groups_free(g);
  g_free(s.x);
  g_free(s.n);
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

const hg_method hg_method_proportion = {
    "proportion",    "phe_proportion", "proportion x/n with Wilson score limits",
    proportion_args, proportion_run,   NULL};
const hg_method hg_method_rate = {
    "rate",    "phe_rate", "crude rate x/n: exact Poisson limits below 10 events, Byar's from 10",
    rate_args, rate_run,   NULL};
const hg_method hg_method_mean = {"mean",    "phe_mean", "mean per group with Student's t limits",
                                  mean_args, mean_run,   NULL};
