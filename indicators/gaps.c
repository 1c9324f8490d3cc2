/* gaps.c: differences and ratios between groups with limits, Arriaga
 * decomposition, gap trends.  Contracts in healthgap/gaps.h. */
#include "healthgap/gaps.h"

#include "healthgap/ci.h"

#include <math.h>
#include <stdlib.h>

#include "linfit.h"

const char *hg_gap_sig_text(hg_gap_sig s) {
  switch (s) {
  case HG_SIG_HIGHER:
    return "higher";
  case HG_SIG_LOWER:
    return "lower";
  case HG_SIG_SIMILAR:
    return "similar";
  default:
    return "";
  }
}

const char *hg_gap_trend_text(hg_gap_trend_label l) {
  switch (l) {
  case HG_GAP_TREND_NARROWING:
    return "narrowing";
  case HG_GAP_TREND_WIDENING:
    return "widening";
  case HG_GAP_TREND_NO_CHANGE:
    return "no significant change";
  default:
    return "";
  }
}

/* Accepts 0.95 or 95, in [0.9, 1) after scaling (PHEindicatormethods' range; a
 * level of 1 would give infinite limits). */
static int norm_conf(double c, double *out) {
  if (!isfinite(c))
    return 0;
  if (c >= 90 && c < 100)
    c /= 100;
  if (!(c >= 0.9 && c < 1))
    return 0;
  *out = c;
  return 1;
}

hg_gap_sig hg_gap_sig_against(double lower, double upper, double null) {
  if (!isfinite(lower) || !isfinite(upper))
    return HG_SIG_NOT_COMPARED;
  if (lower > null)
    return HG_SIG_HIGHER;
  if (upper < null)
    return HG_SIG_LOWER;
  return HG_SIG_SIMILAR;
}

static void set_est(hg_gap_est *out, double v, double l, double u, double null) {
  out->value = v;
  out->lower = l;
  out->upper = u;
  out->sig = hg_gap_sig_against(l, u, null);
}

static void log_est(hg_gap_est *out, double ratio, double se_log, double z) {
  if (ratio > 0 && isfinite(ratio) && isfinite(se_log))
    set_est(out, ratio, exp(log(ratio) - z * se_log), exp(log(ratio) + z * se_log), 1.0);
  else
    set_est(out, ratio > 0 || ratio == 0 ? ratio : NAN, NAN, NAN, 1.0);
}

hg_status hg_rate_ratio(double o1, double n1, double o2, double n2, double confidence,
                        hg_gap_est *out) {
  double conf;
  if (!out || !norm_conf(confidence, &conf) || !(o1 >= 0) || !(o2 >= 0) || !(n1 > 0) || !(n2 > 0))
    return HG_ERR_RANGE;
  double r2 = o2 / n2;
  double ratio = r2 > 0 ? (o1 / n1) / r2 : NAN;
  double se = (o1 > 0 && o2 > 0) ? sqrt(1 / o1 + 1 / o2) : NAN;
  log_est(out, ratio, se, hg_ci_z(conf));
  return HG_OK;
}

hg_status hg_rate_difference(double o1, double n1, double o2, double n2, double multiplier,
                             double confidence, hg_gap_est *out) {
  double conf;
  if (!out || !norm_conf(confidence, &conf) || !(o1 >= 0) || !(o2 >= 0) || !(n1 > 0) || !(n2 > 0) ||
      !isfinite(multiplier))
    return HG_ERR_RANGE;
  double d = o1 / n1 - o2 / n2;
  double se = sqrt(o1 / (n1 * n1) + o2 / (n2 * n2));
  double z = hg_ci_z(conf);
  set_est(out, d * multiplier, (d - z * se) * multiplier, (d + z * se) * multiplier, 0.0);
  if (multiplier < 0) {
    double t = out->lower;
    out->lower = out->upper;
    out->upper = t;
    out->sig = hg_gap_sig_against(out->lower, out->upper, 0.0);
  }
  return HG_OK;
}

static int prop_ok(double x, double n) {
  return n > 0 && x >= 0 && x <= n;
}

