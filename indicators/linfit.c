/* linfit.c: the shared straight-line fit (contract in linfit.h). */
#include "linfit.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>

#include "gsl_quiet.h"

hg_status hg_line_fit_xy(const double *x, const double *y, const double *w, size_t n,
                         double confidence, hg_line_fit *out) {
  double c0, c1, c00, c01, c11, ss;
  int rc;
  hg_gsl_quiet();
  if (w)
    rc = gsl_fit_wlinear(x, 1, w, 1, y, 1, n, &c0, &c1, &c00, &c01, &c11, &ss);
  else
    rc = gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &c00, &c01, &c11, &ss);
  if (rc != GSL_SUCCESS || !isfinite(c1))
    return HG_ERR_RANGE;
  out->intercept = c0;
  out->slope = c1;
  out->cov00 = c00;
  out->cov01 = c01;
  out->cov11 = c11;
  out->quantile = out->half = out->lower = out->upper = NAN;
  if (confidence == 0)
    return HG_OK;
  /* Known variances (weights) give a normal quantile; estimated ones a t. */
  double p = 1 - (1 - confidence) / 2;
  out->quantile = w ? gsl_cdf_ugaussian_Pinv(p) : gsl_cdf_tdist_Pinv(p, (double)n - 2);
  out->half = out->quantile * sqrt(c11);
  out->lower = c1 - out->half;
  out->upper = c1 + out->half;
  return HG_OK;
}
