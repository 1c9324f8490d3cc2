/* registry_sii.c: the `sii` row of the method registry (phe_sii).
 * Checks in R's order (spec 10.1), drops groups lacking any quantile, runs the
 * groups on a GLib thread pool (--jobs) with one RNG stream per group seeded from
 * (--seed, group key), and writes R's columns. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/adapter.h"
#include "healthgap/sii.h"

static const hg_method_arg sii_args[] = {
    {"quantile", HG_ARG_COLUMN, NULL, NULL, "quantile column (1 = most deprived)"},
    {"population", HG_ARG_COLUMN, NULL, NULL, "population column"},
    {"x", HG_ARG_COLUMN, NULL, NULL, "count column (proportions only, when value is absent)"},
    {"value", HG_ARG_COLUMN, NULL, NULL, "indicator value column"},
    {"value_type", HG_ARG_NUMBER, "0", NULL, "0 normal, 1 rate, 2 proportion (0..1)"},
    {"transform", HG_ARG_BOOL, "FALSE", NULL, "TRUE: log (rates) or logit (proportions)"},
    {"lower_cl", HG_ARG_COLUMN, NULL, NULL, "95% lower limit column"},
    {"upper_cl", HG_ARG_COLUMN, NULL, NULL, "95% upper limit column"},
    {"se", HG_ARG_COLUMN, NULL, NULL, "standard error column (link scale)"},
    HG_ARG_MULTIPLIER("1"),
    {"repetitions", HG_ARG_NUMBER, "100000", NULL, "Monte Carlo repetitions (>= 1000)"},
    HG_ARG_CONFIDENCE("0.95"),
    {"rii", HG_ARG_BOOL, "FALSE", NULL, "also report the RII"},
    {"intercept", HG_ARG_BOOL, "FALSE", NULL, "also report the intercept"},
    {"reliability_stat", HG_ARG_BOOL, "FALSE", NULL, "report sii_mad (10x repetitions)"},
    {"type", HG_ARG_TEXT, "full", NULL, "full (with metadata) or standard"},
    {"seed", HG_ARG_NUMBER, "0", NULL, "seed of the per-group random streams"},
    {"jobs", HG_ARG_NUMBER, "0", NULL,
     "threads (0 = one per processor); results do not depend on it"},
    HG_ARG_END};

/* One group's rows sorted by quantile, as arrays for hg_sii_group. */
typedef struct sii_work {
  double *q, *pop, *value, *x, *lcl, *ucl, *se; /* column arrays over all rows (or NULL) */
} sii_work;

typedef struct qrow {
  double q;
  size_t row;
} qrow;

