/* registry_sii.c: the `sii` row of the method registry (phe_sii).
 * Checks in R's order (the numbered items of docs/methods-le-sii.md), drops
 * groups lacking any quantile, runs the groups on a GLib thread pool (--jobs)
 * with one RNG stream per group seeded from (--seed, group key), and writes R's
 * columns. */
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
    {"value_type", HG_ARG_TEXT, "normal", "normal|rate|proportion",
     "link: normal, rate (log) or proportion (0..1, logit); R's 0, 1, 2 too"},
    {"transform", HG_ARG_BOOL, "FALSE", NULL, "regress on the log (rates) or logit (proportions)"},
    {"lower_cl", HG_ARG_COLUMN, NULL, NULL, "95% lower limit column"},
    {"upper_cl", HG_ARG_COLUMN, NULL, NULL, "95% upper limit column"},
    {"se", HG_ARG_COLUMN, NULL, NULL, "standard error column (link scale)"},
    /* Not HG_ARG_MULTIPLIER: phe_sii's multiplier scales the result, not the value. */
    {"multiplier", HG_ARG_NUMBER, "1", NULL,
     "multiplies the SII and its limits, as phe_sii (100: proportions in percentage points; "
     "negative flips the polarity); not a rate's per-100,000 base"},
    {"repetitions", HG_ARG_NUMBER, "100000", NULL, "Monte Carlo repetitions (>= 1000)"},
    HG_ARG_CONFIDENCE("0.95"),
    {"rii", HG_ARG_BOOL, "FALSE", NULL, "also report the RII"},
    {"intercept", HG_ARG_BOOL, "FALSE", NULL, "also report the intercept"},
    {"reliability_stat", HG_ARG_BOOL, "FALSE", NULL, "report sii_mad (10x repetitions)"},
    {"exact", HG_ARG_BOOL, "FALSE", NULL,
     "SII limits in closed form (untransformed normal values only; docs/methods-le-sii.md)"},
    {"rng", HG_ARG_TEXT, "mt19937", "mt19937|taus2",
     "generator of the draws: mt19937 (default) or taus2 (about twice as fast)"},
    {"draw_values", HG_ARG_BOOL, "FALSE", NULL,
     "draw every quantile's value as PHEindicatormethods does (untransformed normal values "
     "otherwise draw the intercept and slope directly: same distribution, 2/k the draws)"},
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
    if (hg_parse_cell(cell, &(*out)[i]) == HG_NUM_INVALID)
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

/* The options of one run, read and checked in R's order. */
typedef struct sii_setup {
  hg_sii_options opt; /* opt.confidence points into rawconf */
  hg_sii_fields f;
  double rawconf[HG_SII_MAX_CONF + 1]; /* as given (95 or 0.95) */
  double levels[HG_SII_MAX_CONF];      /* normalised to (0, 1] */
  size_t nconf;
  double mult, jobs;
  int full; /* --type full: the metadata columns too */
} sii_setup;

