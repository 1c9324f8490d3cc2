/* sii.c: phe_sii (Low & Low): point estimates by weighted least squares, limits by
 * Monte Carlo simulation.  Documented in docs/methods-le-sii.md.  Contract: sii.h.
 *
 * Speed: the design matrix is the same for every repetition, so its pseudo-inverse
 * H (2 x k) is computed once per group (GSL SVD) and each repetition's regression
 * is two dot products.  Draws are not stored: each repetition keeps only its SII
 * (and RII), and the percentiles are found by selection, not a full sort. */
#include "healthgap/sii.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "gsl_quiet.h"

const char *hg_sii_value_type_name(int value_type) {
  return value_type == HG_SII_RATE         ? "rate"
         : value_type == HG_SII_PROPORTION ? "proportion"
                                           : "normal";
}

const char *hg_sii_transform_name(int value_type, int transform) {
  if (!transform)
    return "none";
  return value_type == HG_SII_RATE ? "log" : value_type == HG_SII_PROPORTION ? "logit" : "none";
}

static int bad_conf(double v) {
  return !(v >= 0.9) || (v > 1 && v < 90) || v > 100;
}

hg_status hg_sii_check_options(const hg_sii_options *opt, const hg_sii_fields *f, hg_error *err) {
  static const hg_sii_fields none = {0};
  if (!f)
    f = &none;
  if (!f->value && !(f->x && opt->value_type == HG_SII_PROPORTION)) {
    hg_error_set(err, NULL, 0, NULL,
                 "function phe_sii requires value field, or x field if indicator is a "
                 "proportion of population");
    return HG_ERR_INVALID;
  }
  if (!((f->lower_cl && f->upper_cl) || f->se)) {
    hg_error_set(err, NULL, 0, NULL,
                 "function phe_sii requires either lower_cl and upper_cl fields, or se field");
    return HG_ERR_INVALID;
  }
  if (opt->value_type < 0 || opt->value_type > 2) {
    hg_error_set(err, NULL, 0, NULL, "value_type should be 0, 1 or 2 (normal, rate or proportion)");
    return HG_ERR_RANGE;
  }
  if (!isfinite(opt->multiplier)) {
    hg_error_set(err, NULL, 0, NULL,
                 "multiplier, repetitions and confidence inputs should be numeric");
    return HG_ERR_INVALID;
  }
  if (opt->repetitions != 0 && opt->repetitions < 1000) {
    hg_error_set(err, NULL, 0, NULL,
                 "number of repetitions must be 1000 or greater. Default is 100,000");
    return HG_ERR_RANGE;
  }
  if (opt->transform) {
    if (opt->value_type != HG_SII_RATE && opt->value_type != HG_SII_PROPORTION) {
      hg_error_set(err, NULL, 0, NULL, "value_type should be 1 or 2 when transform is true");
      return HG_ERR_INVALID;
    }
    if (f->se) {
      hg_error_set(err, NULL, 0, NULL,
                   "function phe_sii requires se to be missing when transform is true");
      return HG_ERR_INVALID;
    }
    if (!(f->lower_cl && f->upper_cl)) {
      hg_error_set(err, NULL, 0, NULL,
                   "function phe_sii requires lower_cl and upper_cl fields when transform is "
                   "true");
      return HG_ERR_INVALID;
    }
  }
  if (opt->confidence && (opt->n_confidence == 0 || opt->n_confidence > HG_SII_MAX_CONF)) {
    hg_error_set(err, NULL, 0, NULL, "between 1 and %d confidence levels can be given",
                 HG_SII_MAX_CONF);
    return HG_ERR_RANGE;
  }
  for (size_t c = 0; opt->confidence && c < opt->n_confidence; c++) {
    if (bad_conf(opt->confidence[c])) {
      hg_error_set(err, NULL, 0, NULL,
                   "all confidence levels must be between 90 and 100 or between 0.9 and 1");
      return HG_ERR_RANGE;
    }
  }
  return HG_OK;
}

