/* trend.c: Fingertips' recent trend (its TrendMarkerCalculator), annual change,
 * change from the previous period (docs/benchmarking.md). */
#include "healthgap/trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linfit.h"

enum { POINTS_TO_USE = 5 };

static const struct {
  const char *word;
  hg_value_type vt;
} value_types[] = {
    {"other", HG_VT_OTHER},
    {"proportion", HG_VT_PROPORTION},
    {"crude_rate", HG_VT_CRUDE_RATE},
    {"dsr", HG_VT_DSR},
    {"isr", HG_VT_ISR},
    {"isp", HG_VT_ISP},
    {"life_expectancy", HG_VT_LIFE_EXPECTANCY},
    {"count", HG_VT_COUNT},
    {"mean", HG_VT_MEAN},
    /* Fingertips' names */
    {"Crude rate", HG_VT_CRUDE_RATE},
    {"Directly standardised rate", HG_VT_DSR},
    {"Indirectly standardised ratio", HG_VT_ISR},
    {"Indirectly standardised rate", HG_VT_ISR},
    {"Indirectly standardised proportion", HG_VT_ISP},
    {"Life expectancy", HG_VT_LIFE_EXPECTANCY},
    {"Mean", HG_VT_MEAN},
    {"Score", HG_VT_OTHER},
    {"Ratio", HG_VT_OTHER},
};

hg_status hg_value_type_parse(const char *s, hg_value_type *out) {
  if (s == NULL)
    return HG_ERR_PARSE;
  while (*s == ' ')
    s++;
  size_t n = strlen(s);
  while (n > 0 && s[n - 1] == ' ')
    n--;
  for (size_t i = 0; i < sizeof value_types / sizeof value_types[0]; i++) {
    if (strlen(value_types[i].word) == n && strncasecmp(s, value_types[i].word, n) == 0) {
      *out = value_types[i].vt;
      return HG_OK;
    }
  }
  return HG_ERR_PARSE;
}

const char *hg_value_type_name(hg_value_type vt) {
  for (size_t i = 0; i < sizeof value_types / sizeof value_types[0]; i++)
    if (value_types[i].vt == vt)
      return value_types[i].word;
  return "other";
}

static int point_valid(const hg_trend_point *p) {
  return !isnan(p->value) && !isnan(p->count) && !isnan(p->denominator);
}

/* Weighted least-squares slope of y on t with weights w, over the points whose
 * index is not `skip` (-1 = none); Fingertips' S1..S5 sums.  *se gets beta.
 * Not the shared fit (linfit.h) on purpose: GSL centres the data first, and
 * the chi-square compared with the threshold must be Fingertips' own doubles. */
static double wls_slope(const double *y, const double *w, int skip, double *se) {
  double s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0;
  for (int i = 0; i < POINTS_TO_USE; i++) {
    if (i == skip)
      continue;
    double t = i + 1;
    s1 += w[i];
    s2 += w[i] * y[i] * t;
    s3 += w[i] * t;
    s4 += w[i] * y[i];
    s5 += w[i] * t * t;
  }
  double d = s1 * s5 - s3 * s3;
  if (se)
    *se = sqrt(s1 / d);
  return (s1 * s2 - s3 * s4) / d;
}

/* Unweighted slope of y on t = 1..5 leaving out `skip`. */
static double ols_slope(const double *y, int skip) {
  double t[POINTS_TO_USE], yy[POINTS_TO_USE];
  hg_line_fit f;
  size_t m = 0;
  for (int i = 0; i < POINTS_TO_USE; i++) {
    if (i == skip)
      continue;
    t[m] = i + 1;
    yy[m] = y[i];
    m++;
  }
  return hg_line_fit_xy(t, yy, NULL, m, 0, &f) == HG_OK ? f.slope : NAN;
}

static int same_sign(const double *slopes, int n) {
  int pos = 0, neg = 0;
  for (int i = 0; i < n; i++) {
    if (slopes[i] > 0)
      pos++;
    else if (slopes[i] < 0)
      neg++;
  }
  return pos == n || neg == n;
}

static hg_status cannot(hg_trend *out, const char *why) {
  out->result = HG_TREND_CANNOT_CALCULATE;
  out->reason = why;
  return HG_OK;
}

/* The SPC-for-proportions comparator: the chi-square test for linear trend in
 * proportions (Cochran-Armitage form) on counts o of nn, and the logit slopes
 * (the full fit, then leaving out each point) for the sign check.  NULL, or
 * why the trend cannot be calculated. */
