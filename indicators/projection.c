/* projection.c: projections on the measure's own scale (contract in
 * healthgap/projection.h, method in docs/targets.md). */
#include "healthgap/projection.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "gsl_quiet.h"

hg_projection_method hg_projection_method_for(hg_value_type vt) {
  switch (vt) {
  case HG_VT_PROPORTION:
    return HG_PROJECT_LOGIT;
  case HG_VT_CRUDE_RATE:
  case HG_VT_DSR:
  case HG_VT_ISR:
  case HG_VT_ISP:
  case HG_VT_COUNT:
  case HG_VT_MEAN:
    return HG_PROJECT_LOG_LINEAR;
  case HG_VT_LIFE_EXPECTANCY:
  case HG_VT_OTHER:
    break;
  }
  return HG_PROJECT_LINEAR;
}

const char *hg_projection_method_name(hg_projection_method m) {
  switch (m) {
  case HG_PROJECT_LOG_LINEAR:
    return "log-linear";
  case HG_PROJECT_LOGIT:
    return "logit";
  case HG_PROJECT_LINEAR:
    break;
  }
  return "linear";
}

/* g(value) on the method's scale; NAN outside its range. */
static double to_scale(const hg_projection *p, double y) {
  switch (p->method) {
  case HG_PROJECT_LOG_LINEAR:
    return y > 0 ? log(y) : NAN;
  case HG_PROJECT_LOGIT: {
    double q = y / p->scale;
    return q > 0 && q < 1 ? log(q / (1 - q)) : NAN;
  }
  case HG_PROJECT_LINEAR:
    break;
  }
  return y;
}

static double from_scale(const hg_projection *p, double z) {
  switch (p->method) {
  case HG_PROJECT_LOG_LINEAR:
    return exp(z);
  case HG_PROJECT_LOGIT:
    return p->scale / (1 + exp(-z));
  case HG_PROJECT_LINEAR:
    break;
  }
  return z;
}

/* The used points on the transformed scale, with weights (1 when any point
 * lacks usable limits).  Returns the count, or (size_t)-1 for a value outside
 * the method's range. */
static size_t transform_points(hg_projection *p, const double *years, const double *value,
                               const double *lo, const double *hi, size_t n, double *x, double *z,
                               double *w) {
  size_t m = 0;
  int weighted = lo != NULL && hi != NULL;
  for (size_t i = 0; i < n; i++) {
    if (isnan(value[i]) || isnan(years[i]))
      continue;
    z[m] = to_scale(p, value[i]);
    if (isnan(z[m]))
      return (size_t)-1;
    double se = weighted ? (to_scale(p, hi[i]) - to_scale(p, lo[i])) / 3.92 : NAN;
    if (!(se > 0) || !isfinite(se))
      weighted = 0;
    x[m] = years[i];
    w[m] = weighted ? 1 / (se * se) : 1;
    m++;
  }
  for (size_t i = 0; i < m && !weighted; i++)
    w[i] = 1;
  p->weighted = weighted;
  return m;
}

/* The weighted least-squares line through (x, z, w), m >= 3 points. */
static const char *fit_line(hg_projection *p, const double *x, const double *z, const double *w,
                            size_t m) {
  double sw = 0, sx = 0, sz = 0, sv = 0;
  p->first = p->last = x[0];
  for (size_t i = 0; i < m; i++) {
    sw += w[i];
    sx += w[i] * x[i];
    sz += w[i] * z[i];
    sv += 1 / w[i];
    p->first = fmin(p->first, x[i]);
    p->last = fmax(p->last, x[i]);
  }
  double xw = sx / sw, zw = sz / sw, sxx = 0, sxz = 0;
  for (size_t i = 0; i < m; i++) {
    sxx += w[i] * (x[i] - xw) * (x[i] - xw);
    sxz += w[i] * (x[i] - xw) * (z[i] - zw);
  }
  if (!(sxx > 0))
    return "every point is in one year";
  p->slope = sxz / sxx;
  p->intercept = zw - p->slope * xw;
  double chi2 = 0;
  for (size_t i = 0; i < m; i++) {
    double r = z[i] - p->intercept - p->slope * x[i];
    chi2 += w[i] * r * r;
  }
  p->n = m;
  p->xw = xw;
  p->sxx = sxx;
  p->sw = sw;
  p->df = (double)m - 2;
  p->s2 = chi2 / p->df;
  if (p->weighted && p->s2 < 1)
    p->s2 = 1;
  p->v = sv / (double)m;
  hg_gsl_quiet();
  p->t = gsl_cdf_tdist_Pinv(0.975, p->df);
  return NULL;
}

hg_status hg_projection_fit(hg_projection_method method, double scale, const double *years,
                            const double *value, const double *lower95, const double *upper95,
                            size_t n, hg_projection *out) {
  if (out == NULL || (n > 0 && (years == NULL || value == NULL)))
    return HG_ERR_RANGE;
  *out = (hg_projection){.method = method, .scale = scale > 0 ? scale : 100, .reason = ""};
  out->intercept = out->slope = out->first = out->last = NAN;
  double *x = malloc((n ? n : 1) * sizeof *x), *z = malloc((n ? n : 1) * sizeof *z),
         *w = malloc((n ? n : 1) * sizeof *w);
  hg_status st = HG_ERR_EMPTY;
  if (!x || !z || !w) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  size_t m = transform_points(out, years, value, lower95, upper95, n, x, z, w);
  if (m == (size_t)-1)
    out->reason = method == HG_PROJECT_LOGIT ? "a value at or beyond 0% or 100% (logit scale)"
                                             : "a value at or below 0 (log scale)";
  else if (m < HG_PROJECTION_MIN_POINTS)
    out->reason = "fewer than 3 points";
  else if ((out->reason = fit_line(out, x, z, w, m)) == NULL) {
    out->reason = "";
    st = HG_OK;
  }
cleanup:
  free(x);
  free(z);
  free(w);
  return st;
}

hg_status hg_projection_at(const hg_projection *p, double x0, double *value, double *lower,
                           double *upper) {
  *value = *lower = *upper = NAN;
  if (p == NULL || p->n < HG_PROJECTION_MIN_POINTS ||
      x0 - p->last > HG_PROJECTION_MAX_SPAN_MULTIPLE * (p->last - p->first))
    return HG_ERR_RANGE;
  double z0 = p->intercept + p->slope * x0;
  double d = x0 - p->xw;
  double h = p->t * sqrt(p->s2 * (p->v + 1 / p->sw + d * d / p->sxx));
  *value = from_scale(p, z0);
  *lower = from_scale(p, z0 - h);
  *upper = from_scale(p, z0 + h);
  return HG_OK;
}

double hg_projection_years_to(const hg_projection *p, double from, double target) {
  if (p == NULL || p->n < HG_PROJECTION_MIN_POINTS)
    return NAN;
  double gf = to_scale(p, from), gt = to_scale(p, target);
  if (isnan(gf) || isnan(gt))
    return NAN;
  if (gt == gf)
    return 0;
  double y = (gt - gf) / p->slope;
  return isfinite(y) && y > 0 ? y : NAN;
}