hg_status hg_sii_check_group(const hg_sii_group *g, const hg_sii_options *opt, size_t *row,
                             hg_error *err) {
  size_t k = g->k, dummy;
  if (!row)
    row = &dummy;
#define FAIL_AT(i, msg)                                                                            \
  do {                                                                                             \
    *row = (i);                                                                                    \
    hg_error_set(err, NULL, 0, NULL, "%s", msg);                                                   \
    return HG_ERR_INVALID;                                                                         \
  } while (0)
  for (size_t i = 0; i < k; i++)
    if (!(g->population[i] > 0))
      FAIL_AT(i, "some groups have a zero, negative or missing population");
  if (g->se)
    for (size_t i = 0; i < k; i++)
      if (!(g->se[i] >= 0))
        FAIL_AT(i, "negative or missing standard errors in input dataset");
  if (g->lower_cl && g->upper_cl && !g->se)
    for (size_t i = 0; i < k; i++)
      if (isnan(g->lower_cl[i]) || isnan(g->upper_cl[i]))
        FAIL_AT(i, "missing lower or upper confidence limits in input dataset");
  if (opt->value_type == HG_SII_PROPORTION) {
    if (g->value) {
      for (size_t i = 0; i < k; i++)
        if (!(g->value[i] >= 0 && g->value[i] <= 1))
          FAIL_AT(i, "value proportions are not all between 0 and 1");
    }
    if (g->lower_cl && g->upper_cl)
      for (size_t i = 0; i < k; i++)
        if (!(g->lower_cl[i] >= 0 && g->lower_cl[i] <= 1 && g->upper_cl[i] >= 0 &&
              g->upper_cl[i] <= 1))
          FAIL_AT(i, "confidence limit proportions are not all between 0 and 1");
    if (!g->value && g->x)
      for (size_t i = 0; i < k; i++)
        if (!(g->x[i] > 0))
          FAIL_AT(i, "some groups have a zero or negative count x");
  }
#undef FAIL_AT
  return HG_OK;
}

hg_status hg_sii_check_nquantiles(size_t q, int *warn, hg_error *err) {
  if (warn)
    *warn = q > 10;
  if (q < 5 || q > 100) {
    hg_error_set(err, NULL, 0, NULL, "Number of quantiles must be between 5 and 100");
    return HG_ERR_RANGE;
  }
  return HG_OK;
}

static uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t hg_sii_stream_seed(uint64_t seed, const char *key, size_t len) {
  uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a over the key, then mixed with the seed */
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)key[i]) * 0x100000001b3ULL;
  return splitmix64(splitmix64(seed) ^ h);
}

/* The link (identity, log, logit) and its inverse g. */
double hg_sii_link(int vt, double v) {
  return vt == HG_SII_RATE ? log(v) : vt == HG_SII_PROPORTION ? log(v / (1 - v)) : v;
}
double hg_sii_unlink(int vt, double u) {
  return vt == HG_SII_RATE ? exp(u) : vt == HG_SII_PROPORTION ? exp(u) / (1 + exp(u)) : u;
}

/* k-th smallest of v[0..n) (0-based), reordering v.  GSL has no O(n) selection
 * (gsl_sort_smallest is O(n k)), and a full sort of 100,000 draws per group would cost
 * as much as drawing them. */
static double select_kth(double *v, size_t n, size_t k) {
  size_t lo = 0, hi = n - 1;
  while (hi > lo) {
    size_t mid = lo + (hi - lo) / 2;
    /* median of three as pivot */
    double a = v[lo], b = v[mid], c = v[hi];
    double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
    size_t i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot)
        i++;
      while (v[j] > pivot)
        j--;
      if (i <= j) {
        double t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        if (j == 0)
          break;
        j--;
      }
    }
    if (k <= j)
      hi = j;
    else if (k >= i)
      lo = i;
    else
      return v[k];
  }
  return v[k];
}

