/* inequalities.c: deprivation gradients, quantile assignment and categories
 * against a reference.  Contracts in healthgap/inequalities.h (results and CSV:
 * inequalities_results.c; Arriaga: inequalities_arriaga.c).  Statistics come
 * from indicators/ (gaps.h, sii.h, quantile.h, rates.h); this file only arranges
 * inputs and rows. */
#include "healthgap/inequalities.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "healthgap/ci.h"
#include "healthgap/quantile.h"
#include "healthgap/rates.h"
#include "healthgap/sii.h"

/* ---- classification ------------------------------------------------------------ */

const char *hg_ineq_breakdown_type(const char *category_type) {
  if (!category_type)
    return "other";
  if (strcasestr(category_type, "deprivation") || strstr(category_type, "IMD"))
    return "deprivation"; /* "IMD quintile": the label says which index */
  if (strcasestr(category_type, "ethnic"))
    return "ethnicity";
  if (strcasecmp(category_type, "sex") == 0)
    return "sex";
  if (strcasecmp(category_type, "age") == 0 || strncasecmp(category_type, "age ", 4) == 0)
    return "age";
  return "other";
}

/* ---- deprivation ---------------------------------------------------------------- */

static void fill_key(hg_ineq_row *r, const hg_ineq_key *key, const char *breakdown,
                     const char *measure, const hg_ineq_options *opt) {
  hg_ineq_row_init(r, key, breakdown, measure);
  r->note = opt->note;
}

static void put_est(hg_ineq_row *r, const hg_gap_est *e) {
  r->value = e->value;
  r->lower95 = e->lower;
  r->upper95 = e->upper;
  r->significance = hg_gap_sig_text(e->sig);
}

/* The deprivation measures (sii, rii, abs_gap, rel_gap) all compare the most
 * deprived quantile (group) with the least (reference). */
typedef struct dep_ends {
  const char *most, *least, *type;
} dep_ends;

/* One measure row comparing group with reference: the shape every deprivation
 * and category row shares. */
static hg_status add_gap_row(hg_ineq_results *res, const hg_ineq_key *key,
                             const hg_ineq_options *opt, const char *breakdown, const char *measure,
                             const char *group, const char *reference, const char *component,
                             const hg_gap_est *e, double group_value, double reference_value) {
  hg_ineq_row r;
  fill_key(&r, key, breakdown, measure, opt);
  r.group = group;
  r.reference_group = reference;
  if (component)
    r.component = component;
  put_est(&r, e);
  r.group_value = group_value;
  r.reference_value = reference_value;
  return hg_ineq_results_add(res, &r);
}

static hg_status add_dep_row(hg_ineq_results *res, const hg_ineq_key *key,
                             const hg_ineq_options *opt, const dep_ends *ends, const char *measure,
                             const hg_gap_est *e, double group_value, double reference_value) {
  return add_gap_row(res, key, opt, "deprivation", measure, ends->most, ends->least, ends->type, e,
                     group_value, reference_value);
}

static double conf_of(const hg_ineq_options *o) {
  return o->confidence != 0 ? o->confidence : 95;
}
static double mult_of(const hg_ineq_options *o) {
  return o->multiplier != 0 ? o->multiplier : 1;
}

/* Value and limits of quantile j, from counts when no value is given. */
static hg_status quantile_value(const hg_ineq_quantile *q, const hg_ineq_options *o, double *v,
                                double *l, double *u) {
  *v = q->value;
  *l = q->lower95;
  *u = q->upper95;
  if (!isnan(*v))
    return HG_OK;
  if (isnan(q->count) || isnan(q->denominator))
    return HG_ERR_INVALID;
  if (!(q->count >= 0) || !(q->denominator > 0) ||
      (o->value_type == HG_GAP_PROPORTION && q->count > q->denominator))
    return HG_ERR_RANGE;
  static const double level95 = 0.95;
  hg_estimate e;
  if (o->value_type == HG_GAP_PROPORTION)
    hg_proportion(q->count, q->denominator, &level95, 1, mult_of(o), &e);
  else
    hg_rate(q->count, q->denominator, &level95, 1, mult_of(o), &e);
  *v = e.value;
  *l = e.lower[0];
  *u = e.upper[0];
  return HG_OK;
}