/* Reads and checks the options (items 1-10) into *s. */
static hg_status sii_setup_read(const hg_method_call *c, sii_setup *s, hg_error *err) {
  hg_status st;
  hg_sii_options *opt = &s->opt;
  if (!hg_method_arg_given(c, "quantile") || !hg_method_arg_given(c, "population")) {
    hg_error_set(err, NULL, 0, NULL,
                 "function phe_sii requires the arguments: data, quantile, population");
    return HG_ERR_INVALID;
  }
  s->f = (hg_sii_fields){hg_method_arg_given(c, "value"), hg_method_arg_given(c, "x"),
                         hg_method_arg_given(c, "lower_cl"), hg_method_arg_given(c, "upper_cl"),
                         hg_method_arg_given(c, "se")};
  double vt, reps, seed;
  int transform = 0, rii = 0, icpt = 0, rel = 0, exact = 0;
  /* The words of `healthgap gaps --value-type`, or R's numbers. */
  const char *vts = hg_method_arg_text(c, "value_type");
  if (vts && strcmp(vts, "normal") == 0)
    vt = HG_SII_NORMAL;
  else if (vts && strcmp(vts, "rate") == 0)
    vt = HG_SII_RATE;
  else if (vts && strcmp(vts, "proportion") == 0)
    vt = HG_SII_PROPORTION;
  else if (hg_method_arg_number(c, "value_type", &vt, err) || vt != floor(vt))
    vt = -1;
  if ((st = hg_method_arg_bool(c, "transform", 0, &transform, err)) ||
      (st = hg_method_arg_bool(c, "rii", 0, &rii, err)) ||
      (st = hg_method_arg_bool(c, "intercept", 0, &icpt, err)) ||
      (st = hg_method_arg_bool(c, "reliability_stat", 0, &rel, err)) ||
      (st = hg_method_arg_bool(c, "exact", 0, &exact, err)) ||
      (st = hg_method_arg_bool(c, "draw_values", 0, &opt->draw_values, err)))
    return st;
  const char *rng = hg_method_arg_text(c, "rng");
  if (rng && strcmp(rng, "mt19937") != 0 && strcmp(rng, "taus2") != 0) {
    hg_error_set(err, NULL, 0, NULL, "--rng: '%s' is not mt19937 or taus2", rng);
    return HG_ERR_INVALID;
  }
  opt->rng = rng && strcmp(rng, "taus2") == 0 ? HG_SII_RNG_TAUS2 : HG_SII_RNG_MT19937;
  opt->exact = exact;
  /* A non-numeric multiplier, repetitions or confidence is R's item 5: it is
   * reported by hg_sii_check_options in R's order (after items 2-4) through a NaN
   * multiplier. */
  int not_numeric = hg_method_arg_number(c, "multiplier", &s->mult, err) != HG_OK;
  not_numeric |= hg_method_arg_number(c, "repetitions", &reps, err) != HG_OK;
  not_numeric |= hg_method_arg_numbers(c, "confidence", s->rawconf, HG_SII_MAX_CONF + 1, &s->nconf,
                                       err) == HG_ERR_INVALID;
  if (not_numeric) {
    s->mult = NAN;
    reps = 100000;
    s->rawconf[0] = 0.95;
    s->nconf = 1;
  }
  if (s->nconf > HG_SII_MAX_CONF || s->nconf == 0) {
    hg_error_set(err, NULL, 0, NULL, "between 1 and %d confidence levels can be given",
                 HG_SII_MAX_CONF);
    return HG_ERR_RANGE;
  }
  if (hg_method_arg_number(c, "seed", &seed, err) ||
      hg_method_arg_number(c, "jobs", &s->jobs, err) || !(seed >= 0) ||
      !(s->jobs >= 0 && s->jobs <= 256)) {
    hg_error_set(err, NULL, 0, NULL, "seed and jobs must be non-negative numbers");
    return HG_ERR_INVALID;
  }
  opt->value_type = vt >= 0 && vt <= 2 ? (int)vt : 3;
  opt->transform = transform;
  opt->multiplier = s->mult;
  opt->repetitions = reps >= 1 && reps <= 1e9 ? (long)reps : 1;
  opt->confidence = s->rawconf;
  opt->n_confidence = s->nconf;
  opt->rii = rii;
  opt->intercept = icpt;
  opt->reliability_stat = rel;
  opt->seed = (uint64_t)seed;
  if ((st = hg_sii_check_options(opt, &s->f, err)))
    return st;
  for (size_t k = 0; k < s->nconf; k++)
    s->levels[k] = s->rawconf[k] >= 90 ? s->rawconf[k] / 100 : s->rawconf[k];
  const char *tt = hg_method_arg_text(c, "type");
  s->full = !tt || strcmp(tt, "full") == 0;
  return HG_OK;
}

/* Q: distinct quantile labels in the whole dataset, not the group (an R quirk
 * we keep: docs/methods-le-sii.md). */
static size_t count_quantiles(const double *q, size_t nrows) {
  double *distinct = g_new(double, nrows ? nrows : 1);
  size_t nd = 0;
  for (size_t i = 0; i < nrows; i++)
    if (!isnan(q[i]))
      distinct[nd++] = q[i];
  qsort(distinct, nd, sizeof *distinct, cmp_double);
  size_t Q = 0;
  for (size_t i = 0; i < nd; i++)
    if (i == 0 || distinct[i] != distinct[i - 1])
      Q++;
  g_free(distinct);
  return Q;
}