void hg_sii_design(const double *population, size_t k, double *a, double *b) {
  double total = 0, cum = 0;
  for (size_t j = 0; j < k; j++)
    total += population[j];
  for (size_t j = 0; j < k; j++) {
    a[j] = population[j] / total;
    b[j] = cum + a[j] / 2; /* the midpoint of the cumulative population share */
    cum += a[j];
  }
}

typedef struct design {
  double h0[128], h1[128]; /* rows of pinv(X) times sqrt(a): beta = H y */
} design;

/* X = [sqrt(a), b sqrt(a)]; H = pinv(X) diag(sqrt(a)) so that beta = H y. */
static hg_status make_design(const double *pop, size_t k, design *d) {
  hg_status st = HG_OK;
  gsl_matrix *U = gsl_matrix_alloc(k, 2), *V = gsl_matrix_alloc(2, 2);
  gsl_vector *S = gsl_vector_alloc(2), *work = gsl_vector_alloc(2);
  double sqa[128];
  if (!U || !V || !S || !work) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  double a[128], b[128];
  hg_sii_design(pop, k, a, b);
  for (size_t j = 0; j < k; j++) {
    sqa[j] = sqrt(a[j]);
    gsl_matrix_set(U, j, 0, sqa[j]);
    gsl_matrix_set(U, j, 1, b[j] * sqa[j]);
  }
  if (gsl_linalg_SV_decomp(U, V, S, work) != GSL_SUCCESS || !(gsl_vector_get(S, 1) > 0)) {
    st = HG_ERR_INVALID;
    goto cleanup;
  }
  for (size_t j = 0; j < k; j++) {
    double h[2];
    for (size_t p = 0; p < 2; p++) {
      h[p] = 0;
      for (size_t m = 0; m < 2; m++)
        h[p] += gsl_matrix_get(V, p, m) * gsl_matrix_get(U, j, m) / gsl_vector_get(S, m);
    }
    d->h0[j] = h[0] * sqa[j];
    d->h1[j] = h[1] * sqa[j];
  }
cleanup:
  gsl_matrix_free(U);
  gsl_matrix_free(V);
  gsl_vector_free(S);
  gsl_vector_free(work);
  return st;
}

/* beta = H y (the weighted regression without intercept of 10.2). */
static void fit_betas(const design *d, const double *y, size_t k, double *b0, double *b1) {
  *b0 = *b1 = 0;
  for (size_t j = 0; j < k; j++) {
    *b0 += d->h0[j] * y[j];
    *b1 += d->h1[j] * y[j];
  }
}

hg_status hg_sii_point(const double *population, const double *value, size_t k, double *sii,
                       double *rii, double *intercept) {
  if (k < 2 || k > 128)
    return HG_ERR_RANGE;
  for (size_t j = 0; j < k; j++)
    if (!isfinite(value[j]) || !(population[j] > 0) || !isfinite(population[j]))
      return HG_ERR_INVALID;
  hg_gsl_quiet();
  design d;
  hg_status st = make_design(population, k, &d);
  if (st != HG_OK)
    return st;
  double b0, b1;
  fit_betas(&d, value, k, &b0, &b1);
  if (sii)
    *sii = b1;
  if (rii)
    *rii = (b0 + b1) / b0;
  if (intercept)
    *intercept = b0;
  return HG_OK;
}

/* 0-based sorted positions of the lower and upper limit at confidence c, out of
 * n draws: R's round(R * (1 - cv)) and round(R * cv), 1-based, half to even. */
static void limit_positions(size_t n, double c, size_t *il, size_t *iu) {
  double cv = c + (1 - c) / 2;
  double pl = nearbyint((double)n * (1 - cv)), pu = nearbyint((double)n * cv);
  *il = pl < 1 ? 0 : (size_t)pl - 1;
  *iu = pu < 1 ? 0 : (size_t)pu - 1;
  if (*il >= n)
    *il = n - 1;
  if (*iu >= n)
    *iu = n - 1;
}

