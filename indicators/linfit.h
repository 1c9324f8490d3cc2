/* linfit.h: private to indicators/.  The one straight-line least-squares fit
 * with limits for its slope, shared by the average annual change (trend.c),
 * the gap trend (gaps.c) and the recent trend's logit slopes (trend.c). */
#ifndef HG_INDICATORS_LINFIT_H
#define HG_INDICATORS_LINFIT_H

#include <stddef.h>

#include "healthgap/status.h"

typedef struct hg_line_fit {
  double intercept, slope;    /* y = intercept + slope x */
  double cov00, cov01, cov11; /* GSL's covariance of (intercept, slope) */
  double quantile;            /* two-sided quantile at the confidence asked */
  double half;                /* quantile * sqrt(cov11): the limits' half width */
  double lower, upper;        /* slope -/+ half */
} hg_line_fit;

/* Fits y on x over the n points of the caller's arrays (read only, all finite).
 * With w (may be NULL) the fit is weighted (gsl_fit_wlinear) and w must be
 * inverse variances: cov11 is then the slope's variance itself, so the quantile
 * is normal.  Without w it is ordinary least squares (gsl_fit_linear), the
 * variance is estimated from the residuals and the quantile is Student's t on
 * n - 2 degrees of freedom.  confidence in (0, 1), or 0 for the slope alone
 * (quantile, half, lower and upper NAN).  HG_ERR_RANGE when GSL fails or the slope is
 * not finite (all x equal); *out is then unspecified. */
hg_status hg_line_fit_xy(const double *x, const double *y, const double *w, size_t n,
                         double confidence, hg_line_fit *out);

#endif
