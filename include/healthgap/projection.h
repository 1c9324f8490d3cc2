/* healthgap/projection.h: projecting a series to a target year on a scale
 * chosen by the kind of measure (docs/targets.md).
 *
 * Implemented in indicators/projection.c.  Pure functions over caller-owned
 * arrays (read only); missing is NAN.  A projection is a straight line fitted
 * by (weighted) least squares on a transformed scale z = g(value):
 *   linear      z = value                         life expectancies, gaps, scores
 *   log-linear  z = ln(value)                     positive rates, counts, concentrations
 *   logit       z = ln(p / (1 - p)), p = value/scale   proportions (scale 100 for %)
 * so a log-linear projection is always above 0 and a logit one always within
 * (0, scale).  Where every point has both 95% limits inside the scale's range
 * the fit is weighted by w = 1/se^2, se = (g(upper) - g(lower)) / 3.92; else
 * every w is 1.  The residual scale is s2 = sum w r^2 / (n - 2), never below 1
 * when weighted (the interval is never narrower than the points' own sampling
 * error).  The 95% prediction interval at year x0 is
 *   z0 -/+ t(0.975, n - 2) sqrt(s2 (v + 1/sum w + (x0 - xw)^2 / sum w (x - xw)^2))
 * with xw the weighted mean year and v the mean of 1/w (1 unweighted: the
 * ordinary least-squares prediction interval), mapped back by g's inverse.
 */
#ifndef HEALTHGAP_PROJECTION_H
#define HEALTHGAP_PROJECTION_H

#include <stddef.h>

#include "healthgap/status.h"
#include "healthgap/trend.h"

HG_BEGIN_DECLS

/* Fewer points than this: no projection (n - 2 degrees of freedom must be at
 * least 1). */
#define HG_PROJECTION_MIN_POINTS 3
/* A projection reaches at most this many times the observed span (latest
 * year minus first year) beyond the latest year. */
#define HG_PROJECTION_MAX_SPAN_MULTIPLE 2.0

typedef enum hg_projection_method {
  HG_PROJECT_LINEAR = 0,
  HG_PROJECT_LOG_LINEAR,
  HG_PROJECT_LOGIT
} hg_projection_method;

/* The method for a value type: proportion -> logit; crude rate, DSR, ISR,
 * ISP, count, mean (concentrations) -> log-linear; life expectancy and other
 * -> linear. */
hg_projection_method hg_projection_method_for(hg_value_type vt);
/* "linear", "log-linear", "logit" (static text). */
const char *hg_projection_method_name(hg_projection_method m);

typedef struct hg_projection {
  hg_projection_method method;
  double scale;        /* logit: the value of 100% (100 for %, 1 for a fraction) */
  size_t n;            /* points used */
  int weighted;        /* 1: weighted by the limits */
  double first, last;  /* first and latest year used */
  double intercept;    /* on the transformed scale, at year 0 */
  double slope;        /* change of g(value) a year */
  double xw, sxx, sw;  /* weighted mean year, sum w (x - xw)^2, sum w */
  double s2, v, df, t; /* residual scale, mean 1/w, n - 2, t(0.975, df) */
  const char *reason;  /* why no fit (static text), "" when fitted */
} hg_projection;

/* Fits the series (years ascending or not; a point with a missing value or
 * year is skipped).  scale: logit only (<= 0 means 100).  HG_OK, or
 * HG_ERR_EMPTY with out->reason: fewer than HG_PROJECTION_MIN_POINTS points,
 * a value outside the method's range (<= 0 for log-linear, outside (0, scale)
 * for logit), or every point in one year.  HG_ERR_RANGE for NULL arguments. */
hg_status hg_projection_fit(hg_projection_method method, double scale, const double *years,
                            const double *value, const double *lower95, const double *upper95,
                            size_t n, hg_projection *out);

/* The projection at year x0 with its 95% prediction limits, on the value's
 * scale.  HG_ERR_RANGE (and NAN) when x0 is more than
 * HG_PROJECTION_MAX_SPAN_MULTIPLE times the span beyond the latest year. */
hg_status hg_projection_at(const hg_projection *p, double x0, double *value, double *lower,
                           double *upper);

/* Years from a value to a target at the fitted rate of change:
 * (g(target) - g(from)) / slope.  NAN when the rate moves away from the target
 * or is zero, or target or from is outside the method's range (a log-linear
 * trend never reaches 0).  0 when from equals target. */
double hg_projection_years_to(const hg_projection *p, double from, double target);

HG_END_DECLS
#endif