/* Puts the order statistics at pos[0..npos) (ascending, within [lo, hi)) in place:
 * select the middle one, then recurse on each side with its smaller range.  For
 * 95% and 99.8% this costs about two selections of the block instead of four. */
static void multi_select(double *v, size_t lo, size_t hi, const size_t *pos, size_t npos) {
  if (npos == 0 || hi <= lo)
    return;
  size_t mid = npos / 2, m = pos[mid];
  select_kth(v + lo, hi - lo, m - lo);
  size_t left = mid, right = mid + 1;
  while (left > 0 && pos[left - 1] == m)
    left--;
  while (right < npos && pos[right] == m)
    right++;
  multi_select(v, lo, m, pos, left);
  multi_select(v, m + 1, hi, pos + right, npos - right);
}

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Order statistics at pos[0..npos) (sorted) of v[0..n), written to val[].  The
 * limits sit in the tails, so instead of selecting in the whole block we take a
 * threshold per tail from a small strided sample (the draws are iid), copy the
 * elements beyond it into tmp in one pass, and select there.  Exact: if the tail
 * copy does not contain the wanted ranks (very unlikely), fall back to selection
 * over the whole block. */
static void tail_select(double *v, size_t n, const size_t *pos, size_t npos, double *val,
                        double *tmp) {
  enum { SAMPLE = 1024 };
  size_t nlow = 0;
  while (nlow < npos && pos[nlow] < n / 2)
    nlow++;
  if (n < 4 * SAMPLE)
    goto full;
  double sample[SAMPLE];
  for (size_t i = 0; i < SAMPLE; i++)
    sample[i] = v[i * (n / SAMPLE)];
  qsort(sample, SAMPLE, sizeof *sample, cmp_dbl);
  double tl = -INFINITY, tu = INFINITY;
  if (nlow > 0) {
    /* A rank a few binomial SDs above the highest wanted lower rank. */
    double q = (double)(pos[nlow - 1] + 1) / (double)n * SAMPLE;
    size_t r = (size_t)(q + 5 * sqrt(q + 1) + 8);
    if (r >= SAMPLE / 4)
      goto full;
    tl = sample[r];
  }
  if (nlow < npos) {
    double q = (double)(n - pos[nlow]) / (double)n * SAMPLE;
    size_t r = (size_t)(q + 5 * sqrt(q + 1) + 8);
    if (r >= SAMPLE / 4)
      goto full;
    tu = sample[SAMPLE - 1 - r];
  }
  /* One pass: lower tail to the front of tmp, upper tail to the back. */
  size_t cl = 0, cu = 0;
  for (size_t i = 0; i < n; i++) {
    double x = v[i];
    if (x <= tl)
      tmp[cl++] = x;
    else if (x >= tu)
      tmp[n - 1 - cu++] = x;
  }
  if ((nlow > 0 && cl <= pos[nlow - 1]) || (nlow < npos && n - cu > pos[nlow]))
    goto full;
  multi_select(tmp, 0, cl, pos, nlow);
  for (size_t i = 0; i < nlow; i++)
    val[i] = tmp[pos[i]];
  /* Ranks in the upper tail: overall rank p is rank p - (n - cu) within it. */
  double *up = tmp + (n - cu);
  size_t upos[2 * HG_SII_MAX_CONF];
  for (size_t i = nlow; i < npos; i++)
    upos[i - nlow] = pos[i] - (n - cu);
  multi_select(up, 0, cu, upos, npos - nlow);
  for (size_t i = nlow; i < npos; i++)
    val[i] = up[upos[i - nlow]];
  return;
full:
  multi_select(v, 0, n, pos, npos);
  for (size_t i = 0; i < npos; i++)
    val[i] = v[pos[i]];
}

/* Lower and upper limits at every level from one block of n draws (v may be
 * reordered; tmp holds n doubles of scratch). */