hg_status hg_risk_ratio(double x1, double n1, double x2, double n2, double confidence,
                        hg_gap_est *out) {
  double conf;
  if (!out || !norm_conf(confidence, &conf) || !prop_ok(x1, n1) || !prop_ok(x2, n2))
    return HG_ERR_RANGE;
  double p2 = x2 / n2;
  double ratio = p2 > 0 ? (x1 / n1) / p2 : NAN;
  double se = (x1 > 0 && x2 > 0) ? sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2) : NAN;
  log_est(out, ratio, se, hg_ci_z(conf));
  return HG_OK;
}

/* Wilson limits from healthgap/ci.h (PHEindicatormethods' wilson_lower/upper). */
static void wilson(double x, double n, double conf, double *lo, double *up) {
  *lo = hg_wilson_lower(x, n, conf);
  *up = hg_wilson_upper(x, n, conf);
}

hg_status hg_risk_difference(double x1, double n1, double x2, double n2, double multiplier,
                             double confidence, hg_gap_est *out) {
  double conf;
  if (!out || !norm_conf(confidence, &conf) || !prop_ok(x1, n1) || !prop_ok(x2, n2) ||
      !isfinite(multiplier))
    return HG_ERR_RANGE;
  double l1, u1, l2, u2;
  double p1 = x1 / n1, p2 = x2 / n2;
  wilson(x1, n1, conf, &l1, &u1);
  wilson(x2, n2, conf, &l2, &u2);
  double d = p1 - p2;
  /* Newcombe's method 10: the square-and-add of each group's distance to its
   * Wilson limit on the side that bounds the difference. */
  double lo = d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
  double up = d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
  set_est(out, d * multiplier, lo * multiplier, up * multiplier, 0.0);
  if (multiplier < 0) {
    out->lower = up * multiplier;
    out->upper = lo * multiplier;
    out->sig = hg_gap_sig_against(out->lower, out->upper, 0.0);
  }
  return HG_OK;
}

/* SE from a symmetric interval; a missing interval counts as no sampling error. */
static double se_from(double l, double u, double z) {
  if (!isfinite(l) || !isfinite(u))
    return 0;
  return (u - l) / (2 * z);
}

hg_status hg_gap_difference_ci(double v1, double l1, double u1, double v2, double l2, double u2,
                               double ci_level, double confidence, hg_gap_est *out) {
  double conf, lev;
  if (!out || !norm_conf(confidence, &conf) || !norm_conf(ci_level, &lev))
    return HG_ERR_RANGE;
  if (!isfinite(v1) || !isfinite(v2)) {
    set_est(out, NAN, NAN, NAN, 0.0);
    return HG_OK;
  }
  if ((isfinite(l1) && isfinite(u1) && l1 > u1) || (isfinite(l2) && isfinite(u2) && l2 > u2))
    return HG_ERR_INVALID;
  double zl = hg_ci_z(lev);
  double s1 = se_from(l1, u1, zl), s2 = se_from(l2, u2, zl);
  double se = sqrt(s1 * s1 + s2 * s2);
  double d = v1 - v2, z = hg_ci_z(conf);
  if (se > 0)
    set_est(out, d, d - z * se, d + z * se, 0.0);
  else
    set_est(out, d, NAN, NAN, 0.0);
  return HG_OK;
}

hg_status hg_gap_ratio_ci(double v1, double l1, double u1, double v2, double l2, double u2,
                          double ci_level, double confidence, hg_gap_est *out) {
  double conf, lev;
  if (!out || !norm_conf(confidence, &conf) || !norm_conf(ci_level, &lev))
    return HG_ERR_RANGE;
  if (!(v1 > 0) || !(v2 > 0) || !isfinite(v1) || !isfinite(v2)) {
    set_est(out, isfinite(v1) && isfinite(v2) && v2 != 0 ? v1 / v2 : NAN, NAN, NAN, 1.0);
    return HG_OK;
  }
  double zl = hg_ci_z(lev);
  double s1 = (l1 > 0 && u1 > 0) ? se_from(log(l1), log(u1), zl) : 0;
  double s2 = (l2 > 0 && u2 > 0) ? se_from(log(l2), log(u2), zl) : 0;
  double se = sqrt(s1 * s1 + s2 * s2);
  double r = v1 / v2;
  log_est(out, r, se > 0 ? se : NAN, hg_ci_z(conf));
  return HG_OK;
}

/* ---- Arriaga -------------------------------------------------------------------- */

