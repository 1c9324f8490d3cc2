/* isr.c: indirect standardisation (calculate_ISRate, calculate_ISRatio). */
#include "healthgap/isr.h"

#include <math.h>

static double na0(double v) {
  return isnan(v) ? 0 : v;
}

double hg_isr_expected(const double *n, const double *xref, const double *nref, size_t k) {
  double e = 0;
  for (size_t i = 0; i < k; i++)
    e += na0(xref[i]) / nref[i] * na0(n[i]);
  return e;
}

double hg_isr_ref_rate(const double *xref, const double *nref, size_t k, double multiplier) {
  double sx = 0, sn = 0;
  for (size_t i = 0; i < k; i++) {
    sx += na0(xref[i]);
    sn += nref[i];
  }
  return sx / sn * multiplier;
}

void hg_isr(double observed, double expected, double k, const double *levels, size_t nconf,
            hg_estimate *out) {
  out->value = observed / expected * k;
  out->method = HG_CI_NONE;
  for (size_t i = 0; i < nconf && i < HG_MAX_CONF; i++) {
    double lo, up;
    out->method = hg_poisson_limits(observed, levels[i], &lo, &up);
    out->lower[i] = lo / expected * k;
    out->upper[i] = up / expected * k;
  }
  if (nconf == 0 && !isnan(observed))
    out->method = observed < 10 ? HG_CI_EXACT : HG_CI_BYARS;
}