static int cmp_qrow(const void *a, const void *b) {
  const qrow *x = a, *y = b;
  if (isnan(x->q) != isnan(y->q))
    return isnan(x->q) ? 1 : -1; /* missing quantiles last */
  if (x->q != y->q && !isnan(x->q))
    return x->q < y->q ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static hg_status read_col(const hg_method_call *c, const char *arg, double **out, hg_error *err) {
  *out = NULL;
  if (!hg_method_arg_given(c, arg))
    return HG_OK;
  long col = hg_method_arg_column(c, arg);
  if (col < 0) {
    hg_error_set(err, NULL, 0, NULL, "%s is not a field name from data", arg);
    return HG_ERR_INVALID;
  }
  size_t n = hg_table_nrows(c->data);
  *out = g_new(double, n ? n : 1);
  for (size_t i = 0; i < n; i++) {
    const char *cell = hg_table_cell(c->data, i, (size_t)col);
    if (hg_parse_number(cell, strlen(cell), &(*out)[i]) == HG_NUM_INVALID)
      return hg_method_fail(c, i, col, err, "some input fields in data.frame are non-numeric");
  }
  return HG_OK;
}

static double *pick(const double *col, const qrow *rows, size_t k, double *buf) {
  if (!col)
    return NULL;
  for (size_t i = 0; i < k; i++)
    buf[i] = col[rows[i].row];
  return buf;
}

static hg_status sii_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  sii_work w = {0};
  double *cols = NULL, *distinct = NULL;
  hg_sii_group *groups = NULL;
  hg_sii_result *res = NULL;
  uint64_t *seeds = NULL;
  size_t *gindex = NULL, nkept = 0;
  int removed = 0;
  size_t nrows = hg_table_nrows(c->data);
  double levels[HG_MAX_CONF];
  size_t nconf = 0;

  if (!hg_method_arg_given(c, "quantile") || !hg_method_arg_given(c, "population")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function phe_sii requires the arguments: data, quantile, population");
    return HG_ERR_INVALID;
  }
  hg_sii_fields f = {hg_method_arg_given(c, "value"), hg_method_arg_given(c, "x"),
                     hg_method_arg_given(c, "lower_cl"), hg_method_arg_given(c, "upper_cl"),
                     hg_method_arg_given(c, "se")};
  hg_sii_options opt = {0};
  double vt, mult, reps, seed, jobs;
  int transform = 0, rii = 0, icpt = 0, rel = 0;
  if (hg_method_arg_number(c, "value_type", &vt, err) || vt != floor(vt))
    vt = -1;
  if ((st = hg_method_arg_bool(c, "transform", 0, &transform, err)) ||
      (st = hg_method_arg_bool(c, "rii", 0, &rii, err)) ||
      (st = hg_method_arg_bool(c, "intercept", 0, &icpt, err)) ||
      (st = hg_method_arg_bool(c, "reliability_stat", 0, &rel, err)))
    return st;
  double rawconf[HG_SII_MAX_CONF + 1];
  /* A non-numeric multiplier, repetitions or confidence is R's item 5: it is
   * reported by hg_sii_check_options in R's order (after items 2-4) through a NaN
   * multiplier. */
  int not_numeric = hg_method_arg_number(c, "multiplier", &mult, err) != HG_OK;
  not_numeric |= hg_method_arg_number(c, "repetitions", &reps, err) != HG_OK;
  not_numeric |= hg_method_arg_numbers(c, "confidence", rawconf, HG_SII_MAX_CONF + 1, &nconf,
                                       err) == HG_ERR_INVALID;
  if (not_numeric) {
    mult = NAN;
    reps = 100000;
    rawconf[0] = 0.95;
    nconf = 1;
  }
  if (nconf > HG_SII_MAX_CONF || nconf == 0) {
    hg_error_set(err, NULL, 0, NULL, "between 1 and %d confidence levels can be given",
                 HG_SII_MAX_CONF);
    return HG_ERR_RANGE;
  }
  if (hg_method_arg_number(c, "seed", &seed, err) || hg_method_arg_number(c, "jobs", &jobs, err) ||
      !(seed >= 0) || !(jobs >= 0 && jobs <= 256)) {
    hg_error_set(err, NULL, 0, NULL, "seed and jobs must be non-negative numbers");
    return HG_ERR_INVALID;
  }
  opt.value_type = vt >= 0 && vt <= 2 ? (int)vt : 3;
  opt.transform = transform;
  opt.multiplier = mult;
  opt.repetitions = reps >= 1 && reps <= 1e9 ? (long)reps : 1;
  opt.confidence = rawconf;
  opt.n_confidence = nconf;
  opt.rii = rii;
  opt.intercept = icpt;
  opt.reliability_stat = rel;
  opt.seed = (uint64_t)seed;
  if ((st = hg_sii_check_options(&opt, &f, err)))
    return st;
  for (size_t k = 0; k < nconf; k++)
    levels[k] = rawconf[k] >= 90 ? rawconf[k] / 100 : rawconf[k];

  if ((st = read_col(c, "quantile", &w.q, err)) || (st = read_col(c, "population", &w.pop, err)) ||
      (st = read_col(c, "value", &w.value, err)) || (st = read_col(c, "x", &w.x, err)) ||
      (st = read_col(c, "lower_cl", &w.lcl, err)) || (st = read_col(c, "upper_cl", &w.ucl, err)) ||
      (st = read_col(c, "se", &w.se, err)))
    goto cleanup;
  if (!f.value)
    g_free(w.value), w.value = NULL;
  if ((st = hg_groups_build(c, &g, err)))
    goto cleanup;
  size_t ng = hg_groups_count(g);

  /* Q: distinct quantile labels in the whole dataset (R quirk, spec 12.8). */
  distinct = g_new(double, nrows ? nrows : 1);
  size_t nd = 0;
  for (size_t i = 0; i < nrows; i++)
    if (!isnan(w.q[i]))
      distinct[nd++] = w.q[i];
  qsort(distinct, nd, sizeof *distinct, cmp_double);
  size_t Q = 0;
  for (size_t i = 0; i < nd; i++)
    if (i == 0 || distinct[i] != distinct[i - 1])
      Q++;

  /* Per group: sort by quantile, check (items 12-15), keep complete groups. */
  groups = g_new0(hg_sii_group, ng ? ng : 1);
  seeds = g_new(uint64_t, ng ? ng : 1);
  gindex = g_new(size_t, ng ? ng : 1);
  size_t maxk = 0;
  for (size_t gi = 0; gi < ng; gi++) {
    size_t n;
    hg_groups_rows(g, gi, &n);
    if (n > maxk)
      maxk = n;
  }
  cols = g_new(double, ng * 6 * (maxk ? maxk : 1) + 1);
  qrow *qr = g_new(qrow, maxk ? maxk : 1);
  for (size_t gi = 0; gi < ng; gi++) {
    size_t n;
    const size_t *rows = hg_groups_rows(g, gi, &n);
    for (size_t i = 0; i < n; i++)
      qr[i] = (qrow){w.q[rows[i]], rows[i]};
    qsort(qr, n, sizeof *qr, cmp_qrow);
    double *base = cols + gi * 6 * maxk;
    hg_sii_group grp = {.k = n,
                        .population = pick(w.pop, qr, n, base),
                        .value = pick(w.value, qr, n, base + maxk),
                        .x = pick(w.x, qr, n, base + 2 * maxk),
                        .lower_cl = pick(w.lcl, qr, n, base + 3 * maxk),
                        .upper_cl = pick(w.ucl, qr, n, base + 4 * maxk),
                        .se = pick(w.se, qr, n, base + 5 * maxk)};
    size_t bad = 0;
    if (hg_sii_check_group(&grp, &opt, &bad, err) != HG_OK) {
      char msg[512];
      g_strlcpy(msg, err->message, sizeof msg);
      st = hg_method_fail(c, qr[bad].row, -1, err, msg);
      g_free(qr);
      goto cleanup;
    }
    /* Item 17: a group needs every one of the Q quantiles, once, with a value. */
    int complete = n == Q;
    for (size_t i = 0; complete && i < n; i++)
      complete = !isnan(qr[i].q);
    for (size_t i = 1; complete && i < n; i++)
      complete = qr[i].q != qr[i - 1].q;
    for (size_t i = 0; complete && i < n; i++)
      complete = grp.value ? !isnan(grp.value[i]) : !isnan(grp.x[i]);
    if (!complete) { /* item 17: dropped, with R's warning (raised after item 16's) */
      removed = 1;
      continue;
    }
    GString *key = g_string_new("");
    for (size_t k = 0; k < c->n_group_by; k++) {
      long col = hg_table_col(c->data, c->group_by[k]);
      g_string_append(key, hg_table_cell(c->data, rows[0], (size_t)col));
      g_string_append_c(key, '\x1f');
    }
    seeds[nkept] = hg_sii_stream_seed(opt.seed, key->str, key->len);
    g_string_free(key, TRUE);
    groups[nkept] = grp;
    gindex[nkept++] = gi;
  }
  g_free(qr);
  int many = 0;
  if ((st = hg_sii_check_nquantiles(Q, &many, err)))
    goto cleanup;
  if (many)
    hg_result_warn(r, HG_SII_WARN_MANY_QUANTILES);
  if (removed)
    hg_result_warn(r, HG_SII_WARN_INCOMPLETE);

  res = g_new0(hg_sii_result, nkept ? nkept : 1);
  int threads = jobs > 0 ? (int)jobs : (int)g_get_num_processors();
  if ((st = hg_sii_run(groups, seeds, nkept, &opt, threads, res, NULL, err)))
    goto cleanup;

  /* Columns (spec 10.4): groups, sii, [rii], limits, [mad], [intercept], metadata. */
  const char *tt = hg_method_arg_text(c, "type");
  int full = !tt || strcmp(tt, "full") == 0;
  char name[48], ci[32];
  hg_result_group_columns(r, c);
  hg_result_add_column(r, "sii", HG_COL_KEY);
  if (rii)
    hg_result_add_column(r, "rii", HG_COL_KEY);
  if (!transform) {
    for (int which = 0; which < (rii ? 2 : 1); which++)
      for (size_t k = 0; k < nconf; k++)
        for (int up = 0; up < 2; up++) {
          snprintf(name, sizeof name, "%s_%s", which ? "rii" : "sii",
                   hg_ci_colname(levels[k], up, ci));
          hg_result_add_column(r, name, HG_COL_KEY);
        }
  } else {
    for (size_t k = 0; k < nconf; k++)
      for (int which = 0; which < (rii ? 2 : 1); which++)
        for (int up = 0; up < 2; up++) {
          snprintf(name, sizeof name, "%s_%s", which ? "rii" : "sii",
                   hg_ci_colname(levels[k], up, ci));
          hg_result_add_column(r, name, HG_COL_KEY);
        }
  }
  if (rel) {
    for (int which = 0; which < (rii ? 2 : 1); which++)
      for (size_t k = 0; k < nconf; k++) {
        /* "lower95_0cl" -> "95_0" */
        hg_ci_colname(levels[k], 0, ci);
        ci[strlen(ci) - 2] = '\0';
        snprintf(name, sizeof name, "%s_mad%s", which ? "rii" : "sii", ci + 5);
        hg_result_add_column(r, name, HG_COL_KEY);
      }
  }
  if (icpt)
    hg_result_add_column(r, "intercept", HG_COL_KEY);
  if (full) {
    hg_result_add_column(r, "indicator_type", HG_COL_META);
    hg_result_add_column(r, "multiplier", HG_COL_META);
    hg_result_add_column(r, "transform", HG_COL_META);
    hg_result_add_column(r, "CI_confidence", HG_COL_META);
    hg_result_add_column(r, "CI_method", HG_COL_META);
  }
  for (size_t i = 0; i < nkept; i++) {
    const hg_sii_result *s = &res[i];
    hg_result_begin_row(r);
    hg_result_group_cells(r, c, g, gindex[i]);
    hg_result_number(r, s->sii);
    if (rii)
      hg_result_number(r, s->rii);
    if (!transform) {
      for (int which = 0; which < (rii ? 2 : 1); which++)
        for (size_t k = 0; k < nconf; k++) {
          hg_result_number(r, which ? s->rii_lower[k] : s->sii_lower[k]);
          hg_result_number(r, which ? s->rii_upper[k] : s->sii_upper[k]);
        }
    } else {
      for (size_t k = 0; k < nconf; k++)
        for (int which = 0; which < (rii ? 2 : 1); which++) {
          hg_result_number(r, which ? s->rii_lower[k] : s->sii_lower[k]);
          hg_result_number(r, which ? s->rii_upper[k] : s->sii_upper[k]);
        }
    }
    if (rel)
      for (int which = 0; which < (rii ? 2 : 1); which++)
        for (size_t k = 0; k < nconf; k++)
          hg_result_number(r, which ? s->rii_mad[k] : s->sii_mad[k]);
    if (icpt)
      hg_result_number(r, s->intercept);
    if (full) {
      char conf[128], meth[64];
      hg_result_text(r, hg_sii_value_type_name(opt.value_type));
      hg_result_number(r, mult);
      hg_result_text(r, hg_sii_transform_name(opt.value_type, transform));
      hg_result_text(r, hg_ci_confidence_text(levels, nconf, conf, sizeof conf));
      snprintf(meth, sizeof meth, "simulation %ld reps", opt.repetitions);
      hg_result_text(r, meth);
    }
  }

cleanup:
  hg_groups_free(g);
  g_free(w.q);
  g_free(w.pop);
  g_free(w.value);
  g_free(w.x);
  g_free(w.lcl);
  g_free(w.ucl);
  g_free(w.se);
  g_free(cols);
  g_free(distinct);
  g_free(groups);
  g_free(res);
  g_free(seeds);
  g_free(gindex);
  return st;
}

const hg_method hg_method_sii = {
    "sii", "phe_sii", "slope and relative index of inequality (Low & Low), Monte Carlo limits",
    sii_args, sii_run};
