/* registry_quantile.c: the `quantile` row of the method registry (phe_quantile).
 * Row-wise like R's mutate: every input row comes out, in input order, with its
 * quantile; groups (--group-by) are ranked separately. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "methods/adapter.h"
#include "healthgap/quantile.h"

static const hg_method_arg quantile_args[] = {
    {"values", HG_ARG_COLUMN, NULL, NULL, "column of values to rank (e.g. IMD score)"},
    {"nquantiles", HG_ARG_NUMBER, "10", NULL, "number of quantiles (10 = deciles)"},
    {"invert", HG_ARG_BOOL, "TRUE", "TRUE|FALSE|COL",
     "the highest value gets quantile 1; --invert=COL names a column with --inverttype field"},
    {"inverttype", HG_ARG_TEXT, "logical", NULL, "logical or field"},
    {"type", HG_ARG_TEXT, "full", NULL, "full (with nquantiles, groupvars, qinverted) or standard"},
    HG_ARG_END};

/* One run's arguments, read and checked in R's order. */
typedef struct quantile_setup {
  long vc, ic;    /* values and (inverttype field) invert columns */
  int field;      /* invert is a column */
  int invert;     /* invert as a logical */
  double nq;      /* nquantiles */
  double *values; /* over every row */
} quantile_setup;

static hg_status quantile_setup_read(const hg_method_call *c, quantile_setup *s, hg_error *err) {
  hg_status st;
  s->ic = -1;
  s->invert = 1;
  if (!hg_method_arg_given(c, "values")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function phe_quantile requires at least 2 arguments: data and values");
    return HG_ERR_INVALID;
  }
  const char *itype = hg_method_arg_text(c, "inverttype");
  const char *inv = hg_method_arg_text(c, "invert");
  s->field = itype && strcmp(itype, "field") == 0;
  if (!itype || (!s->field && strcmp(itype, "logical") != 0)) {
    hg_error_set(err, NULL, 0, NULL, "valid values for inverttype are logical and field");
    return HG_ERR_INVALID;
  }
  if (!s->field) {
    if (!inv || (strcmp(inv, "TRUE") != 0 && strcmp(inv, "FALSE") != 0)) {
      hg_error_set(err, NULL, 0, NULL, "invert expressed as a logical must equal TRUE or FALSE");
      return HG_ERR_INVALID;
    }
    s->invert = strcmp(inv, "TRUE") == 0;
  } else if ((st = hg_adapter_column(c, "invert", "invert is not a field name from data", &s->ic,
                                     err))) {
    return st;
  }
  if ((st = hg_adapter_column(c, "values", "values argument must be a numeric field from data",
                              &s->vc, err)))
    return st;
  if ((st = hg_method_arg_number(c, "nquantiles", &s->nq, err)))
    return st;
  if (!(s->nq >= 1 && s->nq <= 1e6 && s->nq == floor(s->nq))) {
    hg_error_set(err, NULL, 0, NULL, "nquantiles must be a positive integer");
    return HG_ERR_INVALID;
  }
  size_t nrows = hg_table_nrows(c->data);
  s->values = g_new(double, nrows ? nrows : 1);
  for (size_t i = 0; i < nrows; i++) {
    const char *cell = hg_table_cell(c->data, i, (size_t)s->vc);
    if (hg_parse_cell(cell, &s->values[i]) == HG_NUM_INVALID)
      return hg_method_fail(c, i, s->vc, err, "values argument must be a numeric field from data");
  }
  return HG_OK;
}

/* Ranks each group: q[row] gets the row's quantile (0 = none) and inverted[row]
 * whether its group was inverted (it may differ per group with a field). */
static hg_status rank_groups(const hg_method_call *c, const hg_groups *g, const quantile_setup *s,
                             hg_result *r, int *q, int *inverted, hg_error *err) {
  hg_status st = HG_OK;
  double *gv = NULL;
  int *gq = NULL, *flags = NULL;
  for (size_t gi = 0; gi < hg_groups_count(g) && st == HG_OK; gi++) {
    size_t n;
    const size_t *rows = hg_groups_rows(g, gi, &n);
    gv = g_renew(double, gv, n ? n : 1);
    gq = g_renew(int, gq, n ? n : 1);
    flags = g_renew(int, flags, n ? n : 1);
    int ginv = s->invert;
    for (size_t i = 0; i < n && st == HG_OK; i++) {
      gv[i] = s->values[rows[i]];
      if (s->field &&
          hg_quantile_parse_invert(hg_table_cell(c->data, rows[i], (size_t)s->ic), &flags[i], err))
        st = hg_method_fail(c, rows[i], s->ic, err,
                            "invert expressed as a logical must equal TRUE or FALSE");
    }
    int too_few = 0;
    if (st != HG_OK || (s->field && (st = hg_quantile_group_invert(flags, n, &ginv, err))) ||
        (st = hg_quantile_assign(gv, n, (int)s->nq, ginv, gq, &too_few, err)))
      break;
    if (too_few)
      hg_result_warn(r, HG_QUANTILE_TOO_FEW_TEXT);
    for (size_t i = 0; i < n; i++) {
      q[rows[i]] = gq[i];
      inverted[rows[i]] = ginv;
    }
  }
  g_free(gv);
  g_free(gq);
  g_free(flags);
  return st;
}

static hg_status quantile_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  size_t nrows = hg_table_nrows(c->data);
  quantile_setup s = {0};
  int *q = g_new0(int, nrows ? nrows : 1), *inverted = g_new0(int, nrows ? nrows : 1);

  if ((st = quantile_setup_read(c, &s, err)) || (st = hg_groups_build(c, &g, err)) ||
      (st = rank_groups(c, g, &s, r, q, inverted, err)))
    goto cleanup;

  const char *tt = hg_method_arg_text(c, "type");
  int full = !tt || strcmp(tt, "full") == 0;
  GString *groupvars = g_string_new("");
  for (size_t k = 0; k < c->n_group_by; k++)
    g_string_append_printf(groupvars, "%s%s", k ? ", " : "", c->group_by[k]);
  hg_result_input_columns(r, c);
  hg_result_add_column(r, "quantile", HG_COL_KEY);
  if (full) {
    hg_result_add_column(r, "nquantiles", HG_COL_META);
    hg_result_add_column(r, "groupvars", HG_COL_META);
    hg_result_add_column(r, "qinverted", HG_COL_META);
  }
  for (size_t i = 0; i < nrows; i++) {
    hg_result_begin_row(r);
    hg_result_input_cells(r, c, i);
    hg_result_number(r, q[i] ? (double)q[i] : NAN);
    if (full) {
      hg_result_number(r, s.nq);
      hg_result_text(r, c->n_group_by ? groupvars->str : NULL);
      hg_result_text(r, inverted[i] ? HG_QUANTILE_INVERTED_TEXT : HG_QUANTILE_NOT_INVERTED_TEXT);
    }
  }
  g_string_free(groupvars, TRUE);

cleanup:
  hg_groups_free(g);
  g_free(s.values);
  g_free(q);
  g_free(inverted);
  return st;
}

const hg_method hg_method_quantile = {
    "quantile",
    "phe_quantile",
    "assign quantiles (PHE Assigning Deprivation Categories; 1 = highest value by default)",
    quantile_args,
    quantile_run,
    NULL};