hg_status hg_arriaga(size_t n, const double *l1, const double *L1, const double *T1,
                     const double *l2, const double *L2, const double *T2, double *contrib,
                     double *gap) {
  if (n == 0 || !l1 || !L1 || !T1 || !l2 || !L2 || !T2 || !contrib)
    return HG_ERR_INVALID;
  for (size_t i = 0; i < n; i++)
    if (!(l1[i] > 0) || !(l2[i] > 0) || !isfinite(L1[i]) || !isfinite(L2[i]) || !isfinite(T1[i]) ||
        !isfinite(T2[i]))
      return HG_ERR_INVALID;
  double r0 = l1[0];
  for (size_t i = 0; i + 1 < n; i++) {
    /* Direct effect (years lived within the band) plus the indirect effect
     * (more survivors carried into the later bands). */
    double direct = l1[i] / r0 * (L2[i] / l2[i] - L1[i] / l1[i]);
    double indirect = T2[i + 1] / r0 * (l1[i] / l2[i] - l1[i + 1] / l2[i + 1]);
    contrib[i] = direct + indirect;
  }
  contrib[n - 1] = l1[n - 1] / r0 * (T2[n - 1] / l2[n - 1] - T1[n - 1] / l1[n - 1]);
  if (gap)
    *gap = T2[0] / l2[0] - T1[0] / l1[0];
  return HG_OK;
}

hg_status hg_arriaga_by_cause(size_t n, size_t nc, const double *contrib, const double *m1,
                              const double *m2, double *out) {
  if (n == 0 || nc == 0 || !contrib || !m1 || !m2 || !out)
    return HG_ERR_INVALID;
  for (size_t i = 0; i < n; i++) {
    double t1 = 0, t2 = 0;
    for (size_t c = 0; c < nc; c++) {
      if (!isfinite(m1[i * nc + c]) || !isfinite(m2[i * nc + c]))
        return HG_ERR_INVALID;
      t1 += m1[i * nc + c];
      t2 += m2[i * nc + c];
    }
    for (size_t c = 0; c < nc; c++)
      out[i * nc + c] = t2 != t1 ? contrib[i] * (m2[i * nc + c] - m1[i * nc + c]) / (t2 - t1) : NAN;
  }
  return HG_OK;
}

/* ---- gap trend ------------------------------------------------------------------ */

hg_status hg_gap_trend_fit(size_t n, const double *t, const double *gap, const double *se,
                           double confidence, hg_gap_trend *out) {
  hg_status st = HG_OK;
  double conf;
  double *x = NULL, *y = NULL, *w = NULL;
  if (!t || !gap || !out)
    return HG_ERR_INVALID;
  if (!norm_conf(confidence, &conf))
    return HG_ERR_RANGE;
  out->slope = out->lower = out->upper = out->intercept = NAN;
  out->n = 0;
  out->label = HG_GAP_TREND_NONE;
  x = malloc((n ? n : 1) * sizeof *x);
  y = malloc((n ? n : 1) * sizeof *y);
  w = malloc((n ? n : 1) * sizeof *w);
  if (!x || !y || !w) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  size_t m = 0;
  double mean = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(t[i]) || !isfinite(gap[i]))
      continue;
    if (se && !(se[i] > 0 && isfinite(se[i])))
      continue;
    x[m] = t[i];
    y[m] = gap[i];
    w[m] = se ? 1 / (se[i] * se[i]) : 1;
    mean += gap[i];
    m++;
  }
  out->n = m;
  if (m < 3)
    goto cleanup;
  mean /= (double)m;
  /* Weights are inverse variances, so the fit's cov11 is the slope's variance. */
  hg_line_fit f;
  st = hg_line_fit_xy(x, y, se ? w : NULL, m, conf, &f);
  if (st != HG_OK)
    goto cleanup;
  out->slope = f.slope;
  out->intercept = f.intercept;
  out->lower = f.lower;
  out->upper = f.upper;
  if (!isfinite(f.half))
    out->label = HG_GAP_TREND_NONE;
  else if (out->lower <= 0 && out->upper >= 0)
    out->label = HG_GAP_TREND_NO_CHANGE;
  else if ((f.slope > 0) == (mean > 0))
    out->label = HG_GAP_TREND_WIDENING;
  else
    out->label = HG_GAP_TREND_NARROWING;

cleanup:
  free(x);
  free(y);
  free(w);
  return st;
}