/* Item 17: a group needs every one of the Q quantiles, once, with a value. */
static int group_complete(const hg_sii_group *grp, const qrow *qr, size_t Q) {
  size_t n = grp->k;
  int complete = n == Q;
  for (size_t i = 0; complete && i < n; i++)
    complete = !isnan(qr[i].q);
  for (size_t i = 1; complete && i < n; i++)
    complete = qr[i].q != qr[i - 1].q;
  for (size_t i = 0; complete && i < n; i++)
    complete = grp->value ? !isnan(grp->value[i]) : !isnan(grp->x[i]);
  return complete;
}

/* The groups kept for the simulation, with their stream seeds and the index
 * of each in the hg_groups. */
typedef struct sii_kept {
  hg_sii_group *groups;
  uint64_t *seeds;
  size_t *gindex;
  size_t n;
  double *cols; /* the groups' sorted column arrays */
  int removed;  /* some group was dropped (item 17) */
} sii_kept;

static void sii_kept_free(sii_kept *k) {
  g_free(k->groups);
  g_free(k->seeds);
  g_free(k->gindex);
  g_free(k->cols);
}

/* The group key hashed into its stream seed: the group columns joined by
 * '\x1f', so the draws do not depend on the order or number of groups. */
static uint64_t group_seed(const hg_method_call *c, size_t row, uint64_t seed) {
  GString *key = g_string_new("");
  for (size_t k = 0; k < c->n_group_by; k++) {
    long col = hg_table_col(c->data, c->group_by[k]);
    g_string_append(key, hg_table_cell(c->data, row, (size_t)col));
    g_string_append_c(key, '\x1f');
  }
  uint64_t s = hg_sii_stream_seed(seed, key->str, key->len);
  g_string_free(key, TRUE);
  return s;
}

/* Per group: sort by quantile, check (items 12-15), keep complete groups. */
static hg_status sii_keep_groups(const hg_method_call *c, const hg_groups *g, const sii_work *w,
                                 const hg_sii_options *opt, size_t Q, sii_kept *out,
                                 hg_error *err) {
  size_t ng = hg_groups_count(g);
  out->groups = g_new0(hg_sii_group, ng ? ng : 1);
  out->seeds = g_new(uint64_t, ng ? ng : 1);
  out->gindex = g_new(size_t, ng ? ng : 1);
  size_t maxk = 0;
  for (size_t gi = 0; gi < ng; gi++) {
    size_t n;
    hg_groups_rows(g, gi, &n);
    if (n > maxk)
      maxk = n;
  }
  out->cols = g_new(double, ng * 6 * (maxk ? maxk : 1) + 1);
  qrow *qr = g_new(qrow, maxk ? maxk : 1);
  for (size_t gi = 0; gi < ng; gi++) {
    size_t n;
    const size_t *rows = hg_groups_rows(g, gi, &n);
    for (size_t i = 0; i < n; i++)
      qr[i] = (qrow){w->q[rows[i]], rows[i]};
    qsort(qr, n, sizeof *qr, cmp_qrow);
    double *base = out->cols + gi * 6 * maxk;
    hg_sii_group grp = {.k = n,
                        .population = pick(w->pop, qr, n, base),
                        .value = pick(w->value, qr, n, base + maxk),
                        .x = pick(w->x, qr, n, base + 2 * maxk),
                        .lower_cl = pick(w->lcl, qr, n, base + 3 * maxk),
                        .upper_cl = pick(w->ucl, qr, n, base + 4 * maxk),
                        .se = pick(w->se, qr, n, base + 5 * maxk)};
    size_t bad = 0;
    if (hg_sii_check_group(&grp, opt, &bad, err) != HG_OK) {
      char msg[512];
      g_strlcpy(msg, err->message, sizeof msg);
      hg_status st = hg_method_fail(c, qr[bad].row, -1, err, msg);
      g_free(qr);
      return st;
    }
    if (!group_complete(&grp, qr,
                        Q)) { /* item 17: dropped, with R's warning (raised after item 16's) */
      out->removed = 1;
      continue;
    }
    out->seeds[out->n] = group_seed(c, rows[0], opt->seed);
    out->groups[out->n] = grp;
    out->gindex[out->n++] = gi;
  }
  g_free(qr);
  return HG_OK;
}