static const char *proportion_trend(const double *o, const double *nn, double *slopes,
                                    double *chi2) {
  double sn = 0, so = 0, snt = 0, sot = 0, snt2 = 0;
  for (int i = 0; i < POINTS_TO_USE; i++) {
    double t = i + 1;
    sn += nn[i];
    so += o[i];
    snt += nn[i] * t;
    sot += o[i] * t;
    snt2 += nn[i] * t * t;
  }
  double num = sn * (sn * sot - so * snt) * (sn * sot - so * snt);
  double den = so * (sn - so) * (sn * snt2 - snt * snt);
  if (!(den > 0))
    return "The recent trend cannot be calculated";
  *chi2 = num / den;
  double lg[POINTS_TO_USE];
  for (int i = 0; i < POINTS_TO_USE; i++) {
    if (!(o[i] > 0) || !(nn[i] - o[i] > 0))
      return "The recent trend cannot be calculated";
    lg[i] = log(o[i] / (nn[i] - o[i]));
  }
  for (int s = -1; s < POINTS_TO_USE; s++)
    slopes[s + 1] = ols_slope(lg, s);
  return NULL;
}

/* Every other comparator: values y weighted by 1/se^2 with se from the 95%
 * limits of the points pts[idx[i]]; chi-square (slope / its se)^2 and the
 * weighted slopes (the full fit, then leaving out each point).  NULL, or why
 * the trend cannot be calculated. */
static const char *weighted_trend(const hg_trend_point *pts, const size_t *idx, const double *y,
                                  double *slopes, double *chi2) {
  double w[POINTS_TO_USE];
  for (int i = 0; i < POINTS_TO_USE; i++) {
    const hg_trend_point *p = &pts[idx[i]];
    double se = (p->upper95 - p->lower95) / 3.92;
    /* A point without usable limits cannot be weighted. */
    if (isnan(se) || !(se > 0))
      return "The recent trend cannot be calculated: missing confidence limits";
    w[i] = 1.0 / (se * se);
  }
  double beta;
  slopes[0] = wls_slope(y, w, -1, &beta);
  *chi2 = (slopes[0] / beta) * (slopes[0] / beta);
  for (int s = 0; s < POINTS_TO_USE; s++)
    slopes[s + 1] = wls_slope(y, w, s, NULL);
  return NULL;
}

hg_status hg_recent_trend(const hg_trend_point *pts, size_t n, const hg_trend_options *opt,
                          hg_trend *out) {
  static const hg_trend_options defaults = {0};
  if (out == NULL || (pts == NULL && n > 0))
    return HG_ERR_RANGE;
  if (opt == NULL)
    opt = &defaults;
  out->slope = NAN;
  out->chi_square = NAN;
  out->first_used = 0;
  out->reason = "";
  if (opt->value_type != HG_VT_PROPORTION && opt->value_type != HG_VT_CRUDE_RATE &&
      opt->value_type != HG_VT_DSR)
    return cannot(out, "The recent trend cannot be calculated for this value type");
  if (opt->year_range > 1)
    return cannot(out, "The recent trend cannot be calculated for this year range");
  if (n < POINTS_TO_USE)
    return cannot(out, "The recent trend cannot be calculated: fewer than 5 data points");

  /* Walk back from the latest period collecting valid points. */
  size_t idx[POINTS_TO_USE];
  int got = 0;
  for (size_t k = n; k-- > 0 && got < POINTS_TO_USE;) {
    if (point_valid(&pts[k]))
      idx[POINTS_TO_USE - 1 - got++] = k;
    else if (opt->rule == HG_TREND_STOP_AT_INVALID)
      break;
  }
  if (got < POINTS_TO_USE)
    return cannot(out, "The recent trend cannot be calculated: fewer than 5 valid data points");
  out->first_used = idx[0];

  double y[POINTS_TO_USE], o[POINTS_TO_USE], nn[POINTS_TO_USE];
  for (int i = 0; i < POINTS_TO_USE; i++) {
    const hg_trend_point *p = &pts[idx[i]];
    if (p->count == p->denominator)
      return cannot(out, "The recent trend cannot be calculated");
    y[i] = p->value;
    o[i] = p->count;
    nn[i] = p->denominator;
  }

  double slopes[POINTS_TO_USE + 1], chi2 = NAN;
  const char *why = opt->comparator == HG_COMPARATOR_SPC_PROPORTION
                        ? proportion_trend(o, nn, slopes, &chi2)
                        : weighted_trend(pts, idx, y, slopes, &chi2);
  if (why)
    return cannot(out, why);
  out->slope = slopes[0];
  out->chi_square = chi2;
  if (same_sign(slopes, POINTS_TO_USE + 1) && chi2 > HG_TREND_CHI_SQUARE)
    out->result = slopes[0] > 0 ? HG_TREND_INCREASING : HG_TREND_DECREASING;
  else
    out->result = HG_TREND_NO_CHANGE;
  return HG_OK;
}