static const char *nz(const char *s) {
  return s ? s : "";
}

/* Each quantile's value and limits (from counts when no value is given) and
 * population; *have_limits = 0 when any quantile lacks limits. */
static hg_status dep_values(const hg_ineq_key *key, size_t k, const hg_ineq_quantile *q,
                            const hg_ineq_options *opt, double *v, double *l, double *u, double *p,
                            int *have_limits, hg_error *err) {
  *have_limits = 1;
  for (size_t j = 0; j < k; j++) {
    if (quantile_value(&q[j], opt, &v[j], &l[j], &u[j])) {
      hg_error_set(err, NULL, 0, NULL, "%s %s %s: quantile %zu has no value and no counts",
                   nz(key->indicator_id), nz(key->area_code), nz(key->period), j + 1);
      return HG_ERR_INVALID;
    }
    p[j] = !isnan(q[j].population) ? q[j].population : q[j].denominator;
    if (isnan(l[j]) || isnan(u[j]))
      *have_limits = 0;
  }
  return HG_OK;
}

static void scale_values(size_t k, double *v, double *l, double *u, double by, int divide) {
  for (size_t j = 0; j < k; j++) {
    if (divide) {
      v[j] /= by;
      l[j] /= by;
      u[j] /= by;
    } else {
      v[j] *= by;
      l[j] *= by;
      u[j] *= by;
    }
  }
}

/* SII and RII by PHEindicatormethods' phe_sii without transform
 * (healthgap/sii.h).  Its proportions are on the 0-1 scale with the multiplier
 * (scale) applied to the SII, so v, l and u are scaled down for the fit and
 * back again after it.  Without limits (or with opt->no_ci) the regression
 * alone (hg_sii_point), no simulation. */
static hg_status dep_sii(const hg_ineq_key *key, const char *type, size_t k, const double *p,
                         double *v, double *l, double *u, int have_limits, double scale,
                         const hg_ineq_options *opt, hg_sii_result *s, hg_error *err) {
  hg_status st;
  scale_values(k, v, l, u, scale, 1);
  if (opt->no_ci || !have_limits) {
    /* hg_sii_point works with multiplier 1, so the SII is scaled here. */
    double b0 = NAN, b1 = NAN, rii = NAN;
    st = hg_sii_point(p, v, k, &b1, &rii, &b0);
    scale_values(k, v, l, u, scale, 0); /* back to the values' own scale for the gaps */
    if (st) {
      hg_error_set(err, NULL, 0, NULL, "%s %s %s: sii: %s", nz(key->indicator_id),
                   nz(key->area_code), nz(key->period), hg_strerror(st));
      return st;
    }
    memset(s, 0, sizeof *s);
    s->sii = b1 * scale;
    s->rii = rii;
    s->intercept = b0;
    s->sii_lower[0] = s->sii_upper[0] = s->rii_lower[0] = s->rii_upper[0] = NAN;
    return HG_OK;
  }
  double conf = conf_of(opt) >= 1 ? conf_of(opt) / 100 : conf_of(opt);
  hg_sii_options so = {.value_type = (int)opt->value_type,
                       .multiplier = scale,
                       .repetitions = opt->repetitions ? (long)opt->repetitions : 10000,
                       .confidence = &conf,
                       .n_confidence = 1,
                       .rii = 1,
                       .intercept = 1,
                       .seed = opt->seed};
  hg_sii_group sg = {.k = k, .population = p, .value = v, .lower_cl = l, .upper_cl = u};
  /* The simulation's stream is seeded by the row's identity, so a row's limits
   * do not depend on the other rows of the run. */
  char skey[512];
  int klen = snprintf(skey, sizeof skey, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", nz(key->indicator_id),
                      nz(key->area_code), nz(key->period), nz(key->sex), nz(key->age), type);
  size_t slen = klen < 0 ? 0 : (size_t)klen < sizeof skey ? (size_t)klen : sizeof skey - 1;
  size_t bad;
  st = hg_sii_check_group(&sg, &so, &bad, err);
  if (!st)
    st = hg_sii_compute(&sg, &so, hg_sii_stream_seed(opt->seed, skey, slen), s, err);
  scale_values(k, v, l, u, scale, 0); /* back to the values' own scale for the gaps */
  return st;
}

