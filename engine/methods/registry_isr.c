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
    hg_parse_cell(s, v); /* NAN when missing; a non-number is refused before */
    g_hash_table_insert(h, k, v);
  }
  return h;
}

/* One run's arguments and columns, read in R's order. */
typedef struct isr_setup {
  int is_rate;
  const hg_table *ot; /* --observed-totals, or NULL */
  long xc, nc, xrc, nrc, otx;
  int field;                   /* reference data as columns (else vectors) */
  double xrv[4096], nrv[4096]; /* the reference vectors */
  size_t nxr, nnr;
  double *x, *n, *xr, *nr; /* over every row (x NULL with observed totals) */
  double levels[HG_MAX_CONF], k_mult;
  size_t nconf;
  hg_output_type type;
  char stat[160];
} isr_setup;

static void isr_setup_free(isr_setup *s) {
  g_free(s->x);
  g_free(s->n);
  g_free(s->xr);
  g_free(s->nr);
}

/* Vector reference data are joined by position, so every group must have the
 * vectors' length. */
static hg_status check_group_sizes(const hg_groups *g, hg_error *err) {
  size_t k0;
  hg_groups_rows(g, 0, &k0);
  for (size_t u = 1; u < hg_groups_count(g); u++) {
    size_t k;
    hg_groups_rows(g, u, &k);
    if (k != k0) {
      hg_error_set(err, NULL, 0, NULL, "data must contain the same number of rows for each group");
      return HG_ERR_INVALID;
    }
  }
  return HG_OK;
}

/* x_ref and n_ref: columns, or vectors as long as each group. */
static hg_status read_reference(const hg_method_call *c, const hg_groups *g, isr_setup *s,
                                hg_error *err) {
  hg_status st;
  if (s->field) {
    if ((st = hg_adapter_column(c, "x_ref", "x_ref is not a field name from data", &s->xrc, err)) ||
        (st = hg_adapter_column(c, "n_ref", "n_ref is not a field name from data", &s->nrc, err)))
      return st;
    return HG_OK;
  }
  size_t k0 = 0;
  if (hg_groups_count(g) > 0)
    hg_groups_rows(g, 0, &k0);
  if ((st = hg_method_arg_numbers(c, "x_ref", s->xrv, 4096, &s->nxr, err)) ||
      (st = hg_method_arg_numbers(c, "n_ref", s->nrv, 4096, &s->nnr, err)))
    return st;
  if (s->nxr != k0 || s->nnr != k0) {
    hg_error_set(err, NULL, 0, NULL,
                 "%s length must equal number of rows in each group within data",
                 s->nxr != k0 ? "x_ref" : "n_ref");
    return HG_ERR_INVALID;
  }
  return HG_OK;
}

/* R's checks on the numerators (of data or of the observed totals) and the
 * denominators. */
static hg_status check_counts(const hg_method_call *c, const isr_setup *s, hg_error *err) {
  size_t nrows = hg_table_nrows(c->data);
  const hg_table *ot = s->ot;
  for (size_t i = 0; s->x && i < nrows; i++)
    if (s->x[i] < 0)
      return hg_method_fail(c, i, s->xc, err,
                            "numerators must all be greater than or equal to zero");
  for (size_t i = 0; ot && i < hg_table_nrows(ot); i++) {
    double v = NAN;
    const char *cell = hg_table_cell(ot, i, (size_t)s->otx);
    if (hg_parse_cell(cell, &v) == HG_NUM_INVALID) {
      hg_error_set(err, hg_table_name(ot), hg_table_line(ot, i),
                   hg_table_colname(ot, (size_t)s->otx), "not a number: '%s'", cell);
      return HG_ERR_PARSE;
    }
    if (v < 0) {
      hg_error_set(err, hg_table_name(ot), hg_table_line(ot, i),
                   hg_table_colname(ot, (size_t)s->otx),
                   "numerators must all be greater than or equal to zero");
      return HG_ERR_INVALID;
    }
  }
  for (size_t i = 0; i < nrows; i++)
    if (s->n[i] < 0)
      return hg_method_fail(c, i, s->nc, err,
                            "denominators must all be greater than or equal to zero");
  return HG_OK;
}