const char *hg_trend_label(hg_trend_result r, hg_polarity polarity) {
  switch (r) {
  case HG_TREND_NO_CHANGE:
    return "No significant change";
  case HG_TREND_INCREASING:
    if (polarity == HG_POLARITY_LOW_IS_GOOD)
      return "Increasing and getting worse";
    if (polarity == HG_POLARITY_HIGH_IS_GOOD)
      return "Increasing and getting better";
    return "Increasing";
  case HG_TREND_DECREASING:
    if (polarity == HG_POLARITY_LOW_IS_GOOD)
      return "Decreasing and getting better";
    if (polarity == HG_POLARITY_HIGH_IS_GOOD)
      return "Decreasing and getting worse";
    return "Decreasing";
  case HG_TREND_CANNOT_CALCULATE:
    break;
  }
  return "Cannot be calculated";
}

hg_status hg_annual_change_fit(const double *years, const double *value, const double *lower95,
                               const double *upper95, size_t n, double confidence,
                               hg_annual_change *out) {
  hg_status st = HG_OK;
  double *x = NULL, *y = NULL, *w = NULL;
  if (confidence == 0)
    confidence = 0.95;
  if (!(confidence > 0 && confidence < 1) || out == NULL)
    return HG_ERR_RANGE;
  out->slope = out->lower = out->upper = NAN;
  out->intercept = out->cov00 = out->cov01 = out->cov11 = out->quantile = NAN;
  out->n = 0;
  out->weighted = 0;
  if (n == 0)
    return HG_ERR_EMPTY;
  x = malloc(n * sizeof *x);
  y = malloc(n * sizeof *y);
  w = malloc(n * sizeof *w);
  if (!x || !y || !w) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  size_t m = 0;
  int weighted = lower95 != NULL && upper95 != NULL;
  for (size_t i = 0; i < n; i++) {
    if (isnan(value[i]) || isnan(years[i]))
      continue;
    double se = weighted ? (upper95[i] - lower95[i]) / 3.92 : NAN;
    if (!(se > 0))
      weighted = 0;
    x[m] = years[i];
    y[m] = value[i];
    w[m] = weighted ? 1.0 / (se * se) : 1.0;
    m++;
  }
  if (m < (size_t)(weighted ? 2 : 3)) {
    st = HG_ERR_EMPTY;
    goto cleanup;
  }
  hg_line_fit f;
  if (hg_line_fit_xy(x, y, weighted ? w : NULL, m, confidence, &f) != HG_OK || isnan(f.cov11)) {
    st = HG_ERR_EMPTY; /* all points at one time */
    goto cleanup;
  }
  out->slope = f.slope;
  out->lower = f.lower;
  out->upper = f.upper;
  out->n = m;
  out->weighted = weighted;
  out->intercept = f.intercept;
  out->cov00 = f.cov00;
  out->cov01 = f.cov01;
  out->cov11 = f.cov11;
  out->quantile = f.quantile;
cleanup:
  free(x);
  free(y);
  free(w);
  return st;
}

void hg_annual_change_project(const hg_annual_change *fit, double x, double *value, double *lower,
                              double *upper) {
  double v = fit->intercept + fit->slope * x;
  double var = fit->cov00 + 2 * fit->cov01 * x + fit->cov11 * x * x;
  double h = fit->quantile * sqrt(var > 0 ? var : 0);
  *value = v;
  *lower = v - h;
  *upper = v + h;
}

hg_period_change hg_change_from_previous(double prev, double prev_lower, double prev_upper,
                                         double cur, double cur_lower, double cur_upper) {
  hg_period_change c = {0, 0, NAN, NAN, NAN, 0};
  if (isnan(prev) || isnan(prev_lower) || isnan(prev_upper) || isnan(cur) || isnan(cur_lower) ||
      isnan(cur_upper))
    return c;
  c.computed = 1;
  /* DoubleOverlappingCIs: overlap when the lower limit of the higher value is
   * at or below the upper limit of the lower value. */
  int cur_higher = cur > prev;
  double lower_of_higher = cur_higher ? cur_lower : prev_lower;
  double upper_of_lower = cur_higher ? prev_upper : cur_upper;
  if (cur != prev && lower_of_higher > upper_of_lower)
    c.direction = cur_higher ? 1 : -1;
  double se1 = (prev_upper - prev_lower) / 3.92, se2 = (cur_upper - cur_lower) / 3.92;
  double se = sqrt(se1 * se1 + se2 * se2);
  c.difference = cur - prev;
  c.lower = c.difference - 1.959963984540054 * se;
  c.upper = c.difference + 1.959963984540054 * se;
  c.significant = c.lower > 0 || c.upper < 0;
  return c;
}

const char *hg_period_change_label(const hg_period_change *c) {
  if (!c->computed)
    return "Cannot be calculated";
  if (c->direction > 0)
    return "Increasing";
  if (c->direction < 0)
    return "Decreasing";
  return "No significant change";
}