static void block_limits(double *v, size_t n, const double *conf, size_t nconf, double *lo,
                         double *hi, double *tmp) {
  size_t pos[2 * HG_SII_MAX_CONF], sorted[2 * HG_SII_MAX_CONF];
  double val[2 * HG_SII_MAX_CONF];
  for (size_t c = 0; c < nconf; c++)
    limit_positions(n, conf[c], &pos[2 * c], &pos[2 * c + 1]);
  memcpy(sorted, pos, 2 * nconf * sizeof *pos);
  qsort(sorted, 2 * nconf, sizeof *sorted, cmp_size);
  tail_select(v, n, sorted, 2 * nconf, val, tmp);
  for (size_t c = 0; c < nconf; c++) {
    for (size_t i = 0; i < 2 * nconf; i++) {
      if (sorted[i] == pos[2 * c])
        lo[c] = val[i];
      if (sorted[i] == pos[2 * c + 1])
        hi[c] = val[i];
    }
  }
}

/* *out before any estimate: the normalised levels, every number NAN. */
static void result_init(const hg_sii_options *opt, hg_sii_result *out) {
  memset(out, 0, sizeof *out);
  out->n_conf = opt->confidence ? opt->n_confidence : 1;
  for (size_t c = 0; c < out->n_conf; c++) {
    double v = opt->confidence ? opt->confidence[c] : 0.95;
    out->conf[c] = v >= 90 ? v / 100 : v;
    out->sii_lower[c] = out->sii_upper[c] = out->rii_lower[c] = out->rii_upper[c] = NAN;
    out->sii_mad[c] = out->rii_mad[c] = NAN;
  }
  out->sii = out->rii = out->intercept = NAN;
}

/* Each quantile's value v, its link mu and the standard error se of mu.
 * Returns 0 if any is not finite. */
static int link_inputs(const hg_sii_group *g, int vt, double *v, double *mu, double *se) {
  const double z975 = gsl_cdf_ugaussian_Pinv(0.975);
  int finite = 1;
  for (size_t j = 0; j < g->k; j++) {
    v[j] = g->value ? g->value[j] : g->x[j] / g->population[j];
    mu[j] = hg_sii_link(vt, v[j]);
    /* R: a supplied se is used as is (taken to be on the link scale); otherwise it
     * comes from the 95% limits on the link scale. */
    se[j] = g->se ? g->se[j]
                  : (hg_sii_link(vt, g->upper_cl[j]) - hg_sii_link(vt, g->lower_cl[j])) / z975 / 2;
    if (!isfinite(mu[j]) || !isfinite(se[j]) || !isfinite(v[j]))
      finite = 0;
  }
  return finite;
}

/* The untransformed SII and RII of an intercept b0 and slope b1, fitted or
 * drawn: a negative multiplier flips the SII and inverts the RII. */
static inline void untransformed_indices(double b0, double b1, double mult, double *sii,
                                         double *rii) {
  double ratio = (b0 + b1) / b0;
  *sii = mult * b1;
  *rii = mult < 0 ? 1 / ratio : ratio;
}

/* Point estimates (10.3) from the fitted b0, b1. */
static void point_estimates(double b0, double b1, int vt, int tr, double mult, hg_sii_result *out) {
  if (!tr) {
    untransformed_indices(b0, b1, mult, &out->sii, &out->rii);
    out->intercept = b0;
  } else {
    double y0 = hg_sii_unlink(vt, b0), y1 = hg_sii_unlink(vt, b0 + b1);
    out->sii = (y1 - y0) * mult;
    out->rii = mult < 0 ? y0 / y1 : y1 / y0;
    out->intercept = y0 * fabs(mult);
  }
}

/* Simulation (10.4): total draws of the k link values around mu, each
 * regressed through the design: sii_sim[r] (and, untransformed, rii_sim[r]). */