/* Absolute and relative gap: most deprived (a) against least deprived (b).
 * Published values (with their limits) are used as given; the count methods
 * apply only when the end values were derived here from counts (a published
 * value may be standardised, so its crude count/denominator is not the same
 * thing). */
static hg_status dep_gaps(const hg_ineq_quantile *a, const hg_ineq_quantile *b, double va,
                          double la, double ua, double vb, double lb, double ub,
                          const hg_ineq_options *opt, hg_gap_est *d, hg_gap_est *rr) {
  hg_status st;
  double conf = conf_of(opt);
  int counts = isnan(a->value) && isnan(b->value) && opt->value_type != HG_GAP_NORMAL;
  if (counts && opt->value_type == HG_GAP_RATE) {
    st = hg_rate_difference(a->count, a->denominator, b->count, b->denominator, mult_of(opt), conf,
                            d);
    if (!st)
      st = hg_rate_ratio(a->count, a->denominator, b->count, b->denominator, conf, rr);
  } else if (counts) {
    st = hg_risk_difference(a->count, a->denominator, b->count, b->denominator, mult_of(opt), conf,
                            d);
    if (!st)
      st = hg_risk_ratio(a->count, a->denominator, b->count, b->denominator, conf, rr);
  } else {
    st = hg_gap_difference_ci(va, la, ua, vb, lb, ub, 95, conf, d);
    if (!st)
      st = hg_gap_ratio_ci(va, la, ua, vb, lb, ub, 95, conf, rr);
  }
  return st;
}

hg_status hg_ineq_deprivation(const hg_ineq_key *key, const char *category_type, size_t k,
                              const hg_ineq_quantile *q, const hg_ineq_options *opt,
                              hg_ineq_results *res, hg_error *err) {
  static const hg_ineq_options defaults = {0};
  hg_status st = HG_OK;
  double *v = NULL, *l = NULL, *u = NULL, *p = NULL;
  char most_buf[32], least_buf[32];
  if (!opt)
    opt = &defaults;
  if (!key || !q || !res || k < 2)
    return HG_ERR_INVALID;
  v = malloc(k * sizeof *v);
  l = malloc(k * sizeof *l);
  u = malloc(k * sizeof *u);
  p = malloc(k * sizeof *p);
  if (!v || !l || !u || !p) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  int have_limits;
  if ((st = dep_values(key, k, q, opt, v, l, u, p, &have_limits, err)))
    goto cleanup;
  const char *type = category_type && *category_type ? category_type : "deprivation";
  const char *most = q[0].label, *least = q[k - 1].label;
  if (!most) {
    snprintf(most_buf, sizeof most_buf, "Q1");
    most = most_buf;
  }
  if (!least) {
    snprintf(least_buf, sizeof least_buf, "Q%zu", k);
    least = least_buf;
  }
  const dep_ends ends = {most, least, type};

  /* SII and RII: the PHE method over the quantile values. */
  int pops_ok = 1;
  for (size_t j = 0; j < k; j++)
    if (!(p[j] > 0))
      pops_ok = 0;
  if (k >= 5 && k <= 100 && pops_ok) {
    double scale = opt->value_type == HG_GAP_PROPORTION ? mult_of(opt) : 1;
    hg_sii_result s;
    if ((st = dep_sii(key, type, k, p, v, l, u, have_limits, scale, opt, &s, err)))
      goto cleanup;
    /* sii against 0, rii against 1; both rows carry the fitted line's ends */
    const hg_gap_est est[2] = {{s.sii, s.sii_lower[0], s.sii_upper[0],
                                hg_gap_sig_against(s.sii_lower[0], s.sii_upper[0], 0)},
                               {s.rii, s.rii_lower[0], s.rii_upper[0],
                                hg_gap_sig_against(s.rii_lower[0], s.rii_upper[0], 1)}};
    static const char *const measures[2] = {"sii", "rii"};
    for (int m = 0; m < 2; m++) /* phe_sii leaves the intercept on the 0-1 scale */
      if ((st = add_dep_row(res, key, opt, &ends, measures[m], &est[m], s.intercept * scale,
                            s.intercept * scale + s.sii)))
        goto cleanup;
  }

  hg_gap_est d, rr;
  st = dep_gaps(&q[0], &q[k - 1], v[0], l[0], u[0], v[k - 1], l[k - 1], u[k - 1], opt, &d, &rr);
  if (st) {
    hg_error_set(err, NULL, 0, NULL, "%s %s %s: gap: %s", nz(key->indicator_id), nz(key->area_code),
                 nz(key->period), hg_strerror(st));
    goto cleanup;
  }
  if ((st = add_dep_row(res, key, opt, &ends, "abs_gap", &d, v[0], v[k - 1])))
    goto cleanup;
  st = add_dep_row(res, key, opt, &ends, "rel_gap", &rr, v[0], v[k - 1]);

cleanup:
  free(v);
  free(l);
  free(u);
  free(p);
  return st;
}