/* Reads and checks everything in R's order; g gets the groups. */
static hg_status isr_setup_read(const hg_method_call *c, isr_setup *s, hg_groups **g,
                                hg_error *err) {
  hg_status st = HG_OK;
  const char *fn = s->is_rate ? "calculate_ISRate" : "calculate_ISRatio";
  char num[64];
  s->ot = hg_method_arg_table(c, "observed_totals");
  s->xc = s->nc = s->xrc = s->nrc = s->otx = -1;
  if (!hg_method_arg_given(c, "x") || !hg_method_arg_given(c, "n") ||
      !hg_method_arg_given(c, "x_ref") || !hg_method_arg_given(c, "n_ref")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function %s requires at least 5 arguments: data, x, n, x_ref and n_ref", fn);
    return HG_ERR_INVALID;
  }
  const char *rpt = hg_method_arg_text(c, "refpoptype");
  s->field = rpt ? strcmp(rpt, "field") == 0 : hg_method_arg_column(c, "x_ref") >= 0;
  if ((st = hg_groups_build(c, g, err)) || (!s->field && (st = check_group_sizes(*g, err))))
    return st;
  if (s->ot) {
    s->otx = hg_table_col(s->ot, hg_method_arg_text(c, "x"));
    if (s->otx < 0) {
      hg_error_set(err, NULL, 0, NULL,
                   "observed_totals is provided but x is not a field name in it");
      return HG_ERR_INVALID;
    }
  } else if ((st = hg_adapter_column(c, "x", "x is not in data", &s->xc, err))) {
    return st;
  }
  if (rpt && strcmp(rpt, "field") != 0 && strcmp(rpt, "vector") != 0) {
    hg_error_set(err, NULL, 0, NULL, "valid values for refpoptype are vector and field");
    return HG_ERR_INVALID;
  }
  if ((st = read_reference(c, *g, s, err)) ||
      (st = hg_adapter_column(c, "n", "n is not a field name from data", &s->nc, err)))
    return st;
  s->n = hg_adapter_all_values(c, s->nc, &st, err);
  if (s->n && s->xc >= 0)
    s->x = hg_adapter_all_values(c, s->xc, &st, err);
  if (s->n && s->field && (s->xc < 0 || s->x)) {
    s->xr = hg_adapter_all_values(c, s->xrc, &st, err);
    if (s->xr)
      s->nr = hg_adapter_all_values(c, s->nrc, &st, err);
  }
  if (st != HG_OK || (st = check_counts(c, s, err)) ||
      (st = hg_method_arg_type(c, &s->type, err)) ||
      (st = hg_adapter_confidence(c, HG_CONF_PAIR, s->levels, &s->nconf, err)) ||
      (st = hg_method_arg_number(c, s->is_rate ? "multiplier" : "refvalue", &s->k_mult, err)))
    return st;
  if (s->is_rate)
    snprintf(s->stat, sizeof s->stat, "indirectly standardised rate per %s",
             hg_r_number_text(s->k_mult, 0, num));
  else
    snprintf(s->stat, sizeof s->stat, "indirectly standardised ratio x %s",
             hg_r_number_text(s->k_mult, 1, num));
  return HG_OK;
}

/* The observed total of a group: the sum of its x, or its row of the observed
 * totals (NA when it has none). */
static double group_observed(const hg_method_call *c, const isr_setup *s, GHashTable *totals,
                             const size_t *rows, size_t k) {
  if (s->ot) {
    char *key = k ? row_key(c, c->data, rows[0]) : NULL;
    const double *tv = key ? g_hash_table_lookup(totals, key) : NULL;
    g_free(key);
    return tv ? *tv : NAN;
  }
  double o = 0;
  for (size_t i = 0; s->x && i < k; i++)
    if (!isnan(s->x[rows[i]]))
      o += s->x[rows[i]];
  return o;
}

static void isr_columns(hg_result *r, const hg_method_call *c, const isr_setup *s) {
  hg_result_group_columns(r, c);
  hg_result_add_column(r, "observed", HG_COL_DATA);
  hg_result_add_column(r, "expected", HG_COL_DATA);
  if (s->is_rate)
    hg_result_add_column(r, "ref_rate", HG_COL_DATA);
  hg_result_add_column(r, "value", HG_COL_VALUE);
  hg_result_ci_columns(r, s->levels, s->nconf);
  hg_adapter_meta_columns(r);
}

static hg_status isr_run(const hg_method_call *c, hg_result *r, hg_error *err, int is_rate) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  size_t nrows = hg_table_nrows(c->data);
  isr_setup *s = g_new0(isr_setup, 1); /* 64 KiB of reference vectors: not on the stack */
  double *bn = NULL, *bxr = NULL, *bnr = NULL;
  GHashTable *totals = NULL;

  s->is_rate = is_rate;
  if ((st = isr_setup_read(c, s, &g, err)))
    goto cleanup;
  isr_columns(r, c, s);
  if (s->ot)
    totals = totals_index(c, s->ot, s->otx);
  bn = g_new(double, nrows + 1);
  bxr = g_new(double, nrows + 1);
  bnr = g_new(double, nrows + 1);
  for (size_t u = 0; u < hg_groups_count(g); u++) {
    size_t k;
    const size_t *rows = hg_groups_rows(g, u, &k);
    for (size_t i = 0; i < k; i++) {
      bn[i] = s->n[rows[i]];
      bxr[i] = s->field ? s->xr[rows[i]] : s->xrv[i];
      bnr[i] = s->field ? s->nr[rows[i]] : s->nrv[i];
    }
    double o = group_observed(c, s, totals, rows, k);
    double e = hg_isr_expected(bn, bxr, bnr, k);
    double ref_rate = is_rate ? hg_isr_ref_rate(bxr, bnr, k, s->k_mult) : NAN;
    hg_estimate est;
    hg_isr(o, e, is_rate ? ref_rate : s->k_mult, s->levels, s->nconf, &est);
    hg_result_begin_row(r);
    hg_result_group_cells(r, c, g, u);
    hg_result_number(r, o);
    hg_result_number(r, e);
    if (is_rate)
      hg_result_number(r, ref_rate);
    hg_result_number(r, est.value);
    hg_adapter_limits(r, &est, s->nconf);
    hg_adapter_meta_cells(r, s->levels, s->nconf, s->stat, hg_adapter_method_name(est.method));
  }
cleanup:
  if (totals)
    g_hash_table_destroy(totals);
  hg_groups_free(g);
  isr_setup_free(s);
  g_free(s);
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

const hg_method hg_method_israte = {"israte",
                                    "calculate_ISRate",
                                    "indirectly standardised rate (exact below 10, Byar's from 10)",
                                    israte_args,
                                    israte_run,
                                    NULL};
const hg_method hg_method_isratio = {
    "isratio",    "calculate_ISRatio", "indirectly standardised ratio O/E x refvalue",
    isratio_args, isratio_run,         NULL};