static void simulate(gsl_rng *rng, const design *d, const double *mu, const double *se, size_t k,
                     int vt, int tr, double mult, size_t total, double *sii_sim, double *rii_sim) {
  for (size_t r = 0; r < total; r++) {
    double s0 = 0, s1 = 0;
    for (size_t j = 0; j < k; j++) {
      double y = mu[j] + gsl_ran_gaussian_ziggurat(rng, se[j]);
      if (!tr && vt != HG_SII_NORMAL)
        y = hg_sii_unlink(vt, y);
      s0 += d->h0[j] * y;
      s1 += d->h1[j] * y;
    }
    if (!tr) {
      untransformed_indices(s0, s1, mult, &sii_sim[r], &rii_sim[r]);
    } else {
      sii_sim[r] = s1;
    }
  }
}

/* The pair draw (hg_sii_options.draw_values 0; untransformed normal values):
 * the intercept s0 = sum_j h0_j y_j and slope s1 = sum_j h1_j y_j of a
 * repetition, with y_j = mu_j + se_j Z_j, are bivariate normal with means
 * sum h0 mu, sum h1 mu and covariance V = [sum h0^2 se^2, sum h0 h1 se^2;
 * ., sum h1^2 se^2].  Drawn through V's Cholesky factor from two standard
 * normals, they have exactly the distribution of the k-draw simulation, at
 * 2/k of its draws. */
static void simulate_pair(gsl_rng *rng, const design *d, const double *mu, const double *se,
                          size_t k, double mult, size_t total, double *sii_sim, double *rii_sim) {
  double m0 = 0, m1 = 0, v00 = 0, v01 = 0, v11 = 0;
  for (size_t j = 0; j < k; j++) {
    double s2 = se[j] * se[j];
    m0 += d->h0[j] * mu[j];
    m1 += d->h1[j] * mu[j];
    v00 += d->h0[j] * d->h0[j] * s2;
    v01 += d->h0[j] * d->h1[j] * s2;
    v11 += d->h1[j] * d->h1[j] * s2;
  }
  const double l00 = sqrt(v00), l10 = l00 > 0 ? v01 / l00 : 0;
  const double l11 = sqrt(fmax(0, v11 - l10 * l10)); /* rounding may leave a tiny negative */
  for (size_t r = 0; r < total; r++) {
    double z0 = gsl_ran_gaussian_ziggurat(rng, 1), z1 = gsl_ran_gaussian_ziggurat(rng, 1);
    untransformed_indices(m0 + l00 * z0, m1 + l10 * z0 + l11 * z1, mult, &sii_sim[r], &rii_sim[r]);
  }
}

/* --exact (untransformed, normal values): the simulated slope is
 * mult * sum_j h1_j (mu_j + se_j Z_j), normal with sd |mult| sqrt(sum h1_j^2 se_j^2),
 * so the limits the percentiles of the draws converge to are sii -+ z sd. */
static void exact_limits(const design *d, const double *se, size_t k, double mult, int rel,
                         hg_sii_result *out) {
  double var = 0;
  for (size_t j = 0; j < k; j++)
    var += d->h1[j] * d->h1[j] * se[j] * se[j];
  double sd = fabs(mult) * sqrt(var);
  for (size_t c = 0; c < out->n_conf; c++) {
    double z = gsl_cdf_ugaussian_Pinv(out->conf[c] + (1 - out->conf[c]) / 2);
    out->sii_lower[c] = out->sii - z * sd;
    out->sii_upper[c] = out->sii + z * sd;
    if (rel) /* no Monte Carlo error to report */
      out->sii_mad[c] = 0;
  }
}

/* With a transform the limits of the link-scale slope are pivoted around the
 * fitted midpoint xh and mapped back: L = {sii lower, sii upper, rii lower,
 * rii upper} from the slope limits sl, su. */
static void pivot_limits(int vt, double xh, double sl, double su, double mult, int neg, double *L) {
  double gil = hg_sii_unlink(vt, xh - sl / 2), giu = hg_sii_unlink(vt, xh - su / 2);
  double gxl = hg_sii_unlink(vt, xh + sl / 2), gxu = hg_sii_unlink(vt, xh + su / 2);
  if (!neg) {
    L[0] = (gxl - gil) * mult, L[1] = (gxu - giu) * mult;
    L[2] = gxl / gil, L[3] = gxu / giu;
  } else {
    L[0] = (gxu - giu) * mult, L[1] = (gxl - gil) * mult;
    L[2] = 1 / (gxu / giu), L[3] = 1 / (gxl / gil);
  }
}