/* Order for population-weighted quantiles: most deprived first. */
typedef struct {
  double m;
  size_t i;
  int worse_high;
} ord_item;

static int cmp_ord(const void *a, const void *b) {
  const ord_item *x = a, *y = b;
  double dx = x->worse_high ? -x->m : x->m, dy = y->worse_high ? -y->m : y->m;
  if (dx != dy)
    return dx < dy ? -1 : 1;
  return (x->i > y->i) - (x->i < y->i); /* stable on input order */
}

hg_status hg_ineq_assign_quantiles(size_t n, const double *measure, const double *pop, int nq,
                                   int higher_is_worse, int *q, hg_error *err) {
  if ((n && (!measure || !q)) || nq < 1) {
    hg_error_set(err, NULL, 0, NULL, "nquantiles must be a positive integer");
    return HG_ERR_RANGE;
  }
  if (!pop)
    return hg_quantile_assign(measure, n, nq, higher_is_worse, q, NULL, err);
  ord_item *it = malloc((n ? n : 1) * sizeof *it);
  if (!it)
    return HG_ERR_NOMEM;
  size_t m = 0;
  double total = 0;
  for (size_t i = 0; i < n; i++) {
    q[i] = 0;
    if (isnan(measure[i]) || !(pop[i] >= 0))
      continue;
    it[m++] = (ord_item){measure[i], i, higher_is_worse};
    total += pop[i];
  }
  qsort(it, m, sizeof *it, cmp_ord);
  double cum = 0;
  for (size_t j = 0; j < m; j++) {
    double w = pop[it[j].i];
    double mid = total > 0 ? (cum + w / 2) / total : 0;
    cum += w;
    int qq = (int)floor(mid * nq) + 1;
    q[it[j].i] = qq > nq ? nq : qq;
  }
  free(it);
  return HG_OK;
}

hg_status hg_ineq_assign_quantiles_within(const hg_geo *g, hg_geo_level within, size_t n,
                                          const char *const *codes, const double *measure,
                                          const double *pop, int nq, int higher_is_worse, int *q,
                                          hg_error *err) {
  hg_status st = HG_OK;
  GHashTable *groups = g_hash_table_new(g_str_hash, g_str_equal); /* ancestor -> GArray of size_t */
  double *mv = NULL, *pv = NULL;
  int *qv = NULL;
  if (!g || !codes || !measure || !q) {
    st = HG_ERR_INVALID;
    goto cleanup;
  }
  for (size_t i = 0; i < n; i++) {
    const char *a = hg_geo_ancestor(g, codes[i], within);
    if (!a) {
      hg_error_set(err, NULL, 0, NULL, "area '%s' has no %s in the hierarchy", codes[i],
                   hg_geo_level_name(within));
      st = HG_ERR_NOT_FOUND;
      goto cleanup;
    }
    GArray *idx = g_hash_table_lookup(groups, a);
    if (!idx) {
      idx = g_array_new(FALSE, FALSE, sizeof(size_t));
      g_hash_table_insert(groups, (gpointer)a, idx);
    }
    g_array_append_val(idx, i);
  }
  mv = malloc((n ? n : 1) * sizeof *mv);
  pv = malloc((n ? n : 1) * sizeof *pv);
  qv = malloc((n ? n : 1) * sizeof *qv);
  if (!mv || !pv || !qv) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  GHashTableIter hi;
  gpointer key, val;
  g_hash_table_iter_init(&hi, groups);
  while (g_hash_table_iter_next(&hi, &key, &val)) {
    GArray *idx = val;
    for (guint j = 0; j < idx->len; j++) {
      size_t i = g_array_index(idx, size_t, j);
      mv[j] = measure[i];
      pv[j] = pop ? pop[i] : NAN;
    }
    if ((st =
             hg_ineq_assign_quantiles(idx->len, mv, pop ? pv : NULL, nq, higher_is_worse, qv, err)))
      goto cleanup;
    for (guint j = 0; j < idx->len; j++)
      q[g_array_index(idx, size_t, j)] = qv[j];
  }
cleanup:
  if (groups) {
    GHashTableIter it;
    gpointer k2, v2;
    g_hash_table_iter_init(&it, groups);
    while (g_hash_table_iter_next(&it, &k2, &v2))
      g_array_free(v2, TRUE);
    g_hash_table_destroy(groups);
  }
  free(mv);
  free(pv);
  free(qv);
  return st;
}