/* R orders the limit columns by statistic then level without a transform, by
 * level then statistic with one.  Fills which[] (0 sii, 1 rii) and level[] with
 * that order; returns the number of pairs. */
static size_t limit_order(const sii_setup *s, int *which, size_t *level) {
  int nstat = s->opt.rii ? 2 : 1;
  size_t m = 0;
  for (size_t outer = 0; outer < (s->opt.transform ? s->nconf : (size_t)nstat); outer++)
    for (size_t inner = 0; inner < (s->opt.transform ? (size_t)nstat : s->nconf); inner++) {
      which[m] = (int)(s->opt.transform ? inner : outer);
      level[m++] = s->opt.transform ? outer : inner;
    }
  return m;
}

/* Columns, as phe_sii: groups, sii, [rii], limits, [mad], [intercept], metadata. */
static void sii_columns(hg_result *r, const hg_method_call *c, const sii_setup *s) {
  char name[48], ci[32];
  int which[2 * HG_SII_MAX_CONF];
  size_t level[2 * HG_SII_MAX_CONF];
  size_t m = limit_order(s, which, level);
  hg_result_group_columns(r, c);
  hg_result_add_column(r, "sii", HG_COL_KEY);
  if (s->opt.rii)
    hg_result_add_column(r, "rii", HG_COL_KEY);
  for (size_t i = 0; i < m; i++)
    for (int up = 0; up < 2; up++) {
      snprintf(name, sizeof name, "%s_%s", which[i] ? "rii" : "sii",
               hg_ci_colname(s->levels[level[i]], up, ci));
      hg_result_add_column(r, name, HG_COL_KEY);
    }
  if (s->opt.reliability_stat) {
    for (int w = 0; w < (s->opt.rii ? 2 : 1); w++)
      for (size_t k = 0; k < s->nconf; k++) {
        /* "lower95_0cl" -> "95_0" */
        hg_ci_colname(s->levels[k], 0, ci);
        ci[strlen(ci) - 2] = '\0';
        snprintf(name, sizeof name, "%s_mad%s", w ? "rii" : "sii", ci + 5);
        hg_result_add_column(r, name, HG_COL_KEY);
      }
  }
  if (s->opt.intercept)
    hg_result_add_column(r, "intercept", HG_COL_KEY);
  if (s->full) {
    hg_result_add_column(r, "indicator_type", HG_COL_META);
    hg_result_add_column(r, "multiplier", HG_COL_META);
    hg_result_add_column(r, "transform", HG_COL_META);
    hg_result_add_column(r, "CI_confidence", HG_COL_META);
    hg_result_add_column(r, "CI_method", HG_COL_META);
  }
}

/* One output row: the cells of sii_columns for group gi. */
static void sii_row(hg_result *r, const hg_method_call *c, const hg_groups *g, size_t gi,
                    const sii_setup *s, const hg_sii_result *res) {
  int which[2 * HG_SII_MAX_CONF];
  size_t level[2 * HG_SII_MAX_CONF];
  size_t m = limit_order(s, which, level);
  hg_result_begin_row(r);
  hg_result_group_cells(r, c, g, gi);
  hg_result_number(r, res->sii);
  if (s->opt.rii)
    hg_result_number(r, res->rii);
  for (size_t i = 0; i < m; i++) {
    size_t k = level[i];
    hg_result_number(r, which[i] ? res->rii_lower[k] : res->sii_lower[k]);
    hg_result_number(r, which[i] ? res->rii_upper[k] : res->sii_upper[k]);
  }
  if (s->opt.reliability_stat)
    for (int w = 0; w < (s->opt.rii ? 2 : 1); w++)
      for (size_t k = 0; k < s->nconf; k++)
        hg_result_number(r, w ? res->rii_mad[k] : res->sii_mad[k]);
  if (s->opt.intercept)
    hg_result_number(r, res->intercept);
  if (s->full) {
    char conf[128], meth[64];
    hg_result_text(r, hg_sii_value_type_name(s->opt.value_type));
    hg_result_number(r, s->mult);
    hg_result_text(r, hg_sii_transform_name(s->opt.value_type, s->opt.transform));
    hg_result_text(r, hg_ci_confidence_text(s->levels, s->nconf, conf, sizeof conf));
    if (s->opt.exact && !s->opt.rii)
      snprintf(meth, sizeof meth, "exact");
    else
      snprintf(meth, sizeof meth, "simulation %ld reps%s%s", s->opt.repetitions,
               s->opt.rng == HG_SII_RNG_TAUS2 ? ", taus2" : "", s->opt.exact ? ", SII exact" : "");
    hg_result_text(r, meth);
  }
}