/* The limits of block 1 go to out; with more blocks (reliability_stat) the
 * mean absolute difference of blocks 2..n from block 1, over both limits. */
static void limits_and_mad(const double (*lim)[HG_SII_MAX_CONF][4], size_t blocks,
                           hg_sii_result *out) {
  for (size_t c = 0; c < out->n_conf; c++) {
    out->sii_lower[c] = lim[0][c][0];
    out->sii_upper[c] = lim[0][c][1];
    out->rii_lower[c] = lim[0][c][2];
    out->rii_upper[c] = lim[0][c][3];
    if (blocks > 1) {
      double ms = 0, mr = 0;
      for (size_t b = 1; b < blocks; b++) {
        ms += fabs(lim[b][c][0] - lim[0][c][0]) + fabs(lim[b][c][1] - lim[0][c][1]);
        mr += fabs(lim[b][c][2] - lim[0][c][2]) + fabs(lim[b][c][3] - lim[0][c][3]);
      }
      out->sii_mad[c] = ms / (2.0 * (double)(blocks - 1));
      out->rii_mad[c] = mr / (2.0 * (double)(blocks - 1));
    }
  }
}

hg_status hg_sii_compute(const hg_sii_group *g, const hg_sii_options *opt, uint64_t stream_seed,
                         hg_sii_result *out, hg_error *err) {
  hg_status st = HG_OK;
  double *sim = NULL;
  gsl_rng *rng = NULL;
  const int vt = opt->value_type, tr = opt->transform;
  const double mult = opt->multiplier == 0 ? 1 : opt->multiplier;
  const size_t reps = opt->repetitions ? (size_t)opt->repetitions : 100000;
  const size_t blocks = opt->reliability_stat ? 10 : 1, total = reps * blocks;
  const size_t k = g->k;
  hg_sii_fields f = {g->value != NULL, g->x != NULL, g->lower_cl != NULL, g->upper_cl != NULL,
                     g->se != NULL};
  hg_gsl_quiet();
  memset(out, 0, sizeof *out);
  if ((st = hg_sii_check_options(opt, &f, err)) != HG_OK)
    return st;
  result_init(opt, out);
  if (k < 2 || k > 128) {
    hg_error_set(err, NULL, 0, NULL, "Number of quantiles must be between 5 and 100");
    return HG_ERR_RANGE;
  }
  design d;
  double v[128], mu[128], se[128];
  if (!link_inputs(g, vt, v, mu, se))
    return HG_OK; /* NaN results, as R's arithmetic would give */
  if (make_design(g->population, k, &d) != HG_OK)
    return HG_OK;
  double b0, b1;
  fit_betas(&d, tr ? mu : v, k, &b0, &b1);
  point_estimates(b0, b1, vt, tr, mult, out);

  /* sim[0..total) SII draws, sim[total..2 total) RII draws, then reps doubles of
   * scratch for the percentiles. */
  const int exact = opt->exact && !tr && vt == HG_SII_NORMAL;
  if (opt->exact && !exact) {
    hg_error_set(err, NULL, 0, NULL,
                 "exact limits are for the untransformed SII of normal values only: the "
                 "transformed SII and rates or proportions stay simulated");
    return HG_ERR_INVALID;
  }
  if (exact && !opt->rii) { /* nothing left to simulate */
    exact_limits(&d, se, k, mult, opt->reliability_stat, out);
    return HG_OK;
  }
  sim = malloc((2 * total + reps) * sizeof *sim);
  rng = gsl_rng_alloc(opt->rng == HG_SII_RNG_TAUS2 ? gsl_rng_taus2 : gsl_rng_mt19937);
  if (!sim || !rng) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  gsl_rng_set(rng, (unsigned long)(stream_seed ^ (stream_seed >> 32)));
  double *sii_sim = sim, *rii_sim = sim + total;
  if (!tr && vt == HG_SII_NORMAL && !opt->draw_values)
    simulate_pair(rng, &d, mu, se, k, mult, total, sii_sim, rii_sim);
  else
    simulate(rng, &d, mu, se, k, vt, tr, mult, total, sii_sim, rii_sim);

  /* lim[block][conf][sl, su, rl, ru] */
  double lim[10][HG_SII_MAX_CONF][4];
  const int neg = tr ? (vt == HG_SII_RATE ? mult < 1 : mult < 0) : mult < 0;
  double xh = b0 + b1 / 2;
  for (size_t b = 0; b < blocks; b++) {
    double sl[HG_SII_MAX_CONF], su[HG_SII_MAX_CONF], rl[HG_SII_MAX_CONF], ru[HG_SII_MAX_CONF];
    block_limits(sii_sim + b * reps, reps, out->conf, out->n_conf, sl, su, sim + 2 * total);
    if (!tr)
      block_limits(rii_sim + b * reps, reps, out->conf, out->n_conf, rl, ru, sim + 2 * total);
    for (size_t c = 0; c < out->n_conf; c++) {
      double *L = lim[b][c];
      if (!tr)
        L[0] = sl[c], L[1] = su[c], L[2] = rl[c], L[3] = ru[c];
      else
        pivot_limits(vt, xh, sl[c], su[c], mult, neg, L);
    }
  }
  limits_and_mad((const double(*)[HG_SII_MAX_CONF][4])lim, blocks, out);
  if (exact) /* the RII was simulated; the SII has its closed form */
    exact_limits(&d, se, k, mult, opt->reliability_stat, out);

cleanup:
  free(sim);
  if (rng)
    gsl_rng_free(rng);
  return st;
}

