/* healthgap/trend.h: Fingertips' recent trend, the average annual change over a
 * whole series, and the change from the previous period.
 *
 * Implemented in indicators/trend.c.  Pure functions over arrays (caller-owned,
 * read only); missing is NAN.  The recent trend follows Fingertips'
 * TrendMarkerCalculator exactly (docs/benchmarking.md): the five most recent valid
 * points, weighted least squares with se = (UCI95 - LCI95) / 3.92, six
 * same-sign slopes (the full fit and the five leave-one-out fits) and chi-square
 * > 9.54953570608324; under the SPC-for-proportions comparator the chi-square
 * test for linear trend in proportions with logit slopes for the sign check.
 */
#ifndef HEALTHGAP_TREND_H
#define HEALTHGAP_TREND_H

#include <stddef.h>

#include "healthgap/benchmark.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Fingertips value types (the ones the engine distinguishes). */
typedef enum hg_value_type {
  HG_VT_OTHER = 0,       /* "other": anything else (scores, means, concentrations) */
  HG_VT_PROPORTION,      /* "proportion" */
  HG_VT_CRUDE_RATE,      /* "crude_rate" */
  HG_VT_DSR,             /* "dsr": directly standardised rate */
  HG_VT_ISR,             /* "isr": indirectly standardised ratio or rate */
  HG_VT_ISP,             /* "isp": indirectly standardised proportion */
  HG_VT_LIFE_EXPECTANCY, /* "life_expectancy" */
  HG_VT_COUNT,           /* "count" */
  HG_VT_MEAN             /* "mean" (e.g. PM2.5 annual mean concentration) */
} hg_value_type;

/* Parses our key ("proportion", "crude_rate", "dsr", ...) or Fingertips' name
 * ("Proportion", "Crude rate", "Directly standardised rate", "Life
 * expectancy", "Indirectly standardised ratio", ...), case-insensitively.
 * HG_ERR_PARSE if not recognised. */
hg_status hg_value_type_parse(const char *s, hg_value_type *out);
/* Our key ("proportion", ...); never NULL. */
const char *hg_value_type_name(hg_value_type vt);

/* The 9.54953570608324 of Fingertips: chi-square(1) at p = 0.002. */
#define HG_TREND_CHI_SQUARE 9.54953570608324

/* Which points count when Fingertips walks back from the latest period. */
typedef enum hg_trend_rule {
  HG_TREND_SKIP_INVALID = 0,   /* default: skip invalid points (current Fingertips,
                                  FingertipsNext; 871/872 on the NW extract) */
  HG_TREND_STOP_AT_INVALID = 1 /* legacy "unbroken sequence" (869/872) */
} hg_trend_rule;

/* One period of a series, in ascending period order.  A point is valid when
 * value, count and denominator are all present (Fingertips: a missing value
 * means suppressed). */
typedef struct hg_trend_point {
  double value, lower95, upper95, count, denominator;
} hg_trend_point;

/* Zero-initialised = defaults. */
typedef struct hg_trend_options {
  hg_value_type value_type; /* only proportion, crude rate and DSR get a trend */
  int year_range;           /* years per period; 0 = 1.  Anything but 1 cannot be calculated */
  hg_comparator comparator; /* HG_COMPARATOR_SPC_PROPORTION selects the proportions test */
  hg_trend_rule rule;       /* default HG_TREND_SKIP_INVALID (CLI --trend-rule) */
} hg_trend_options;

typedef enum hg_trend_result {
  HG_TREND_CANNOT_CALCULATE = 0,
  HG_TREND_NO_CHANGE,
  HG_TREND_INCREASING,
  HG_TREND_DECREASING
} hg_trend_result;

typedef struct hg_trend {
  hg_trend_result result;
  double slope;       /* WLS slope per period (logit slope under SPC); NAN if not computed */
  double chi_square;  /* NAN if not computed */
  size_t first_used;  /* index in pts[] of the earliest of the five points used */
  const char *reason; /* static text: why it cannot be calculated ("" otherwise) */
} hg_trend;

/* The recent trend of the series pts[0..n) (ascending), as of its last point.
 * Always HG_OK for valid arguments (an uncomputable trend is a result, not an
 * error); HG_ERR_RANGE if pts is NULL with n > 0 or out is NULL. */
hg_status hg_recent_trend(const hg_trend_point *pts, size_t n, const hg_trend_options *opt,
                          hg_trend *out);

/* Fingertips' label: `Increasing and getting worse` / `... better`, `Decreasing
 * and getting better` / `... worse` by polarity, `Increasing` / `Decreasing` for
 * BOB and Not applicable, `No significant change`, `Cannot be calculated`. */
const char *hg_trend_label(hg_trend_result r, hg_polarity polarity);

/* Average annual change over the whole series: the slope of value on time (in
 * years, e.g. hg_period_mid_year) with its confidence limits.  Points with a
 * missing value are skipped.  If every used point has both 95% limits (width >
 * 0) the fit is weighted by 1/se^2 (se = width/3.92) and the limits are normal
 * (the published CIs are taken to describe the variation); otherwise it is an
 * ordinary least-squares fit with Student t limits on n - 2 df.  confidence in
 * (0, 1), 0 = 0.95.  HG_ERR_EMPTY if fewer than 2 points (weighted) or 3
 * (unweighted) or all at one time; HG_ERR_RANGE for a bad confidence. */
typedef struct hg_annual_change {
  double slope, lower, upper;
  size_t n;     /* points used */
  int weighted; /* 1 weighted by the CIs, 0 ordinary least squares */
  /* The fit itself, for projections (hg_annual_change_project). */
  double intercept, cov00, cov01, cov11, quantile;
} hg_annual_change;
hg_status hg_annual_change_fit(const double *years, const double *value, const double *lower95,
                               const double *upper95, size_t n, double confidence,
                               hg_annual_change *out);

/* The fitted line at year x with its confidence limits (of the line, at the
 * fit's confidence): value = intercept + slope x, limits value -/+ quantile *
 * sqrt(cov00 + 2 cov01 x + cov11 x^2).  NAN if the fit was not made. */
void hg_annual_change_project(const hg_annual_change *fit, double x, double *value, double *lower,
                              double *upper);

/* Change from the previous period.  direction is Fingertips'
 * TrendBetweenTwoValues (double overlapping 95% CIs: -1 decreasing, 0 no
 * significant change, +1 increasing); difference = current - previous with
 * normal limits from se = width/3.92 of each, significant = those limits
 * exclude 0.  computed = 0 when any value or limit is missing. */
typedef struct hg_period_change {
  int computed;
  int direction;
  double difference, lower, upper;
  int significant;
} hg_period_change;
hg_period_change hg_change_from_previous(double prev, double prev_lower, double prev_upper,
                                         double cur, double cur_lower, double cur_upper);
/* `Increasing`, `Decreasing`, `No significant change`, `Cannot be calculated`. */
const char *hg_period_change_label(const hg_period_change *c);

HG_END_DECLS
#endif