static void sii_work_free(sii_work *w) {
  g_free(w->q);
  g_free(w->pop);
  g_free(w->value);
  g_free(w->x);
  g_free(w->lcl);
  g_free(w->ucl);
  g_free(w->se);
}

/* phe_sii multiplies the SII by the multiplier, where the other methods' multiplier
 * (rate's 100000) is the base of the value: a user who passes --multiplier 100000 with
 * rates already per 100,000 gets an SII 100,000 times too large.  R says nothing; we say
 * what the multiplier did whenever it rescales rates or normal values (for proportions,
 * 100 for percentage points is the documented use). */
static void multiplier_warning(hg_result *r, const sii_setup *s) {
  double m = s->mult;
  if (s->opt.value_type == HG_SII_PROPORTION || m == 0 || fabs(m) == 1 || !isfinite(m))
    return;
  char msg[400];
  snprintf(msg, sizeof msg,
           "multiplier %.15g multiplies the SII and its limits (phe_sii): they are in the value "
           "column's units times %.15g; with a value already per 100,000 (or per 100) use "
           "multiplier 1",
           m, m);
  hg_result_warn(r, msg);
}

static hg_status sii_run(const hg_method_call *c, hg_result *r, hg_error *err) {
  hg_status st = HG_OK;
  hg_groups *g = NULL;
  sii_work w = {0};
  sii_kept kept = {0};
  hg_sii_result *res = NULL;
  sii_setup s = {0};

  if ((st = sii_setup_read(c, &s, err)))
    return st;
  if ((st = read_col(c, "quantile", &w.q, err)) || (st = read_col(c, "population", &w.pop, err)) ||
      (st = read_col(c, "value", &w.value, err)) || (st = read_col(c, "x", &w.x, err)) ||
      (st = read_col(c, "lower_cl", &w.lcl, err)) || (st = read_col(c, "upper_cl", &w.ucl, err)) ||
      (st = read_col(c, "se", &w.se, err)))
    goto cleanup;
  if (!s.f.value)
    g_free(w.value), w.value = NULL;
  if ((st = hg_groups_build(c, &g, err)))
    goto cleanup;
  size_t Q = count_quantiles(w.q, hg_table_nrows(c->data));
  if ((st = sii_keep_groups(c, g, &w, &s.opt, Q, &kept, err)))
    goto cleanup;
  int many = 0;
  if ((st = hg_sii_check_nquantiles(Q, &many, err)))
    goto cleanup;
  if (many)
    hg_result_warn(r, HG_SII_WARN_MANY_QUANTILES);
  if (kept.removed)
    hg_result_warn(r, HG_SII_WARN_INCOMPLETE);
  multiplier_warning(r, &s);

  res = g_new0(hg_sii_result, kept.n ? kept.n : 1);
  int threads = s.jobs > 0 ? (int)s.jobs : (int)g_get_num_processors();
  if ((st = hg_sii_run(kept.groups, kept.seeds, kept.n, &s.opt, threads, res, NULL, err)))
    goto cleanup;
  sii_columns(r, c, &s);
  for (size_t i = 0; i < kept.n; i++)
    sii_row(r, c, g, kept.gindex[i], &s, &res[i]);

cleanup:
  hg_groups_free(g);
  sii_work_free(&w);
  sii_kept_free(&kept);
  g_free(res);
  return st;
}

const hg_method hg_method_sii = {
    "sii",    "phe_sii", "slope and relative index of inequality (Low & Low), Monte Carlo limits",
    sii_args, sii_run,   NULL};