typedef struct run_ctx {
  const hg_sii_group *groups;
  const uint64_t *seeds;
  const hg_sii_options *opt;
  hg_sii_result *results;
  hg_status *status;
} run_ctx;

static void run_one(gpointer data, gpointer user) {
  run_ctx *ctx = user;
  size_t i = GPOINTER_TO_SIZE(data) - 1;
  ctx->status[i] = hg_sii_compute(&ctx->groups[i], ctx->opt, ctx->seeds[i], &ctx->results[i], NULL);
}

hg_status hg_sii_run(const hg_sii_group *groups, const uint64_t *stream_seeds, size_t n,
                     const hg_sii_options *opt, int nthreads, hg_sii_result *results,
                     size_t *failed, hg_error *err) {
  hg_status st = HG_OK;
  hg_status *status = NULL;
  hg_gsl_quiet();
  if (n == 0)
    return HG_OK;
  status = calloc(n, sizeof *status);
  if (!status)
    return HG_ERR_NOMEM;
  run_ctx ctx = {groups, stream_seeds, opt, results, status};
  if (nthreads <= 1) {
    for (size_t i = 0; i < n; i++)
      run_one(GSIZE_TO_POINTER(i + 1), &ctx);
  } else {
    GThreadPool *pool = g_thread_pool_new(run_one, &ctx, nthreads, TRUE, NULL);
    if (!pool) {
      st = HG_ERR_NOMEM;
      goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
      g_thread_pool_push(pool, GSIZE_TO_POINTER(i + 1), NULL);
    g_thread_pool_free(pool, FALSE, TRUE); /* waits for every queued group */
  }
  for (size_t i = 0; i < n; i++) {
    if (status[i] != HG_OK) {
      st = status[i];
      if (failed)
        *failed = i;
      /* Recompute the failing group here to get its message. */
      hg_sii_result tmp;
      hg_sii_compute(&groups[i], opt, stream_seeds[i], &tmp, err);
      break;
    }
  }
cleanup:
  free(status);
  return st;
}