void hg_ineq_quantile_sums(size_t n, const int *q, const double *num, const double *den, int nq,
                           double *num_out, double *den_out) {
  for (int j = 0; j < nq; j++) {
    num_out[j] = 0;
    if (den_out)
      den_out[j] = 0;
  }
  for (size_t i = 0; i < n; i++) {
    if (q[i] < 1 || q[i] > nq)
      continue;
    num_out[q[i] - 1] += num[i]; /* NAN propagates: missing is not zero */
    if (den && den_out)
      den_out[q[i] - 1] += den[i];
  }
}

void hg_ineq_quantile_means(size_t n, const int *q, const double *value, const double *weight,
                            int nq, double *mean_out, double *weight_out) {
  double *sw = calloc((size_t)nq, sizeof *sw);
  for (int j = 0; j < nq; j++)
    mean_out[j] = 0;
  for (size_t i = 0; i < n; i++) {
    if (q[i] < 1 || q[i] > nq || isnan(value[i]) || !(weight[i] >= 0))
      continue;
    mean_out[q[i] - 1] += value[i] * weight[i];
    if (sw)
      sw[q[i] - 1] += weight[i];
  }
  for (int j = 0; j < nq; j++) {
    double w = sw ? sw[j] : NAN;
    mean_out[j] = w > 0 ? mean_out[j] / w : NAN;
    if (weight_out)
      weight_out[j] = w;
  }
  free(sw);
}

/* ---- categories ---------------------------------------------------------------- */

hg_status hg_ineq_categories(const hg_ineq_key *key, const char *breakdown_type, size_t n,
                             const char *const *names, const double *value, const double *lower95,
                             const double *upper95, const char *ref_name, double rv, double rl,
                             double ru, const hg_ineq_options *opt, hg_ineq_results *res) {
  static const hg_ineq_options defaults = {0};
  hg_status st = HG_OK;
  if (!opt)
    opt = &defaults;
  if (!key || !res || (n && (!names || !value)))
    return HG_ERR_INVALID;
  double conf = conf_of(opt);
  for (size_t i = 0; i < n; i++) {
    if (ref_name && names[i] && strcmp(names[i], ref_name) == 0)
      continue;
    double l = lower95 ? lower95[i] : NAN, u = upper95 ? upper95[i] : NAN;
    hg_gap_est d, r;
    if ((st = hg_gap_difference_ci(value[i], l, u, rv, rl, ru, 95, conf, &d)) ||
        (st = hg_gap_ratio_ci(value[i], l, u, rv, rl, ru, 95, conf, &r)))
      return st;
    if ((st = add_gap_row(res, key, opt, breakdown_type, "diff_vs_ref", names[i], ref_name, NULL,
                          &d, value[i], rv)) ||
        (st = add_gap_row(res, key, opt, breakdown_type, "ratio_vs_ref", names[i], ref_name, NULL,
                          &r, value[i], rv)))
      return st;
  }
  return HG_OK;
}
